import { afterEach, describe, expect, it, vi } from 'vitest';
import { GenServer } from '../../src/otp/gen_server.js';
import { formatReason, Reports, setReportHandler, type Report } from '../../src/otp/reports.js';
import { _, exit, Process, receive, run, spawnMonitor, type Pid } from '../../src/runtime/index.js';
import { turns } from './helpers.js';

afterEach(() => {
  vi.restoreAllMocks();
  Reports.level('info');
  setReportHandler(undefined);
});

async function crashOne(reason: unknown): Promise<Pid> {
  const [, pid] = (await GenServer.start({ init: () => ['ok', 0] }, null)) as [string, Pid];
  await GenServer.stop(pid, reason);
  return pid;
}

describe('the default report handler', () => {
  it('writes the reports of one turn to stderr in a single write, after the turn', () =>
    run(async () => {
      const writes: string[] = [];
      vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => (writes.push(String(chunk)), true));
      const a = await crashOne('first');
      const b = await crashOne('second');
      expect(writes).toEqual([]);
      await turns(2);
      expect(writes.length).toBe(1);
      expect(writes[0]).toContain(`\n[error] GenServer ${a} terminating\n** (stop) 'first'`);
      expect(writes[0]).toContain(`\n[error] GenServer ${b} terminating\n** (stop) 'second'`);
    }));
});

describe('Reports.level', () => {
  it("'error' lets errors through and holds back info reports; 'none' holds back everything", () =>
    run(async () => {
      const seen: Report[] = [];
      setReportHandler((r) => seen.push(r));
      expect(Reports.level('error')).toBe('info');
      const { Supervisor } = await import('../../src/otp/supervisor.js');
      Process.flag('trap_exit', true);
      const [, sup] = (await Supervisor.startLink([{ id: 'w', start: () => GenServer.startLink({ init: () => ['ok', 0] }, null) }], { strategy: 'one_for_one' })) as [string, Pid];
      const [[, w]] = await Supervisor.whichChildren(sup);
      Process.exit(w as Pid, 'kill');
      await Supervisor.whichChildren(sup);
      expect(seen.map((r) => [r.kind, r.level])).toEqual([['child_terminated', 'error']]);
      Reports.level('none');
      await crashOne('quiet');
      expect(seen.length).toBe(1);
    }));

  it('rejects an unknown level, naming the accepted ones', () => {
    expect(() => Reports.level('debug' as never)).toThrow(/the level is 'info', 'error' or 'none'/);
  });

  it('starts at none when BEAMISH_REPORTS=off', async () => {
    vi.resetModules();
    vi.stubEnv('BEAMISH_REPORTS', 'off');
    try {
      const fresh = await import('../../src/otp/reports.js');
      expect(fresh.Reports.level()).toBe('none');
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });
});

describe('setReportHandler', () => {
  it('returns the previous handler, and undefined puts the default back', () => {
    const mine = () => {};
    const def = setReportHandler(mine);
    expect(setReportHandler(undefined)).toBe(mine);
    expect(setReportHandler(def)).toBe(def);
    expect(() => setReportHandler(42 as never)).toThrow(/expected a function/);
  });

  it('survives a handler that throws: the server still exits, a warning is emitted', () =>
    run(async () => {
      const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
      setReportHandler(() => {
        throw new Error('bad handler');
      });
      const pid = await crashOne('boom');
      expect(Process.isAlive(pid)).toBe(false);
      expect(String(warn.mock.calls[0][0])).toMatch(/the report handler threw: Error: bad handler/);
    }));
});

describe('formatReason', () => {
  it('lays reasons out as Elixir does: exceptions with their stack, bad returns, exits from calls, terms', () => {
    const err = new TypeError('nope');
    const lines = formatReason(err);
    expect(lines[0]).toBe('** (TypeError) nope');
    expect(lines.slice(1).every((l) => l.startsWith('    at '))).toBe(true);
    expect(formatReason(['bad_return_value', ['what', 1]])).toEqual(["** (stop) bad return value: ['what', 1]"]);
    expect(formatReason(['timeout', ['GenServer', 'call', ['srv', 'ping', 100]]])).toEqual([
      "** (stop) exited in: GenServer.call('srv', 'ping', 100)",
      '    ** (EXIT) time out',
    ]);
    expect(formatReason({ code: 7 }, 'exit')).toEqual(['** (exit) { code: 7 }']);
  });
});

describe('reports of plain processes', () => {
  it('report a process that raised, as Elixir logs "Process #PID<…> raised an exception", and not one that exited', async () => {
    const seen: Report[] = [];
    const previous = setReportHandler((r) => seen.push(r));
    try {
      await run(async () => {
        const [, a] = spawnMonitor(() => {
          throw new Error('boom');
        });
        const [, b] = spawnMonitor(() => exit('bye'));
        await receive(['DOWN', a, _, _, _]);
        await receive(['DOWN', b, _, _, _]);
      });
    } finally {
      setReportHandler(previous);
    }
    const crashes = seen.filter((r) => r.kind === 'process_crash');
    expect(crashes).toHaveLength(1);
    expect(crashes[0].text).toMatch(/^\[error\] Process #PID<0\.\d+\.0> raised an exception\n\*\* \(Error\) boom\n {4}at /);
  });
});

describe('stacks in reports', () => {
  it("show the user's frames, not beamish's scheduler or Node's microtask plumbing", () => {
    const err = new Error('boom');
    err.stack = [
      'Error: boom',
      '    at beamish(6):1:113',
      '    at invoke (file:///work/main/dist/src/runtime/spawn.js:251:57)',
      '    at loop (file:///work/main/src/otp/gen_server.ts:520:3)',
      '    at node:internal/process/task_queues:140:7',
      '    at AsyncResource.runInAsyncScope (node:async_hooks:206:9)',
      '    at handler (file:///home/me/app/worker.ts:3:9)',
    ].join('\n');
    expect(formatReason(err)).toEqual(['** (Error) boom', '    at beamish(6):1:113', '    at handler (file:///home/me/app/worker.ts:3:9)']);
  });
});
