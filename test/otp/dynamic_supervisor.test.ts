import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DynamicSupervisor } from '../../src/otp/dynamic_supervisor.js';
import { GenServer, type From } from '../../src/otp/gen_server.js';
import { Pid, Process, run } from '../../src/runtime/index.js';
import { captureReports, downReason, exitMessage, manualClock } from './helpers.js';

let cap: ReturnType<typeof captureReports>;
let log: unknown[];
beforeEach(() => {
  cap = captureReports();
  log = [];
});
afterEach(() => cap.restore());
const supReports = () => cap.reports.filter((r) => r.kind !== 'crash');

interface Arg {
  id: string;
  trap?: boolean;
  fail?: unknown;
  slowStop?: number;
}

const Worker = {
  name: 'Worker',
  init(a: Arg) {
    if (a.fail !== undefined) return a.fail === 'ignore' ? 'ignore' : ['stop', a.fail];
    if (a.trap) Process.flag('trap_exit', true);
    log.push(['start', a.id]);
    return ['ok', a];
  },
  handleCall: (_r: unknown, _f: From, s: Arg) => ['reply', s.id, s],
  handleCast: ([, reason]: [string, unknown], s: Arg) => ['stop', reason, s],
  async terminate(reason: unknown, s: Arg) {
    log.push(['stop', s.id, reason]);
    if (s.slowStop !== undefined) await Process.sleep(s.slowStop);
  },
  startLink: (a: Arg) => GenServer.startLink(Worker, a),
};

async function sup(opts: object = {}): Promise<Pid> {
  const r = await DynamicSupervisor.startLink({ strategy: 'one_for_one', ...opts } as never);
  if (!Array.isArray(r) || r[0] !== 'ok') throw new Error(`start failed: ${String(r)}`);
  return r[1] as Pid;
}

async function child(s: Pid, id: string, extra: Partial<Arg> = {}, spec: object = {}): Promise<Pid> {
  const r = await DynamicSupervisor.startChild(s, { id, start: [Worker, 'startLink', [{ id, ...extra }]], ...spec });
  if (!Array.isArray(r) || r[0] !== 'ok') throw new Error(`child failed: ${String(r)}`);
  return r[1] as Pid;
}

async function crash(pid: Pid, reason: unknown): Promise<void> {
  const ref = Process.monitor(pid);
  GenServer.cast(pid, ['stop', reason]);
  await downReason(ref);
}

describe('DynamicSupervisor.startLink', () => {
  it('starts with no children', () =>
    run(async () => {
      const s = await sup();
      expect(await DynamicSupervisor.whichChildren(s)).toEqual([]);
      expect(await DynamicSupervisor.countChildren(s)).toEqual({ specs: 0, active: 0, supervisors: 0, workers: 0 });
      expect((Process.info(s)!.meta as { behaviour: string }).behaviour).toBe('DynamicSupervisor');
    }));

  it('only knows the one_for_one strategy, and says so', async () => {
    await expect(run(() => DynamicSupervisor.startLink({ strategy: 'one_for_all' } as never))).rejects.toThrow(/unknown strategy 'one_for_all'; the strategy is 'one_for_one'/);
    await expect(run(() => DynamicSupervisor.startLink({} as never))).rejects.toThrow(/strategy option is required/);
    await expect(run(() => DynamicSupervisor.startLink({ strategy: 'one_for_one', maxChildren: -1 }))).rejects.toThrow(/maxChildren is a whole number >= 0 or Infinity/);
    await expect(run(() => DynamicSupervisor.startLink({ strategy: 'one_for_one', children: [] } as never))).rejects.toThrow(/unknown option 'children'/);
  });

  it('registers a name; a second start with it gets already_started (checked with Elixir)', () =>
    run(async () => {
      const s = await sup({ name: 'dd' });
      expect(await DynamicSupervisor.startLink({ strategy: 'one_for_one', name: 'dd' })).toEqual(['error', ['already_started', s]]);
      Process.unlink(s);
      expect(await DynamicSupervisor.stop('dd')).toBe('ok');
    }));

  it('accepts a module whose init returns DynamicSupervisor.init(opts)', () =>
    run(async () => {
      const Pool = { name: 'Pool', init: (max: number) => DynamicSupervisor.init({ strategy: 'one_for_one', maxChildren: max }) };
      const [ok, s] = (await DynamicSupervisor.startLink(Pool, 1)) as [string, Pid];
      expect(ok).toBe('ok');
      await child(s, 'a');
      expect(await DynamicSupervisor.startChild(s, { start: [Worker, 'startLink', [{ id: 'b' }]] })).toEqual(['error', 'max_children']);
      expect((Process.info(s)!.meta as { module: string }).module).toBe('Pool');
    }));
});

describe('DynamicSupervisor.startChild', () => {
  it('starts a child from a spec, a module or [module, arg], linked to the supervisor; ids are ignored', () =>
    run(async () => {
      const s = await sup();
      const a = await child(s, 'a');
      class Counter {
        init(n: number) {
          return ['ok', n];
        }
      }
      const [, b] = (await DynamicSupervisor.startChild(s, [Counter, 1])) as [string, Pid];
      const [, c] = (await DynamicSupervisor.startChild(s, Counter)) as [string, Pid];
      expect(Process.info(s)!.links).toEqual(expect.arrayContaining([a, b, c]));
      expect(await DynamicSupervisor.whichChildren(s)).toEqual([
        [undefined, a, 'worker', ['Worker']],
        [undefined, b, 'worker', ['Counter']],
        [undefined, c, 'worker', ['Counter']],
      ]);
    }));

  it('gives ["error", "max_children"] past maxChildren (checked with Elixir)', () =>
    run(async () => {
      const s = await sup({ maxChildren: 1 });
      const a = await child(s, 'a');
      expect(await DynamicSupervisor.startChild(s, { start: [Worker, 'startLink', [{ id: 'b' }]] })).toEqual(['error', 'max_children']);
      await DynamicSupervisor.terminateChild(s, a);
      expect((await DynamicSupervisor.startChild(s, { start: [Worker, 'startLink', [{ id: 'b' }]] }))[0]).toBe('ok');
    }));

  it('gives ["error", reason] when the child fails and "ignore" when it ignores (checked with Elixir)', () =>
    run(async () => {
      const s = await sup();
      expect(await DynamicSupervisor.startChild(s, { start: [Worker, 'startLink', [{ id: 'x', fail: 'nope' }]] })).toEqual(['error', 'nope']);
      expect(await DynamicSupervisor.startChild(s, { start: [Worker, 'startLink', [{ id: 'x', fail: 'ignore' }]] })).toBe('ignore');
      expect(await DynamicSupervisor.countChildren(s)).toEqual({ specs: 0, active: 0, supervisors: 0, workers: 0 });
    }));

  it('puts extraArguments before the child\'s own arguments', () =>
    run(async () => {
      const seen: unknown[] = [];
      const Two = { name: 'Two', init: (args: unknown[]) => (seen.push(args), ['ok', null]), startLink: (...args: unknown[]) => GenServer.startLink(Two, args) };
      const s = await sup({ extraArguments: ['pool'] });
      await DynamicSupervisor.startChild(s, { start: [Two, 'startLink', [1]] });
      expect(seen).toEqual([['pool', 1]]);
    }));

  it('throws an ArgumentError for a bad spec, naming the key', () =>
    run(async () => {
      const s = await sup();
      await expect(DynamicSupervisor.startChild(s, { start: [Worker, 'startLink', []], restart: 'bad' } as never)).rejects.toThrow(/restart is 'permanent', 'transient' or 'temporary'/);
    }));
});

describe('DynamicSupervisor restarts', () => {
  it.each([
    ['permanent', 'boom', true],
    ['permanent', 'normal', true],
    ['transient', 'boom', true],
    ['transient', 'normal', false],
    ['transient', 'shutdown', false],
    ['temporary', 'boom', false],
  ] as const)('a %s child that exits with %s is restarted: %s', (restart, reason, restarted) =>
    run(async () => {
      const s = await sup();
      const a = await child(s, 'a', {}, { restart });
      const b = await child(s, 'b', {}, { restart });
      await crash(a, reason);
      const which = await DynamicSupervisor.whichChildren(s);
      if (restarted) {
        expect(which.map((w) => w[1])).toContain(b);
        expect(which.length).toBe(2);
        expect(which.map((w) => w[1])).not.toContain(a);
        expect(supReports().map((r) => r.kind)).toEqual(['child_terminated', 'child_restarted']);
        expect(supReports()[1]).toMatchObject({ oldPid: a, reason });
      } else {
        expect(which).toEqual([[undefined, b, 'worker', ['Worker']]]);
      }
    }),
  );

  it('keeps trying a child that fails to restart, shown as restarting, until it gives up', () =>
    run(async () => {
      Process.flag('trap_exit', true);
      let starts = 0;
      const s = await sup({ maxRestarts: 2 });
      await DynamicSupervisor.startChild(s, { start: () => (++starts === 1 ? GenServer.startLink(Worker, { id: 'f' }) : ['error', 'cannot']) });
      const [[, pid]] = await DynamicSupervisor.whichChildren(s);
      await crash(pid as Pid, 'boom');
      expect(await exitMessage(s)).toBe('shutdown');
      expect(starts).toBe(3);
      expect(supReports().map((r) => r.kind)).toEqual(['child_terminated', 'start_error', 'start_error', 'supervisor_shutdown']);
    }));

  it('exits with shutdown past maxRestarts in maxSeconds, taking its children down', () =>
    run(async () => {
      Process.flag('trap_exit', true);
      const s = await sup({ maxRestarts: 1 });
      const a = await child(s, 'a');
      const b = await child(s, 'b');
      await crash(a, 'boom');
      const [, a2] = (await DynamicSupervisor.whichChildren(s)).find((w) => w[1] !== b)!;
      const ref = Process.monitor(b);
      await crash(a2 as Pid, 'boom');
      expect(await exitMessage(s)).toBe('shutdown');
      expect(await downReason(ref)).toBe('shutdown');
      expect(supReports().map((r) => r.kind)).toEqual(['child_terminated', 'child_restarted', 'child_terminated', 'supervisor_shutdown']);
    }));
});

describe('DynamicSupervisor metadata for tools', () => {
  it('publishes its intensity and each child\'s restart count and previous pid', () =>
    run(async () => {
      const s = await sup({ maxRestarts: 4, maxSeconds: 2 });
      const a = await child(s, 'a');
      await crash(a, 'boom');
      const meta = Process.info(s)!.meta as { maxRestarts: number; maxSeconds: number; childDetails: () => unknown[] };
      const [[, now]] = await DynamicSupervisor.whichChildren(s);
      expect([meta.maxRestarts, meta.maxSeconds]).toEqual([4, 2]);
      expect(meta.childDetails()).toEqual([{ id: undefined, pid: now, type: 'worker', restart: 'permanent', restarts: 1, previousPid: a }]);
    }));
});

describe('DynamicSupervisor.terminateChild', () => {
  it('stops a child by pid: "ok", then ["error", "not_found"] (checked with Elixir)', () =>
    run(async () => {
      const s = await sup();
      const a = await child(s, 'a', { trap: true });
      expect(await DynamicSupervisor.terminateChild(s, a)).toBe('ok');
      expect(log).toEqual([['start', 'a'], ['stop', 'a', 'shutdown']]);
      expect(await DynamicSupervisor.terminateChild(s, a)).toEqual(['error', 'not_found']);
      expect(await DynamicSupervisor.whichChildren(s)).toEqual([]);
    }));
});

describe('DynamicSupervisor shutdown', () => {
  it('asks every child to stop at once, not one after the other', async () => {
    const { clock, restore } = manualClock();
    try {
      let stopped = false;
      const result = run(async () => {
        const s = await sup();
        for (const id of ['a', 'b', 'c']) await child(s, id, { trap: true, slowStop: 1000 }, { shutdown: 'infinity' });
        Process.unlink(s);
        await DynamicSupervisor.stop(s);
        stopped = true;
      });
      await clock.advance(0);
      // All three are in terminate before any of them has finished: they were asked together.
      expect(log.slice(3).map((l) => (l as unknown[])[0])).toEqual(['stop', 'stop', 'stop']);
      await clock.advance(999);
      expect(stopped).toBe(false);
      await clock.advance(1); // one second in all, not three
      await result;
      expect(stopped).toBe(true);
    } finally {
      restore();
    }
  });

  it('kills the children that outlast their shutdown time and reports them', async () => {
    const { clock, restore } = manualClock();
    try {
      const result = run(async () => {
        const s = await sup();
        const a = await child(s, 'a', { trap: true, slowStop: 60_000 }, { shutdown: 100 });
        const b = await child(s, 'b', { trap: true }, { shutdown: 100 });
        const ra = Process.monitor(a);
        const rb = Process.monitor(b);
        Process.unlink(s);
        await DynamicSupervisor.stop(s);
        return [await downReason(ra), await downReason(rb)];
      });
      await clock.advance(100);
      expect(await result).toEqual(['killed', 'shutdown']);
      expect(supReports().map((r) => [r.kind, r.reason])).toEqual([['shutdown_error', 'killed']]);
    } finally {
      restore();
    }
  });
});
