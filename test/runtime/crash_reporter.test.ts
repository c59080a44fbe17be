import { afterEach, describe, expect, it } from 'vitest';
import { _, exit, receive, run, spawnMonitor } from '../../src/runtime/index.js';
import { currentProc, setCrashReporter } from '../../src/runtime/internal.js';

afterEach(() => setCrashReporter(null));

// Elixir logs "[error] Process #PID<…> raised an exception" for a plain process that raises or
// throws, and nothing for one that calls exit/1 (checked with elixir -e).
describe('the crash reporter hook', () => {
  it('is told of a plain process that throws, and not of one that exits', async () => {
    const seen: unknown[] = [];
    setCrashReporter((p, thrown) => seen.push([String(p.pid), thrown]));
    const [raised, exited] = await run(async () => {
      const [a, ra] = spawnMonitor(() => {
        throw new Error('boom');
      });
      const [b, rb] = spawnMonitor(() => exit('bye'));
      await receive(['DOWN', ra, _, _, _]);
      await receive(['DOWN', rb, _, _, _]);
      return [String(a), String(b)];
    });
    expect(seen).toHaveLength(1);
    expect((seen[0] as unknown[])[0]).toBe(raised);
    expect(((seen[0] as unknown[])[1] as Error).message).toBe('boom');
    expect(seen.flat()).not.toContain(exited);
  });

  it('leaves behaviours (processes with meta) to report their own crashes', async () => {
    const seen: unknown[] = [];
    setCrashReporter((p) => seen.push(p.pid));
    await run(async () => {
      const [, ref] = spawnMonitor(async () => {
        currentProc()!.meta = { behaviour: 'GenServer' };
        throw new Error('reported elsewhere');
      });
      await receive(['DOWN', ref, _, _, _]);
    });
    expect(seen).toEqual([]);
  });
});
