/**
 * Timers of processes: Process.sleep, Process.sendAfter, Process.cancelTimer.
 */
import { clock, type TimerHandle } from './clock.js';
import { currentProc } from './context.js';
import { ArgumentError } from './errors.js';
import { isolate } from './isolate.js';
import { type Dest, isDest } from './names.js';
import { newRef, Ref } from './pid.js';
import { timeoutMs } from './receive.js';
import { send } from './spawn.js';
import { formatTerm } from './term.js';

const pending = new Map<number, { handle: TimerHandle; due: number }>();

/**
 * Waits `ms` milliseconds (Elixir's `Process.sleep`). A process killed while it sleeps
 * never wakes up.
 *
 * @example Wait a little
 * ```ts
 * await Process.sleep(10); // 'ok'
 * ```
 */
export function sleep(ms: number | 'infinity'): Promise<'ok'> {
  const t = timeoutMs('Process.sleep', ms);
  const p = currentProc();
  if (t === Infinity) return new Promise(() => {});
  return new Promise((resolve) => {
    clock().setTimer(t, () => {
      if (p === undefined || !p.dead) resolve('ok');
    });
  });
}

/**
 * Sends `msg` to `dest` after `ms` milliseconds; returns a timer ref for `cancelTimer`.
 * The message is copied now, as Erlang copies it when the timer is set.
 *
 * @example A tick to yourself later
 * ```ts
 * Process.sendAfter(self(), 'tick', 50);
 * await receive({ after: 0 }); // 'timeout'
 * await receive('tick'); // 'tick'
 * ```
 */
export function sendAfter(dest: Dest, msg: unknown, ms: number): Ref {
  const t = timeoutMs('Process.sendAfter', ms);
  // Checked now, as Erlang does: at fire time a bad destination could only be dropped.
  if (!isDest(dest)) {
    throw new ArgumentError(`Process.sendAfter: the destination must be a pid, a registered name or Registry.via(...), got ${formatTerm(dest)}.`);
  }
  const ref = newRef();
  const copy = isolate(msg);
  const c = clock();
  const handle = c.setTimer(t, () => {
    pending.delete(ref.id);
    try {
      send(dest, copy);
    } catch {
      // A name that is free when the timer fires: dropped, as Erlang drops it.
    }
  });
  pending.set(ref.id, { handle, due: c.now() + t });
  return ref;
}

/**
 * Cancels a timer from `sendAfter`; returns the milliseconds that were left, or `false`
 * when the timer had already fired or been cancelled.
 *
 * @example Cancel a reminder
 * ```ts
 * const t = Process.sendAfter(self(), 'never', 1000);
 * Process.cancelTimer(t) > 0; // true
 * Process.cancelTimer(t); // false
 * ```
 */
export function cancelTimer(ref: Ref): number | false {
  if (!(ref instanceof Ref)) {
    throw new ArgumentError(`Process.cancelTimer: expected the ref returned by Process.sendAfter, got ${formatTerm(ref)}.`);
  }
  const t = pending.get(ref.id);
  if (t === undefined) return false;
  pending.delete(ref.id);
  const c = clock();
  c.clearTimer(t.handle);
  return Math.max(0, Math.round(t.due - c.now()));
}
