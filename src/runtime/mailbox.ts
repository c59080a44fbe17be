/**
 * A process's mailbox: a FIFO with a moving head, so taking the oldest message is O(1);
 * a selective receive scans from the head and removes the first match, keeping the order
 * of everything it skipped (Erlang's save queue).
 */
import { matches } from './pattern.js';
import { settleHead } from './queue.js';
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
  const entry = token === undefined ? msg : new Traced(msg, token);
  if (p.mq === null) p.mq = [entry];
  else p.mq.push(entry);
}

/** Index of the first message matching `pattern`, or NO_MATCH. */
export function findMatch(p: Proc, any: boolean, pattern: unknown): number {
  const q = p.mq;
  if (q === null || p.mqHead >= q.length) return NO_MATCH;
  if (any) return p.mqHead;
  for (let i = p.mqHead; i < q.length; i++) if (matches(pattern, unbox(q[i]))) return i;
  return NO_MATCH;
}

/** Index of the first message matching one of `clauses`, with which clause, or NO_MATCH. */
export function findClause(p: Proc, clauses: readonly { pattern: unknown }[]): [number, number] | typeof NO_MATCH {
  const q = p.mq;
  if (q === null) return NO_MATCH;
  for (let i = p.mqHead; i < q.length; i++) {
    const msg = unbox(q[i]);
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
    p.mqHead = settleHead(q, index + 1);
  } else {
    msg = q.splice(index, 1)[0];
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
  return n;
}

export function clear(p: Proc): void {
  p.mq = null;
  p.mqHead = 0;
}
