import { describe, expect, it } from 'vitest';
import {
  _,
  ArgumentError,
  exit,
  ExitError,
  isPid,
  isRef,
  NoProcessError,
  Pid,
  Process,
  receive,
  run,
  self,
  send,
  spawn,
  spawnLink,
  spawnMonitor,
  type ProcessContext,
} from '../../src/runtime/index.js';
import { downReason, exitReason } from './helpers.js';

describe('spawn', () => {
  it('returns a pid at once and runs the process only when the caller yields', () =>
    run(async () => {
      const log: string[] = [];
      const pid = spawn(() => void log.push('child ran'));
      expect(isPid(pid)).toBe(true);
      log.push('caller went on');
      await Process.sleep(0);
      expect(log).toEqual(['caller went on', 'child ran']);
    }));

  it('gives every process a distinct pid', () =>
    run(async () => {
      const pids = Array.from({ length: 100 }, () => spawn(() => {}));
      expect(new Set(pids.map(String)).size).toBe(100);
    }));

  it('ends a sync function that returns with reason normal', () =>
    run(async () => {
      expect(await exitReason(() => 42)).toBe('normal');
    }));

  it('ends an async function with reason normal once its promise resolves', () =>
    run(async () => {
      const [pid, ref] = spawnMonitor(async () => {
        await receive('go');
      });
      await Process.sleep(1);
      expect(Process.isAlive(pid)).toBe(true);
      send(pid, 'go');
      expect(await downReason(ref)).toBe('normal');
      expect(Process.isAlive(pid)).toBe(false);
    }));

  it('ends a process that throws with the thrown value as its reason', () =>
    run(async () => {
      expect(await exitReason(() => { throw 'boom'; })).toBe('boom');
      expect(await exitReason(() => { throw ['error', 42]; })).toEqual(['error', 42]);
      const err = new RangeError('out of range');
      expect(await exitReason(() => { throw err; })).toBe(err);
    }));

  it('ends an async process whose promise rejects with the rejection value as its reason', () =>
    run(async () => {
      expect(await exitReason(async () => {
        await Promise.resolve();
        throw 'late boom';
      })).toBe('late boom');
      expect(await exitReason(() => Promise.reject(['bad', 1]))).toEqual(['bad', 1]);
    }));

  it('keeps the stack of an Error reason', () =>
    run(async () => {
      const reason = await exitReason(function crasher() {
        throw new Error('with a stack');
      });
      expect(reason).toBeInstanceOf(Error);
      expect((reason as Error).stack).toContain('crasher');
    }));

  it('passes an explicit context (self, receive, send) to a function that takes one', () =>
    run(async () => {
      const parent = self();
      const pid = spawn(async (ctx: ProcessContext) => {
        const msg = await ctx.receive(['hi', _]);
        ctx.send(parent, ['ctx', ctx.self, msg]);
      });
      send(pid, ['other', 0]);
      send(pid, ['hi', 1]);
      expect(await receive()).toEqual(['ctx', pid, ['hi', 1]]);
    }));

  it('runs from outside any process (plain code may start processes)', async () => {
    const reply = await run(async () => {
      const me = self();
      return new Promise((resolve) => {
        const pid = spawn(async () => resolve(await receive()));
        send(pid, ['from', me]);
      });
    });
    expect(reply).toEqual(['from', expect.any(Pid)]);
    const outside = spawn(() => {});
    expect(isPid(outside)).toBe(true);
  });

  it('uses the label option, else the function name, as the process label', () =>
    run(async () => {
      const a = spawn(function worker() { return receive(); });
      const b = spawn(() => receive(), { label: 'my label' });
      const named = () => receive();
      expect(Process.info(a)?.label).toBe('worker');
      expect(Process.info(b)?.label).toBe('my label');
      expect(Process.info(spawn(named))?.label).toBe('named');
      expect(Process.info(spawn(() => receive()))?.label).toBe('anonymous');
    }));

  it('refuses a non-function with an ArgumentError that says what to write', () => {
    expect(() => spawn(42 as never)).toThrow(ArgumentError);
    expect(() => spawn(42 as never)).toThrow(/spawn: expected a function to run as the process, got 42\. Write spawn\(async \(\) => \{ \.\.\. \}\)/);
    expect(() => spawn(undefined as never)).toThrow(/got undefined/);
    expect(() => spawn(() => {}, 'label' as never)).toThrow(/options are an object such as \{ label: 'worker' \}/);
  });

  it('raises badarg as the error reason of ArgumentError', () => {
    try {
      spawn('not a function' as never);
      expect.unreachable();
    } catch (e) {
      expect((e as ArgumentError).reason).toBe('badarg');
    }
  });

  // How a process's end is seen depends on what its function returns (on Node < 24 the
  // promise hooks watch an async function's own promise); each way must end it once.
  describe('ends when its function is done, whatever it returns', () => {
    it('an async function that finishes without awaiting: normal', () =>
      run(async () => expect(await exitReason(async () => {})).toBe('normal')));

    it('an async function that returns a promise settled later: normal', () =>
      run(async () => {
        expect(await exitReason(async () => new Promise((r) => setTimeout(r, 1)))).toBe('normal');
      }));

    it('an async function that returns a promise rejected later: its reason', () =>
      run(async () => {
        expect(await exitReason(async () => new Promise((_r, reject) => setTimeout(() => reject('late'), 1)))).toBe('late');
      }));

    it('a plain function that returns a promise: when the promise settles', () =>
      run(async () => {
        const later = () => new Promise((r) => setTimeout(r, 1)).then(() => exit('after a while'));
        expect(await exitReason(later)).toBe('after a while');
      }));

    it('an async function that awaited: normal, once (no second exit)', () =>
      run(async () => {
        Process.flag('trap_exit', true);
        const pid = spawnLink(async () => {
          await Process.sleep(1);
        });
        expect(await receive(['EXIT', pid, _])).toEqual(['EXIT', pid, 'normal']);
        expect(await receive({ after: 5 })).toBe('timeout');
      }));
  });
});

describe('spawnLink', () => {
  it('links the child and the caller both ways', () =>
    run(async () => {
      const child = spawnLink(() => receive());
      expect(Process.info(child)!.links).toEqual([self()]);
      expect(Process.info(self())!.links).toEqual([child]);
    }));

  it('kills a non-trapping caller when the child crashes', () =>
    run(async () => {
      const reason = await exitReason(async () => {
        spawnLink(() => { throw 'child crashed'; });
        await receive();
      });
      expect(reason).toBe('child crashed');
    }));

  it('leaves the caller alone when the child ends normally', () =>
    run(async () => {
      spawnLink(() => 'done');
      expect(await receive({ after: 20 })).toBe('timeout');
    }));

  it('kills the child when the caller crashes', () =>
    run(async () => {
      const me = self();
      const reason = await exitReason(() => {
        const child = spawnLink(() => receive());
        send(me, ['child', child]);
        throw 'parent crashed';
      });
      expect(reason).toBe('parent crashed');
      const [, child] = await receive(['child', Pid]);
      expect(Process.isAlive(child)).toBe(false);
    }));

  it('needs a process to link to', () => {
    expect(() => spawnLink(() => {})).toThrow(NoProcessError);
    expect(() => spawnLink(() => {})).toThrow(/spawnLink\(\) must run inside a process/);
  });
});

describe('spawnMonitor', () => {
  it('returns [pid, ref] and delivers DOWN with the reason', () =>
    run(async () => {
      const [pid, ref] = spawnMonitor(() => exit('done'));
      expect(isPid(pid)).toBe(true);
      expect(isRef(ref)).toBe(true);
      expect(await receive()).toEqual(['DOWN', ref, 'process', pid, 'done']);
    }));

  it('does not link: a crash of the child leaves the caller alive', () =>
    run(async () => {
      const [, ref] = spawnMonitor(() => { throw 'crash'; });
      expect(await downReason(ref)).toBe('crash');
      expect(Process.info(self())!.links).toEqual([]);
    }));

  it('needs a process to monitor from', () => {
    expect(() => spawnMonitor(() => {})).toThrow(NoProcessError);
  });
});

describe('exit/1', () => {
  it('ends the process with the reason and skips the code after it', () =>
    run(async () => {
      let after = false;
      const reason = await exitReason(() => {
        exit(['shutdown', 'tired']);
        after = true;
      });
      expect(reason).toEqual(['shutdown', 'tired']);
      expect(after).toBe(false);
    }));

  it('can be caught with try/catch as an ExitError carrying the reason', () =>
    run(async () => {
      let caught: unknown;
      try {
        exit('caught me');
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(ExitError);
      expect((caught as ExitError).reason).toBe('caught me');
      expect(Process.isAlive(self())).toBe(true);
    }));

  it('with reason normal ends the process normally', () =>
    run(async () => {
      expect(await exitReason(() => exit('normal'))).toBe('normal');
    }));
});

describe('run', () => {
  it('resolves with what the function returns', async () => {
    expect(await run(() => 7)).toBe(7);
    expect(await run(async () => { await Promise.resolve(); return ['ok', 1]; })).toEqual(['ok', 1]);
  });

  it('rejects with an ExitError carrying a non-Error reason', async () => {
    const err = await run(() => exit('bye')).catch((e) => e);
    expect(err).toBeInstanceOf(ExitError);
    expect(err.reason).toBe('bye');
  });

  it('rejects with the Error itself when the reason is an Error', async () => {
    const boom = new TypeError('typed');
    await expect(run(() => { throw boom; })).rejects.toBe(boom);
  });

  it('rejects with killed when the process is killed', async () => {
    const err = await run(async () => {
      Process.exit(self(), 'kill');
    }).catch((e) => e);
    expect(err).toBeInstanceOf(ExitError);
    expect(err.reason).toBe('killed');
  });
});
