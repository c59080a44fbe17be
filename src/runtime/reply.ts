/**
 * Request/reply with O(1) reply matching: the machinery under GenServer.call.
 *
 * The BEAM keeps a call fast with 10,000 unrelated messages queued by never scanning them
 * (a receive marker, then process aliases). Here a pending call owns a slot keyed by its
 * ref; the reply and the server's DOWN go into that slot, not the mailbox. When the call
 * times out the slot is removed, so a late reply is dropped, as with OTP's aliases.
 */
import { clock } from './clock.js';
import { budgetOk } from './scheduler.js';
import { currentProc, host } from './context.js';
import { emit, observed } from './events.js';
import { newRef, type Pid, procOf, type Ref } from './pid.js';
import type { Proc, ReplyOutcome, ReplySlot } from './proc.js';
import { demonitor, monitor } from './signals.js';

/**
 * Opens a request from `caller` to `target`: a reply slot and a monitor reporting into it.
 * `ref` names the request (a new ref unless the requester made one already).
 */
export function openRequest(caller: Proc, target: Proc | undefined, named: Pid | string, ref: Ref = newRef()): Ref {
  const slot: ReplySlot = { resolve: null, reject: null, fail: null, timer: null, outcome: undefined };
  if (caller.replies === null) caller.replies = new Map();
  caller.replies.set(ref.id, slot);
  monitor(caller, target, named, true, ref);
  return ref;
}

/**
 * Waits for the outcome of a request: `['reply', value]`, `['DOWN', reason]` when the
 * server died first, or `'timeout'`.
 */
export function awaitReply(caller: Proc, ref: Ref, timeout: number): Promise<ReplyOutcome> {
  const slot = caller.replies?.get(ref.id);
  if (slot === undefined) return new Promise(() => {}); // caller died meanwhile
  if (slot.outcome !== undefined) {
    close(caller, ref);
    return Promise.resolve(slot.outcome);
  }
  return new Promise((resolve) => {
    slot.resolve = resolve;
    if (timeout !== Infinity) {
      slot.timer = clock().setTimer(timeout, () => {
        slot.timer = null;
        close(caller, ref);
        resolve('timeout');
      });
    }
  });
}

/**
 * Waits for the reply value itself: resolves with it, or rejects with `fail(outcome)` when
 * the server died first or the request timed out. The fast path of GenServer.call: one
 * promise per call instead of awaitReply's plus a `.then`.
 */
export function awaitReplyValue(caller: Proc, ref: Ref, fail: (outcome: ReplyOutcome) => unknown): Promise<unknown> {
  const slot = caller.replies?.get(ref.id);
  if (slot === undefined) return new Promise(() => {}); // caller died meanwhile
  const o = slot.outcome;
  if (o !== undefined) {
    close(caller, ref);
    return o !== 'timeout' && o[0] === 'reply' ? Promise.resolve(o[1]) : Promise.reject(fail(o));
  }
  return new Promise((resolve, reject) => {
    slot.resolve = resolve;
    slot.reject = reject;
    slot.fail = fail;
  });
}

/** Answers the request `ref` of `to`; dropped when the request is no longer pending. */
export function sendReply(to: Pid, ref: Ref, value: unknown): void {
  const caller = procOf(to);
  if (caller === undefined) return;
  const server = currentProc();
  const token = server?.seqToken;
  if (observed) emit({ type: 'send', from: server?.pid, to, msg: value, token, reply: true });
  if (token !== undefined && !caller.seqPinned && caller.replies?.has(ref.id)) caller.seqToken = token;
  settleReply(caller, ref, ['reply', value]);
}

/** Puts an outcome in a pending slot, waking the caller. */
export function settleReply(caller: Proc, ref: Ref, outcome: ReplyOutcome): void {
  if (caller.dead) return;
  const slot = caller.replies?.get(ref.id);
  if (slot === undefined || slot.outcome !== undefined) return;
  slot.outcome = outcome;
  const resolve = slot.resolve;
  if (resolve === null) return; // the caller has not started waiting yet
  close(caller, ref);
  if (budgetOk()) finish(caller, slot, resolve, outcome);
  else host.setImmediate(() => finish(caller, slot, resolve, outcome));
}

function finish(caller: Proc, slot: ReplySlot, resolve: (v: unknown) => void, outcome: ReplyOutcome): void {
  if (caller.dead) return; // killed while the answer waited for its turn: its code must not go on
  if (slot.fail === null) resolve(outcome);
  else if (outcome !== 'timeout' && outcome[0] === 'reply') resolve(outcome[1]);
  else slot.reject!(slot.fail(outcome));
}

function close(caller: Proc, ref: Ref): void {
  const slot = caller.replies?.get(ref.id);
  if (slot === undefined) return;
  caller.replies!.delete(ref.id);
  if (slot.timer !== null) clock().clearTimer(slot.timer);
  demonitor(caller, ref);
}
