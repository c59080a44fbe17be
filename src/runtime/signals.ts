/**
 * Exits and the signals they send, exactly as Erlang: links carry exit signals both ways;
 * a `normal` exit is ignored by non-trapping links; `kill` sent with Process.exit cannot be
 * trapped and is seen as `killed`; a trapping process gets `['EXIT', from, reason]`;
 * monitors deliver `['DOWN', ref, 'process', pidOrName, reason]`.
 *
 * Signals are processed synchronously at the moment they are sent, after every message the
 * same sender sent before, so the order between one sender and one receiver holds for
 * messages and signals alike. Deaths caused by deaths are handled in a loop, not by
 * recursion, so a chain of 100,000 linked processes cannot overflow the stack.
 */
import { clock } from './clock.js';
import { emit, observed } from './events.js';
import { clear } from './mailbox.js';
import { Pid, type Ref, detach, newRef } from './pid.js';
import { EXITING, type Monitor, type Proc, table } from './proc.js';
import { releaseName } from './names.js';
import { settleHead } from './queue.js';
import { deliver } from './receive.js';
import { settleReply } from './reply.js';

/**
 * The sender of signals and messages that come from outside any process (plain code, a
 * test): a trapping process that gets an exit signal from there sees
 * `['EXIT', ROOT_PID, reason]`. It is no process of its own.
 *
 * @example The pid of the world outside
 * ```ts
 * String(ROOT_PID); // '#PID<0.0.0>'
 * Process.isAlive(ROOT_PID); // false
 * ```
 */
export const ROOT_PID = new Pid(0, 0, 0);

const dying: Proc[] = [];
let dyingHead = 0;
let draining = false;

/** Ends `p` with `reason`, then tells its links and monitors. */
export function exitProc(p: Proc, reason: unknown): void {
  if (p.dead) return;
  p.status = EXITING;
  p.exitReason = reason;
  table.delete(p.id);
  releaseName(p);
  if (p.wTimer !== null) {
    clock().clearTimer(p.wTimer);
    p.wTimer = null;
  }
  p.wResolve = null;
  p.wClauses = null;
  p.wPat = undefined;
  p.parked = undefined;
  clear(p);
  dying.push(p);
  if (draining) return;
  draining = true;
  try {
    while (dyingHead < dying.length) {
      const d = dying[dyingHead];
      dying[dyingHead++] = undefined as unknown as Proc;
      notify(d);
    }
  } finally {
    // Emptied keeping its store (most exits are one process's alone): dropping it made the
    // next exit's push allocate one (an exit phase of a million: 0.40 -> 0.35 s).
    dyingHead = settleHead(dying, dying.length, true);
    draining = false;
  }
}

function notify(p: Proc): void {
  const reason = p.exitReason;
  const token = p.seqToken;
  if (observed) emit({ type: 'exit', pid: p.pid, reason, token });
  if (p.replies !== null) {
    for (const slot of p.replies.values()) if (slot.timer !== null) clock().clearTimer(slot.timer);
    p.replies = null;
  }
  if (p.monitors !== null) {
    for (const m of p.monitors.values()) m.target.monitoredBy?.delete(m.ref.id);
    p.monitors = null;
  }
  const links = p.links;
  p.links = null;
  if (links !== null) {
    for (const other of links) {
      other.links?.delete(p);
      exitSignal(other, p.pid, reason, true, token);
    }
  }
  const watchers = p.monitoredBy;
  p.monitoredBy = null;
  if (watchers !== null) {
    for (const m of watchers.values()) {
      m.watcher.monitors?.delete(m.ref.id);
      if (m.reply) settleReply(m.watcher, m.ref, ['DOWN', reason]);
      else deliver(m.watcher, ['DOWN', m.ref, 'process', m.named, reason], token);
    }
  }
  const hook = p.onExit;
  p.onExit = null;
  detach(p.pid);
  if (hook !== null) hook(reason);
}

/**
 * An exit signal from `from` reaches `target`. `viaLink` marks signals of a dying linked
 * process; the others come from Process.exit(pid, reason).
 */
export function exitSignal(target: Proc, from: Pid, reason: unknown, viaLink: boolean, token?: unknown): void {
  if (target.dead) return;
  if (observed) emit({ type: 'signal', from, to: target.pid, reason, token });
  if (!viaLink && reason === 'kill') return exitProc(target, 'killed');
  if (target.trapExit) return deliver(target, ['EXIT', from, reason], token);
  if (reason === 'normal') {
    if (!viaLink && from === target.pid) exitProc(target, 'normal');
    return;
  }
  exitProc(target, reason);
}

export function link(a: Proc, b: Proc): void {
  if (a === b) return;
  if (a.links === null) a.links = new Set();
  if (b.links === null) b.links = new Set();
  if (a.links.has(b)) return;
  a.links.add(b);
  b.links.add(a);
  if (observed) emit({ type: 'link', from: a.pid, to: b.pid });
}

export function unlink(a: Proc, b: Proc): void {
  if (a.links?.delete(b)) {
    b.links?.delete(a);
    if (observed) emit({ type: 'unlink', from: a.pid, to: b.pid });
  }
}

/**
 * `watcher` monitors `target` (undefined: dead or unknown, which gives `noproc` at once).
 * `reply` monitors belong to a pending call and report into its reply slot.
 */
export function monitor(watcher: Proc, target: Proc | undefined, named: Pid | string, reply = false, ref: Ref = newRef()): Ref {
  if (observed) emit({ type: 'monitor', ref, watcher: watcher.pid, target: named });
  if (target === undefined || target.dead) {
    if (reply) settleReply(watcher, ref, ['DOWN', 'noproc']);
    else deliver(watcher, ['DOWN', ref, 'process', named, 'noproc']);
    return ref;
  }
  const m: Monitor = { ref, watcher, target, named, reply };
  if (watcher.monitors === null) watcher.monitors = new Map();
  if (target.monitoredBy === null) target.monitoredBy = new Map();
  watcher.monitors.set(ref.id, m);
  target.monitoredBy.set(ref.id, m);
  return ref;
}

/** Removes a monitor `watcher` holds; false when there was none. */
export function demonitor(watcher: Proc, ref: Ref): boolean {
  const m = watcher.monitors?.get(ref.id);
  if (m === undefined) return false;
  watcher.monitors!.delete(ref.id);
  m.target.monitoredBy?.delete(ref.id);
  if (observed) emit({ type: 'demonitor', ref, watcher: watcher.pid });
  return true;
}
