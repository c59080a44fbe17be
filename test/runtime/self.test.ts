import fs from 'node:fs/promises';
import { setTimeout as timersSetTimeout, setImmediate as timersSetImmediate } from 'node:timers';
import * as timersPromises from 'node:timers/promises';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { _, contextMode, NoProcessError, Pid, Process, receive, run, self, send, spawn, spawnMonitor } from '../../src/runtime/index.js';

// These tests pass with each way self() is carried (context.ts): the native module and promise
// hooks on Node 20 and 22 (vitest.config.ts runs this file with both), AsyncLocalStorage on
// Node >= 24.
describe(`self() (context: ${contextMode})`, () => {
  it('is the pid spawn returned, inside the process', () =>
    run(async () => {
      const parent = self();
      const pid = spawn(() => send(parent, ['me', self()]));
      expect(await receive()).toEqual(['me', pid]);
    }));

  it('throws NoProcessError outside every process, with what to write instead', () => {
    expect(() => self()).toThrow(NoProcessError);
    expect(() => self()).toThrow(/self\(\) must run inside a process.*spawn\(async \(\) => \{ \.\.\. \}\)/);
  });

  describe('stays right after an await of', () => {
    const awaits: [string, () => Promise<unknown>][] = [
      ['Promise.resolve()', () => Promise.resolve()],
      ['an already-settled value (await 1)', async () => await 1],
      ['a setTimeout promise', () => new Promise((r) => setTimeout(r, 1))],
      ['node:timers/promises setTimeout', () => timersPromises.setTimeout(1)],
      ['node:timers/promises setImmediate', () => timersPromises.setImmediate()],
      ['util.promisify(setTimeout)', () => promisify(setTimeout)(1)],
      ['an fs.promises call', () => fs.readFile(new URL(import.meta.url))],
      ['Promise.all of timers and fs', () => Promise.all([timersPromises.setTimeout(1), fs.stat('.'), Promise.resolve(1)])],
      ['Promise.race', () => Promise.race([timersPromises.setTimeout(2), new Promise((r) => setImmediate(r))])],
      ['a nested async function that awaits', async () => {
        const inner = async () => {
          await timersPromises.setTimeout(1);
          await fs.stat('.');
          return 1;
        };
        return inner();
      }],
      ['receive', () => {
        send(self(), 'x');
        return receive();
      }],
      ['Process.sleep', () => Process.sleep(1)],
      ['a rejected promise caught', () => Promise.reject(new Error('no')).catch(() => 'caught')],
    ];
    for (const [what, wait] of awaits) {
      it(what, () =>
        run(async () => {
          const me = self();
          await wait();
          expect(self()).toBe(me);
          // and inside the continuation of a continuation
          await wait();
          expect(self()).toBe(me);
        }));
    }

    it('a promise another process created', () =>
      run(async () => {
        let shared!: Promise<void>;
        let open!: () => void;
        const parent = self();
        spawn(() => {
          shared = new Promise<void>((r) => (open = r));
          send(parent, 'made');
        });
        await receive('made');
        const me = self();
        setTimeout(open, 1);
        await shared;
        expect(self()).toBe(me);
      }));
  });

  describe('is the process that started a callback, in', () => {
    const callbacks: [string, (cb: () => void) => void][] = [
      ['setTimeout', (cb) => setTimeout(cb, 1)],
      ['setTimeout imported from node:timers', (cb) => timersSetTimeout(cb, 1)],
      ['setImmediate', (cb) => setImmediate(cb)],
      ['setImmediate imported from node:timers', (cb) => timersSetImmediate(cb)],
      ['setInterval (every tick)', (cb) => {
        let n = 0;
        const h = setInterval(() => {
          expect(self()).toBeInstanceOf(Pid);
          if (++n === 3) {
            clearInterval(h);
            cb();
          }
        }, 1);
      }],
      ['queueMicrotask', (cb) => queueMicrotask(cb)],
      ['process.nextTick', (cb) => process.nextTick(cb)],
      ['a .then callback', (cb) => void fs.stat('.').then(cb)],
    ];
    for (const [what, schedule] of callbacks) {
      it(what, () =>
        run(async () => {
          const me = self();
          const seen = await new Promise<Pid>((resolve) => schedule(() => resolve(self())));
          expect(seen).toBe(me);
        }));
    }

    it('setInterval on each of its runs, with other processes running between', () =>
      run(async () => {
        const me = self();
        const seen: Pid[] = [];
        const noise = Array.from({ length: 10 }, () => spawn(async () => {
          for (;;) {
            await receive();
            await Promise.resolve();
          }
        }));
        await new Promise<void>((resolve) => {
          const h = setInterval(() => {
            seen.push(self());
            for (const n of noise) send(n, 'tick');
            if (seen.length === 5) {
              clearInterval(h);
              resolve();
            }
          }, 1);
        });
        expect(seen).toEqual([me, me, me, me, me]);
        for (const n of noise) Process.exit(n, 'kill');
      }));

    it('a callback scheduled outside every process is outside too', async () => {
      const outside = await new Promise((resolve) =>
        setTimeout(() => {
          try {
            resolve(self());
          } catch (e) {
            resolve(e);
          }
        }, 1),
      );
      expect(outside).toBeInstanceOf(NoProcessError);
    });

    it('makes a process spawned in a timer callback a child of the process', () =>
      run(async () => {
        const me = self();
        const child = await new Promise<Pid>((resolve) => setTimeout(() => resolve(spawn(() => receive())), 1));
        expect(Process.info(child)!.parent).toBe(me);
      }));
  });

  it('stays right for 200 processes interleaving awaits of every kind', () =>
    run(async () => {
      const parent = self();
      const steps: (() => Promise<unknown>)[] = [
        () => Promise.resolve(),
        () => new Promise((r) => setTimeout(r, 0)),
        () => new Promise((r) => setImmediate(r)),
        () => new Promise((r) => process.nextTick(r)),
        () => timersPromises.setTimeout(1),
        () => fs.stat('.'),
        () => Promise.all([Promise.resolve(), new Promise((r) => setImmediate(r))]),
      ];
      const n = 200;
      const pids: Pid[] = [];
      for (let i = 0; i < n; i++) {
        pids.push(
          spawn(async () => {
            const me = self();
            let wrong = 0;
            for (let k = 0; k < 14; k++) {
              await steps[(i + k) % steps.length]();
              if (self() !== me) wrong++;
              // hand a message around so processes really interleave
              send(pids[(i + 1) % n], ['hop', me]);
              await receive(['hop', Pid]);
              if (self() !== me) wrong++;
            }
            send(parent, ['done', me, wrong]);
          }),
        );
      }
      const wrongs: number[] = [];
      for (let i = 0; i < n; i++) {
        const [, , wrong] = await receive(['done', Pid, Number]);
        wrongs.push(wrong);
      }
      expect(wrongs.every((w) => w === 0)).toBe(true);
    }));

  it('a crash in one interleaving process does not confuse the others', () =>
    run(async () => {
      const [a, refA] = spawnMonitor(async () => {
        await timersPromises.setTimeout(1);
        throw 'first';
      });
      const [b, refB] = spawnMonitor(async () => {
        const me = self();
        await timersPromises.setTimeout(2);
        if (self() !== me) throw 'wrong self';
      });
      expect(await receive(['DOWN', refA, _, _, _])).toEqual(['DOWN', refA, 'process', a, 'first']);
      expect(await receive(['DOWN', refB, _, _, _])).toEqual(['DOWN', refB, 'process', b, 'normal']);
    }));
});
