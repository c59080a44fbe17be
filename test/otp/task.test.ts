/**
 * Task, checked against Elixir 1.14 (`elixir -e`): the exit reasons of await, await_many and
 * async_stream timeouts; yield/shutdown/ignore results; late replies dropped after a
 * timeout; a crashed task taking its caller down through the link; the crash report; the
 * owner check's message; async_stream order, concurrency, kill_task and trapped crashes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Supervisor } from '../../src/otp/supervisor.js';
import { Task } from '../../src/otp/task.js';
import { _, ArgumentError, Process, receive, run, self, send, spawn, spawnMonitor, type ManualClock, type Pid } from '../../src/runtime/index.js';
import { captureReports, downReason, exitOf, mailbox, manualClock } from './helpers.js';

let restoreClock: (() => void) | undefined;
afterEach(() => {
  restoreClock?.();
  restoreClock = undefined;
});

/** A ManualClock for this test (put back after it). */
function useManualClock(): ManualClock {
  const { clock, restore } = manualClock();
  restoreClock = restore;
  return clock;
}

describe('Task.async / Task.await', () => {
  it('gives the value the function returned, sync or async', () =>
    run(async () => {
      expect(await Task.await(Task.async(() => 6 * 7))).toBe(42);
      expect(
        await Task.await(
          Task.async(async () => {
            await Process.sleep(1);
            return 'later';
          }),
        ),
      ).toBe('later');
    }));

  it('is a { pid, ref, owner } task whose process is linked to and monitored by the caller', () =>
    run(async () => {
      const task = Task.async(() => receive());
      expect(Object.keys(task).sort()).toEqual(['owner', 'pid', 'ref']);
      expect(task.owner).toBe(self());
      const info = Process.info(task.pid)!;
      expect(info.links).toContain(self());
      expect(info.monitoredBy).toContain(self());
      send(task.pid, 'go');
      await Task.await(task);
    }));

  it('leaves nothing in the mailbox once the reply is taken', () =>
    run(async () => {
      await Task.await(Task.async(() => 1));
      await Process.sleep(1);
      expect(await mailbox()).toEqual([]);
    }));

  it("exits the caller with ['timeout', ['Task', 'await', [task, timeout]]] after the timeout", async () => {
    const clock = useManualClock();
    const done = run(async () => {
      const task = Task.async(() => receive());
      return [task, await exitOf(Task.await(task, 100))];
    });
    await clock.advance(100);
    const [task, reason] = (await done) as [unknown, unknown];
    expect(reason).toEqual(['timeout', ['Task', 'await', [task, 100]]]);
  });

  it('drops the reply that comes after await timed out (Elixir 1.14 drops it through the alias)', async () => {
    const clock = useManualClock();
    const done = run(async () => {
      const task = Task.async(async () => {
        await Process.sleep(200);
        return 'too late';
      });
      await exitOf(Task.await(task, 100));
      await receive(['DOWN', _, _, _, _], { after: 0 }); // nothing: demonitored
      await Process.sleep(200);
      return mailbox();
    });
    await clock.advance(400);
    expect(await done).toEqual([]);
  });

  it("crashes the caller through the link with the task's reason", () =>
    run(async () => {
      const reports = captureReports();
      try {
        const reason = await downReason(
          spawnMonitor(async () => {
            const task = Task.async(() => {
              throw new Error('boom');
            });
            await Task.await(task);
          })[1],
        );
        expect(reason).toBeInstanceOf(Error);
        expect((reason as Error).message).toBe('boom');
      } finally {
        reports.restore();
      }
    }));

  it('exits a trapping caller with [reason, [Task, await, [task, timeout]]] when the task dies', () =>
    run(async () => {
      Process.flag('trap_exit', true);
      const reports = captureReports();
      const task = Task.async(() => Process.exit(self(), 'bye'));
      expect(await exitOf(Task.await(task))).toEqual(['bye', ['Task', 'await', [task, 5000]]]);
      expect(await receive(['EXIT', task.pid, _])).toEqual(['EXIT', task.pid, 'bye']);
      reports.restore();
    }));

  it('reports a crashed task as Elixir does: Task #PID<…> started from #PID<…> terminating', () =>
    run(async () => {
      Process.flag('trap_exit', true);
      const reports = captureReports();
      const task = Task.async(function parse() {
        throw new Error('bad input');
      });
      await Task.yield(task);
      reports.restore();
      expect(reports.reports).toHaveLength(1);
      const [line1, line2] = reports.texts()[0].split('\n');
      expect(line1).toBe(`[error] Task ${task.pid} started from ${self()} terminating`);
      expect(line2).toBe('** (Error) bad input');
      expect(reports.texts()[0]).toMatch(/Function: \[Function parse\]\n {4}Args: \[\]$/);
      expect(reports.reports[0]).toMatchObject({ kind: 'crash', level: 'error', pid: task.pid, behaviour: 'Task' });
    }));

  it("does not report a task that exits 'normal', 'shutdown' or ['shutdown', _]", () =>
    run(async () => {
      Process.flag('trap_exit', true);
      const reports = captureReports();
      for (const reason of ['normal', 'shutdown', ['shutdown', 'done']]) {
        await Task.yield(Task.async(() => Process.exit(self(), reason)));
      }
      reports.restore();
      expect(reports.reports).toEqual([]);
    }));

  it('may only be awaited by its owner (Elixir: must be queried from the owner)', () =>
    run(async () => {
      const task = Task.async(() => 1);
      const parent = self();
      spawn(async () => {
        try {
          await Task.await(task);
        } catch (e) {
          send(parent, e);
        }
      });
      const err = await receive();
      expect(err).toBeInstanceOf(ArgumentError);
      expect((err as Error).message).toMatch(/^task .* must be queried from the owner but was queried from #PID<0\.\d+\.0>$/);
      await Task.await(task);
    }));

  it('refuses a non-function and a non-task with the fix in the message', () =>
    run(async () => {
      expect(() => Task.async(42 as never)).toThrow(/Task\.async: expected a function to run as the task, got 42\. Write Task\.async\(async \(\) => \.\.\.\)/);
      expect(() => Task.await({} as never)).toThrow(/Task\.await: expected a task from Task\.async/);
    }));
});

describe('Task.awaitMany', () => {
  it('gives the replies in the order of the tasks', () =>
    run(async () => {
      const tasks = [30, 10, 20].map((ms) =>
        Task.async(async () => {
          await Process.sleep(ms);
          return ms;
        }),
      );
      expect(await Task.awaitMany(tasks)).toEqual([30, 10, 20]);
      expect(await mailbox()).toEqual([]);
    }));

  it("exits with ['timeout', ['Task', 'awaitMany', [tasks, timeout]]] when one is late", async () => {
    const clock = useManualClock();
    const done = run(async () => {
      const tasks = [Task.async(() => 1), Task.async(() => receive())];
      return [tasks, await exitOf(Task.awaitMany(tasks, 50))];
    });
    await clock.advance(50);
    const [tasks, reason] = (await done) as [unknown, unknown];
    expect(reason).toEqual(['timeout', ['Task', 'awaitMany', [tasks, 50]]]);
  });
});

describe('Task.yield', () => {
  it("gives undefined while the task runs, then ['ok', reply], then undefined again", async () => {
    const clock = useManualClock();
    const done = run(async () => {
      const task = Task.async(async () => {
        await Process.sleep(50);
        return 'done';
      });
      const early = await Task.yield(task, 10);
      const ok = await Task.yield(task, 100);
      const again = await Task.yield(task, 0);
      return [early, ok, again];
    });
    await clock.advance(200);
    expect(await done).toEqual([undefined, ['ok', 'done'], undefined]);
  });

  it("gives ['exit', reason] for a task that died, to a trapping owner", () =>
    run(async () => {
      Process.flag('trap_exit', true);
      const reports = captureReports();
      const task = Task.async(() => Process.exit(self(), 'crashed'));
      expect(await Task.yield(task, 1000)).toEqual(['exit', 'crashed']);
      reports.restore();
    }));
});

describe('Task.yieldMany', () => {
  it('pairs each task with its result within the time given', async () => {
    const clock = useManualClock();
    const done = run(async () => {
      Process.flag('trap_exit', true);
      const reports = captureReports();
      const tasks = [Task.async(() => 1), Task.async(() => receive()), Task.async(() => Process.exit(self(), 'x'))];
      const r = await Task.yieldMany(tasks, 50);
      reports.restore();
      return r.map(([t, result], i) => [t === tasks[i], result]);
    });
    await clock.advance(50);
    const pairs = (await done) as [boolean, unknown][];
    expect(pairs.map(([same]) => same)).toEqual([true, true, true]);
    const results = pairs.map(([, r]) => r);
    expect(results).toEqual([['ok', 1], undefined, ['exit', 'x']]);
  });
});

describe('Task.shutdown', () => {
  it('stops a running task and gives undefined; the caller lives on', () =>
    run(async () => {
      const task = Task.async(() => receive());
      expect(await Task.shutdown(task)).toBeUndefined();
      expect(Process.isAlive(task.pid)).toBe(false);
      expect(await mailbox()).toEqual([]);
    }));

  it('leaves no EXIT message to a trapping owner (it unlinks first)', () =>
    run(async () => {
      Process.flag('trap_exit', true);
      const task = Task.async(() => receive());
      await Task.shutdown(task);
      expect(await mailbox()).toEqual([]);
    }));

  it("gives ['ok', reply] when the reply had already come", () =>
    run(async () => {
      const task = Task.async(() => 8);
      await Process.sleep(5);
      expect(await Task.shutdown(task)).toEqual(['ok', 8]);
    }));

  it("gives ['exit', reason] for a task that had crashed, and ['exit', 'noproc'] the second time", () =>
    run(async () => {
      Process.flag('trap_exit', true);
      const reports = captureReports();
      const task = Task.async(() => Process.exit(self(), 'x'));
      await Process.sleep(5);
      expect(await Task.shutdown(task)).toEqual(['exit', 'x']);
      expect(await Task.shutdown(task)).toEqual(['exit', 'noproc']);
      reports.restore();
    }));

  it("kills a task that traps exits once the timeout has passed: ['exit', 'killed']", async () => {
    const clock = useManualClock();
    const done = run(async () => {
      const task = Task.async(async () => {
        Process.flag('trap_exit', true);
        await Process.sleep(1000);
      });
      await Process.sleep(0);
      return Task.shutdown(task, 50);
    });
    await clock.advance(50);
    expect(await done).toEqual(['exit', 'killed']);
  });

  it("gives the reply of a trapping task that answers the shutdown: ['ok', 42]", () =>
    run(async () => {
      const task = Task.async(async () => {
        Process.flag('trap_exit', true);
        await receive(['EXIT', _, _]);
        return 42;
      });
      await Process.sleep(1);
      expect(await Task.shutdown(task)).toEqual(['ok', 42]);
    }));

  it("kills at once with 'brutal_kill'", () =>
    run(async () => {
      const task = Task.async(async () => {
        Process.flag('trap_exit', true);
        await receive('never');
      });
      await Process.sleep(1);
      expect(await Task.shutdown(task, 'brutal_kill')).toBeUndefined();
      expect(Process.isAlive(task.pid)).toBe(false);
    }));
});

describe('Task.ignore', () => {
  it('lets the task run on unlinked and drops its reply', () =>
    run(async () => {
      const task = Task.async(async () => {
        await Process.sleep(5);
        return 'ignored';
      });
      expect(await Task.ignore(task)).toBeUndefined();
      expect(Process.info(task.pid)!.links).not.toContain(self());
      await Process.sleep(20);
      expect(Process.isAlive(task.pid)).toBe(false);
      expect(await mailbox()).toEqual([]);
    }));

  it("gives ['ok', reply] when the reply is already there", () =>
    run(async () => {
      const task = Task.async(() => 'here');
      await Process.sleep(5);
      expect(await Task.ignore(task)).toEqual(['ok', 'here']);
    }));
});

describe('Task.start / Task.startLink', () => {
  it("runs the function in a process and returns ['ok', pid]", () =>
    run(async () => {
      const me = self();
      const [ok, pid] = Task.start(() => send(me, ['ran in', self()]));
      expect(ok).toBe('ok');
      expect(await receive()).toEqual(['ran in', pid]);
    }));

  it('start does not link: a crash leaves the caller alone; startLink links', () =>
    run(async () => {
      const reports = captureReports();
      const [, a] = Task.start(() => receive());
      const [, b] = Task.startLink(() => receive());
      expect(Process.info(a)!.links).toEqual([]);
      expect(Process.info(b)!.links).toEqual([self()]);
      Process.exit(a, 'kill');
      send(b, 'go');
      reports.restore();
    }));

  it("is a temporary child spec started with startLink (Elixir's Task.child_spec)", () => {
    const fn = () => 'work';
    expect(Task.childSpec(fn)).toEqual({ id: 'Task', start: [Task, 'startLink', [fn]], restart: 'temporary' });
  });
});

describe('Task.asyncStream', () => {
  const sleepy = async (ms: number) => {
    await Process.sleep(ms);
    return ms;
  };

  it("gives ['ok', result] in the order of the items, whatever order the tasks end in", () =>
    run(async () => {
      expect(await Task.asyncStream([30, 10, 20], sleepy, { maxConcurrency: 3 }).toArray()).toEqual([
        ['ok', 30],
        ['ok', 10],
        ['ok', 20],
      ]);
    }));

  it('gives results in the order tasks end with ordered: false (Elixir: [3,1,2] at 2 → 1, 3, 2)', () =>
    run(async () => {
      const stream = Task.asyncStream([3, 1, 2], (x: number) => sleepy(x * 20), { ordered: false, maxConcurrency: 2 });
      expect(await stream.toArray()).toEqual([
        ['ok', 20],
        ['ok', 60],
        ['ok', 40],
      ]);
    }));

  it('never runs more than maxConcurrency tasks at once', () =>
    run(async () => {
      let alive = 0;
      let most = 0;
      const results: unknown[] = [];
      for await (const r of Task.asyncStream(
        Array.from({ length: 12 }, (_x, i) => i),
        async (i) => {
          most = Math.max(most, ++alive);
          await Process.sleep(2 + (i % 3));
          alive--;
          return i * i;
        },
        { maxConcurrency: 3 },
      )) {
        results.push(r);
      }
      expect(most).toBe(3);
      expect(results).toEqual(Array.from({ length: 12 }, (_x, i) => ['ok', i * i]));
    }));

  it('starts nothing until the stream is read', () =>
    run(async () => {
      let started = 0;
      const stream = Task.asyncStream([1, 2], (x) => {
        started++;
        return x;
      });
      await Process.sleep(5);
      expect(started).toBe(0);
      expect(await stream.toArray()).toEqual([
        ['ok', 1],
        ['ok', 2],
      ]);
      expect(started).toBe(2);
    }));

  it('reads items from an async iterable too', () =>
    run(async () => {
      async function* numbers() {
        yield 1;
        yield 2;
      }
      expect(await Task.asyncStream(numbers(), (x: number) => x + 1).toArray()).toEqual([
        ['ok', 2],
        ['ok', 3],
      ]);
    }));

  it("crashes the reader through the link when a task crashes (the task's reason)", () =>
    run(async () => {
      const reports = captureReports();
      const [, ref] = spawnMonitor(async () => {
        await Task.asyncStream([1, 2], (x) => (x === 2 ? Process.exit(self(), 'boom') : x)).toArray();
      });
      expect(await downReason(ref)).toBe('boom');
      reports.restore();
    }));

  it("gives ['exit', reason] to a reader that traps exits, and leaves no EXIT messages", () =>
    run(async () => {
      Process.flag('trap_exit', true);
      const reports = captureReports();
      const results = await Task.asyncStream([1, 2, 3], (x) => (x === 2 ? Process.exit(self(), 'boom') : x)).toArray();
      reports.restore();
      expect(results).toEqual([['ok', 1], ['exit', 'boom'], ['ok', 3]]);
      expect(await mailbox()).toEqual([]);
    }));

  it("zips the item into the exit with zipInputOnExit: ['exit', [item, reason]]", () =>
    run(async () => {
      Process.flag('trap_exit', true);
      const reports = captureReports();
      const results = await Task.asyncStream([1, 2], (x) => (x === 2 ? Process.exit(self(), 'boom') : x), { zipInputOnExit: true }).toArray();
      reports.restore();
      expect(results).toEqual([['ok', 1], ['exit', [2, 'boom']]]);
    }));

  it("exits the reader with ['timeout', ['Task.Supervised', 'stream', [timeout]]] when a task is late", async () => {
    const clock = useManualClock();
    const done = run(async () => {
      const [pid, ref] = spawnMonitor(async () => {
        await Task.asyncStream([1, 2], (x: number) => sleepy(x * 50), { timeout: 70 }).toArray();
      });
      return [pid, await downReason(ref)];
    });
    await clock.advance(200);
    const [, reason] = (await done) as [Pid, unknown];
    expect(reason).toEqual(['timeout', ['Task.Supervised', 'stream', [70]]]);
  });

  it("kills a late task with onTimeout: 'kill_task', which gives ['exit', 'timeout'] (Elixir: [ok: 1, exit: :timeout])", async () => {
    const clock = useManualClock();
    const done = run(async () => {
      const results = await Task.asyncStream([1, 2], (x: number) => sleepy(x * 50), { timeout: 70, onTimeout: 'kill_task' }).toArray();
      return [results, await mailbox()];
    });
    await clock.advance(200);
    expect(await done).toEqual([[['ok', 50], ['exit', 'timeout']], []]);
  });

  it('kills the tasks still running when the reader leaves the loop early', () =>
    run(async () => {
      const pids: Pid[] = [];
      const stream = Task.asyncStream([1, 2, 3, 4], async (x: number) => {
        pids.push(self());
        if (x > 1) await receive('never');
        return x;
      }, { maxConcurrency: 4 });
      for await (const r of stream) {
        expect(r).toEqual(['ok', 1]);
        break;
      }
      expect(pids).toHaveLength(4);
      expect(pids.filter((p) => Process.isAlive(p))).toEqual([]);
      expect(await mailbox()).toEqual([]);
    }));

  it('refuses bad options with the accepted values in the message', () =>
    run(async () => {
      expect(() => Task.asyncStream([1], (x) => x, { maxConcurrency: 0 })).toThrow(/maxConcurrency must be a positive integer, got 0/);
      expect(() => Task.asyncStream([1], (x) => x, { onTimeout: 'kill' as never })).toThrow(/onTimeout must be 'exit' or 'kill_task'/);
      expect(() => Task.asyncStream(42 as never, (x) => x)).toThrow(/expected the items as an array, an iterable or an async iterable, got 42/);
    }));
});

describe('Task under a Supervisor', () => {
  it('starts from [Task, fn] as a temporary child that is not restarted once done', () =>
    run(async () => {
      const me = self();
      const [, top] = (await Supervisor.startLink([[Task, () => send(me, ['task ran', self()])] as never], { strategy: 'one_for_one' })) as ['ok', Pid];
      const [, pid] = await receive(['task ran', _]);
      await Process.sleep(1);
      expect(Process.isAlive(pid)).toBe(false);
      expect(await Supervisor.whichChildren(top)).toEqual([]);
    }));
});
