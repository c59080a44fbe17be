/**
 * A process's mailbox: a FIFO with a moving head, so taking the oldest message is O(1);
 * a selective receive scans from the head and removes the first match, keeping the order
 * of everything it skipped (Erlang's save queue).
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
  if (p.mq === null) p.mq = [entry];
  else p.mq.push(entry);
}

/**
 * Marks `p`'s mailbox with a ref `p` has just made: no message queued now can contain a ref
 * that did not exist, so a receive whose pattern holds `ref` may skip them (the BEAM's
 * receive marker, which its compiler sets for `make_ref()` followed by a receive of that
 * ref). The usual request/reply then costs the same with 10,000 unrelated messages queued.
 */
export function mark(p: Proc, ref: Ref, at = p.mq === null ? 0 : p.mq.length): void {
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
  const boxes = p.boxes;
  for (let i = p.mqHead; i < q.length; i++) {
    const msg = boxes ? unbox(q[i]) : q[i];
    for (let c = 0; c < clauses.length; c++) if (matches(clauses[c].pattern, msg)) return [i, c];
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
  } else {
    msg = q.splice(index, 1)[0];
    if (index < p.markAt) p.markAt--;
  }
  return msg;
}

/** The first `n` queued messages, oldest first, without copying the rest (for tools). */
export function firstQueued(p: Proc, n: number): unknown[] {
  const q = p.mq;
  if (q === null) return [];
  const end = Math.min(q.length, p.mqHead + Math.max(0, n));
  const out: unknown[] = [];
  for (let i = p.mqHead; i < end; i++) out.push(unbox(q[i]));
  return out;
}

/** The queued messages, oldest first (a view for tools; do not keep it). */
export function queued(p: Proc): unknown[] {
  return p.mq === null ? [] : p.mq.slice(p.mqHead).map(unbox);
}

/** Drops every queued message that matches `pattern`; returns how many. */
export function drop(p: Proc, pattern: unknown): number {
  const q = p.mq;
  if (q === null) return 0;
  const keep = q.slice(p.mqHead).filter((m) => !matches(pattern, unbox(m)));
  const n = q.length - p.mqHead - keep.length;
  p.mq = keep;
  p.mqHead = 0;
  p.markAt = 0;
  return n;
}

export function clear(p: Proc): void {
  p.mq = null;
  p.mqHead = 0;
  p.markAt = 0;
}
