/**
 * Task.Supervisor: a DynamicSupervisor for tasks, as Elixir's (its module is
 * `Task.Supervisor`, its children temporary tasks). Tasks started under it are linked to
 * the supervisor, so stopping the supervisor stops them; `asyncNolink` tasks are only
 * monitored by their owner, so a crash reaches the owner as `['exit', reason]` from
 * `Task.yield`, never as an exit signal.
 */
import { ArgumentError, exit, formatTerm, isPid, Process, self, spawnLink, type Pid } from '../runtime/index.js';
import type { ChildSpecInput, Restart, Shutdown } from './child_spec.js';
import { DynamicSupervisor } from './dynamic_supervisor.js';
import { nameNamespace, type ServerName, type ServerRef } from './gen_server.js';
import { adopt, checkFn, labelOf, replyingTask, runningTask, type Task, type TaskCall } from './task_core.js';
import { taskStream, type AsyncStreamOptions, type TaskStream } from './task_stream.js';

export interface TaskSupervisorOptions {
  name?: ServerName;
  maxRestarts?: number;
  maxSeconds?: number;
  maxChildren?: number;
}

/** How a supervised task is stopped: `shutdown` ms (default 5000) or `'brutal_kill'`. */
export interface TaskShutdownOption {
  shutdown?: Shutdown;
}

/** `startChild`'s options: also `restart` (default `'temporary'`). */
export interface TaskChildOptions extends TaskShutdownOption {
  restart?: Restart;
}

/** The DynamicSupervisor callback module, named as Elixir's so tools show `Task.Supervisor`. */
const TaskSupervisorModule = {
  name: 'Task.Supervisor',
  init: (flags: Omit<TaskSupervisorOptions, 'name'>) => DynamicSupervisor.init({ strategy: 'one_for_one', ...flags }),
};

function checkOptions(where: string, opts: unknown, keys: readonly string[]): Record<string, unknown> {
  if (opts === undefined) return {};
  if (typeof opts !== 'object' || opts === null || Array.isArray(opts)) {
    throw new ArgumentError(`${where}: the options are an object (${keys.join(', ')}), got ${formatTerm(opts)}.`);
  }
  for (const k of Object.keys(opts)) {
    if (!keys.includes(k)) throw new ArgumentError(`${where}: unknown option '${k}'; the options are ${keys.join(', ')}.`);
  }
  return opts as Record<string, unknown>;
}

/**
 * Starts a task supervisor linked to the caller: `['ok', pid]`. Options: `name`,
 * `maxRestarts`, `maxSeconds`, `maxChildren`.
 *
 * @example A named task supervisor
 * ```ts
 * const [ok] = await Task.Supervisor.startLink({ name: 'Jobs' });
 * ok; // 'ok'
 * const task = await Task.Supervisor.asyncNolink('Jobs', () => 'done');
 * await Task.await(task); // 'done'
 * ```
 */
async function startLink(opts: TaskSupervisorOptions = {}): Promise<readonly ['ok', Pid] | readonly ['error', unknown] | 'ignore'> {
  const { name, ...flags } = checkOptions('Task.Supervisor.startLink', opts, ['name', 'maxRestarts', 'maxSeconds', 'maxChildren']);
  TaskSupervisorModule.init(flags); // bad flags fail here, in the caller
  return DynamicSupervisor.startLink(TaskSupervisorModule, flags, name === undefined ? undefined : { name: name as ServerName });
}

/**
 * The child spec of a task supervisor, as Elixir's `{Task.Supervisor, name: …}`: a
 * supervisor whose id is its name.
 *
 * @example Under a supervisor
 * ```ts
 * Task.Supervisor.childSpec({ name: 'Jobs' }); // { id: 'Jobs', start: [Task.Supervisor, 'startLink', [{ name: 'Jobs' }]], type: 'supervisor' }
 * ```
 */
function childSpec(opts: TaskSupervisorOptions = {}): { id: unknown; start: [typeof TaskSupervisor, 'startLink', [TaskSupervisorOptions]]; type: 'supervisor' } {
  return { id: opts.name ?? 'Task.Supervisor', start: [TaskSupervisor, 'startLink', [opts]], type: 'supervisor' };
}

// A task as a temporary child: started in the supervisor's process, so linked to it.
function taskSpec(body: () => Promise<void>, fn: Function, opts: TaskChildOptions): ChildSpecInput {
  const label = labelOf(fn);
  return {
    id: 'Task',
    start: () => ['ok', spawnLink(body, { label })],
    restart: opts.restart ?? 'temporary',
    shutdown: opts.shutdown ?? 5000,
    modules: [label],
  };
}

/** Starts a task that replies to the caller under `sup`; its pid, not yet adopted. */
async function startReplying(where: string, sup: ServerRef, call: TaskCall, opts: unknown): Promise<Pid> {
  const o = checkOptions(where, opts, ['shutdown']) as TaskShutdownOption;
  const r = await DynamicSupervisor.startChild(sup, taskSpec(replyingTask(self(), call, true), call.fn, o));
  // Elixir matches {:ok, pid} here: a supervisor that refuses crashes the caller.
  if (r === 'ignore' || r[0] !== 'ok' || !isPid(r[1])) return exit(['badmatch', r]);
  return r[1];
}

/**
 * Starts a task under `sup`, monitored by the caller but not linked to it: a crash of the
 * task does not touch the caller, and `Task.yield` gives `['exit', reason]`. Await it with
 * `Task.await`/`Task.yield` as a task of `Task.async`. Option: `shutdown`.
 *
 * @example A crash the caller survives
 * ```ts
 * const [, sup] = await Task.Supervisor.startLink();
 * const task = await Task.Supervisor.asyncNolink(sup, () => exit('boom'));
 * await Task.yield(task); // ['exit', 'boom']
 * ```
 */
async function asyncNolink<T>(sup: ServerRef, fn: () => T | Promise<T>, opts?: TaskShutdownOption): Promise<Task<Awaited<T>>> {
  checkFn('Task.Supervisor.asyncNolink', fn);
  return adopt(await startReplying('Task.Supervisor.asyncNolink', sup, { fn, args: [] }, opts));
}

/**
 * Starts a task under `sup`, linked to the caller as `Task.async` is (a crash crashes
 * the caller). Option: `shutdown`.
 *
 * @example A supervised task linked to the caller
 * ```ts
 * const [, sup] = await Task.Supervisor.startLink();
 * const task = await Task.Supervisor.async(sup, () => 1 + 2);
 * await Task.await(task); // 3
 * ```
 */
async function taskAsync<T>(sup: ServerRef, fn: () => T | Promise<T>, opts?: TaskShutdownOption): Promise<Task<Awaited<T>>> {
  checkFn('Task.Supervisor.async', fn);
  const pid = await startReplying('Task.Supervisor.async', sup, { fn, args: [] }, opts);
  Process.link(pid);
  return adopt(pid);
}

/**
 * Starts a task under `sup` that nobody awaits: `['ok', pid]`. Options: `restart`
 * (default `'temporary'`) and `shutdown`.
 *
 * @example Fire and forget, supervised
 * ```ts
 * const [, sup] = await Task.Supervisor.startLink();
 * const me = self();
 * const [ok] = await Task.Supervisor.startChild(sup, () => send(me, 'hello'));
 * ok; // 'ok'
 * await receive(); // 'hello'
 * ```
 */
function startChild(sup: ServerRef, fn: () => unknown, opts?: TaskChildOptions): Promise<readonly ['ok', Pid] | readonly ['error', unknown] | 'ignore'> {
  checkFn('Task.Supervisor.startChild', fn);
  const o = checkOptions('Task.Supervisor.startChild', opts, ['restart', 'shutdown']) as TaskChildOptions;
  return DynamicSupervisor.startChild(sup, taskSpec(runningTask(self(), { fn, args: [] }), fn, o));
}

/**
 * The pids of the supervisor's running tasks.
 *
 * @example List the running tasks
 * ```ts
 * const [, sup] = await Task.Supervisor.startLink();
 * const [, pid] = await Task.Supervisor.startChild(sup, () => receive());
 * await Task.Supervisor.children(sup); // [pid]
 * ```
 */
async function children(sup: ServerRef): Promise<Pid[]> {
  return (await DynamicSupervisor.whichChildren(sup)).map((c) => c[1]).filter(isPid);
}

/**
 * Stops the task `pid` of the supervisor: `'ok'`, or `['error', 'not_found']`.
 *
 * @example Stop one task
 * ```ts
 * const [, sup] = await Task.Supervisor.startLink();
 * const [, pid] = await Task.Supervisor.startChild(sup, () => receive());
 * await Task.Supervisor.terminateChild(sup, pid); // 'ok'
 * await Task.Supervisor.terminateChild(sup, pid); // ['error', 'not_found']
 * ```
 */
function terminateChild(sup: ServerRef, pid: Pid): Promise<'ok' | readonly ['error', 'not_found']> {
  return DynamicSupervisor.terminateChild(sup, pid);
}

/**
 * `Task.asyncStream` with its tasks under `sup`, linked to the reader.
 *
 * @example A supervised stream
 * ```ts
 * const [, sup] = await Task.Supervisor.startLink();
 * await Task.Supervisor.asyncStream(sup, [1, 2], (x) => x * 2).toArray(); // [['ok', 2], ['ok', 4]]
 * ```
 */
function asyncStream<T, R>(sup: ServerRef, items: Iterable<T> | AsyncIterable<T>, fn: (item: T) => R | Promise<R>, opts?: AsyncStreamOptions): TaskStream<Awaited<R>> {
  return taskStream('Task.Supervisor.asyncStream', items, fn, opts, async (call) => {
    const pid = await startReplying('Task.Supervisor.asyncStream', sup, call, undefined);
    Process.link(pid);
    return pid;
  });
}

/**
 * `Task.asyncStream` with its tasks under `sup`, not linked to the reader: a crashed task
 * gives `['exit', reason]` and the reader goes on.
 *
 * @example Crashes become results
 * ```ts
 * const [, sup] = await Task.Supervisor.startLink();
 * const stream = Task.Supervisor.asyncStreamNolink(sup, [1, 2], (x) => (x === 2 ? exit('bad') : x));
 * await stream.toArray(); // [['ok', 1], ['exit', 'bad']]
 * ```
 */
function asyncStreamNolink<T, R>(sup: ServerRef, items: Iterable<T> | AsyncIterable<T>, fn: (item: T) => R | Promise<R>, opts?: AsyncStreamOptions): TaskStream<Awaited<R>> {
  return taskStream('Task.Supervisor.asyncStreamNolink', items, fn, opts, (call) => startReplying('Task.Supervisor.asyncStreamNolink', sup, call, undefined));
}

/**
 * Elixir's `Task.Supervisor`: tasks started under a supervisor, awaited as other tasks.
 *
 * @example Tasks whose crashes the caller survives
 * ```ts
 * const [, sup] = await Task.Supervisor.startLink();
 * const good = await Task.Supervisor.asyncNolink(sup, () => 'fine');
 * const bad = await Task.Supervisor.asyncNolink(sup, () => exit('oops'));
 * await Task.yieldMany([good, bad]); // [[good, ['ok', 'fine']], [bad, ['exit', 'oops']]]
 * ```
 */
export const TaskSupervisor = nameNamespace(
  { startLink, childSpec, async: taskAsync, asyncNolink, startChild, children, terminateChild, asyncStream, asyncStreamNolink },
  'Task.Supervisor',
);
