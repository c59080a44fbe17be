/**
 * tree(): the supervision tree as text. Exact outputs are checked on supervisors whose
 * metadata is set by the test (fakes.ts), so that every column the view can show is
 * pinned down; real Supervisor and DynamicSupervisor trees are checked for the facts
 * they publish today.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DynamicSupervisor, GenServer, Supervisor, setReportHandler } from '../../src/otp/index.js';
import { ManualClock, Process, pid, receive, run, send, spawn, useClock, type Pid } from '../../src/runtime/index.js';
import { procOf } from '../../src/runtime/internal.js';
import { tree } from '../../src/inspect/index.js';
import { fakeSupervisor, idle, killOthers, recorder } from './fakes.js';

afterEach(() => run(async () => killOthers()));

/** The known system: app_sup (one_for_one) over counter, cache (restarted once), job (transient, ended), sub (rest_for_one) over w. */
async function knownSystem() {
  const root = idle('Supervisor');
  Process.register(root, 'app_sup');
  const counter = idle('Counter');
  const cache = idle('Cache');
  const sub = idle('Supervisor');
  const w = idle('Worker');
  fakeSupervisor(root, 'one_for_one', () => [
    { id: 'counter', pid: counter },
    { id: 'cache', pid: cache, restarts: 1, previousPid: pid('0.90.0') },
    { id: 'job', pid: undefined, restart: 'transient' },
    { id: 'sub', pid: sub, type: 'supervisor' },
  ]);
  fakeSupervisor(sub, 'rest_for_one', () => [{ id: 'w', pid: w, restart: 'temporary' }]);
  send(counter, 'a');
  send(counter, 'b');
  await Process.sleep(0);
  return { root, counter, cache, sub, w };
}

describe('tree(sup)', () => {
  it('draws the supervisor, its workers, a nested supervisor, a restarted child and a transient child that exited normally', () =>
    run(async () => {
      const { root, counter, cache, sub, w } = await knownSystem();
      expect(tree('app_sup', { width: 120 })).toBe(
        [
          `app_sup     ${root}  supervisor one_for_one              waiting      0 msgs`,
          `├─ counter  ${counter}  worker                   permanent  waiting      2 msgs`,
          `├─ cache    ${cache}  worker                   permanent  waiting      0 msgs  restarted 1× (was #PID<0.90.0>)`,
          `├─ job      -              worker                   transient  not running`,
          `└─ sub      ${sub}  supervisor rest_for_one  permanent  waiting      0 msgs`,
          `   └─ w     ${w}  worker                   temporary  waiting      0 msgs`,
        ].join('\n'),
      );
    }));

  it('draws plain ASCII lines with { ascii: true }', () =>
    run(async () => {
      const { sub, w } = await knownSystem();
      expect(tree(sub, { ascii: true, width: 120 })).toBe(
        [
          // Its supervisor is the test's process here, not a supervisor: no id, no restart type.
          `Supervisor  ${sub}  supervisor rest_for_one             waiting  0 msgs`,
          `\`- w        ${w}  worker                   temporary  waiting  0 msgs`,
        ].join('\n'),
      );
    }));

  it('accepts the pid, its text and a registered name', () =>
    run(async () => {
      const { root } = await knownSystem();
      const byName = tree('app_sup', { width: 120 });
      expect(tree(root, { width: 120 })).toBe(byName);
      expect(tree(String(root).slice(5, -1), { width: 120 })).toBe(byName);
    }));

  it('cuts the name column with … to fit a narrow width, never below 12 columns', () =>
    run(async () => {
      const root = idle('Supervisor');
      const a = idle('Worker');
      fakeSupervisor(root, 'one_for_one', () => [{ id: 'a_child_with_a_very_long_id', pid: a }]);
      await Process.sleep(0);
      const lines = tree(root, { width: 88 }).split('\n');
      expect(lines[1]).toBe(`└─ a_child_with_a_ve…  ${a}  worker                  permanent  waiting  0 msgs`);
      expect(lines.every((l) => l.length <= 88)).toBe(true);
      expect(tree(root, { width: 40 }).split('\n')[1]).toMatch(/^└─ a_child_…  /);
    }));

  it('names a child by its id and adds its registered name when it differs', () =>
    run(async () => {
      const root = idle('Supervisor');
      const a = idle('Worker');
      Process.register(a, 'the_worker');
      fakeSupervisor(root, 'one_for_one', () => [{ id: 'a', pid: a }]);
      expect(tree(root, { width: 120 }).split('\n')[1]).toMatch(/^└─ a \(the_worker\)  /);
    }));

  it('shows a child whose restart failed as restarting', () =>
    run(async () => {
      const root = idle('Supervisor');
      fakeSupervisor(root, 'one_for_one', () => [{ id: 'flaky', pid: 'restarting', restarts: 2 }]);
      expect(tree(root, { width: 120 }).split('\n')[1]).toMatch(/^└─ flaky\s+-\s+worker\s+permanent\s+restarting\s+restarted 2×$/);
    }));

  it('colors supervisor names and restart notes with color: true, and changes nothing else', () =>
    run(async () => {
      await knownSystem();
      const colored = tree('app_sup', { width: 120, color: true });
      expect(colored).toContain('\u001b[1mapp_sup');
      expect(colored).toContain('\u001b[31mrestarted 1×');
      expect(colored.replace(/\u001b\[\d+m/g, '')).toBe(tree('app_sup', { width: 120 }));
    }));

  it('refuses a process that is not a supervisor, a dead pid and a free name, saying what to write instead', () =>
    run(async () => {
      const w = idle('worker');
      expect(() => tree(w)).toThrow(`tree: ${w} (worker) is not a supervisor. tree() with no argument shows every supervision tree; processInfo(pid) shows a single process.`);
      expect(() => tree('nobody')).toThrow("tree: no process is registered as 'nobody'. tree() with no argument shows every supervision tree.");
      expect(() => tree(pid('0.90.0'))).toThrow('tree: #PID<0.90.0> is not alive.');
      expect(() => tree(42 as never)).toThrow(/tree: expected a pid, its text such as '0.42.0', a registered name or Registry.via/);
    }));
});

describe('tree()', () => {
  it('draws every tree whose root no supervisor supervises, in pid order, and counts the processes in none', () =>
    run(async () => {
      const { root, counter, cache, sub, w } = await knownSystem();
      const other = idle('Supervisor');
      fakeSupervisor(other, 'one_for_all', () => []);
      idle('loner');
      await Process.sleep(0);
      expect(tree({ width: 120 })).toBe(
        [
          `app_sup     ${root}  supervisor one_for_one              waiting      0 msgs`,
          `├─ counter  ${counter}  worker                   permanent  waiting      2 msgs`,
          `├─ cache    ${cache}  worker                   permanent  waiting      0 msgs  restarted 1× (was #PID<0.90.0>)`,
          `├─ job      -              worker                   transient  not running`,
          `└─ sub      ${sub}  supervisor rest_for_one  permanent  waiting      0 msgs`,
          `   └─ w     ${w}  worker                   temporary  waiting      0 msgs`,
          '',
          `Supervisor  ${other}  supervisor one_for_all  waiting  0 msgs`,
          '',
          // The test's own process and the loner.
          '2 processes are not in any supervision tree.',
        ].join('\n'),
      );
    }));

  it('says so when no supervisor is running', () =>
    run(async () => {
      expect(tree()).toBe('No supervisor is running.\n1 process is not in any supervision tree.');
    }));
});

describe('tree of a real Supervisor', () => {
  class Worker {
    init(n: unknown) {
      return ['ok', n];
    }
    handleCast(msg: unknown, s: unknown) {
      return msg === 'done' ? ['stop', 'normal', s] : ['noreply', s];
    }
  }
  const spec = (id: string, extra: object = {}) => Supervisor.childSpec([Worker, id], { id, ...extra });

  async function start() {
    const sub = { id: 'sub', type: 'supervisor' as const, start: () => Supervisor.startLink([spec('w')], { strategy: 'rest_for_one' }) };
    const dyn = { id: 'dyn', type: 'supervisor' as const, start: () => DynamicSupervisor.startLink({ strategy: 'one_for_one' }) };
    const [, sup] = (await Supervisor.startLink([spec('counter'), spec('job', { restart: 'transient' }), spec('tmp', { restart: 'temporary' }), sub, dyn], {
      strategy: 'one_for_one',
      name: 'real_sup',
    })) as ['ok', Pid];
    const kids = await Supervisor.whichChildren(sup);
    const child = (id: string) => kids.find((c) => c[0] === id)![1] as Pid;
    return { sup, child };
  }

  it('draws a real system exactly: one_for_one workers, a restarted child with its count and previous pid, a transient child that exited normally, a nested supervisor; a temporary child that ended is gone', () =>
    run(async () => {
      const quiet = setReportHandler(() => {});
      const nested = { id: 'sub', type: 'supervisor' as const, start: () => Supervisor.startLink([spec('w', { restart: 'temporary' })], { strategy: 'rest_for_one' }) };
      const [, sup] = (await Supervisor.startLink([spec('counter'), spec('cache'), spec('job', { restart: 'transient' }), spec('tmp', { restart: 'temporary' }), nested], {
        strategy: 'one_for_one',
        name: 'app_sup',
      })) as ['ok', Pid];
      const before = new Map((await Supervisor.whichChildren(sup)).map(([id, p]) => [id, p as Pid]));
      Process.exit(before.get('cache')!, 'kill');
      GenServer.cast(before.get('job')!, 'done');
      GenServer.cast(before.get('tmp')!, 'done');
      await Process.sleep(10);
      const now = new Map((await Supervisor.whichChildren(sup)).map(([id, p]) => [id, p]));
      const w = (await Supervisor.whichChildren(now.get('sub') as Pid))[0]![1];
      await Process.sleep(1); // the sub-supervisor back in its receive after answering
      expect(tree('app_sup', { width: 120 })).toBe(
        [
          `app_sup     ${sup}  supervisor one_for_one              waiting      0 msgs`,
          `├─ counter  ${now.get('counter')}  worker                   permanent  waiting      0 msgs`,
          `├─ cache    ${now.get('cache')}  worker                   permanent  waiting      0 msgs  restarted 1× (was ${before.get('cache')})`,
          `├─ job      -              worker                   transient  not running`,
          `└─ sub      ${now.get('sub')}  supervisor rest_for_one  permanent  waiting      0 msgs`,
          `   └─ w     ${w}  worker                   temporary  waiting      0 msgs`,
        ].join('\n'),
      );
      setReportHandler(quiet);
    }));

  it('lists the children in start order with pid, type, strategy and status; an ended transient child is not running, an ended temporary one is gone', () =>
    run(async () => {
      const quiet = setReportHandler(() => {});
      const { sup, child } = await start();
      await DynamicSupervisor.startChild(child('dyn'), [Worker, 'x']);
      GenServer.cast(child('job'), 'done');
      GenServer.cast(child('tmp'), 'done');
      await Process.sleep(10);
      const lines = tree(sup, { width: 120 }).split('\n');
      expect(lines.map((l) => l.replace(/\s+(#PID<|-\s).*$/, ''))).toEqual(['real_sup', '├─ counter', '├─ job', '├─ sub', '│  └─ w', '└─ dyn', '   └─ Worker']);
      expect(lines[0]).toMatch(new RegExp(`^real_sup\\s+${escape(sup)}\\s+supervisor one_for_one\\s+waiting\\s+0 msgs$`));
      expect(lines[1]).toMatch(new RegExp(`^├─ counter\\s+${escape(child('counter'))}\\s+worker\\s+permanent\\s+waiting\\s+0 msgs$`));
      expect(lines[2]).toMatch(/^├─ job\s+-\s+worker\s+transient\s+not running$/);
      expect(lines[3]).toMatch(new RegExp(`^├─ sub\\s+${escape(child('sub'))}\\s+supervisor rest_for_one\\s+permanent\\s+waiting`));
      setReportHandler(quiet);
    }));

  it('names the root of a subtree by its id under its own supervisor', () =>
    run(async () => {
      const quiet = setReportHandler(() => {});
      const { child } = await start();
      expect(tree(child('sub'), { width: 120 }).split('\n')[0]).toMatch(new RegExp(`^sub\\s+${escape(child('sub'))}\\s+supervisor rest_for_one\\s`));
      setReportHandler(quiet);
    }));

  it('shows the new pid of a restarted child', () =>
    run(async () => {
      const quiet = setReportHandler(() => {});
      const { sup, child } = await start();
      const old = child('counter');
      Process.exit(old, 'kill');
      await Process.sleep(10);
      const now = (await Supervisor.whichChildren(sup)).find((c) => c[0] === 'counter')![1] as Pid;
      expect(now).not.toBe(old);
      const line = tree(sup, { width: 120 }).split('\n')[1];
      expect(line).toContain(String(now));
      expect(line).not.toContain(`${old}  `);
      setReportHandler(quiet);
    }));
});

describe('tree(sup, { watch: true })', () => {
  it('draws at once, redraws when a child is restarted, and ends at the first key', () =>
    run(async () => {
      const clock = new ManualClock();
      const prev = useClock(clock);
      const quiet = setReportHandler(() => {});
      try {
        const [, sup] = (await Supervisor.startLink([Supervisor.childSpec({ init: () => ['ok', 0] } as never, { id: 'w' })], { strategy: 'one_for_one' })) as ['ok', Pid];
        const [[, before]] = await Supervisor.whichChildren(sup);
        const term = recorder();
        const view = tree(sup, { watch: true, out: term.out, input: term.input, width: 100, interval: 50 });
        expect(term.frames()).toHaveLength(1);
        expect(term.frames()[0]).toContain(String(before));
        expect(term.frames()[0].endsWith('(watching: press any key to stop)')).toBe(true);
        Process.exit(before as Pid, 'kill');
        await clock.advance(50);
        const [[, after]] = await Supervisor.whichChildren(sup);
        await clock.advance(50);
        expect(term.frames().at(-1)).toContain(String(after));
        const drawn = term.writes.length;
        term.press('x');
        await view;
        expect(term.listening).toBe(false);
        Process.exit(after as Pid, 'kill');
        await clock.advance(200);
        expect(term.writes.length).toBe(drawn);
      } finally {
        setReportHandler(quiet);
        useClock(prev);
      }
    }));

  it('on a terminal, draws in the alternate screen with the cursor hidden, and gives both back when it ends', () =>
    run(async () => {
      const { root } = await knownSystem();
      const term = recorder({ isTTY: true, columns: 120, rows: 30 });
      const view = tree(root, { watch: true, out: term.out, input: term.input });
      term.press('q');
      await view;
      expect(term.writes[0]).toBe('\u001b[?1049h\u001b[?25l');
      expect(term.writes[1].startsWith('\u001b[H')).toBe(true);
      expect(term.writes[1]).toContain('app_sup');
      expect(term.writes.at(-1)).toBe('\u001b[?25h\u001b[?1049l');
    }));

  it('shows that a watched supervisor has gone instead of failing', () =>
    run(async () => {
      const root = idle('Supervisor');
      fakeSupervisor(root, 'one_for_one', () => []);
      const term = recorder();
      const view = tree(root, { watch: true, out: term.out, width: 100, interval: 0 });
      Process.exit(root, 'kill');
      await Process.sleep(10);
      view.stop();
      await view;
      expect(term.frames().at(-1)).toBe(`${root} is not alive.`);
    }));
});

describe('tree performance', () => {
  it('draws a tree of 10,000 processes quickly (bound generous for a shared machine; see the report for the measurement)', () =>
    run(async () => {
      const supervisors: Pid[] = [];
      const root = idle('Supervisor');
      for (let s = 0; s < 100; s++) {
        const sup = idle('Supervisor');
        const workers: Pid[] = [];
        for (let i = 0; i < 99; i++) workers.push(idle('Worker'));
        fakeSupervisor(sup, 'one_for_one', () => workers.map((pid, i) => ({ id: `w${i}`, pid })));
        supervisors.push(sup);
      }
      fakeSupervisor(root, 'one_for_all', () => supervisors.map((pid, i) => ({ id: `s${i}`, pid, type: 'supervisor' as const })));
      await Process.sleep(0);
      tree(); // warm up
      const t0 = performance.now();
      const text = tree();
      const ms = performance.now() - t0;
      expect(text.split('\n').length).toBe(1 + 100 + 9900 + 2);
      expect(ms).toBeLessThan(1000);
    }));
});

function escape(p: Pid): string {
  return String(p).replace(/[.<>]/g, (c) => `\\${c}`);
}

