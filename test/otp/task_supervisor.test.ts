/**
 * Task.Supervisor, checked against Elixir 1.14 (`elixir -e`): async_nolink crashes reach
 * the owner as {:exit, reason} from yield; start_child returns {:ok, pid}; children lists
 * pids; terminate_child gives :ok then {:error, :not_found}; child_spec is a supervisor
 * with the name as id; async_stream_nolink turns crashes into {:exit, reason}; a
 * transient child that keeps crashing is restarted until the supervisor gives up.
 */
import { describe, expect, it } from 'vitest';
import { Supervisor } from '../../src/otp/supervisor.js';
import { Task } from '../../src/otp/task.js';
import { _, ArgumentError, exit, Process, receive, run, self, send, spawnMonitor, type Pid } from '../../src/runtime/index.js';
import { captureReports, downReason, exitOf, mailbox } from './helpers.js';

const TS = Task.Supervisor;

async function supervisor(opts = {}): Promise<Pid> {
  const r = await TS.startLink(opts);
  if (r === 'ignore' || r[0] !== 'ok') throw new Error(`no supervisor: ${String(r)}`);
  return r[1] as Pid;
}

describe('Task.Supervisor.startLink', () => {
  it("returns ['ok', pid] of a DynamicSupervisor whose module is Task.Supervisor, linked to the caller", () =>
    run(async () => {
      const sup = await supervisor({ name: 'TaskSupNamed' });
      expect(Process.whereis('TaskSupNamed')).toBe(sup);
      expect(Process.info(sup)!.links).toContain(self());
      expect(Process.info(sup)!.meta).toMatchObject({ behaviour: 'DynamicSupervisor', module: 'Task.Supervisor' });
    }));

  it('refuses an unknown option, naming the accepted ones', () =>
    run(async () => {
      await expect(TS.startLink({ strategy: 'one_for_all' } as never)).rejects.toThrow(ArgumentError);
      await expect(TS.startLink({ strategy: 'one_for_all' } as never)).rejects.toThrow(/unknown option 'strategy'; the options are name, maxRestarts, maxSeconds, maxChildren/);
    }));

  it('is a supervisor child spec whose id is its name (Elixir child_spec)', () => {
    expect(TS.childSpec({ name: 'TS2' })).toEqual({ id: 'TS2', start: [TS, 'startLink', [{ name: 'TS2' }]], type: 'supervisor' });
  });

  it('starts under a Supervisor from [Task.Supervisor, opts]', () =>
    run(async () => {
      const reports = captureReports();
      const [, top] = (await Supervisor.startLink([[TS, { name: 'TaskSupUnderTop' }] as never], { strategy: 'one_for_one' })) as ['ok', Pid];
      const task = await TS.asyncNolink('TaskSupUnderTop', () => 'from the tree');
      expect(await Task.await(task)).toBe('from the tree');
      expect((await Supervisor.whichChildren(top))[0]).toEqual(['TaskSupUnderTop', Process.whereis('TaskSupUnderTop'), 'supervisor', ['Task.Supervisor']]);
      reports.restore();
    }));
});

describe('Task.Supervisor.asyncNolink', () => {
  it('runs the function under the supervisor and Task.await gives its value', () =>
    run(async () => {
      const sup = await supervisor();
      const task = await TS.asyncNolink(sup, async () => {
        await Process.sleep(1);
        return 42;
      });
      expect(task.owner).toBe(self());
      expect(await Task.await(task)).toBe(42);
      expect(await mailbox()).toEqual([]);
    }));

  it('links the task to the supervisor, not to the caller, and the caller monitors it', () =>
    run(async () => {
      const sup = await supervisor();
      const task = await TS.asyncNolink(sup, () => receive());
      const info = Process.info(task.pid)!;
      expect(info.links).toEqual([sup]);
      expect(info.monitoredBy).toContain(self());
      expect(await TS.children(sup)).toEqual([task.pid]);
      send(task.pid, 'go');
      await Task.await(task);
    }));

  it("gives ['exit', reason] from Task.yield when the task crashes, and the caller lives on", () =>
    run(async () => {
      const reports = captureReports();
      const sup = await supervisor();
      const err = new Error('boom');
      const task = await TS.asyncNolink(sup, () => {
        throw err;
      });
      expect(await Task.yield(task, 1000)).toEqual(['exit', err]);
      expect(await mailbox()).toEqual([]);
      reports.restore();
      expect(reports.texts()[0]).toMatch(new RegExp(`^\\[error\\] Task ${task.pid} started from ${self()} terminating\\n\\*\\* \\(Error\\) boom`));
    }));

  it("exits the caller with ['badmatch', ['error', 'max_children']] when the supervisor is full (Elixir's {:ok, pid} = match)", () =>
    run(async () => {
      const sup = await supervisor({ maxChildren: 1 });
      await TS.asyncNolink(sup, () => receive());
      expect(await exitOf(TS.asyncNolink(sup, () => 1))).toEqual(['badmatch', ['error', 'max_children']]);
    }));

  it('refuses a non-function and unknown options', () =>
    run(async () => {
      const sup = await supervisor();
      await expect(TS.asyncNolink(sup, 42 as never)).rejects.toThrow(/Task\.Supervisor\.asyncNolink: expected a function to run as the task/);
      await expect(TS.asyncNolink(sup, () => 1, { restart: 'permanent' } as never)).rejects.toThrow(/unknown option 'restart'; the options are shutdown/);
    }));
});

describe('Task.Supervisor.async', () => {
  it('links the task to the caller too: a crash crashes the caller', () =>
    run(async () => {
      const reports = captureReports();
      const sup = await supervisor();
      const parent = self();
      const [, ref] = spawnMonitor(async () => {
        const task = await TS.async(sup, async () => {
          await receive('crash');
          exit('task failed');
        });
        send(parent, ['links', Process.info(task.pid)!.links]);
        send(task.pid, 'crash');
        await Task.await(task);
      });
      const [, links] = await receive(['links', _]);
      expect(links).toContain(sup);
      expect(await downReason(ref)).toBe('task failed');
      reports.restore();
    }));
});

describe('Task.Supervisor.startChild', () => {
  it("runs the function under the supervisor: ['ok', pid]", () =>
    run(async () => {
      const sup = await supervisor();
      const me = self();
      const [ok, pid] = (await TS.startChild(sup, () => send(me, ['ran in', self()]))) as ['ok', Pid];
      expect(ok).toBe('ok');
      expect(await receive()).toEqual(['ran in', pid]);
    }));

  it('does not restart a temporary task that crashed', () =>
    run(async () => {
      const reports = captureReports();
      const sup = await supervisor();
      const [, pid] = (await TS.startChild(sup, () => exit('once'))) as ['ok', Pid];
      const ref = Process.monitor(pid);
      await receive(['DOWN', ref, _, _, _]);
      expect(await TS.children(sup)).toEqual([]);
      reports.restore();
    }));

  it("restarts a task with restart: 'transient' that crashed", () =>
    run(async () => {
      const reports = captureReports();
      const sup = await supervisor();
      const me = self();
      let runs = 0;
      await TS.startChild(
        sup,
        async () => {
          send(me, ['run', ++runs, self()]);
          if (runs === 1) exit('first run fails');
          await receive('never');
        },
        { restart: 'transient' },
      );
      const [, , first] = await receive(['run', 1, _]);
      const [, , second] = await receive(['run', 2, _]);
      expect(second).not.toBe(first);
      expect(await TS.children(sup)).toEqual([second]);
      reports.restore();
      expect(reports.reports.map((r) => r.kind)).toContain('child_restarted');
    }));
});

describe('Task.Supervisor.children / terminateChild', () => {
  it('lists running tasks only; finished ones are gone', () =>
    run(async () => {
      const sup = await supervisor();
      const [, a] = (await TS.startChild(sup, () => receive())) as ['ok', Pid];
      const [, b] = (await TS.startChild(sup, () => 'done at once')) as ['ok', Pid];
      await Process.sleep(1);
      expect(Process.isAlive(b)).toBe(false);
      expect(await TS.children(sup)).toEqual([a]);
    }));

  it("stops a task: 'ok', then ['error', 'not_found']", () =>
    run(async () => {
      const sup = await supervisor();
      const [, pid] = (await TS.startChild(sup, () => receive())) as ['ok', Pid];
      expect(await TS.terminateChild(sup, pid)).toBe('ok');
      expect(Process.isAlive(pid)).toBe(false);
      expect(await TS.terminateChild(sup, pid)).toEqual(['error', 'not_found']);
    }));

  it('stops every task when the supervisor stops', () =>
    run(async () => {
      const sup = await supervisor();
      const [, a] = (await TS.startChild(sup, () => receive())) as ['ok', Pid];
      const task = await TS.asyncNolink(sup, () => receive());
      Process.unlink(sup);
      Process.exit(sup, 'shutdown');
      await Process.sleep(1);
      expect(Process.isAlive(a)).toBe(false);
      expect(await Task.yield(task, 100)).toEqual(['exit', 'shutdown']);
    }));
});

describe('Task.Supervisor.asyncStream / asyncStreamNolink', () => {
  it('runs the stream under the supervisor, results in order', () =>
    run(async () => {
      const sup = await supervisor();
      const seen: Pid[][] = [];
      const results = await TS.asyncStream(sup, [3, 1, 2], async (x: number) => {
        seen.push(Process.info(self())!.links);
        await Process.sleep(x);
        return x * 10;
      }).toArray();
      expect(results).toEqual([['ok', 30], ['ok', 10], ['ok', 20]]);
      for (const links of seen) expect(links.sort((p, q) => p.id - q.id)).toEqual([sup, self()].sort((p, q) => p.id - q.id));
    }));

  it('keeps at most maxConcurrency tasks alive under the supervisor', () =>
    run(async () => {
      const sup = await supervisor();
      let alive = 0;
      let most = 0;
      await TS.asyncStream(
        sup,
        [1, 2, 3, 4, 5, 6],
        async () => {
          most = Math.max(most, ++alive);
          await Process.sleep(2);
          alive--;
        },
        { maxConcurrency: 2 },
      ).toArray();
      expect(most).toBe(2);
    }));

  it("turns crashes into ['exit', reason] without a link: the reader goes on (Elixir async_stream_nolink)", () =>
    run(async () => {
      const reports = captureReports();
      const sup = await supervisor();
      const results = await TS.asyncStreamNolink(sup, [1, 2, 3], (x: number) => (x === 2 ? exit('bad') : x)).toArray();
      reports.restore();
      expect(results).toEqual([['ok', 1], ['exit', 'bad'], ['ok', 3]]);
      expect(Process.info(self())!.trapExit).toBe(false);
    }));
});
