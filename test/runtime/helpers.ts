/**
 * Helpers shared by the runtime's tests. They run inside a process (call them in `run`).
 */
import { _, ManualClock, receive, spawnMonitor, subscribe, useClock, type Pid, type ProcessFn, type Clock, type Stamped } from '../../src/runtime/index.js';

/** Runs `fn` as a monitored process and resolves with its exit reason. */
export async function exitReason(fn: ProcessFn): Promise<unknown> {
  const [, ref] = spawnMonitor(fn);
  const down = await receive(['DOWN', ref, 'process', _, _]);
  return down[4];
}

/** The reason in the DOWN message of the monitor `ref`, waiting for it. */
export async function downReason(ref: unknown): Promise<unknown> {
  return (await receive(['DOWN', ref, 'process', _, _]))[4];
}

/** Every message in the mailbox now, oldest first, without waiting. */
export async function mailbox(): Promise<unknown[]> {
  const out: unknown[] = [];
  for (;;) {
    const m = await receive({ after: 0 });
    if (m === 'timeout') return out;
    out.push(m);
  }
}

/** Installs a ManualClock; call the returned function to put the previous clock back. */
export function manualClock(): { clock: ManualClock; restore: () => void } {
  const clock = new ManualClock();
  const prev: Clock = useClock(clock);
  return { clock, restore: () => void useClock(prev) };
}

/** Records every runtime event until `stop()`. */
export function recordEvents(): { events: Stamped[]; stop: () => void } {
  const events: Stamped[] = [];
  const stop = subscribe((e) => events.push(e));
  return { events, stop };
}

/** A promise that settles after a few turns of the event loop (real time, no timers). */
export function turns(n = 3): Promise<void> {
  let p = Promise.resolve();
  for (let i = 0; i < n; i++) p = p.then(() => new Promise<void>((r) => setImmediate(r)));
  return p;
}

export type { Pid };
