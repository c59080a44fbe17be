// On a ManualClock: no test here sleeps in real time. Return values checked against Elixir
// 1.14: Process.sleep → :ok; cancel_timer of a pending timer → the ms left (1000 right after
// send_after(…, 1000)); of a fired or cancelled timer → false; send_after to a name nobody
// holds when it fires → dropped, no error.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArgumentError, isRef, type ManualClock, Pid, Process, receive, run, self, send, spawn, spawnMonitor } from '../../src/runtime/index.js';
import { downReason, mailbox, manualClock } from './helpers.js';

let clock: ManualClock;
let restore: () => void;
beforeEach(() => ({ clock, restore } = manualClock()));
afterEach(() => restore());

describe('Process.sleep', () => {
  it("resolves with 'ok' after the time has passed, not before", async () => {
    let woke = false;
    const done = run(async () => {
      const r = await Process.sleep(1000);
      woke = true;
      return r;
    });
    await clock.advance(999);
    expect(woke).toBe(false);
    await clock.advance(1);
    expect(woke).toBe(true);
    expect(await done).toBe('ok');
  });

  it('keeps self() after it', async () => {
    const done = run(async () => {
      const me = self();
      await Process.sleep(10);
      return self() === me;
    });
    await clock.advance(10);
    expect(await done).toBe(true);
  });

  it("with Infinity or 'infinity' never resolves and sets no timer", async () => {
    let woke = false;
    spawn(async () => {
      await Process.sleep(Infinity);
      woke = true;
    });
    spawn(async () => {
      await Process.sleep('infinity');
      woke = true;
    });
    await clock.advance(1e9);
    expect(woke).toBe(false);
    expect(clock.pending).toBe(0);
  });

  it('never wakes a process killed while it sleeps', async () => {
    let woke = false;
    const sleeper = spawn(async () => {
      await Process.sleep(100);
      woke = true;
    });
    await clock.advance(10);
    Process.exit(sleeper, 'kill');
    await clock.advance(100);
    expect(woke).toBe(false);
  });

  it('refuses a bad duration, saying what a timeout is', () =>
    run(async () => {
      for (const bad of [-1, NaN, '10', null]) {
        expect(() => Process.sleep(bad as never)).toThrow(/Process\.sleep: a timeout is a number of milliseconds >= 0, Infinity or 'infinity', got/);
      }
    }));
});

describe('Process.sendAfter', () => {
  it('sends the message after the time, not before, and returns a timer ref', async () => {
    let pid!: Pid;
    const got = run(async () => {
      pid = self();
      const t = Process.sendAfter(self(), 'tick', 500);
      expect(isRef(t)).toBe(true);
      return receive();
    });
    await clock.advance(499);
    expect(Process.info(pid)!.messageQueueLen).toBe(0);
    await clock.advance(1);
    expect(await got).toBe('tick');
  });

  it('fires timers in time order, and equal times in the order they were set', async () => {
    const got = run(async () => {
      Process.sendAfter(self(), 'c', 30);
      Process.sendAfter(self(), 'a', 10);
      Process.sendAfter(self(), 'b1', 20);
      Process.sendAfter(self(), 'b2', 20);
      return [await receive(), await receive(), await receive(), await receive()];
    });
    await clock.advance(30);
    expect(await got).toEqual(['a', 'b1', 'b2', 'c']);
  });

  it('copies the message when the timer is set', async () => {
    const got = run(async () => {
      const msg = { n: 1 };
      Process.sendAfter(self(), msg, 10);
      msg.n = 2;
      return receive();
    });
    await clock.advance(10);
    expect(await got).toEqual({ n: 1 });
  });

  it('resolves a name when it fires', async () => {
    const got = run(async () => {
      Process.sendAfter('late_name', 'to the name', 10);
      Process.register(self(), 'late_name');
      return receive();
    });
    await clock.advance(10);
    expect(await got).toBe('to the name');
  });

  it('drops the message when the name is free when it fires (Elixir: no error)', async () => {
    const done = run(async () => {
      const [holder, ref] = spawnMonitor(() => receive('stop'));
      Process.register(holder, 'gone_name');
      Process.sendAfter('gone_name', 'lost', 10);
      send(holder, 'stop');
      await downReason(ref);
      await receive({ after: 20 });
      return Process.isAlive(self());
    });
    await clock.advance(20);
    expect(await done).toBe(true);
  });

  it('drops the message when the pid is dead when it fires', async () => {
    const done = run(async () => {
      const [target, ref] = spawnMonitor(() => receive('stop'));
      Process.sendAfter(target, 'lost', 10);
      send(target, 'stop');
      await downReason(ref);
      return receive({ after: 20 });
    });
    await clock.advance(20);
    expect(await done).toBe('timeout');
  });

  it('works from outside every process', async () => {
    let resolve!: (m: unknown) => void;
    const got = new Promise((r) => (resolve = r));
    const target = spawn(async () => resolve(await receive()));
    Process.sendAfter(target, 'from outside', 5);
    await clock.advance(5);
    expect(await got).toBe('from outside');
  });

  it('refuses a bad time', () =>
    run(async () => {
      expect(() => Process.sendAfter(self(), 'x', -1)).toThrow(/Process\.sendAfter: a timeout is a number of milliseconds >= 0/);
      expect(() => Process.sendAfter(self(), 'x', 'soon' as never)).toThrow(ArgumentError);
    }));

  it('refuses a destination that is not a pid, name or via at once (Erlang: badarg), instead of dropping the message later', () =>
    run(async () => {
      expect(() => Process.sendAfter(42 as never, 'x', 10)).toThrow(/Process\.sendAfter: the destination must be a pid, a registered name or Registry\.via\(\.\.\.\), got 42/);
      expect(clock.pending).toBe(0);
    }));
});

describe('Process.cancelTimer', () => {
  it('cancels a pending timer and returns the milliseconds left (Elixir: 1000)', async () => {
    const got = run(async () => {
      const t = Process.sendAfter(self(), 'never', 1000);
      const leftNow = Process.cancelTimer(t);
      const t2 = Process.sendAfter(self(), 'never either', 1000);
      await Process.sleep(300);
      return [leftNow, Process.cancelTimer(t2), await mailbox()];
    });
    await clock.advance(300);
    expect(await got).toEqual([1000, 700, []]);
    await clock.advance(2000);
    expect(clock.pending).toBe(0);
  });

  it('returns false for a timer already cancelled or fired (Elixir: false)', async () => {
    const got = run(async () => {
      const t = Process.sendAfter(self(), 'x', 10);
      Process.cancelTimer(t);
      const again = Process.cancelTimer(t);
      const fired = Process.sendAfter(self(), 'y', 10);
      await receive('y');
      return [again, Process.cancelTimer(fired)];
    });
    await clock.advance(10);
    expect(await got).toEqual([false, false]);
  });

  it('refuses something that is not a timer ref', () => {
    expect(() => Process.cancelTimer('t' as never)).toThrow(/Process\.cancelTimer: expected the ref returned by Process\.sendAfter, got 't'/);
  });
});

describe('timers of a process that dies', () => {
  it('a process killed while it waits in a receive with a timeout leaves no timer behind', async () => {
    const waiter = spawn(() => receive('never', { after: 60_000 }));
    await clock.advance(1);
    expect(clock.pending).toBe(1);
    Process.exit(waiter, 'kill');
    expect(clock.pending).toBe(0);
  });
});

describe('ManualClock', () => {
  it('drives receive timeouts, sleeps and sendAfter together in time order', async () => {
    const got = run(async () => {
      const log: string[] = [];
      Process.sendAfter(self(), 'at 300', 300);
      log.push(String(await receive('nothing', { after: 100 })));
      await Process.sleep(100);
      log.push(`slept until ${clock.now()}`);
      log.push(String(await receive()));
      log.push(`at ${clock.now()}`);
      return log;
    });
    await clock.advance(1000);
    expect(await got).toEqual(['timeout', 'slept until 200', 'at 300', 'at 300']);
    expect(clock.now()).toBe(1000);
  });
});
