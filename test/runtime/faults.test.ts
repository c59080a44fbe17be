// A fault in a process ends that process, with the fault as its reason, and never the
// runtime: vitest fails a run on any uncaught exception or unhandled rejection, so each test
// here also proves that nothing escaped to the host.
import { describe, expect, it } from 'vitest';
import { _, contextMode, Process, receive, run, self, send, spawn, spawnLink, spawnMonitor } from '../../src/runtime/index.js';
import { downReason, exitReason } from './helpers.js';

describe(`a fault in a process (context: ${contextMode})`, () => {
  it('a thrown value ends the process with that value', () =>
    run(async () => {
      expect(await exitReason(() => { throw { code: 42 }; })).toEqual({ code: 42 });
    }));

  it('a rejected promise returned by the process ends it with the rejection', () =>
    run(async () => {
      expect(await exitReason(async () => {
        await new Promise((r) => setTimeout(r, 1));
        return Promise.reject('rejected later');
      })).toBe('rejected later');
    }));

  it('an error thrown in a setTimeout callback ends the process that set the timer', () =>
    run(async () => {
      const boom = new Error('in a timer');
      const [pid, ref] = spawnMonitor(async () => {
        setTimeout(() => { throw boom; }, 1);
        await receive('never sent');
      });
      expect(await downReason(ref)).toBe(boom);
      expect(Process.isAlive(pid)).toBe(false);
    }));

  it('an error thrown in a setImmediate, nextTick or queueMicrotask callback ends the process', () =>
    run(async () => {
      const schedulers: ((cb: () => void) => void)[] = [
        (cb) => setImmediate(cb),
        (cb) => process.nextTick(cb),
        (cb) => queueMicrotask(cb),
      ];
      for (const [i, schedule] of schedulers.entries()) {
        const reason = await exitReason(async () => {
          schedule(() => { throw ['callback', i]; });
          await receive('never sent');
        });
        expect(reason).toEqual(['callback', i]);
      }
    }));

  it('an error thrown in a setInterval callback ends the process once', () =>
    run(async () => {
      let runs = 0;
      const reason = await exitReason(async () => {
        setInterval(() => {
          runs++;
          throw 'interval';
        }, 1);
        await receive('never sent');
      });
      expect(reason).toBe('interval');
      await new Promise((r) => setTimeout(r, 10));
      expect(runs).toBeGreaterThanOrEqual(1);
    }));

  it('an unhandled rejection in a promise the process created ends that process', () =>
    run(async () => {
      const reason = await exitReason(async () => {
        void Promise.reject('nobody handled me');
        await receive('never sent');
      });
      expect(reason).toBe('nobody handled me');
    }));

  it('an unhandled rejection in a promise created after an await ends the process', () =>
    run(async () => {
      const reason = await exitReason(async () => {
        await new Promise((r) => setTimeout(r, 1));
        void (async () => {
          await Promise.resolve();
          throw new RangeError('deep');
        })();
        await receive('never sent');
      });
      expect(reason).toBeInstanceOf(RangeError);
    }));

  it('the fault travels along links as any exit reason does', () =>
    run(async () => {
      Process.flag('trap_exit', true);
      const child = spawnLink(async () => {
        setTimeout(() => { throw 'timer fault'; }, 1);
        await receive('never sent');
      });
      expect(await receive()).toEqual(['EXIT', child, 'timer fault']);
    }));

  it('leaves every other process running', () =>
    run(async () => {
      const me = self();
      const bystander = spawn(async () => {
        for (;;) send(me, ['echo', await receive()]);
      });
      for (let i = 0; i < 5; i++) {
        await exitReason(async () => {
          setTimeout(() => { throw 'fault'; }, 0);
          void Promise.reject('also');
          await receive('never sent');
        });
      }
      send(bystander, 'still here?');
      expect(await receive()).toEqual(['echo', 'still here?']);
    }));

  it('an error in a callback of a process that already ended is dropped, not thrown at the host', () =>
    run(async () => {
      const reason = await exitReason(() => {
        setTimeout(() => { throw 'too late'; }, 5);
      });
      expect(reason).toBe('normal');
      await new Promise((r) => setTimeout(r, 15));
      expect(Process.isAlive(self())).toBe(true);
    }));
});

describe('timers of a process', () => {
  it('stop running once the process has ended (a setInterval tick after exit does nothing)', async () => {
    let ticks = 0;
    const ticksAtExit = await run(async () => {
      const [, ref] = spawnMonitor(async () => {
        setInterval(() => ticks++, 1);
        await Process.sleep(15);
      });
      await receive(['DOWN', ref, _, _, _]);
      return ticks;
    });
    await new Promise((r) => setTimeout(r, 30));
    expect(ticksAtExit).toBeGreaterThan(0);
    expect(ticks).toBe(ticksAtExit);
  });
});
