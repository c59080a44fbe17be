/**
 * Time, injected. Every timeout of the runtime (receive `after`, `sleep`, `sendAfter`)
 * goes through the current clock, so tests can swap in a ManualClock and advance time
 * without sleeping, as xstate's SimulatedClock does.
 */

export interface TimerHandle {
  readonly __timer: true;
}

export interface Clock {
  /** Milliseconds, monotonic. */
  now(): number;
  setTimer(ms: number, fn: () => void): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}

import { host } from './context.js';

const MAX_DELAY = 2_147_483_647; // setTimeout's limit; longer waits are re-armed.

class RealClock implements Clock {
  now(): number {
    return performance.now();
  }
  setTimer(ms: number, fn: () => void): TimerHandle {
    if (ms <= MAX_DELAY) return host.setTimeout(fn, ms) as unknown as TimerHandle;
    const box: { t?: NodeJS.Timeout } = {};
    const due = this.now() + ms;
    const arm = () => {
      const left = due - this.now();
      box.t = left <= MAX_DELAY ? host.setTimeout(fn, Math.max(0, left)) : host.setTimeout(arm, MAX_DELAY);
    };
    arm();
    return box as unknown as TimerHandle;
  }
  clearTimer(handle: TimerHandle): void {
    // A timer set while a ManualClock was in use, cleared after the clocks were swapped back.
    if (manualTimers.has(handle as object)) return void ((handle as unknown as ManualTimer).cancelled = true);
    const h = handle as unknown as { t?: NodeJS.Timeout };
    if (h && typeof h === 'object' && 't' in h) host.clearTimeout(h.t);
    else host.clearTimeout(handle as unknown as NodeJS.Timeout);
  }
}

interface ManualTimer {
  due: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/**
 * Every timer a ManualClock set. A timer is cleared through whichever clock is current at
 * the time (`clock().clearTimer`), which is not the one that set it when a test or a
 * tutorial check swapped clocks in between: each clock hands the other's timers over.
 */
const manualTimers = new WeakSet<object>();

/**
 * A clock that moves only when told to. `await clock.advance(ms)` fires every timer due
 * within `ms`, in order, letting processes run between timers.
 *
 * @example Timeouts in a test without sleeping
 * ```ts
 * const clock = new ManualClock();
 * useClock(clock);
 * const p = run(() => receive({ after: 5000 }));
 * await clock.advance(5000);
 * await p; // 'timeout'
 * useClock(realClock);
 * ```
 */
export class ManualClock implements Clock {
  private t = 0;
  private seq = 0;
  private timers: ManualTimer[] = [];

  now(): number {
    return this.t;
  }

  setTimer(ms: number, fn: () => void): TimerHandle {
    const timer: ManualTimer = { due: this.t + Math.max(0, ms), seq: this.seq++, fn, cancelled: false };
    this.timers.push(timer);
    manualTimers.add(timer);
    return timer as unknown as TimerHandle;
  }

  clearTimer(handle: TimerHandle): void {
    if (manualTimers.has(handle as object)) (handle as unknown as ManualTimer).cancelled = true;
    else realClock.clearTimer(handle);
  }

  /** Timers not yet fired nor cancelled. */
  get pending(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }

  /** Moves time forward by `ms`, firing due timers in order; settles processes in between. */
  async advance(ms: number): Promise<void> {
    const target = this.t + ms;
    await settle();
    for (;;) {
      this.timers = this.timers.filter((t) => !t.cancelled);
      let next: ManualTimer | undefined;
      for (const t of this.timers) {
        if (t.due <= target && (!next || t.due < next.due || (t.due === next.due && t.seq < next.seq))) next = t;
      }
      if (!next) break;
      this.t = Math.max(this.t, next.due);
      next.cancelled = true;
      next.fn();
      await settle();
    }
    this.t = target;
    await settle();
  }
}

/**
 * Lets queued processes run: waits a few turns of the event loop (`turns`, default 3).
 * `ManualClock.advance` settles between timers; tests use it to let messages flow.
 *
 * @example Let a spawned process run
 * ```ts
 * let ran = false;
 * spawn(() => { ran = true; });
 * await settle();
 * ran; // true
 * ```
 */
export async function settle(turns = 3): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((r) => host.setImmediate(r));
}

/**
 * The clock of the host (performance.now and setTimeout): the runtime's clock unless
 * `useClock` put another in.
 *
 * @example Back to real time after a test
 * ```ts
 * useClock(new ManualClock());
 * useClock(realClock) instanceof ManualClock; // true
 * clock() === realClock; // true
 * ```
 */
export const realClock: Clock = new RealClock();

let current: Clock = realClock;

/**
 * The clock the runtime reads for every timeout (receive `after`, `sleep`, `sendAfter`).
 *
 * @example Read the time the runtime sees
 * ```ts
 * const t0 = clock().now();
 * await Process.sleep(5);
 * clock().now() - t0 >= 4; // true
 * ```
 */
export function clock(): Clock {
  return current;
}

/**
 * Replaces the runtime's clock (tests); returns the previous one, to put back afterwards.
 *
 * @example A receive timeout in no real time
 * ```ts
 * const manual = new ManualClock();
 * const previous = useClock(manual);
 * const waiting = run(() => receive({ after: 60_000 }));
 * await manual.advance(60_000);
 * await waiting; // 'timeout'
 * useClock(previous) === manual; // true
 * ```
 */
export function useClock(c: Clock): Clock {
  const prev = current;
  current = c;
  return prev;
}
