/**
 * The one stream of runtime events. The tree view, the tracer, sequence diagrams, the web
 * observer, crash reports and tests all read it (xstate v5's inspection stream, OTP's sys
 * debug events). Emitting sites test `observed` first, so with nobody listening an event
 * costs one load of a boolean and no allocation.
 */
import type { Pid, Ref } from './pid.js';

export type RuntimeEvent =
  | { type: 'spawn'; pid: Pid; parent: Pid | undefined; label: string; link: boolean; token?: unknown }
  | { type: 'exit'; pid: Pid; reason: unknown; token?: unknown }
  | { type: 'link'; from: Pid; to: Pid }
  | { type: 'unlink'; from: Pid; to: Pid }
  | { type: 'monitor'; ref: Ref; watcher: Pid; target: Pid | string }
  | { type: 'demonitor'; ref: Ref; watcher: Pid }
  | { type: 'signal'; from: Pid | undefined; to: Pid; reason: unknown; token?: unknown }
  /** `reply: true`: a GenServer.call reply, which travels outside the mailbox (reply.ts). */
  | { type: 'send'; from: Pid | undefined; to: Pid; msg: unknown; token?: unknown; reply?: boolean }
  | { type: 'receive'; pid: Pid; msg: unknown; token?: unknown }
  | { type: 'register'; name: string; pid: Pid }
  | { type: 'unregister'; name: string; pid: Pid }
  | { type: 'label'; pid: Pid; label: string }
  /** Events of higher layers (OTP reports, GenServer state changes) travel the same stream. */
  | { type: 'report'; kind: string; pid: Pid | undefined; [key: string]: unknown };

export type Stamped<E = RuntimeEvent> = E & { seq: number; time: number };
export type Listener = (event: Stamped) => void;

let listeners: Listener[] = [];
let seq = 0;

/** True while at least one listener is subscribed; emitting sites check it first. */
export let observed = false;

/**
 * Subscribes to every runtime event; returns the function that unsubscribes.
 *
 * @example Watch processes being spawned
 * ```ts
 * const seen: string[] = [];
 * const stop = subscribe((e) => { if (e.type === 'spawn') seen.push(e.label); });
 * spawn(function worker() {});
 * stop();
 * seen; // ['worker']
 * ```
 */
export function subscribe(listener: Listener): () => void {
  listeners = [...listeners, listener];
  observed = true;
  return () => {
    listeners = listeners.filter((l) => l !== listener);
    observed = listeners.length > 0;
  };
}

/**
 * Sends an event to every listener: how higher layers (OTP reports, the shell) put their
 * own `report` events on the runtime's stream. A listener that throws is removed, never the
 * runtime.
 *
 * @example Report something of your own
 * ```ts
 * const seen: string[] = [];
 * const stop = subscribe((e) => { if (e.type === 'report') seen.push(e.kind); });
 * emit({ type: 'report', kind: 'cache_warmed', pid: self() });
 * stop();
 * seen; // ['cache_warmed']
 * ```
 */
export function emit(event: RuntimeEvent): void {
  if (!observed) return;
  const stamped = event as Stamped;
  stamped.seq = ++seq;
  stamped.time = Date.now();
  for (const l of listeners) {
    try {
      l(stamped);
    } catch (err) {
      listeners = listeners.filter((x) => x !== l);
      observed = listeners.length > 0;
      process.emitWarning(`beamish: an event listener threw and was removed: ${String(err)}`);
    }
  }
}
