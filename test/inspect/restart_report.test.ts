/**
 * formatRestart(report): one line for what a supervisor did. Checked on the reports a
 * real Supervisor emits, and on hand-made reports carrying the restart counts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { GenServer, setReportHandler, Supervisor } from '../../src/otp/index.js';
import { pid, Process, receive, run, subscribe, type Pid } from '../../src/runtime/index.js';
import { formatRestart } from '../../src/inspect/index.js';
import { killOthers } from './fakes.js';

afterEach(() => run(async () => killOthers()));

const Worker = {
  name: 'Worker',
  init: () => ['ok', null],
  handleCast: (msg: unknown, s: unknown) => {
    if (msg === 'boom') throw new Error('boom');
    return msg === 'done' ? ['stop', 'normal', s] : ['noreply', s];
  },
};

/** Starts a supervisor over `children`, runs `act`, and returns the lines formatRestart gives for its reports. */
async function linesOf(children: object[], opts: object, act: (child: (id: string) => Pid, sup: Pid) => Promise<void>): Promise<{ lines: string[]; sup: Pid; old: Map<string, Pid> }> {
  const quiet = setReportHandler(() => {});
  const lines: string[] = [];
  const stop = subscribe((e) => {
    if (e.type !== 'report') return;
    const line = formatRestart(e);
    if (line !== undefined) lines.push(line);
  });
  Process.flag('trap_exit', true);
  const [, sup] = (await Supervisor.startLink(children as never, { strategy: 'one_for_one', name: 'app_sup', ...opts })) as ['ok', Pid];
  const old = new Map((await Supervisor.whichChildren(sup)).map(([id, p]) => [id as string, p as Pid]));
  await act((id) => old.get(id)!, sup);
  await Process.sleep(10);
  stop();
  setReportHandler(quiet);
  return { lines, sup, old };
}

const spec = (id: string, restart = 'permanent') => ({ id, restart, start: [GenServer, 'startLink', [Worker, null]] });

async function current(sup: Pid, id: string): Promise<Pid> {
  return (await Supervisor.whichChildren(sup)).find((c) => c[0] === id)![1] as Pid;
}

describe('formatRestart', () => {
  it('says who crashed and why, which supervisor restarted it, the new pid, and the count against the limit', () => {
    expect(
      formatRestart({
        kind: 'child_restarted',
        childType: 'worker',
        id: undefined,
        oldPid: pid('0.90.0'),
        newPid: pid('0.95.0'),
        reason: new Error('boom'),
        supervisor: pid('0.88.0'),
        restarts: 1,
        maxRestarts: 3,
        maxSeconds: 5,
      }),
    ).toBe('worker #PID<0.90.0> crashed (Error: boom); supervisor #PID<0.88.0> restarted it as #PID<0.95.0> (1 of 3 in 5 s)');
  });

  it('names the child by its id and the supervisor by its name, from a real Supervisor restarting a crashed worker', () =>
    run(async () => {
      let sup!: Pid;
      let fresh!: Pid;
      const { lines, old } = await linesOf([spec('cache')], {}, async (child, s) => {
        sup = s;
        GenServer.cast(child('cache'), 'boom');
        await Process.sleep(10);
        fresh = await current(s, 'cache');
      });
      expect(lines).toHaveLength(1);
      expect(lines[0]).toBe(`worker 'cache' ${old.get('cache')} crashed (Error: boom); supervisor 'app_sup' ${sup} restarted it as ${fresh} (1 of 3 in 5 s)`);
    }));

  it('says a killed child was killed and a permanent child that returned exited normally', () =>
    run(async () => {
      const { lines, old } = await linesOf([spec('a'), spec('b')], {}, async (child) => {
        Process.exit(child('a'), 'kill');
        GenServer.cast(child('b'), 'done');
      });
      expect(lines.map((l) => l.replace(/; supervisor.*/, ''))).toEqual([`worker 'a' ${old.get('a')} was killed`, `worker 'b' ${old.get('b')} exited normally`]);
    }));

  it('says a temporary child that crashed is not restarted, and prints nothing for a transient one that ended normally', () =>
    run(async () => {
      const { lines, sup, old } = await linesOf([spec('tmp', 'temporary'), spec('job', 'transient')], {}, async (child) => {
        GenServer.cast(child('tmp'), 'boom');
        GenServer.cast(child('job'), 'done');
      });
      expect(lines).toEqual([`worker 'tmp' ${old.get('tmp')} crashed (Error: boom); supervisor 'app_sup' ${sup} does not restart it (temporary)`]);
    }));

  it('says when a supervisor gives up after too many restarts', () =>
    run(async () => {
      let last!: Pid;
      const { lines, sup } = await linesOf([spec('w')], { maxRestarts: 1 }, async (child, s) => {
        Process.exit(child('w'), 'kill');
        await Process.sleep(10);
        last = await current(s, 'w');
        Process.exit(last, 'kill');
        await receive(['EXIT', s, 'shutdown']);
      });
      expect(lines).toHaveLength(2);
      expect(lines[1]).toMatch(
        new RegExp(`^supervisor 'app_sup' ${esc(String(sup))} gave up after more than 1 restart in 5 s \\(the last: worker 'w' ${esc(String(last))}\\); it shuts down with its children$`),
      );
    }));

  it('leaves the count out of a report that does not carry it', () => {
    expect(formatRestart({ kind: 'supervisor_shutdown', childType: 'worker', id: 'w', childPid: pid('0.90.0'), supervisor: pid('0.88.0'), supervisorName: undefined })).toBe(
      "supervisor #PID<0.88.0> gave up after too many restarts (the last: worker 'w' #PID<0.90.0>); it shuts down with its children",
    );
  });

  it('says what a child that could not be started died of', () => {
    expect(formatRestart({ kind: 'start_error', childType: 'worker', id: 'db', reason: ['EXIT', new Error('no connection')], supervisor: pid('0.88.0'), supervisorName: 'app_sup' })).toBe(
      "supervisor 'app_sup' #PID<0.88.0> could not start worker 'db': Error: no connection",
    );
  });

  it('says a child that was being retried was restarted at last, and a child that returned ignore is not running', () => {
    const base = { kind: 'child_restarted', childType: 'supervisor', id: 'sub', supervisor: pid('0.88.0') };
    expect(formatRestart({ ...base, oldPid: undefined, newPid: pid('0.95.0'), reason: 'restarting' })).toBe(
      "supervisor 'sub' could not be restarted at first; supervisor #PID<0.88.0> restarted it as #PID<0.95.0>",
    );
    expect(formatRestart({ ...base, oldPid: pid('0.90.0'), newPid: undefined, reason: ['shutdown', 'closed'] })).toBe(
      "supervisor 'sub' #PID<0.90.0> was shut down ('closed'); supervisor #PID<0.88.0> restarted it, and it returned 'ignore' (not running)",
    );
  });

  it('has no line for reports that are not about supervision, nor for a child about to be restarted', () => {
    expect(formatRestart({ kind: 'crash', pid: pid('0.90.0'), reason: 'boom' })).toBeUndefined();
    expect(formatRestart({ kind: 'child_terminated', restart: 'permanent', reason: 'boom' })).toBeUndefined();
    expect(formatRestart({ kind: 'child_terminated', restart: 'transient', reason: 'boom' })).toBeUndefined();
  });
});

function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\<>]/g, '\\$&');
}
