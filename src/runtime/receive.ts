/**
 * Delivering messages and receiving them: the two halves of a mailbox rendezvous.
 * A message sent to a process already waiting for something it matches goes straight to
 * it (no mailbox round trip); anything else is queued in order.
 */
import { clock } from './clock.js';
import { ArgumentError, NoProcessError } from './errors.js';
import { emit, observed } from './events.js';
import { NO_MATCH, Traced, enqueue, findClause, findMatch, take } from './mailbox.js';
import { checkPattern, matches } from './pattern.js';
import { ANY, EXITING, type Proc, RUNNING, WAITING } from './proc.js';
import { budgetOk, parkResume, ran, wake } from './scheduler.js';
import { currentProc, resolvedOwn, settleOwn } from './context.js';
import { exitProc } from './signals.js';
import { formatTerm } from './term.js';

/**
 * A clause of a multi-clause receive, as `on(pattern, handler)` makes it.
 *
 * @example on() makes clauses
 * ```ts
 * on('ping', () => 'pong') instanceof Clause; // true
 * ```
 */
export class Clause<T = unknown, R = unknown> {
  constructor(
    readonly pattern: unknown,
    readonly handler: (msg: T) => R,
  ) {}
}

/**
 * The timeout clause of a multi-clause receive, as `after(ms, handler)` makes it.
 *
 * @example after() makes the timeout clause
 * ```ts
 * const clause = after(500, () => 'late');
 * clause instanceof AfterClause; // true
 * clause.ms; // 500
 * ```
 */
export class AfterClause<R = unknown> {
  constructor(
    readonly ms: number,
    readonly handler: () => R,
  ) {}
}

/**
 * A receive clause: when a message matches `pattern`, `handler(msg)` gives the value of
 * the receive.
 *
 * @example Elixir's receive do … after … end
 * ```ts
 * send(self(), ['add', 2]);
 * await receive(
 *   on(['add', Number], ([, n]) => n + 1),
 *   on('stop', () => 'stopped'),
 *   after(1000, () => 'nothing came'),
 * ); // 3
 * ```
 */
export function on<T = any, R = unknown>(pattern: unknown, handler: (msg: T) => R): Clause<T, R> {
  if (typeof handler !== 'function') {
    throw new ArgumentError(`on(pattern, handler): the handler must be a function, got ${formatTerm(handler)}. Write on(['ok', _], (msg) => ...).`);
  }
  checkPattern(pattern);
  return new Clause(pattern, handler);
}

/**
 * The timeout clause of a multi-clause receive: when no clause matched within `ms`
 * milliseconds, the receive gives `handler()`. `after(0, …)` only looks; `'infinity'` never
 * fires. It must be the last argument of the receive (see `on`).
 *
 * @example Give up waiting
 * ```ts
 * await receive(
 *   on('never sent', () => 'got it'),
 *   after(10, () => 'gave up'),
 * ); // 'gave up'
 * ```
 */
export function after<R = unknown>(ms: number | 'infinity', handler: () => R): AfterClause<R> {
  if (typeof handler !== 'function') {
    throw new ArgumentError(`after(ms, handler): the handler must be a function, got ${formatTerm(handler)}. Write after(1000, () => 'timeout').`);
  }
  return new AfterClause(timeoutMs('after', ms), handler);
}

export function timeoutMs(where: string, ms: unknown): number {
  if (ms === 'infinity' || ms === Infinity) return Infinity;
  if (typeof ms === 'number' && ms >= 0 && !Number.isNaN(ms)) return ms;
  throw new ArgumentError(
    `${where}: a timeout is a number of milliseconds >= 0, Infinity or 'infinity', got ${formatTerm(ms)}.`,
  );
}

const NEVER: Promise<never> = new Promise(() => {});
const TIMEOUT_HIT = -1;

/**
 * Waits for a message, as Erlang's `receive`. Unmatched messages stay queued, in order.
 *
 * - `await receive()`: the next message, however long it takes;
 * - `await receive(pattern)`: the first message that matches (see `matches`);
 * - `await receive(pattern, { after: ms })`, `await receive({ after: ms })`: the match, or
 *   `'timeout'`; `after: 0` only looks, it never waits;
 * - `await receive(on(p, h), …, after(ms, h))`: the value of the handler of the first clause
 *   that matched.
 *
 * @example Selective receive leaves other messages queued
 * ```ts
 * send(self(), ['b', 2]);
 * send(self(), ['a', 1]);
 * await receive(['a', _]); // ['a', 1]
 * await receive();         // ['b', 2]
 * await receive({ after: 0 }); // 'timeout'
 * ```
 */
export function receive<T = any>(...args: unknown[]): Promise<T> {
  const p = currentProc();
  if (p === undefined) throw new NoProcessError('receive()');
  // The loop around `await receive()` is the hottest call there is: straight to the wait.
  if (args.length === 0 && p.status === RUNNING && p.wResolve === null) return receiveOne(p, true, undefined, Infinity) as Promise<T>;
  return receiveIn(p, args) as Promise<T>;
}

/** `receive` for a given process (the explicit `ctx.receive` path). */
export function receiveIn(p: Proc, args: unknown[]): Promise<unknown> {
  if (p.dead) return NEVER; // a killed process's leftover code must not go on
  if (p.wResolve !== null) {
    throw new ArgumentError(`receive: ${p.pid} is already waiting in another receive; a process receives one message at a time (await the first receive).`);
  }
  const n = args.length;
  if (n === 0) return receiveOne(p, true, undefined, Infinity);
  const first = args[0];
  if (first instanceof Clause || first instanceof AfterClause) return receiveClauses(p, args);
  if (n === 1) {
    if (isAfterOption(first)) return receiveOne(p, true, undefined, timeoutMs('receive', (first as { after: unknown }).after));
    checkPattern(first);
    return receiveOne(p, false, first, Infinity);
  }
  if (n === 2 && isAfterOption(args[1])) {
    checkPattern(first);
    return receiveOne(p, false, first, timeoutMs('receive', (args[1] as { after: unknown }).after));
  }
  throw new ArgumentError(
    'receive: expected receive(), receive(pattern), receive(pattern, { after: ms }), receive({ after: ms }) ' +
      `or receive(on(pattern, handler), ..., after(ms, handler)); got ${n} arguments: ${formatTerm(args)}.`,
  );
}

function isAfterOption(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || Object.getPrototypeOf(v) !== Object.prototype) return false;
  const keys = Object.keys(v);
  return keys.length === 1 && keys[0] === 'after';
}

// One executor shared by every wait: a closure per receive (and the context it would
// capture) is two allocations on the path every message takes.
let executed: ((v: unknown) => void) | null = null;
function keepResolve(resolve: (v: unknown) => void): void {
  executed = resolve;
}

/** A promise `p` waits on; `wake` settles it through p.wResolve. */
function waitOn(p: Proc): Promise<unknown> {
  const promise = new Promise(keepResolve);
  p.wResolve = executed;
  executed = null;
  p.status = WAITING;
  return promise;
}

function receiveOne(p: Proc, any: boolean, pattern: unknown, ms: number): Promise<unknown> {
  ran();
  const i = findMatch(p, any, pattern);
  if (i !== NO_MATCH) return now(p, taken(p, take(p, i)));
  if (ms === 0) return now(p, 'timeout');
  p.wPat = any ? ANY : pattern;
  const promise = waitOn(p);
  if (ms !== Infinity) p.wTimer = clock().setTimer(ms, () => timedOut(p, 'timeout'));
  return promise;
}

async function receiveClauses(p: Proc, args: unknown[]): Promise<unknown> {
  const clauses: Clause[] = [];
  let afterClause: AfterClause | undefined;
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (a instanceof Clause && afterClause === undefined) clauses.push(a);
    else if (a instanceof AfterClause && afterClause === undefined && k === args.length - 1) afterClause = a;
    else {
      throw new ArgumentError(
        `receive: with clauses, every argument is on(pattern, handler) and only the last may be after(ms, handler); argument ${k + 1} is ${formatTerm(a)}.`,
      );
    }
  }
  const ms = afterClause ? afterClause.ms : Infinity;
  ran();
  const found = findClause(p, clauses);
  let hit: readonly [number, unknown];
  if (found !== NO_MATCH) hit = await now(p, [found[1], taken(p, take(p, found[0]))] as const);
  else if (ms === 0) hit = await now(p, [TIMEOUT_HIT, undefined] as const);
  else {
    p.wClauses = clauses;
    const waiting = waitOn(p);
    if (ms !== Infinity) p.wTimer = clock().setTimer(ms, () => timedOut(p, [TIMEOUT_HIT, undefined]));
    hit = (await waiting) as readonly [number, unknown];
  }
  return hit[0] === TIMEOUT_HIT ? afterClause!.handler() : clauses[hit[0]].handler(hit[1]);
}

/** What takeNow gives when there is nothing to take now. */
export const NOTHING: unique symbol = Symbol('nothing queued');

/**
 * The oldest queued message, taken at once, without a promise: for loops that drain a
 * mailbox (GenServer's). NOTHING when the mailbox is empty, or when the time slice is used
 * up, so that the caller falls back to `await receive()`, which yields to the event loop.
 */
export function takeNow(p: Proc): unknown {
  ran();
  if (p.dead || p.mq === null || p.mqHead >= p.mq.length || !budgetOk()) return NOTHING;
  return taken(p, take(p, p.mqHead));
}

function taken(p: Proc, entry: unknown, token?: unknown): unknown {
  if (entry instanceof Traced) return takenTraced(p, entry.msg, entry.token);
  if (token !== undefined || p.seqToken !== undefined) return takenTraced(p, entry, token);
  p.reductions++;
  if (observed) emit({ type: 'receive', pid: p.pid, msg: entry, token: undefined });
  return entry;
}

function takenTraced(p: Proc, msg: unknown, token: unknown): unknown {
  // As seq_trace: a receiver takes up the token of what it receives, and an untraced message
  // clears it, so a server touched once by a trace does not trace forever. A process whose
  // token a tracer set (pinned) keeps it.
  if (token !== undefined) {
    if (!p.seqPinned) p.seqToken = token;
  } else if (!p.seqPinned) p.seqToken = undefined;
  p.reductions++;
  if (observed) emit({ type: 'receive', pid: p.pid, msg, token });
  return msg;
}

// A value ready now. Within the slice it resolves at once; past it, the process waits its
// turn in the run queue, so a process that always finds mail still lets the loop breathe.
function now(p: Proc, value: unknown): Promise<any> {
  if (budgetOk()) return resolvedOwn(value) as Promise<any>;
  const promise = waitOn(p);
  parkResume(p, value);
  return promise;
}

function timedOut(p: Proc, value: unknown): void {
  p.wTimer = null;
  if (p.status !== WAITING || p.dead) return;
  endWait(p);
  wake(p, value);
}

/**
 * Holds `p`'s wait, when `p` waits in a plain `receive()` (no pattern, no timer) with nothing
 * queued: `p` stops waiting (what is sent to it meanwhile is queued), and the returned
 * function is the way to wake that receive later. For a behaviour that handles a request
 * for an idle process synchronously, in the requester's turn (GenServer's direct calls);
 * then it gives the wait back (`releaseWait`) or wakes it (`resumeHeld`). null when `p` is
 * not waiting so.
 */
export function holdWait(p: Proc): ((v: unknown) => void) | null {
  if (p.status !== WAITING || p.wPat !== ANY || p.wTimer !== null || (p.mq !== null && p.mqHead < p.mq.length)) return null;
  const resolve = p.wResolve;
  p.wResolve = null;
  p.wPat = undefined;
  p.status = RUNNING;
  return resolve;
}

/** Puts `p` back in the plain `receive()` that holdWait took it out of. */
export function releaseWait(p: Proc, resolve: (v: unknown) => void): void {
  if (p.dead) return;
  p.wResolve = resolve;
  p.wPat = ANY;
  p.status = WAITING;
}

/**
 * Wakes the receive that holdWait took `p` out of, with `value` (not a message). `p`'s
 * waiting fields are left alone: the code run for `p` meanwhile may wait in a receive of its
 * own (an async callback), and that wait is not this one.
 */
export function resumeHeld(p: Proc, resolve: (v: unknown) => void, value: unknown): void {
  if (!p.dead) settleOwn(resolve, value);
}

/**
 * Takes `p` out of the receive it waits in, without waking it: the code that awaited that
 * receive is abandoned (the shell's Ctrl+C during `await receive()`), and `p` can receive
 * again. Messages stay in the mailbox.
 */
export function cancelReceive(p: Proc): void {
  if (p.dead || p.wResolve === null) return;
  endWait(p);
  p.wResolve = null;
  p.parked = undefined;
  p.status = RUNNING;
}

function endWait(p: Proc): void {
  p.wPat = undefined;
  p.wClauses = null;
  if (p.wTimer !== null) {
    clock().clearTimer(p.wTimer);
    p.wTimer = null;
  }
}

/**
 * Puts `msg` (already isolated) in `p`'s mailbox, or hands it straight to `p` when `p` waits
 * for something it matches. A pattern that throws ends the receiver (with the thrown value
 * as reason), not the sender.
 */
export function deliver(p: Proc, msg: unknown, token?: unknown): void {
  const status = p.status;
  if (status === WAITING && p.wPat === ANY) {
    // The common case (a loop around `await receive()`): no pattern, no clauses, no timer
    // unless it set one.
    p.wPat = undefined;
    if (p.wTimer !== null) endWait(p);
    wake(p, taken(p, msg, token));
    return;
  }
  if (status === EXITING) return;
  if (status === WAITING) {
    try {
      if (p.wClauses !== null) {
        const cs = p.wClauses;
        for (let c = 0; c < cs.length; c++) {
          if (matches(cs[c].pattern, msg)) {
            endWait(p);
            wake(p, [c, taken(p, msg, token)]);
            return;
          }
        }
      } else if (p.wPat === ANY || matches(p.wPat, msg)) {
        endWait(p);
        wake(p, taken(p, msg, token));
        return;
      }
    } catch (err) {
      // The receiver's own pattern threw: that is the receiver's crash, not the sender's.
      enqueue(p, msg, token);
      exitProc(p, err);
      return;
    }
  }
  enqueue(p, msg, token);
}
