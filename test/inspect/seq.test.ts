import { describe, expect, it } from 'vitest';
import { _, GenServer, Process, receive, run, send, spawn, spawnMonitor, Task, type Pid } from '../../src/index.js';
import { seq } from '../../src/inspect/seq.js';

function capture() {
  let text = '';
  return { out: { write: (s: string) => (text += s), columns: 120 }, text: () => text };
}

const Counter = {
  init: (n: number) => ['ok', n],
  handleCall: (req: string, _from: unknown, n: number) => (req === 'get' ? ['reply', n, n] : ['reply', 'what?', n]),
  handleCast: (req: string, n: number) => ['noreply', req === 'inc' ? n + 1 : n],
};

describe('seq', () => {
  it('draws a call, a cast, a spawned task and a crash seen through a monitor, and nothing else', async () => {
    const { out, text } = capture();
    const mermaid = await run(async () => {
      const [, counter] = (await GenServer.start(Counter, 0)) as ['ok', Pid];
      // Background noise that the diagram must leave out.
      const noisy = spawn(async () => {
        for (;;) await receive();
      });
      const ticker = spawn(async () => {
        for (let i = 0; i < 20; i++) {
          send(noisy, ['tick', i]);
          await Process.sleep(1);
        }
      });
      void ticker;
      return seq(
        async () => {
          await GenServer.call(counter, 'get');
          GenServer.cast(counter, 'inc');
          const task = Task.async(() => 42);
          await Task.await(task);
          const [, ref] = spawnMonitor(() => {
            throw new Error('boom');
          });
          await receive(['DOWN', ref, _, _, _]);
        },
        { out },
      );
    });
    const diagram = text();
    expect(diagram).toContain("CALL 'get'");
    expect(diagram).toContain('REPLY 0');
    expect(diagram).toContain("CAST 'inc'");
    expect(diagram).toContain('SPAWN');
    expect(diagram).toContain('INFO');
    expect(diagram).toContain('DOWN Error: boom');
    expect(diagram).not.toContain('tick');
    expect(mermaid.split('\n')[0]).toBe('sequenceDiagram');
    expect(mermaid).toMatch(/->>P\d+_\d+_\d+: CALL 'get'/);
    // Columns: one lifeline per process, arrows between them.
    const lines = diagram.split('\n');
    expect(lines[0]).toMatch(/#PID<0\.100\.0>\s+#PID<0\.101\.0>/);
    expect(lines.find((l) => l.includes("CALL 'get'"))).toMatch(/│─+ CALL 'get' ─+▶│/);
    expect(lines.find((l) => l.includes('REPLY 0'))).toMatch(/│◀─* ?REPLY 0 ─+│/);
  });

  it('falls back to one line per message when the columns do not fit', async () => {
    const { out, text } = capture();
    await run(async () => {
      const [, counter] = (await GenServer.start(Counter, 5)) as ['ok', Pid];
      return seq(() => GenServer.call(counter, 'get'), { out, width: 30 });
    });
    const lines = text().trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^#PID<0\.\d+\.0> .*──CALL 'get'──▶ #PID<0\.\d+\.0>/);
    expect(lines[1]).toMatch(/──REPLY 5──▶/);
  });
});

describe('mermaidOf', () => {
  it('names processes readably (PID 0.1.0) and escapes what would break a Mermaid line', async () => {
    const { mermaidOf } = await import('../../src/inspect/seq.js');
    const { pid } = await import('../../src/runtime/index.js');
    const a = pid('0.1.0');
    const b = pid('0.2.0');
    const text = mermaidOf([{ kind: 'INFO', from: a, to: b, label: "['a;b', #PID<0.1.0>]" }], [String(a), String(b)], new Map([[String(a), 'shell']]));
    expect(text.split('\n')).toEqual([
      'sequenceDiagram',
      '  participant P0_1_0 as PID 0.1.0 shell',
      '  participant P0_2_0 as PID 0.2.0',
      "  P0_1_0->>P0_2_0: INFO ['a#59;b', PID 0.1.0]",
    ]);
  });
});
