import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GenServer, type From } from '../../src/otp/gen_server.js';
import { Reports, setReportHandler } from '../../src/otp/reports.js';
import { Supervisor, type WhichChild } from '../../src/otp/supervisor.js';
import { _, ArgumentError, exit, Pid, Process, receive, run, self, send, spawnLink, subscribe, type Stamped } from '../../src/runtime/index.js';
import { captureReports, downReason, exitMessage, manualClock } from './helpers.js';

let cap: ReturnType<typeof captureReports>;
/** The supervisor's reports (the crash reports of the workers it watches left out). */
const supReports = () => cap.reports.filter((r) => r.kind !== 'crash');
/** What the workers did, in order: ['start', id] and ['stop', id, reason]. */
let log: unknown[];
beforeEach(() => {
  cap = captureReports();
  log = [];
});
afterEach(() => cap.restore());

interface WorkerArg {
  id: string;
  trap?: boolean;
  fail?: unknown;
  slowStop?: number;
}

/** A worker that logs its start and (when it traps exits) its stop. */
const Worker = {
  name: 'Worker',
  init(a: WorkerArg) {
    if (a.fail !== undefined) return ['stop', a.fail];
    if (a.trap) Process.flag('trap_exit', true);
    log.push(['start', a.id]);
    return ['ok', a];
  },
  handleCall: (_r: unknown, _f: From, s: WorkerArg) => ['reply', s.id, s],
  handleCast: ([, reason]: [string, unknown], s: WorkerArg) => ['stop', reason, s],
  async terminate(reason: unknown, s: WorkerArg) {
    log.push(['stop', s.id, reason]);
    if (s.slowStop !== undefined) await Process.sleep(s.slowStop);
  },
  startLink: (a: WorkerArg) => GenServer.startLink(Worker, a),
};

function worker(id: string, extra: Partial<WorkerArg> = {}, spec: object = {}) {
  return { id, start: [Worker, 'startLink', [{ id, ...extra }]] as const, ...spec };
}

async function started(children: unknown[], opts: object): Promise<Pid> {
  const r = await Supervisor.startLink(children as never, opts as never);
  if (!Array.isArray(r) || r[0] !== 'ok') throw new Error(`supervisor failed to start: ${String(r)}`);
  return r[1] as Pid;
}

async function pids(sup: Pid): Promise<Record<string, Pid | string | undefined>> {
  const out: Record<string, Pid | string | undefined> = {};
  for (const [id, pid] of await Supervisor.whichChildren(sup)) out[id as string] = pid;
  return out;
}

/** Makes child `id` exit with `reason` and waits until it is dead. */
async function crash(sup: Pid, id: string, reason: unknown): Promise<Pid> {
  const pid = (await pids(sup))[id] as Pid;
  const ref = Process.monitor(pid);
  GenServer.cast(pid, ['stop', reason]);
  await downReason(ref);
  return pid;
}

describe('Supervisor.startLink (list form)', () => {
  it('starts children in order and lists them newest first, as OTP does (checked with Elixir)', () =>
    run(async () => {
      const sup = await started([worker('a'), worker('b'), worker('c')], { strategy: 'one_for_one' });
      expect(log).toEqual([['start', 'a'], ['start', 'b'], ['start', 'c']]);
      const which = await Supervisor.whichChildren(sup);
      expect(which.map(([id, pid, type, modules]) => [id, pid instanceof Pid, type, modules])).toEqual([
        ['c', true, 'worker', ['Worker']],
        ['b', true, 'worker', ['Worker']],
        ['a', true, 'worker', ['Worker']],
      ]);
      expect(await Supervisor.countChildren(sup)).toEqual({ specs: 3, active: 3, supervisors: 0, workers: 3 });
    }));

  it('links the supervisor to the caller and to its children', () =>
    run(async () => {
      const sup = await started([worker('a')], { strategy: 'one_for_one' });
      const info = Process.info(sup)!;
      expect(info.links).toContain(self());
      expect(info.links).toContain((await pids(sup)).a);
      expect(info.trapExit).toBe(true);
    }));

  it('gives ["error", ["shutdown", ["failed_to_start_child", id, reason]]] when a child fails to start, stopping those started (checked with Elixir)', () =>
    run(async () => {
      Process.flag('trap_exit', true);
      const r = await Supervisor.startLink([worker('a', { trap: true }), worker('b', { fail: 'nope' }), worker('c')], { strategy: 'one_for_one' });
      expect(r).toEqual(['error', ['shutdown', ['failed_to_start_child', 'b', 'nope']]]);
      expect(log).toEqual([['start', 'a'], ['stop', 'a', 'shutdown']]);
      const sup = cap.reports[0].supervisor as Pid;
      expect(await exitMessage(sup)).toEqual(['shutdown', ['failed_to_start_child', 'b', 'nope']]);
      expect(cap.reports.map((x) => x.kind)).toEqual(['start_error']);
      expect(supReports()[0].text.split('\n').slice(0, 2)).toEqual([`[error] Child 'b' of Supervisor ${sup} failed to start`, "** (exit) 'nope'"]);
    }));

  it('gives the start\'s odd return value, or ["EXIT", reason] when it exits, as the failure reason (checked with Elixir)', () =>
    run(async () => {
      Process.flag('trap_exit', true);
      expect(await Supervisor.startLink([{ id: 'a', start: () => 'foo' }], { strategy: 'one_for_one' })).toEqual(['error', ['shutdown', ['failed_to_start_child', 'a', 'foo']]]);
      expect(await Supervisor.startLink([{ id: 'a', start: () => exit('ex') }], { strategy: 'one_for_one' })).toEqual(['error', ['shutdown', ['failed_to_start_child', 'a', ['EXIT', 'ex']]]]);
    }));

  it('keeps a child whose start returned "ignore" with no pid; drops it when temporary (checked with Elixir)', () =>
    run(async () => {
      const ignoring = (id: string, restart: string) => ({ id, start: () => 'ignore', restart });
      const sup = await started([ignoring('p', 'permanent'), ignoring('t', 'temporary'), worker('a')], { strategy: 'one_for_one' });
      expect(await pids(sup)).toEqual({ p: undefined, a: expect.any(Pid) });
    }));

  it('accepts a module, [module, arg] and a start function as children', () =>
    run(async () => {
      class Counter {
        init(n: number) {
          return ['ok', n ?? 0];
        }
        handleCall(_r: unknown, _f: From, n: number) {
          return ['reply', n, n];
        }
      }
      const Custom = { name: 'Custom', init: () => ['ok', 'custom'], childSpec: (arg: unknown) => ({ id: 'custom', start: [GenServer, 'startLink', [Custom, arg]] }) };
      const sup = await started([Counter, [Custom, 1], { id: 'fn', start: () => GenServer.startLink(Counter, 7) }], { strategy: 'one_for_one' });
      const p = await pids(sup);
      expect(Object.keys(p).sort()).toEqual(['Counter', 'custom', 'fn']);
      expect(await GenServer.call(p.fn as Pid, 'get')).toBe(7);
      expect(await GenServer.call(p.Counter as Pid, 'get')).toBe(0);
    }));

  it('registers a name, and a second supervisor with it gets already_started', () =>
    run(async () => {
      Process.flag('trap_exit', true);
      const sup = await started([], { strategy: 'one_for_one', name: 'my_sup' });
      expect(Process.whereis('my_sup')).toBe(sup);
      expect(await Supervisor.startLink([], { strategy: 'one_for_one', name: 'my_sup' })).toEqual(['error', ['already_started', sup]]);
      expect(await Supervisor.countChildren('my_sup')).toEqual({ specs: 0, active: 0, supervisors: 0, workers: 0 });
    }));

  it('describes itself to tools: behaviour, strategy and a live children reader in Process.info(sup).meta', () =>
    run(async () => {
      const sup = await started([worker('a')], { strategy: 'rest_for_one' });
      const meta = Process.info(sup)!.meta as { behaviour: string; strategy: string; children: () => WhichChild[] };
      expect(meta.behaviour).toBe('Supervisor');
      expect(meta.strategy).toBe('rest_for_one');
      expect(meta.children().map((c) => c[0])).toEqual(['a']);
    }));
});

describe('Supervisor metadata for tools', () => {
  it('publishes its intensity and, per child in start order, restart type, restart count and previous pid', () =>
    run(async () => {
      const sup = await started([worker('a'), worker('b', {}, { restart: 'transient' })], { strategy: 'one_for_one', maxRestarts: 5, maxSeconds: 10 });
      const old = await crash(sup, 'a', 'boom');
      const meta = Process.info(sup)!.meta as { maxRestarts: number; maxSeconds: number; childDetails: () => unknown[] };
      expect([meta.maxRestarts, meta.maxSeconds]).toEqual([5, 10]);
      const p = await pids(sup);
      expect(meta.childDetails()).toEqual([
        { id: 'a', pid: p.a, type: 'worker', restart: 'permanent', restarts: 1, previousPid: old },
        { id: 'b', pid: p.b, type: 'worker', restart: 'transient', restarts: 0, previousPid: undefined },
      ]);
      expect(supReports()[1]).toMatchObject({ kind: 'child_restarted', maxRestarts: 5, maxSeconds: 10, restarts: 1 });
    }));
});

describe('Supervisor options and child specs are checked with clear errors', () => {
  const bad = (children: unknown[], opts: object) => run(() => Supervisor.startLink(children as never, opts as never));

  it('requires a strategy and names the accepted ones', async () => {
    await expect(bad([], {})).rejects.toThrow(/strategy option is required.*'one_for_one', 'one_for_all', 'rest_for_one'/);
    await expect(bad([], { strategy: 'bogus' })).rejects.toThrow(/unknown strategy 'bogus'; the strategy is 'one_for_one' or 'one_for_all' or 'rest_for_one'/);
    await expect(bad([], { strategy: 'simple_one_for_one' })).rejects.toBeInstanceOf(ArgumentError);
  });

  it('rejects unknown options and bad intensity values', async () => {
    await expect(bad([], { strategy: 'one_for_one', max_restarts: 1 })).rejects.toThrow(/unknown option 'max_restarts'; the options are strategy, maxRestarts, maxSeconds, name/);
    await expect(bad([], { strategy: 'one_for_one', maxRestarts: -1 })).rejects.toThrow(/maxRestarts is a whole number >= 0/);
    await expect(bad([], { strategy: 'one_for_one', maxSeconds: 0 })).rejects.toThrow(/maxSeconds is a number of seconds > 0/);
  });

  it('names the bad key and the accepted values of a child spec', async () => {
    const o = { strategy: 'one_for_one' };
    await expect(bad([{ id: 'a' }], o)).rejects.toThrow(/child spec 'a' has no start; write start: \[Module, 'startLink', \[arg\]\]/);
    await expect(bad([{ ...worker('a'), restart: 'sometimes' }], o)).rejects.toThrow(/restart 'sometimes'; restart is 'permanent', 'transient' or 'temporary'/);
    await expect(bad([{ ...worker('a'), shutdown: -5 }], o)).rejects.toThrow(/shutdown -5; shutdown is 'brutal_kill', a whole number of milliseconds >= 0, or 'infinity'/);
    await expect(bad([{ ...worker('a'), type: 'manager' }], o)).rejects.toThrow(/type 'manager'; type is 'worker' or 'supervisor'/);
    await expect(bad([{ ...worker('a'), restart_type: 'temporary' }], o)).rejects.toThrow(/unknown key 'restart_type'.*the keys are id, start, restart, shutdown, type, modules/);
    await expect(bad([{ id: 'a', start: [Worker, 'start_link', []] }], o)).rejects.toThrow(/names Worker.start_link, which is not a function/);
    await expect(bad([{ start: () => 'ignore' }], o)).rejects.toThrow(/has no id/);
    await expect(bad([42], o)).rejects.toThrow(/a child is a spec \{ id, start.*a module, or \[module, arg\]; got 42/);
    await expect(bad([worker('a'), worker('a')], o)).rejects.toThrow(/two children have the id 'a'/);
  });
});

describe('Supervisor.startLink (module form)', () => {
  it('starts the children that module.init(arg) returns through Supervisor.init', () =>
    run(async () => {
      const MySup = { name: 'MySup', init: (ids: string[]) => Supervisor.init(ids.map((id) => worker(id)), { strategy: 'one_for_all' }) };
      const [ok, sup] = (await Supervisor.startLink(MySup, ['x', 'y'])) as [string, Pid];
      expect(ok).toBe('ok');
      expect(Object.keys(await pids(sup))).toEqual(['y', 'x']);
      expect((Process.info(sup)!.meta as { module: string }).module).toBe('MySup');
    }));

  it('accepts a class, and returns "ignore" when init does', () =>
    run(async () => {
      class Sup {
        init() {
          return Supervisor.init([worker('a')], { strategy: 'one_for_one' });
        }
      }
      expect((await Supervisor.startLink(Sup))[0]).toBe('ok');
      expect(await Supervisor.startLink({ init: () => 'ignore' })).toBe('ignore');
    }));

  it('fails with ["bad_return", [module, "init", value]] when init returns something else', () =>
    run(async () => {
      Process.flag('trap_exit', true);
      expect(await Supervisor.startLink({ name: 'Odd', init: () => ['ok', 'nope'] })).toEqual(['error', ['bad_return', ['Odd', 'init', ['ok', 'nope']]]]);
    }));

  it('explains what to do when a supervisor module is started as a GenServer (e.g. as a child without childSpec)', () =>
    run(async () => {
      Process.flag('trap_exit', true);
      const MySup = { name: 'MySup', init: () => Supervisor.init([], { strategy: 'one_for_one' }) };
      const [tag, err] = (await GenServer.start(MySup, null)) as [string, Error];
      expect(tag).toBe('error');
      expect(err.message).toMatch(/MySup.init returned Supervisor.init\(...\), so MySup is a Supervisor module, but it was started as a GenServer. Start it with Supervisor.startLink\(MySup, arg\)/);
    }));

  it('rejects a value that is neither a list of children nor a module', async () => {
    await expect(run(() => Supervisor.startLink(42 as never))).rejects.toThrow(/expected a list of children, or a module with init\(arg\)/);
  });
});

// ---- strategies × restart types, and intensity ----

const strategies = ['one_for_one', 'one_for_all', 'rest_for_one'] as const;
const restarts = ['permanent', 'transient', 'temporary'] as const;
/** Which children get a new pid when b is restarted. */
const restartedBy = { one_for_one: ['b'], one_for_all: ['a', 'b', 'c'], rest_for_one: ['b', 'c'] };

describe.each(strategies)('Supervisor strategy %s', (strategy) => {
  describe.each(restarts)('with %s children', (restart) => {
    const children = () => ['a', 'b', 'c'].map((id) => worker(id, {}, { restart }));

    it.each(['boom', 'normal', 'shutdown'])('when b exits with %s', (reason) =>
      run(async () => {
        const sup = await started(children(), { strategy });
        const before = await pids(sup);
        await crash(sup, 'b', reason);
        const after = await pids(sup);
        const restarted = restart === 'permanent' || (restart === 'transient' && reason === 'boom');
        if (restarted) {
          for (const id of ['a', 'b', 'c']) {
            if (restartedBy[strategy].includes(id)) expect(after[id], `${id} restarted`).not.toBe(before[id]);
            else expect(after[id], `${id} untouched`).toBe(before[id]);
            expect(after[id]).toBeInstanceOf(Pid);
          }
          expect(cap.reports.filter((r) => r.kind === 'child_restarted').map((r) => r.id)).toEqual(restartedBy[strategy]);
        } else if (restart === 'temporary') {
          expect(after).toEqual({ a: before.a, c: before.c });
        } else {
          expect(after).toEqual({ a: before.a, b: undefined, c: before.c });
        }
        // A child's abnormal end is always reported; normal ends only when it is restarted (OTP).
        const terminated = cap.reports.filter((r) => r.kind === 'child_terminated').length;
        expect(terminated).toBe(restart === 'permanent' || reason === 'boom' ? 1 : 0);
      }),
    );

    it(`exits with 'shutdown' past maxRestarts in maxSeconds, stopping its children${restart === 'temporary' ? ' (temporary children never count)' : ''}`, async () => {
      const { clock, restore } = manualClock();
      try {
        const result = run(async () => {
          Process.flag('trap_exit', true);
          const sup = await started(children(), { strategy, maxRestarts: 1, maxSeconds: 5 });
          const ref = Process.monitor(sup);
          const first = restart === 'temporary' ? 'a' : 'b';
          const second = restart === 'temporary' ? 'c' : 'b';
          await crash(sup, first, 'boom');
          expect(Process.isAlive(sup)).toBe(true);
          const last = await crash(sup, second, 'boom');
          if (restart === 'temporary') {
            expect(Process.isAlive(sup)).toBe(true);
            expect(Object.keys(await pids(sup))).toEqual(['b']);
            return;
          }
          expect(await downReason(ref)).toBe('shutdown');
          expect(await exitMessage(sup)).toBe('shutdown');
          const gaveUp = cap.reports.find((r) => r.kind === 'supervisor_shutdown')!;
          expect(gaveUp.text.split('\n').slice(0, 2)).toEqual([`[error] Child 'b' of Supervisor ${sup} caused shutdown`, "** (exit) 'reached_max_restart_intensity'"]);
          expect(gaveUp.childPid).toBe(last);
        });
        await clock.advance(1);
        await result;
      } finally {
        restore();
      }
    });
  });

  it('does not count restarts older than maxSeconds', async () => {
    const { clock, restore } = manualClock();
    try {
      let sup: Pid | undefined;
      const crashes = run(async () => {
        sup = await started([worker('a'), worker('b')], { strategy, maxRestarts: 1, maxSeconds: 5 });
        for (let i = 0; i < 3; i++) {
          await crash(sup, 'a', 'boom');
          await Process.sleep(5000);
        }
        return Process.isAlive(sup);
      });
      for (let i = 0; i < 3; i++) await clock.advance(5000);
      expect(await crashes).toBe(true);
    } finally {
      restore();
    }
  });

  it('with maxRestarts 0, gives up at the first crash', () =>
    run(async () => {
      Process.flag('trap_exit', true);
      const sup = await started([worker('a')], { strategy, maxRestarts: 0 });
      await crash(sup, 'a', 'boom');
      expect(await exitMessage(sup)).toBe('shutdown');
    }));
});

describe.each(['one_for_all', 'rest_for_one'] as const)('Supervisor strategy %s with mixed restart types', (strategy) => {
  it('stops the siblings newest first, then starts the group again in order', () =>
    run(async () => {
      const sup = await started(['a', 'b', 'c'].map((id) => worker(id, { trap: true })), { strategy });
      log.length = 0;
      await crash(sup, 'b', 'boom');
      await pids(sup);
      const expected =
        strategy === 'one_for_all'
          ? [['stop', 'b', 'boom'], ['stop', 'c', 'shutdown'], ['stop', 'a', 'shutdown'], ['start', 'a'], ['start', 'b'], ['start', 'c']]
          : [['stop', 'b', 'boom'], ['stop', 'c', 'shutdown'], ['start', 'b'], ['start', 'c']];
      expect(log).toEqual(expected);
    }));

  it('drops a temporary sibling it stopped and restarts a transient one (checked with Elixir)', () =>
    run(async () => {
      const sup = await started([worker('a'), worker('t', {}, { restart: 'temporary' }), worker('tr', {}, { restart: 'transient' })], { strategy });
      const before = await pids(sup);
      await crash(sup, 'a', 'boom');
      const after = await pids(sup);
      expect(Object.keys(after)).toEqual(['tr', 'a']);
      expect(after.tr).toBeInstanceOf(Pid);
      expect(after.tr).not.toBe(before.tr);
    }));
});

describe('Supervisor restarts', () => {
  it('reports the terminated child and its restart: id, old pid, reason, new pid, supervisor', () =>
    run(async () => {
      const sup = await started([worker('a')], { strategy: 'one_for_one' });
      const old = await crash(sup, 'a', 'boom');
      const now = (await pids(sup)).a as Pid;
      expect(supReports().map((r) => r.kind)).toEqual(['child_terminated', 'child_restarted']);
      expect(supReports()[0].text.split('\n')).toEqual([
        `[error] Child 'a' of Supervisor ${sup} terminated`,
        "** (exit) 'boom'",
        `Pid: ${old}`,
        "Start Call: Worker.startLink({ id: 'a' })",
        "Restart: 'permanent'",
        'Shutdown: 5000',
        "Type: 'worker'",
      ]);
      expect(supReports()[1].text.split('\n').slice(0, 2)).toEqual([`[info] Child 'a' of Supervisor ${sup} restarted`, `Pid: ${now} (was ${old})`]);
      expect(supReports()[1]).toMatchObject({ kind: 'child_restarted', supervisor: sup, id: 'a', oldPid: old, newPid: now, reason: 'boom' });
    }));

  it('sends the reports on the event stream even when Reports.level("none") quiets the handler', () =>
    run(async () => {
      const events: Stamped[] = [];
      const stop = subscribe((e) => e.type === 'report' && e.kind !== 'state' && events.push(e));
      const before = Reports.level('none');
      try {
        const sup = await started([worker('a')], { strategy: 'one_for_one' });
        await crash(sup, 'a', 'killed-by-test');
        await pids(sup);
      } finally {
        Reports.level(before);
        stop();
      }
      expect(cap.reports).toEqual([]);
      expect(events.map((e) => (e as { kind?: string }).kind)).toEqual(['crash', 'child_terminated', 'child_restarted']);
    }));

  // A getter in the child's start arg counts how often a report's text was formatted
  // (formatting the Start Call reads the arg's fields). Killed: no GenServer crash report.
  function probedChild(id: string): { spec: object; reads: () => number } {
    let reads = 0;
    const arg = { id, get probe() {
      reads++;
      return 'p';
    } };
    return { spec: { id, start: [Worker, 'startLink', [arg]] }, reads: () => reads };
  }

  async function kill(sup: Pid, id: string): Promise<Pid> {
    const old = (await pids(sup))[id] as Pid;
    Process.exit(old, 'kill');
    await pids(sup);
    return old;
  }

  it("formats no report text that nobody reads (Reports.level('none')), though the reports are made", () =>
    run(async () => {
      const child = probedChild('a');
      const before = Reports.level('none');
      try {
        const sup = await started([child.spec], { strategy: 'one_for_one' });
        await kill(sup, 'a');
        await kill(sup, 'a');
      } finally {
        Reports.level(before);
      }
      expect(child.reads()).toBe(0);
    }));

  it('formats a report\'s text when a handler reads it, once however often it is read', () =>
    run(async () => {
      const child = probedChild('a');
      const sup = await started([child.spec], { strategy: 'one_for_one' });
      const old = await kill(sup, 'a');
      expect(supReports().map((r) => r.kind)).toEqual(['child_terminated', 'child_restarted']);
      expect(child.reads()).toBe(0);
      const text = supReports()[0].text;
      expect(text.split('\n').slice(0, 4)).toEqual([`[error] Child 'a' of Supervisor ${sup} terminated`, "** (exit) 'killed'", `Pid: ${old}`, "Start Call: Worker.startLink({ id: 'a', probe: 'p' })"]);
      expect(supReports()[0].text).toBe(text);
      expect(child.reads()).toBe(1);
    }));

  it('puts the text on the event stream as a field of the event, formatted only when read', () =>
    run(async () => {
      const child = probedChild('a');
      const events: Stamped[] = [];
      const stop = subscribe((e) => e.type === 'report' && e.kind === 'child_restarted' && events.push(e));
      const before = Reports.level('none');
      let sup: Pid;
      try {
        sup = await started([child.spec], { strategy: 'one_for_one' });
        await kill(sup, 'a');
      } finally {
        Reports.level(before);
        stop();
      }
      expect(events.length).toBe(1);
      expect(Object.keys(events[0])).toContain('text');
      expect(child.reads()).toBe(0);
      const copy = { ...events[0] } as { text?: string };
      expect(copy.text?.split('\n')[0]).toBe(`[info] Child 'a' of Supervisor ${sup} restarted`);
      expect(child.reads()).toBe(1);
    }));

  /** The Start Call lines of the reports of `kind`, read as each report is made (as the default handler prints it). */
  function startCallsOf(kind: string): string[] {
    const lines: string[] = [];
    setReportHandler((r) => {
      if (r.kind === kind) lines.push(r.text.split('\n').find((l) => l.startsWith('Start Call'))!);
    });
    return lines;
  }

  it("shows the child's start arg as it is at each report, also when that same object was changed in between", () =>
    run(async () => {
      const startCalls = startCallsOf('child_terminated');
      const arg: WorkerArg & { note?: string } = { id: 'a' };
      const sup = await started([{ id: 'a', start: [Worker, 'startLink', [arg]] }], { strategy: 'one_for_one' });
      await kill(sup, 'a');
      arg.note = 'changed';
      await kill(sup, 'a');
      expect(startCalls).toEqual(["Start Call: Worker.startLink({ id: 'a' })", "Start Call: Worker.startLink({ id: 'a', note: 'changed' })"]);
    }));

  it('shows start args of plain values anew when the array holding them was changed (a report may keep their text)', () =>
    run(async () => {
      const startCalls = startCallsOf('child_restarted');
      const Counter = { name: 'Counter', init: (n: number) => ['ok', n] };
      const args: unknown[] = [Counter, 1];
      const sup = await started([{ id: 'c', start: [GenServer, 'startLink', args] }], { strategy: 'one_for_one' });
      await kill(sup, 'c');
      await kill(sup, 'c');
      args[1] = 2;
      await kill(sup, 'c');
      expect(startCalls).toEqual(['Start Call: GenServer.startLink(Counter, 1)', 'Start Call: GenServer.startLink(Counter, 1)', 'Start Call: GenServer.startLink(Counter, 2)']);
    }));

  it('restarts a child killed with Process.exit(pid, "kill") (reason killed)', () =>
    run(async () => {
      const sup = await started([worker('a')], { strategy: 'one_for_one' });
      const old = (await pids(sup)).a as Pid;
      const ref = Process.monitor(old);
      Process.exit(old, 'kill');
      await downReason(ref);
      expect((await pids(sup)).a).not.toBe(old);
      expect(supReports()[0]).toMatchObject({ kind: 'child_terminated', reason: 'killed' });
    }));

  it('keeps trying a child that fails to restart, counting each try, until it gives up', () =>
    run(async () => {
      Process.flag('trap_exit', true);
      let starts = 0;
      const flaky = { id: 'f', start: () => (++starts === 1 ? GenServer.startLink(Worker, { id: 'f' }) : ['error', 'cannot'] ) };
      const sup = await started([flaky], { strategy: 'one_for_one', maxRestarts: 3 });
      await crash(sup, 'f', 'boom');
      expect(await exitMessage(sup)).toBe('shutdown');
      expect(starts).toBe(4);
      expect(supReports().map((r) => r.kind)).toEqual(['child_terminated', 'start_error', 'start_error', 'start_error', 'supervisor_shutdown']);
    }));

  it('keeps trying a GenServer child whose init fails on restart, until an init succeeds (each start awaited)', () =>
    run(async () => {
      let inits = 0;
      const Flaky = { name: 'Flaky', init: () => (++inits === 1 || inits > 3 ? ['ok', inits] : ['stop', 'not_yet']) };
      const sup = await started([{ id: 'f', start: [GenServer, 'startLink', [Flaky, null]] }], { strategy: 'one_for_one', maxRestarts: 5 });
      const old = (await pids(sup)).f as Pid;
      Process.exit(old, 'kill');
      let now = (await pids(sup)).f;
      for (let i = 0; i < 20 && !(now instanceof Pid); i++) now = (await pids(sup)).f;
      expect(now).toBeInstanceOf(Pid);
      expect(inits).toBe(4);
      expect(supReports().map((r) => [r.kind, r.reason])).toEqual([['child_terminated', 'killed'], ['start_error', 'not_yet'], ['start_error', 'not_yet'], ['child_restarted', 'restarting']]);
      expect(supReports()[3]).toMatchObject({ oldPid: undefined, newPid: now, restarts: 3 });
    }));

  it('escalates: an inner supervisor that gives up is restarted by the outer one', () =>
    run(async () => {
      const inner = { id: 'inner', start: [Supervisor, 'startLink', [[worker('w')], { strategy: 'one_for_one', maxRestarts: 0 }]] as const, type: 'supervisor' as const };
      const outer = await started([inner], { strategy: 'one_for_one' });
      const innerPid = (await pids(outer)).inner as Pid;
      expect(await Supervisor.countChildren(outer)).toEqual({ specs: 1, active: 1, supervisors: 1, workers: 0 });
      const ref = Process.monitor(innerPid);
      await crash(innerPid, 'w', 'boom');
      expect(await downReason(ref)).toBe('shutdown');
      const newInner = (await pids(outer)).inner as Pid;
      expect(newInner).not.toBe(innerPid);
      expect((await pids(newInner)).w).toBeInstanceOf(Pid);
      expect(supReports().map((r) => r.kind)).toEqual(['child_terminated', 'supervisor_shutdown', 'child_terminated', 'child_restarted']);
      expect(supReports()[2]).toMatchObject({ supervisor: outer, id: 'inner', reason: 'shutdown' });
    }));
});

describe('Supervisor shutdown', () => {
  it('stops children in reverse start order, each with reason shutdown', () =>
    run(async () => {
      const sup = await started(['a', 'b', 'c'].map((id) => worker(id, { trap: true })), { strategy: 'one_for_one' });
      Process.unlink(sup);
      expect(await Supervisor.stop(sup)).toBe('ok');
      expect(log.slice(3)).toEqual([['stop', 'c', 'shutdown'], ['stop', 'b', 'shutdown'], ['stop', 'a', 'shutdown']]);
    }));

  it('stops its children in reverse order when its parent exits, then exits with the parent\'s reason', () =>
    run(async () => {
      const me = self();
      const parent = spawnLink(async () => {
        const sup = await started(['a', 'b'].map((id) => worker(id, { trap: true })), { strategy: 'one_for_one' });
        send(me, ['sup', sup]);
        await receive();
      });
      Process.unlink(parent);
      const [, sup] = (await receive(['sup', _])) as [string, Pid];
      const ref = Process.monitor(sup);
      Process.exit(parent, 'bye');
      expect(await downReason(ref)).toBe('bye');
      expect(log).toEqual([['start', 'a'], ['start', 'b'], ['stop', 'b', 'shutdown'], ['stop', 'a', 'shutdown']]);
    }));

  it('brutal_kill kills the child at once: its terminate does not run', () =>
    run(async () => {
      const sup = await started([worker('a', { trap: true }, { shutdown: 'brutal_kill' })], { strategy: 'one_for_one' });
      const a = (await pids(sup)).a as Pid;
      const ref = Process.monitor(a);
      expect(await Supervisor.terminateChild(sup, 'a')).toBe('ok');
      expect(await downReason(ref)).toBe('killed');
      expect(log).toEqual([['start', 'a']]);
      expect(cap.reports).toEqual([]);
    }));

  it('a timeout in ms asks with shutdown, then kills the child when the time is up (and reports it)', async () => {
    const { clock, restore } = manualClock();
    try {
      const result = run(async () => {
        const sup = await started([worker('slow', { trap: true, slowStop: 60_000 }, { shutdown: 100 })], { strategy: 'one_for_one' });
        const slow = (await pids(sup)).slow as Pid;
        const ref = Process.monitor(slow);
        const done = Supervisor.terminateChild(sup, 'slow');
        expect(await done).toBe('ok');
        return [sup, slow, await downReason(ref)];
      });
      await clock.advance(99);
      expect(log).toEqual([['start', 'slow'], ['stop', 'slow', 'shutdown']]);
      await clock.advance(1);
      const [sup, slow, reason] = (await result) as [Pid, Pid, unknown];
      expect(reason).toBe('killed');
      expect(supReports().map((r) => r.kind)).toEqual(['shutdown_error']);
      expect(supReports()[0].text.split('\n').slice(0, 3)).toEqual([`[error] Child 'slow' of Supervisor ${sup} shut down abnormally`, "** (exit) 'killed'", `Pid: ${slow}`]);
    } finally {
      restore();
    }
  });

  it("'infinity' waits for the child however long it takes", async () => {
    const { clock, restore } = manualClock();
    try {
      let finished = false;
      const result = run(async () => {
        const sup = await started([worker('slow', { trap: true, slowStop: 60_000 }, { shutdown: 'infinity' })], { strategy: 'one_for_one' });
        await Supervisor.terminateChild(sup, 'slow');
        finished = true;
      });
      await clock.advance(59_999);
      expect(finished).toBe(false);
      await clock.advance(1);
      await result;
      expect(finished).toBe(true);
      expect(cap.reports).toEqual([]);
    } finally {
      restore();
    }
  });

  it('defaults shutdown to 5000 for workers and infinity for supervisors', () =>
    run(async () => {
      const spec = Supervisor.childSpec(worker('w'));
      expect(spec).toMatchObject({ restart: 'permanent', shutdown: 5000, type: 'worker' });
      expect(Supervisor.childSpec({ ...worker('s'), type: 'supervisor' }).shutdown).toBe('infinity');
    }));
});

describe('Supervisor.startChild', () => {
  it('starts and adds a child: ["ok", pid]; the same id again gives already_started (checked with Elixir)', () =>
    run(async () => {
      const sup = await started([], { strategy: 'one_for_one' });
      const r = (await Supervisor.startChild(sup, worker('a'))) as [string, Pid];
      expect(r[0]).toBe('ok');
      expect(await Supervisor.startChild(sup, worker('a'))).toEqual(['error', ['already_started', r[1]]]);
      await Supervisor.terminateChild(sup, 'a');
      expect(await Supervisor.startChild(sup, worker('a'))).toEqual(['error', 'already_present']);
    }));

  it('gives ["error", [reason, spec]] when the child fails to start, and forgets it', () =>
    run(async () => {
      const sup = await started([], { strategy: 'one_for_one' });
      const [tag, [reason, spec]] = (await Supervisor.startChild(sup, worker('c', { fail: 'nope' }))) as [string, [unknown, { id: string }]];
      expect([tag, reason, spec.id]).toEqual(['error', 'nope', 'c']);
      expect(await Supervisor.whichChildren(sup)).toEqual([]);
    }));

  it('gives ["ok", undefined] for "ignore": kept unless temporary (checked with Elixir)', () =>
    run(async () => {
      const sup = await started([], { strategy: 'one_for_one' });
      expect(await Supervisor.startChild(sup, { id: 'i', start: () => 'ignore' })).toEqual(['ok', undefined]);
      expect(await Supervisor.startChild(sup, { id: 't', start: () => 'ignore', restart: 'temporary' })).toEqual(['ok', undefined]);
      expect(await Supervisor.whichChildren(sup)).toEqual([['i', undefined, 'worker', []]]);
    }));

  it('throws an ArgumentError for a bad spec before asking the supervisor', () =>
    run(async () => {
      const sup = await started([], { strategy: 'one_for_one' });
      await expect(Supervisor.startChild(sup, { ...worker('a'), restart: 'bad' } as never)).rejects.toThrow(/restart is 'permanent', 'transient' or 'temporary'/);
    }));
});

describe('Supervisor.terminateChild, restartChild, deleteChild', () => {
  it('terminates a child and keeps its spec, restarts it, deletes it (checked with Elixir)', () =>
    run(async () => {
      const sup = await started([worker('a')], { strategy: 'one_for_one' });
      expect(await Supervisor.terminateChild(sup, 'a')).toBe('ok');
      expect(await Supervisor.terminateChild(sup, 'zz')).toEqual(['error', 'not_found']);
      expect(await pids(sup)).toEqual({ a: undefined });
      const [ok, pid] = (await Supervisor.restartChild(sup, 'a')) as [string, Pid];
      expect(ok).toBe('ok');
      expect((await pids(sup)).a).toBe(pid);
      expect(await Supervisor.restartChild(sup, 'a')).toEqual(['error', 'running']);
      expect(await Supervisor.deleteChild(sup, 'a')).toEqual(['error', 'running']);
      expect(await Supervisor.restartChild(sup, 'zz')).toEqual(['error', 'not_found']);
      expect(await Supervisor.deleteChild(sup, 'zz')).toEqual(['error', 'not_found']);
      await Supervisor.terminateChild(sup, 'a');
      expect(await Supervisor.deleteChild(sup, 'a')).toBe('ok');
      expect(await Supervisor.whichChildren(sup)).toEqual([]);
    }));

  it('forgets a temporary child once terminated (checked with Elixir)', () =>
    run(async () => {
      const sup = await started([worker('t', {}, { restart: 'temporary' })], { strategy: 'one_for_one' });
      expect(await Supervisor.terminateChild(sup, 't')).toBe('ok');
      expect(await Supervisor.whichChildren(sup)).toEqual([]);
    }));

  it('does not restart a child it terminated itself', () =>
    run(async () => {
      const sup = await started([worker('a')], { strategy: 'one_for_one' });
      await Supervisor.terminateChild(sup, 'a');
      expect(await pids(sup)).toEqual({ a: undefined });
      expect(cap.reports).toEqual([]);
    }));
});

describe('Supervisor.childSpec', () => {
  it('applies overrides to a module child, as Elixir\'s Supervisor.child_spec/2', () => {
    class Counter {
      init(n: number) {
        return ['ok', n];
      }
    }
    expect(Supervisor.childSpec([Counter, 1], { id: 'c2', restart: 'temporary' })).toEqual({
      id: 'c2',
      start: [GenServer, 'startLink', [Counter, 1]],
      restart: 'temporary',
      shutdown: 5000,
      type: 'worker',
      modules: ['Counter'],
    });
    expect(() => Supervisor.childSpec(Counter, { restart: 'never' } as never)).toThrow(ArgumentError);
  });
});
