/**
 * Timeouts of pending calls without a host timer per call. A timer set and cleared for
 * every call cost a fifth of a call's time (Node's timer list insert and unenroll); yet
 * calls with the same timeout expire in the order they were made, so one FIFO per timeout
 * length, with a single timer armed for its oldest entry, does the same job. Entries whose
 * reply came are dropped from the front as new calls arrive, so sequential calls keep the
 * queue at one or two entries; concurrent calls keep one entry each until they settle.
 */
import type { Ref } from '../runtime/index.js';
import { clock, type Clock } from '../runtime/index.js';
import { type Proc, settleHead, settleReply } from '../runtime/internal.js';

interface Entry {
  caller: Proc;
  ref: Ref;
  due: number;
}

interface Lane {
  readonly clock: Clock;
  readonly ms: number;
  q: Entry[];
  head: number;
  /** Due time of the armed timer, or -1 when none is armed. */
  armedFor: number;
}

/** Lanes by clock (tests swap clocks) and by timeout length. */
const lanes = new WeakMap<Clock, Map<number, Lane>>();

function pending(e: Entry): boolean {
  const slot = e.caller.replies?.get(e.ref.id);
  return slot !== undefined && slot.outcome === undefined && !e.caller.dead;
}

/** Drops settled entries from the front of the lane. */
function trim(lane: Lane): void {
  const q = lane.q;
  while (lane.head < q.length && !pending(q[lane.head])) q[lane.head++] = undefined as unknown as Entry;
  lane.head = settleHead(q, lane.head, true);
}

function arm(lane: Lane): void {
  trim(lane);
  if (lane.head === lane.q.length || lane.armedFor !== -1) return;
  const due = lane.q[lane.head].due;
  lane.armedFor = due;
  lane.clock.setTimer(Math.max(0, due - lane.clock.now()), () => fire(lane));
}

function fire(lane: Lane): void {
  lane.armedFor = -1;
  const now = lane.clock.now();
  const q = lane.q;
  while (lane.head < q.length && q[lane.head].due <= now) {
    const e = q[lane.head];
    q[lane.head++] = undefined as unknown as Entry;
    if (pending(e)) settleReply(e.caller, e.ref, 'timeout');
  }
  arm(lane);
}

/** The request `ref` of `caller` ends with 'timeout' after `ms` unless it settled before. */
export function timeoutAfter(caller: Proc, ref: Ref, ms: number): void {
  const c = clock();
  let byMs = lanes.get(c);
  if (byMs === undefined) lanes.set(c, (byMs = new Map()));
  let lane = byMs.get(ms);
  if (lane === undefined) byMs.set(ms, (lane = { clock: c, ms, q: [], head: 0, armedFor: -1 }));
  trim(lane);
  lane.q.push({ caller, ref, due: c.now() + ms });
  arm(lane);
}
