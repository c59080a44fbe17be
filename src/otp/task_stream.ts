/**
 * Task.asyncStream: run a function over many items in tasks, at most `maxConcurrency` at a
 * time, and read the results as they come (Elixir's Task.async_stream, from
 * Task.Supervised.stream).
 *
 * Nothing starts until the stream is read, and the process that reads it owns the tasks.
 * Each item's result is `['ok', value]`, or `['exit', reason]` when its task died and the
 * reader traps exits (a reader that does not trap exits dies with a linked task, as in
 * Elixir), or when the task was killed for its timeout (`onTimeout: 'kill_task'`).
 * A slot is free when its task has ended; with `ordered` (the default) results are given
 * in the order of the items, a finished result waiting for the ones before it.
 * Leaving the loop early (`break`) kills the tasks still running.
 */
import { availableParallelism } from 'node:os';
import {
  ArgumentError,
  exit,
  formatTerm,
  isPid,
  isRef,
  makeRef,
  Process,
  receive,
  self,
  type Pid,
  type Ref,
} from '../runtime/index.js';
import { timeoutMs } from '../runtime/internal.js';
import { adopt, checkFn, type TaskCall } from './task_core.js';

export interface AsyncStreamOptions {
  /** Tasks running at once (default: the number of CPUs, as Elixir's System.schedulers_online). */
  maxConcurrency?: number;
  /** Results in the order of the items (default true); false: in the order tasks end. */
  ordered?: boolean;
  /** Milliseconds each task may run (default 5000), or Infinity. */
  timeout?: number | 'infinity';
  /** Past the timeout: `'exit'` (default) ends the reader; `'kill_task'` kills the task, whose result is `['exit', 'timeout']`. */
  onTimeout?: 'exit' | 'kill_task';
  /** `['exit', [item, reason]]` instead of `['exit', reason]`. */
  zipInputOnExit?: boolean;
}

export type StreamResult<R> = ['ok', R] | ['exit', unknown];

/** Starts a task that will run `call` and reply once adopted (see task_core); gives its pid. */
export type TaskStarter = (call: TaskCall) => Pid | Promise<Pid>;

/**
 * The results of Task.asyncStream: read them with `for await`, or all at once with
 * `toArray()` (Elixir's `Enum.to_list`).
 *
 * @example Read results one by one
 * ```ts
 * const seen = [];
 * for await (const [ok, n] of Task.asyncStream([1, 2, 3], (x) => x * x)) seen.push(n);
 * seen; // [1, 4, 9]
 * ```
 */
export class TaskStream<R> implements AsyncIterable<StreamResult<R>> {
  constructor(private readonly open: () => AsyncGenerator<StreamResult<R>, void, undefined>) {}

  [Symbol.asyncIterator](): AsyncGenerator<StreamResult<R>, void, undefined> {
    return this.open();
  }

  /**
   * Reads the whole stream (Elixir's `Enum.to_list`).
   *
   * @example All results at once
   * ```ts
   * await Task.asyncStream([1, 2], (n) => n * 2).toArray(); // [['ok', 2], ['ok', 4]]
   * ```
   */
  async toArray(): Promise<StreamResult<R>[]> {
    const out: StreamResult<R>[] = [];
    for await (const r of this) out.push(r);
    return out;
  }
}

interface Running<T, R> {
  readonly index: number;
  readonly input: T;
  readonly pid: Pid;
  readonly ref: Ref;
  timer: Ref | undefined;
  reply: ['ok', R] | undefined;
  killed: boolean;
}

interface Settings {
  max: number;
  ordered: boolean;
  timeout: number;
  rawTimeout: unknown;
  onTimeout: 'exit' | 'kill_task';
  zip: boolean;
}

function settings(where: string, opts: AsyncStreamOptions | undefined): Settings {
  if (opts !== undefined && (typeof opts !== 'object' || opts === null)) {
    throw new ArgumentError(`${where}: the options are an object such as { maxConcurrency: 4, ordered: true, timeout: 5000 }, got ${formatTerm(opts)}.`);
  }
  const o = opts ?? {};
  const max = o.maxConcurrency ?? availableParallelism();
  if (!Number.isInteger(max) || max < 1) {
    throw new ArgumentError(`${where}: maxConcurrency must be a positive integer, got ${formatTerm(o.maxConcurrency)}.`);
  }
  const ordered = o.ordered ?? true;
  if (typeof ordered !== 'boolean') throw new ArgumentError(`${where}: ordered must be true or false, got ${formatTerm(o.ordered)}.`);
  const onTimeout = o.onTimeout ?? 'exit';
  if (onTimeout !== 'exit' && onTimeout !== 'kill_task') {
    throw new ArgumentError(`${where}: onTimeout must be 'exit' or 'kill_task', got ${formatTerm(o.onTimeout)}.`);
  }
  const rawTimeout = o.timeout ?? 5000;
  return { max, ordered, timeout: timeoutMs(where, rawTimeout), rawTimeout, onTimeout, zip: o.zipInputOnExit === true };
}

function iteratorOf<T>(where: string, items: Iterable<T> | AsyncIterable<T>): Iterator<T> | AsyncIterator<T> {
  const it = items as Partial<AsyncIterable<T> & Iterable<T>> | null;
  if (it !== null && it !== undefined && typeof it[Symbol.asyncIterator] === 'function') return it[Symbol.asyncIterator]!();
  if (it !== null && it !== undefined && typeof it[Symbol.iterator] === 'function') return it[Symbol.iterator]!();
  throw new ArgumentError(`${where}: expected the items as an array, an iterable or an async iterable, got ${formatTerm(items)}.`);
}

/**
 * The stream of `fn` over `items`, its tasks started by `start`. When the tasks are linked
 * to the reader and it traps exits, their `['EXIT', task, _]` messages are taken out of
 * its mailbox (Elixir leaves none either).
 */
export function taskStream<T, R>(
  where: string,
  items: Iterable<T> | AsyncIterable<T>,
  fn: (item: T) => R | Promise<R>,
  opts: AsyncStreamOptions | undefined,
  start: TaskStarter,
): TaskStream<Awaited<R>> {
  checkFn(where, fn);
  const s = settings(where, opts);
  iteratorOf(where, items); // fail now on bad input; the stream itself is lazy
  return new TaskStream(() => results(where, items, fn, s, start) as AsyncGenerator<StreamResult<Awaited<R>>, void, undefined>);
}

async function* results<T, R>(
  where: string,
  items: Iterable<T> | AsyncIterable<T>,
  fn: (item: T) => R | Promise<R>,
  s: Settings,
  start: TaskStarter,
): AsyncGenerator<StreamResult<R>, void, undefined> {
  self(); // a stream is read inside a process
  const source = iteratorOf(where, items);
  const tag = makeRef();
  const running = new Map<number, Running<T, R>>(); // by monitor ref id
  const byIndex = new Map<number, Running<T, R>>();
  const ours = new Set<number>(); // pid ids of every task started, for their EXIT messages
  const done = new Map<number, StreamResult<R>>(); // by item index (ordered)
  const queue: StreamResult<R>[] = []; // in order of ending (unordered)
  let spawned = 0;
  let delivered = 0;
  let exhausted = false;

  const isOurs = (m: unknown): boolean => {
    if (!Array.isArray(m)) return false;
    if (m.length === 2) return m[0] === tag || (isRef(m[0]) && running.has(m[0].id));
    if (m.length === 5) return m[0] === 'DOWN' && isRef(m[1]) && running.has(m[1].id);
    return m.length === 3 && m[0] === 'EXIT' && isPid(m[1]) && ours.has(m[1].id);
  };

  // A timer that fired meanwhile left its message; it is skipped when read, dropped at the end.
  const stopTimer = (r: Running<T, R>): void => {
    if (r.timer !== undefined) Process.cancelTimer(r.timer);
    r.timer = undefined;
  };

  const finish = (r: Running<T, R>, result: StreamResult<R>): void => {
    running.delete(r.ref.id);
    byIndex.delete(r.index);
    stopTimer(r);
    if (s.ordered) done.set(r.index, result);
    else queue.push(result);
  };

  const failure = (r: Running<T, R>, reason: unknown): StreamResult<R> => ['exit', s.zip ? [r.input, reason] : reason];

  try {
    for (;;) {
      while (!exhausted && running.size < s.max) {
        const next = await source.next();
        if (next.done) {
          exhausted = true;
          break;
        }
        const input = next.value;
        const pid = await start({ fn, args: [input] });
        ours.add(pid.id);
        const { ref } = adopt(pid);
        const index = spawned++;
        const timer = s.timeout === Infinity ? undefined : Process.sendAfter(self(), [tag, index], s.timeout);
        const r: Running<T, R> = { index, input, pid, ref, timer, reply: undefined, killed: false };
        running.set(ref.id, r);
        byIndex.set(index, r);
      }
      if (s.ordered) {
        while (done.has(delivered)) {
          const r = done.get(delivered)!;
          done.delete(delivered++);
          yield r;
        }
      } else {
        while (queue.length > 0) yield queue.shift()!;
      }
      if (exhausted && running.size === 0 && done.size === 0 && queue.length === 0) return;
      if (running.size === 0) continue;
      const m = (await receive(isOurs)) as unknown[];
      if (m.length === 2 && m[0] === tag) {
        const r = byIndex.get(m[1] as number);
        if (r === undefined || r.reply !== undefined) continue;
        r.timer = undefined;
        if (s.onTimeout === 'exit') exit(['timeout', ['Task.Supervised', 'stream', [s.rawTimeout]]]);
        r.killed = true;
        Process.unlink(r.pid);
        Process.exit(r.pid, 'kill');
      } else if (m.length === 2) {
        const r = running.get((m[0] as Ref).id)!;
        r.reply = ['ok', m[1] as R];
        stopTimer(r);
      } else if (m.length === 5) {
        const r = running.get((m[1] as Ref).id)!;
        finish(r, r.reply ?? (r.killed ? failure(r, 'timeout') : failure(r, m[4])));
      }
      // ['EXIT', task, reason] of a linked task: its DOWN follows and tells the outcome.
    }
  } finally {
    for (const r of running.values()) {
      Process.unlink(r.pid);
      Process.exit(r.pid, 'kill');
      Process.demonitor(r.ref, { flush: true });
      stopTimer(r);
    }
    await dropNow(isOurs);
    if (!exhausted) await source.return?.();
  }
}

/** Takes out of the mailbox, without waiting, every message that matches `pattern`. */
async function dropNow(pattern: (m: unknown) => boolean): Promise<void> {
  while ((await receive(pattern, { after: 0 })) !== 'timeout');
}
