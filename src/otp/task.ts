/**
 * Task: run one function in its own process and get its result, as Elixir's Task.
 *
 * `Task.async` starts a process linked to the caller and monitored by it: if the task
 * crashes, the caller crashes too (unless it traps exits); `Task.await` waits for the
 * reply. Only the caller that started a task (its owner) may await, yield or shut it down.
 */
import {
  _,
  after,
  clock,
  exit,
  formatTerm,
  on,
  Process,
  receive,
  self,
  spawn,
  spawnLink,
  ArgumentError,
  type Pid,
  type Ref,
} from '../runtime/index.js';
import { timeoutMs } from '../runtime/internal.js';
import { adopt, checkFn, checkOwner, labelOf, replyingTask, runningTask, type Task as TaskOf } from './task_core.js';
import { nameNamespace } from './gen_server.js';
import { TaskSupervisor } from './task_supervisor.js';
import { taskStream, type AsyncStreamOptions, type TaskStream } from './task_stream.js';

/** A running task, as Elixir's `%Task{}` (see task_core.ts). */
export type Task<T = unknown> = TaskOf<T>;
export type { AsyncStreamOptions, StreamResult, TaskStream } from './task_stream.js';
export type { TaskSupervisorOptions, TaskChildOptions, TaskShutdownOption } from './task_supervisor.js';

/**
 * Runs `fn` in a new process linked to and monitored by the caller; returns the task to
 * `Task.await`. A crash of the task crashes the caller through the link.
 *
 * @example Compute in the background, then wait for it
 * ```ts
 * const task = Task.async(() => 6 * 7);
 * await Task.await(task); // 42
 * ```
 */
function taskAsync<T>(fn: () => T | Promise<T>): Task<Awaited<T>> {
  checkFn('Task.async', fn);
  const pid = spawnLink(replyingTask(self(), { fn, args: [] }, false), { label: labelOf(fn) });
  return adopt(pid);
}

/**
 * Waits for the task's reply and returns it. Past `timeout` ms (default 5000) the caller
 * exits with `['timeout', ['Task', 'await', [task, timeout]]]`; if the task died first,
 * with `[reason, ['Task', 'await', [task, timeout]]]` (as Elixir). After a timeout the
 * task keeps running, but its reply is dropped.
 *
 * @example A task that takes too long
 * ```ts
 * const slow = Task.async(async () => { await Process.sleep(1000); return 'late'; });
 * try {
 *   await Task.await(slow, 10);
 * } catch (e) {
 *   e.reason[0]; // 'timeout'
 * }
 * ```
 */
function taskAwait<T>(task: Task<T>, timeout: number | 'infinity' = 5000): Promise<T> {
  checkOwner('Task.await', task);
  const ms = timeoutMs('Task.await', timeout);
  const where = ['Task', 'await', [task, timeout]];
  return receive(
    on([task.ref, _], (m: [Ref, T]) => {
      Process.demonitor(task.ref, { flush: true });
      return m[1];
    }),
    on(['DOWN', task.ref, _, _, _], (m: unknown[]) => exit([m[4], where])),
    after(ms, () => {
      Process.demonitor(task.ref, { flush: true });
      return exit(['timeout', where]);
    }),
  );
}

/**
 * Waits for every task, at most `timeout` ms in all, and returns their replies in order.
 * The caller exits as `await` does, with `['timeout', ['Task', 'awaitMany', [tasks, timeout]]]`
 * or the reason of the first task that died.
 *
 * @example Wait for several tasks
 * ```ts
 * const tasks = [1, 2, 3].map((n) => Task.async(() => n * 10));
 * await Task.awaitMany(tasks); // [10, 20, 30]
 * ```
 */
async function awaitMany<T>(tasks: Task<T>[], timeout: number | 'infinity' = 5000): Promise<T[]> {
  const ms = checkMany('Task.awaitMany', tasks, timeout);
  const where = ['Task', 'awaitMany', [tasks, timeout]];
  const replies = await collect(tasks, ms, (reason) => exit([reason, where]));
  if (replies.some((r) => r === undefined)) {
    for (const t of tasks) Process.demonitor(t.ref, { flush: true });
    exit(['timeout', where]);
  }
  return replies.map((r) => (r as ['ok', T])[1]);
}

/**
 * Waits up to `timeout` ms (default 5000) for the task: `['ok', reply]`, `['exit', reason]`
 * when it died, or `undefined` when it is still running (it may be yielded again).
 *
 * @example Poll a task
 * ```ts
 * const task = Task.async(async () => { await Process.sleep(50); return 'done'; });
 * await Task.yield(task, 0); // undefined
 * await Task.yield(task, 1000); // ['ok', 'done']
 * ```
 */
function taskYield<T>(task: Task<T>, timeout: number | 'infinity' = 5000): Promise<['ok', T] | ['exit', unknown] | undefined> {
  checkOwner('Task.yield', task);
  return receive(
    on([task.ref, _], (m: [Ref, T]) => {
      Process.demonitor(task.ref, { flush: true });
      return ['ok', m[1]];
    }),
    on(['DOWN', task.ref, _, _, _], (m: unknown[]) => ['exit', m[4]]),
    after(timeoutMs('Task.yield', timeout), () => undefined),
  );
}

/**
 * Yields to many tasks within `timeout` ms in all: `[[task, result], ...]` in the tasks'
 * order, each result as `yield` gives it.
 *
 * @example Collect what finished in time
 * ```ts
 * const quick = Task.async(() => 1);
 * const slow = Task.async(async () => { await Process.sleep(1000); return 2; });
 * (await Task.yieldMany([quick, slow], 50)).map(([, r]) => r); // [['ok', 1], undefined]
 * ```
 */
async function yieldMany<T>(tasks: Task<T>[], timeout: number | 'infinity' = 5000): Promise<[Task<T>, ['ok', T] | ['exit', unknown] | undefined][]> {
  const ms = checkMany('Task.yieldMany', tasks, timeout);
  const results = await collect(tasks, ms, (reason) => ['exit', reason] as const);
  return tasks.map((t, i) => [t, results[i] as ['ok', T] | ['exit', unknown] | undefined]);
}

function checkMany(where: string, tasks: unknown, timeout: unknown): number {
  if (!Array.isArray(tasks)) throw new ArgumentError(`${where}: expected an array of tasks, got ${formatTerm(tasks)}.`);
  for (const t of tasks) checkOwner(where, t);
  return timeoutMs(where, timeout);
}

/**
 * Replies and deaths of `tasks` until each has one or `ms` have passed; a death is turned
 * into a result by `died` (which may exit instead).
 */
async function collect<T>(tasks: Task<T>[], ms: number, died: (reason: unknown) => unknown): Promise<unknown[]> {
  const out: unknown[] = new Array(tasks.length).fill(undefined);
  const pending = new Map<number, number>(tasks.map((t, i) => [t.ref.id, i]));
  const deadline = clock().now() + ms;
  const ours = (m: unknown): boolean =>
    Array.isArray(m) &&
    ((m.length === 2 && pending.has((m[0] as Ref)?.id)) || (m.length === 5 && m[0] === 'DOWN' && pending.has((m[1] as Ref)?.id)));
  while (pending.size > 0) {
    const left = Math.max(0, deadline - clock().now());
    const m = await receive(ours, { after: left });
    if (m === 'timeout') break;
    if (m.length === 2) {
      const i = pending.get(m[0].id)!;
      pending.delete(m[0].id);
      Process.demonitor(m[0], { flush: true });
      out[i] = ['ok', m[1]];
    } else {
      const i = pending.get(m[1].id)!;
      pending.delete(m[1].id);
      out[i] = died(m[4]);
    }
  }
  return out;
}

/**
 * Stops a task: unlinks it, sends it `'shutdown'` and waits up to `timeout` ms (default
 * 5000) before killing it; `'brutal_kill'` kills at once. Returns `['ok', reply]` if the
 * reply came meanwhile, `['exit', reason]` if the task died of another reason, else
 * `undefined` (Elixir's Task.shutdown).
 *
 * @example Stop a task that would run forever
 * ```ts
 * const task = Task.async(() => receive());
 * await Task.shutdown(task); // undefined
 * Process.isAlive(task.pid); // false
 * ```
 */
async function shutdown<T>(task: Task<T>, how: number | 'infinity' | 'brutal_kill' = 5000): Promise<['ok', T] | ['exit', unknown] | undefined> {
  checkOwner('Task.shutdown', task);
  const brutal = how === 'brutal_kill';
  const ms = brutal ? Infinity : timeoutMs('Task.shutdown', how);
  const mon = Process.monitor(task.pid);
  Process.unlink(task.pid);
  Process.exit(task.pid, brutal ? 'kill' : 'shutdown');
  const r = await shutdownReceive(task, mon, brutal ? 'brutal_kill' : 'shutdown', ms);
  return Array.isArray(r) && r[0] === 'down' ? ['exit', r[1]] : (r as ['ok', T] | ['exit', unknown] | undefined);
}

type ShutdownKind = 'shutdown' | 'brutal_kill' | 'timeout_kill';

async function shutdownReceive(task: Task, mon: Ref, kind: ShutdownKind, ms: number): Promise<unknown> {
  return receive(
    on(['DOWN', mon, _, _, _], (m: unknown[]) => {
      const reason = m[4];
      const expected = (reason === 'shutdown' && kind !== 'brutal_kill') || (reason === 'killed' && kind === 'brutal_kill');
      if (reason === 'noproc') return flushNoproc(task, kind);
      Process.demonitor(task.ref, { flush: true });
      return flushReply(task).then((r) => r ?? (expected ? undefined : ['down', reason]));
    }),
    after(ms, () => {
      Process.exit(task.pid, 'kill');
      return shutdownReceive(task, mon, 'timeout_kill', Infinity);
    }),
  );
}

async function flushReply(task: Task): Promise<['ok', unknown] | undefined> {
  const m = await receive([task.ref, _], { after: 0 });
  return m === 'timeout' ? undefined : ['ok', m[1]];
}

// The task was gone before shutdown: its own monitor tells how it ended, if it still can.
async function flushNoproc(task: Task, kind: ShutdownKind): Promise<unknown> {
  const down = await receive(['DOWN', task.ref, _, _, _], { after: 0 });
  let r: unknown;
  if (down === 'timeout') {
    Process.demonitor(task.ref, { flush: true });
    r = ['down', 'noproc'];
  } else {
    const reason = down[4];
    const expected = (reason === 'shutdown' && kind !== 'brutal_kill') || (reason === 'killed' && kind === 'brutal_kill');
    r = expected ? undefined : ['down', reason];
  }
  return (await flushReply(task)) ?? r;
}

/**
 * Lets a task run on without the caller: unlinks and stops monitoring it. Returns the
 * reply or exit that already came (`['ok', v]`, `['exit', reason]`), else `undefined`;
 * a later reply is dropped.
 *
 * @example Walk away from a task
 * ```ts
 * const task = Task.async(async () => { await Process.sleep(20); return 'ignored'; });
 * await Task.ignore(task); // undefined
 * ```
 */
async function ignore<T>(task: Task<T>): Promise<['ok', T] | ['exit', unknown] | undefined> {
  checkOwner('Task.ignore', task);
  const m = await receive(on([task.ref, _], (x: unknown[]) => x), on(['DOWN', task.ref, _, _, _], (x: unknown[]) => x), after(0, () => undefined));
  Process.unlink(task.pid);
  if (m !== undefined && m.length === 5) return ['exit', m[4]];
  Process.demonitor(task.ref, { flush: true });
  return m === undefined ? undefined : ['ok', m[1] as T];
}

/**
 * Runs `fn` in a process that nobody awaits (Elixir's Task.start); `['ok', pid]`.
 *
 * @example Fire and forget
 * ```ts
 * const me = self();
 * Task.start(() => send(me, 'side effect'));
 * await receive(); // 'side effect'
 * ```
 */
function start(fn: () => unknown): ['ok', Pid] {
  checkFn('Task.start', fn);
  return ['ok', spawn(runningTask(self(), { fn, args: [] }), { label: labelOf(fn) })];
}

/**
 * `Task.start`, linked to the caller: the form a supervisor starts (see `childSpec`).
 *
 * @example Start a linked task
 * ```ts
 * const [ok, worker] = Task.startLink(() => receive());
 * ok; // 'ok'
 * Process.info(worker).links.includes(self()); // true
 * ```
 */
function startLink(fn: () => unknown): ['ok', Pid] {
  checkFn('Task.startLink', fn);
  return ['ok', spawnLink(runningTask(self(), { fn, args: [] }), { label: labelOf(fn) })];
}

/**
 * The child spec of a task under a supervisor, as Elixir's `{Task, fun}`: started with
 * `startLink`, `restart: 'temporary'` (a task that ended is not restarted).
 *
 * @example A task in a supervisor's children
 * ```ts
 * Task.childSpec(() => 'work').restart; // 'temporary'
 * ```
 */
function childSpec(fn: () => unknown): { id: 'Task'; start: [typeof Task, 'startLink', [() => unknown]]; restart: 'temporary' } {
  return { id: 'Task', start: [Task, 'startLink', [fn]], restart: 'temporary' };
}

/**
 * Runs `fn` over every item in tasks, at most `maxConcurrency` at once (default: the number
 * of CPUs), and gives `['ok', result]` for each, in the order of the items unless
 * `ordered: false`. Each task may run `timeout` ms (default 5000); past it the reader exits
 * with `['timeout', ['Task.Supervised', 'stream', [timeout]]]`, or with
 * `onTimeout: 'kill_task'` the task is killed and gives `['exit', 'timeout']`. The tasks
 * are linked to the reader, so a crash crashes it (a reader trapping exits gets
 * `['exit', reason]` instead). Nothing runs until the stream is read.
 *
 * @example Fetch in parallel, two at a time, results in order
 * ```ts
 * const stream = Task.asyncStream([30, 10, 20], async (ms) => {
 *   await Process.sleep(ms);
 *   return ms;
 * }, { maxConcurrency: 2 });
 * await stream.toArray(); // [['ok', 30], ['ok', 10], ['ok', 20]]
 * ```
 */
function asyncStream<T, R>(items: Iterable<T> | AsyncIterable<T>, fn: (item: T) => R | Promise<R>, opts?: AsyncStreamOptions): TaskStream<Awaited<R>> {
  return taskStream('Task.asyncStream', items, fn, opts, (call) => spawnLink(replyingTask(self(), call, false), { label: labelOf(fn) }));
}

/**
 * Elixir's `Task`: `async`/`await` to compute in another process, `yield` to poll,
 * `shutdown` to stop, `start`/`startLink` for fire-and-forget work, `asyncStream` for
 * bounded parallel maps, and `Task.Supervisor` for tasks under a supervisor.
 *
 * @example Two computations at once
 * ```ts
 * const a = Task.async(() => 1 + 1);
 * const b = Task.async(() => 2 + 2);
 * (await Task.await(a)) + (await Task.await(b)); // 6
 * ```
 */
export const Task = nameNamespace(
  {
    async: taskAsync,
    await: taskAwait,
    awaitMany,
    yield: taskYield,
    yieldMany,
    shutdown,
    ignore,
    start,
    startLink,
    childSpec,
    asyncStream,
    Supervisor: TaskSupervisor,
  },
  'Task',
);
