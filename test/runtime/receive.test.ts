import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  _,
  after,
  ArgumentError,
  type ManualClock,
  NoProcessError,
  on,
  Pid,
  Process,
  receive,
  run,
  self,
  send,
  spawn,
  spawnMonitor,
} from '../../src/runtime/index.js';
import { downReason, mailbox, manualClock, turns } from './helpers.js';

let clock: ManualClock;
let restore: () => void;
beforeEach(() => ({ clock, restore } = manualClock()));
afterEach(() => restore());

/** Calls `fn`, turning a synchronous throw into a rejection. */
function attempt(fn: () => unknown): Promise<unknown> {
  return (async () => fn())();
}

/** Starts `fn` as a process; the returned promise settles with its result. */
function start<T>(fn: () => Promise<T>): Promise<T> {
  return run(fn);
}

describe('receive()', () => {
  it('takes the oldest message', () =>
    run(async () => {
      send(self(), 'first');
      send(self(), 'second');
      expect(await receive()).toBe('first');
      expect(await receive()).toBe('second');
    }));

  it('waits as long as it takes for a message (no timer is set)', async () => {
    let pid!: Pid;
    const got = start(async () => {
      pid = self();
      return receive();
    });
    await clock.advance(1_000_000);
    expect(clock.pending).toBe(0);
    send(pid, 'at last');
    expect(await got).toBe('at last');
  });

  it('counts each message taken as one reduction', () =>
    run(async () => {
      const before = Process.info(self())!.reductions;
      send(self(), 1);
      send(self(), 2);
      await receive();
      await receive();
      expect(Process.info(self())!.reductions - before).toBe(2);
    }));
});

describe('receive(pattern)', () => {
  it('takes the first message that matches and keeps the skipped ones in order', () =>
    run(async () => {
      for (const m of [['b', 1], ['a', 1], ['b', 2], ['a', 2], ['b', 3]]) send(self(), m);
      expect(await receive(['a', _])).toEqual(['a', 1]);
      expect(await receive(['a', _])).toEqual(['a', 2]);
      expect(await mailbox()).toEqual([['b', 1], ['b', 2], ['b', 3]]);
    }));

  it('waits for a matching message, queueing the others in arrival order', () =>
    run(async () => {
      const parent = self();
      const pid = spawn(async () => {
        const match = await receive(['wanted', Number]);
        send(parent, ['got', match, await mailbox()]);
      });
      send(pid, 'noise 1');
      send(pid, ['wanted', 'not a number']);
      send(pid, 'noise 2');
      send(pid, ['wanted', 7]);
      send(pid, 'after');
      expect(await receive()).toEqual(['got', ['wanted', 7], ['noise 1', ['wanted', 'not a number'], 'noise 2', 'after']]);
    }));

  it('accepts a predicate', () =>
    run(async () => {
      send(self(), 3);
      send(self(), 12);
      expect(await receive((m: number) => m > 10)).toBe(12);
      expect(await receive()).toBe(3);
    }));

  it('hands a matching message straight to a waiting receiver', () =>
    run(async () => {
      const parent = self();
      const pid = spawn(async () => send(parent, await receive(['x', _])));
      await turns();
      send(pid, ['x', 1]);
      expect(await receive()).toEqual(['x', 1]);
    }));
});

describe('receive with a timeout', () => {
  it('receive(pattern, { after }) gives the match when it comes in time', async () => {
    let pid!: Pid;
    const got = start(async () => {
      pid = self();
      return receive('ping', { after: 100 });
    });
    await clock.advance(99);
    send(pid, 'ping');
    expect(await got).toBe('ping');
    expect(clock.pending).toBe(0);
  });

  it("receive(pattern, { after }) gives 'timeout' when nothing matched in time, keeping what came", async () => {
    let pid!: Pid;
    const got = start(async () => {
      pid = self();
      const r = await receive('ping', { after: 100 });
      return [r, await mailbox()];
    });
    await clock.advance(50);
    send(pid, 'pong');
    await clock.advance(49);
    expect(clock.pending).toBe(1);
    await clock.advance(1);
    expect(await got).toEqual(['timeout', ['pong']]);
  });

  it("receive({ after }) takes any message, else 'timeout'", async () => {
    const got = start(async () => receive({ after: 10 }));
    await clock.advance(10);
    expect(await got).toBe('timeout');
    const got2 = start(async () => {
      send(self(), 'x');
      return receive({ after: 10 });
    });
    expect(await got2).toBe('x');
  });

  it('after: 0 only looks and never waits', () =>
    run(async () => {
      expect(await receive({ after: 0 })).toBe('timeout');
      expect(await receive('x', { after: 0 })).toBe('timeout');
      send(self(), 'y');
      send(self(), 'x');
      expect(await receive('x', { after: 0 })).toBe('x');
      expect(await receive({ after: 0 })).toBe('y');
      expect(clock.pending).toBe(0);
    }));

  it("after: Infinity and after: 'infinity' wait forever, with no timer", async () => {
    const pids: Pid[] = [];
    const a = start(async () => {
      pids.push(self());
      return receive({ after: Infinity });
    });
    const b = start(async () => {
      pids.push(self());
      return receive(_, { after: 'infinity' });
    });
    await clock.advance(10_000_000);
    expect(clock.pending).toBe(0);
    for (const p of pids) send(p, 'late');
    expect(await Promise.all([a, b])).toEqual(['late', 'late']);
  });

  it('cancels its timer when the message comes', async () => {
    let pid!: Pid;
    const got = start(async () => {
      pid = self();
      return receive({ after: 5000 });
    });
    await clock.advance(1);
    expect(clock.pending).toBe(1);
    send(pid, 'm');
    expect(await got).toBe('m');
    expect(clock.pending).toBe(0);
  });
});

describe('receive(on(...), on(...), after(...))', () => {
  it("gives the value of the handler of the clause that matched (Elixir's receive do … end)", () =>
    run(async () => {
      send(self(), ['add', 2]);
      const r = await receive(
        on(['add', Number], ([, n]: [string, number]) => n + 1),
        on('stop', () => 'stopped'),
      );
      expect(r).toBe(3);
    }));

  it('takes the oldest message that matches any clause, whatever the clause order (as Erlang)', () =>
    run(async () => {
      send(self(), 'noise');
      send(self(), 'b');
      send(self(), 'a');
      const r = await receive(on('a', () => 'clause a'), on('b', () => 'clause b'));
      expect(r).toBe('clause b');
      expect(await mailbox()).toEqual(['noise', 'a']);
    }));

  it('tries the clauses in order for one message', () =>
    run(async () => {
      send(self(), ['x', 1]);
      const r = await receive(on(['x', _], () => 'first'), on(['x', 1], () => 'second'));
      expect(r).toBe('first');
    }));

  it('waits for a message matching some clause', async () => {
    let pid!: Pid;
    const got = start(async () => {
      pid = self();
      return receive(on('a', () => 1), on('b', () => 2), after(1000, () => 'late'));
    });
    await clock.advance(10);
    send(pid, 'c');
    send(pid, 'b');
    expect(await got).toBe(2);
    expect(clock.pending).toBe(0);
  });

  it('runs the after handler when nothing matched in time', async () => {
    const got = start(async () => receive(on('a', () => 1), after(1000, () => 'nothing came')));
    await clock.advance(999);
    expect(clock.pending).toBe(1);
    await clock.advance(1);
    expect(await got).toBe('nothing came');
  });

  it('after(0, ...) only looks', () =>
    run(async () => {
      expect(await receive(on('a', () => 1), after(0, () => 'empty'))).toBe('empty');
      expect(await receive(after(0, () => 'only after'))).toBe('only after');
      send(self(), 'a');
      expect(await receive(on('a', () => 1), after(0, () => 'empty'))).toBe(1);
    }));

  it("after('infinity', ...) waits forever", async () => {
    let pid!: Pid;
    const got = start(async () => {
      pid = self();
      return receive(on('a', () => 1), after('infinity', () => 'never'));
    });
    await clock.advance(1e9);
    expect(clock.pending).toBe(0);
    send(pid, 'a');
    expect(await got).toBe(1);
  });

  it('awaits an async handler', () =>
    run(async () => {
      send(self(), 'x');
      expect(await receive(on('x', async () => { await Promise.resolve(); return 'async'; }))).toBe('async');
    }));

  it('ends the process with what a handler throws', () =>
    run(async () => {
      const [pid, ref] = spawnMonitor(() => receive(on('x', () => { throw 'handler failed'; })));
      send(pid, 'x');
      expect(await downReason(ref)).toBe('handler failed');
    }));
});

describe('receive: bad input', () => {
  it('needs a process', () => {
    expect(() => receive()).toThrow(NoProcessError);
    expect(() => receive()).toThrow(/receive\(\) must run inside a process/);
  });

  it('refuses arguments of no known form, listing the forms', () =>
    run(async () => {
      expect(() => receive('a', 'b')).toThrow(ArgumentError);
      expect(() => receive('a', 'b')).toThrow(/expected receive\(\), receive\(pattern\), receive\(pattern, \{ after: ms \}\), receive\(\{ after: ms \}\) or receive\(on\(pattern, handler\), \.\.\., after\(ms, handler\)\); got 2 arguments/);
      expect(() => receive('a', { after: 1 }, 'c')).toThrow(/got 3 arguments/);
      expect(() => receive('a', { after: 1, extra: 2 })).toThrow(/got 2 arguments/);
    }));

  it('refuses a bad timeout, saying what a timeout is', () =>
    run(async () => {
      for (const bad of [-1, NaN, 'soon', null, '100']) {
        expect(() => receive({ after: bad as never })).toThrow(/receive: a timeout is a number of milliseconds >= 0, Infinity or 'infinity', got/);
        expect(() => receive('x', { after: bad as never })).toThrow(ArgumentError);
      }
      expect(() => after(-5, () => 1)).toThrow(/after: a timeout is a number of milliseconds >= 0/);
    }));

  it('refuses clauses mixed with other arguments, or an after that is not last', () =>
    run(async () => {
      await expect(attempt(() => receive(on('a', () => 1), 'b'))).rejects.toThrow(
        /with clauses, every argument is on\(pattern, handler\) and only the last may be after\(ms, handler\); argument 2 is 'b'/,
      );
      await expect(attempt(() => receive(after(1, () => 1), on('a', () => 1)))).rejects.toThrow(/argument 1/);
      await expect(attempt(() => receive(on('a', () => 1), after(1, () => 1), after(2, () => 2)))).rejects.toThrow(/argument 2/);
    }));

  it('refuses a handler that is not a function', () => {
    expect(() => on('a', 'value' as never)).toThrow(/on\(pattern, handler\): the handler must be a function, got 'value'/);
    expect(() => after(10, 'late' as never)).toThrow(/after\(ms, handler\): the handler must be a function/);
  });

  it('refuses a second receive while the first still waits', () =>
    run(async () => {
      const first = receive('never');
      expect(() => receive()).toThrow(/is already waiting in another receive; a process receives one message at a time/);
      send(self(), 'never');
      expect(await first).toBe('never');
    }));

  it('refuses a Promise as a pattern at once, even with an empty mailbox (a forgotten await)', () =>
    run(async () => {
      const p = Promise.resolve('x');
      await expect(attempt(() => receive(p))).rejects.toThrow(/receive: a pattern cannot be a Promise \(did you forget an await\?\)/);
      await expect(attempt(() => receive(p, { after: 0 }))).rejects.toThrow(ArgumentError);
      await expect(attempt(() => receive(on(p, () => 1), after(0, () => 0)))).rejects.toThrow(ArgumentError);
    }));

  it('refuses a predicate of two arguments at once, even with an empty mailbox', () =>
    run(async () => {
      await expect(attempt(() => receive((a: unknown, b: unknown) => a === b))).rejects.toThrow(/a predicate pattern takes one argument \(the message\)/);
      await expect(attempt(() => receive((a: unknown, b: unknown) => a === b, { after: 0 }))).rejects.toThrow(ArgumentError);
    }));

  it('ends the receiver, not the sender, when its predicate throws on a message', () =>
    run(async () => {
      const [pid, ref] = spawnMonitor(() =>
        receive((m: { x: { y: number } }) => m.x.y === 1),
      );
      await turns();
      send(pid, 'no x here');
      expect(Process.isAlive(self())).toBe(true);
      expect(await downReason(ref)).toBeInstanceOf(TypeError);
    }));
});
