/**
 * A process's mailbox: a FIFO with a moving head, so taking the oldest message is O(1);
 * a selective receive scans from the head and removes the first match, keeping the order
 * of everything it skipped (Erlang's save queue).
 *
 * The queue is `mq` (from `mqHead` on), then the segments of `spill` when there are any:
 * past SEGMENT messages in `mq`, new ones go to arrays of at most SEGMENT, so no single
 * array of a flooded mailbox grows past that (growing an array copies it: one push onto
 * 900,000 queued messages held the loop for 10 to 30 ms). Indices (`take`, `markAt`)
 * count through `mq` as one array, then through the segments in order.
 */
import { _, matches } from './pattern.js';
import { settleHead } from './queue.js';
import { currentProc } from './context.js';
import { onRefMade, type Ref } from './pid.js';
import type { Proc } from './proc.js';

export const NO_MATCH = -1;

/**
 * A queued message that carries a sequence-trace token (see Proc.seqToken). Only messages
 * sent by a traced process are boxed, so untraced traffic pays one `instanceof` per scan.
 */
export class Traced {
  constructor(
    readonly msg: unknown,
    readonly token: unknown,
  ) {}
}

/** The message of a mailbox entry. */
export function unbox(entry: unknown): unknown {
  return entry instanceof Traced ? entry.msg : entry;
}

export function enqueue(p: Proc, msg: unknown, token?: unknown): void {
  let entry = msg;
  if (token !== undefined) {
    entry = new Traced(msg, token);
    p.boxes = true;
  }
  const q = p.mq;
  if (q === null) p.mq = [entry];
  else if (q.length < SEGMENT && p.spill === null) q.push(entry);
  else {
    const spill = p.spill;
    if (spill === null) p.spill = [[entry]];
    else {
      const last = spill[spill.length - 1];
      if (last.length < SEGMENT) last.push(entry);
      else spill.push([entry]);
    }
  }
}

/** The most messages one array of a mailbox grows to (see the top of this file). */
export const SEGMENT = 32768;

/** The index just past the last queued message (where a message queued now goes). */
export function queueEnd(p: Proc): number {
  return p.mqHead + p.queueLength;
}

/**
 * Marks `p`'s mailbox with a ref `p` has just made: no message queued now can contain a ref
 * that did not exist, so a receive whose pattern holds `ref` may skip them (the BEAM's
 * receive marker, which its compiler sets for `make_ref()` followed by a receive of that
 * ref). The usual request/reply then costs the same with 10,000 unrelated messages queued.
 */
export function mark(p: Proc, ref: Ref, at = queueEnd(p)): void {
  p.markRef = ref;
  p.markAt = at;
}

onRefMade((ref) => {
  const p = currentProc();
  if (p !== undefined) mark(p, ref);
});

/** Does `pattern` hold `ref` (at any depth of arrays and plain objects)? */
function holds(pattern: unknown, ref: Ref): boolean {
  if (pattern === ref) return true;
  if (typeof pattern !== 'object' || pattern === null) return false;
  if (Array.isArray(pattern)) {
    for (let i = 0; i < pattern.length; i++) if (holds(pattern[i], ref)) return true;
    return false;
  }
  if (Object.getPrototypeOf(pattern) !== Object.prototype) return false;
  for (const k in pattern) if (holds((pattern as Record<string, unknown>)[k], ref)) return true;
  return false;
}

/** Index of the first message matching `pattern`, or NO_MATCH. */
export function findMatch(p: Proc, any: boolean, pattern: unknown): number {
  const q = p.mq;
  if (q === null || p.mqHead >= q.length) return NO_MATCH;
  if (any) return p.mqHead;
  let i = p.mqHead;
  const ref = p.markRef;
  if (ref !== null && p.markAt > i && holds(pattern, ref)) i = p.markAt;
  if (p.spill !== null) return scanFor(p, i, pattern);
  if (p.boxes) {
    for (; i < q.length; i++) if (matches(pattern, unbox(q[i]))) return i;
    return NO_MATCH;
  }
  // Nothing queued is boxed (no sequence trace ever reached this process): messages are
  // compared as they are, with the common pattern shapes first.
  if (isLiteral(pattern)) {
    for (; i < q.length; i++) if (q[i] === pattern) return i;
    return NO_MATCH;
  }
  if (Array.isArray(pattern) && pattern.length > 0 && isLiteral(pattern[0])) return scanTagged(q, i, pattern);
  for (; i < q.length; i++) if (matches(pattern, q[i])) return i;
  return NO_MATCH;
}

/** A pattern element that matches only a value identical to it. */
function isLiteral(v: unknown): boolean {
  switch (typeof v) {
    case 'string':
    case 'boolean':
    case 'bigint':
    case 'undefined':
      return true;
    case 'number':
      return v === v; // NaN matches NaN, not itself
    case 'symbol':
      return v !== _;
    default:
      return v === null;
  }
}

// The usual selective receive is a tagged tuple, ['reply', ref, _]: a message of another
// length or tag is passed over with two comparisons, without the general match.
function scanTagged(q: unknown[], from: number, pattern: unknown[]): number {
  const n = pattern.length;
  const tag = pattern[0];
  for (let i = from; i < q.length; i++) {
    const m = q[i];
    if (Array.isArray(m) && m.length === n && m[0] === tag && matches(pattern, m)) return i;
  }
  return NO_MATCH;
}

/** Index of the first message matching one of `clauses`, with which clause, or NO_MATCH. */
export function findClause(p: Proc, clauses: readonly { pattern: unknown }[]): [number, number] | typeof NO_MATCH {
  const q = p.mq;
  if (q === null) return NO_MATCH;
  if (p.spill !== null) return scanForClause(p, clauses);
  const boxes = p.boxes;
  for (let i = p.mqHead; i < q.length; i++) {
    const msg = boxes ? unbox(q[i]) : q[i];
    for (let c = 0; c < clauses.length; c++) if (matches(clauses[c].pattern, msg)) return [i, c];
  }
  return NO_MATCH;
}

function scanForClause(p: Proc, clauses: readonly { pattern: unknown }[]): [number, number] | typeof NO_MATCH {
  let clause = 0;
  const i = scan(p, p.mqHead, (msg) => {
    for (let c = 0; c < clauses.length; c++) {
      if (matches(clauses[c].pattern, msg)) {
        clause = c;
        return true;
      }
    }
    return false;
  });
  return i === NO_MATCH ? NO_MATCH : [i, clause];
}

// Apart from findMatch: a closure there would put `pattern` in a context that every call of
// findMatch allocates, spilled mailbox or not (it is on the path of every receive).
function scanFor(p: Proc, from: number, pattern: unknown): number {
  return scan(p, from, (m) => matches(pattern, m));
}

/**
 * Index of the first queued message at index `from` or later that `test` accepts (it gets
 * the message unboxed), through `mq` and then the spilled segments; or NO_MATCH.
 */
function scan(p: Proc, from: number, test: (msg: unknown) => boolean): number {
  const boxes = p.boxes;
  const spill = p.spill;
  let seg = p.mq;
  let base = 0;
  for (let k = 0; seg !== null; k++) {
    for (let i = Math.max(0, from - base); i < seg.length; i++) if (test(boxes ? unbox(seg[i]) : seg[i])) return base + i;
    base += seg.length;
    seg = spill !== null && k < spill.length ? spill[k] : null;
  }
  return NO_MATCH;
}

/** Removes and returns the entry at `index` (a message, or a Traced box: see `unbox`). */
export function take(p: Proc, index: number): unknown {
  const q = p.mq!;
  let msg: unknown;
  if (index === p.mqHead) {
    msg = q[index];
    q[index] = undefined;
    const head = settleHead(q, index + 1);
    // The taken prefix was cut off (or the queue emptied): the marker moves with the rest.
    if (head === 0 && p.markAt !== 0) p.markAt = Math.max(0, p.markAt - (index + 1));
    p.mqHead = head;
    // Emptied with segments behind it: the first becomes `mq` (indices already count from
    // it, the emptied array being gone).
    if (q.length === 0 && p.spill !== null) refill(p);
  } else {
    msg = index < q.length ? q.splice(index, 1)[0] : takeSpilled(p, index - q.length);
    if (index < p.markAt) p.markAt--;
  }
  return msg;
}

function refill(p: Proc): void {
  const spill = p.spill!;
  p.mq = spill.shift()!;
  p.mqHead = 0;
  if (spill.length === 0) p.spill = null;
}

function takeSpilled(p: Proc, offset: number): unknown {
  const spill = p.spill!;
  for (let k = 0; k < spill.length; k++) {
    const seg = spill[k];
    if (offset < seg.length) {
      const msg = seg.splice(offset, 1)[0];
      if (seg.length === 0) {
        spill.splice(k, 1);
        if (spill.length === 0) p.spill = null;
      }
      return msg;
    }
    offset -= seg.length;
  }
  throw new Error(`beamish: no queued message at index ${offset} past ${p.pid}'s mailbox array`);
}

/** The first `n` queued messages, oldest first, without copying the rest (for tools). */
export function firstQueued(p: Proc, n: number): unknown[] {
  const out: unknown[] = [];
  if (n > 0) scan(p, p.mqHead, (msg) => out.push(unbox(msg)) >= n);
  return out;
}

/** The queued messages, oldest first (a view for tools; do not keep it). */
export function queued(p: Proc): unknown[] {
  return firstQueued(p, Infinity);
}

/** Drops every queued message that matches `pattern`; returns how many. */
export function drop(p: Proc, pattern: unknown): number {
  if (p.mq === null) return 0;
  const before = p.queueLength;
  // Entries are kept as they are (a Traced box keeps its token).
  const keep: unknown[] = [];
  const segments = [p.mq.slice(p.mqHead), ...(p.spill ?? [])];
  for (const seg of segments) for (const m of seg) if (!matches(pattern, unbox(m))) keep.push(m);
  p.mq = keep;
  p.mqHead = 0;
  p.markAt = 0;
  p.spill = null;
  return before - keep.length;
}

export function clear(p: Proc): void {
  p.mq = null;
  p.mqHead = 0;
  p.markAt = 0;
  p.spill = null;
}
