/**
 * What every task shares, started by `Task` or by a `Task.Supervisor` (Elixir's
 * Task.Supervised): the task value, the process body that runs the function and replies to
 * its owner, and the checks of the functions that query a task.
 *
 * A task that replies first waits for `[owner, ref]` from its owner, `ref` being the
 * owner's monitor of the task; it answers `[ref, result]`. A task started by a supervisor
 * learns its owner's monitor only after the supervisor has started it, hence this
 * handshake (Elixir's too). The reply goes out only while the owner still monitors the
 * task: an owner that gave up (`await` timed out, `ignore`, `shutdown`) has demonitored,
 * and the late reply is dropped, as Elixir drops it through its process alias.
 */
import { _, after, ArgumentError, exit, ExitError, formatTerm, isPid, isRef, on, Process, receive, Ref, self, send, type Pid } from '../runtime/index.js';
import { currentProc } from '../runtime/internal.js';
import { formatReason, isQuietReason, report, show } from './reports.js';

declare const resultType: unique symbol;

/**
 * A running task, as Elixir's `%Task{}`: its process, the owner's monitor ref (replies
 * are tagged with it) and the owner, the only process that may await it.
 */
export interface Task<T = unknown> {
  readonly pid: Pid;
  readonly ref: Ref;
  readonly owner: Pid;
  /** Type-level only: what awaiting the task gives. */
  readonly [resultType]?: T;
}

/** How long a supervised task waits for its owner's monitor ref (Elixir's @ref_timeout). */
const REF_TIMEOUT = 5000;

export function checkFn(where: string, fn: unknown): void {
  if (typeof fn !== 'function') {
    throw new ArgumentError(`${where}: expected a function to run as the task, got ${formatTerm(fn)}. Write ${where}(async () => ...).`);
  }
}

/** What a task runs: `fn(...args)` (the args are shown in its crash report). */
export interface TaskCall {
  readonly fn: (...args: any[]) => unknown;
  readonly args: readonly unknown[];
}

export function labelOf(fn: Function): string {
  return fn.name || 'Task';
}

/**
 * Runs the task's function in the task process. An abnormal end is reported as Elixir's
 * Logger reports it (`[error] Task #PID<…> started from #PID<…> terminating`), then ends
 * the task with the same reason.
 */
async function perform(owner: Pid, call: TaskCall): Promise<unknown> {
  const me = currentProc()!;
  me.meta = { behaviour: 'Task', owner };
  try {
    return await call.fn(...call.args);
  } catch (err) {
    const reason = err instanceof ExitError ? err.reason : err;
    if (!me.dead && !isQuietReason(reason)) {
      const text = [
        `[error] Task ${me.pid} started from ${owner} terminating`,
        ...formatReason(reason),
        `Function: ${show(call.fn)}`,
        `    Args: ${show(call.args)}`,
      ].join('\n');
      report({ kind: 'crash', level: 'error', pid: me.pid, text, behaviour: 'Task', owner, reason, fn: call.fn, args: call.args });
    }
    throw err;
  }
}

/** The body of a task that runs without replying (`Task.start`, `Task.Supervisor.startChild`). */
export function runningTask(owner: Pid, call: TaskCall): () => Promise<void> {
  return async () => {
    await perform(owner, call);
  };
}

/**
 * The body of a task that replies to `owner`. `watchOwner`: the task is not linked to its
 * owner yet (supervised tasks), so it stops if the owner dies before the handshake.
 */
export function replyingTask(owner: Pid, call: TaskCall, watchOwner: boolean): () => Promise<void> {
  return async () => {
    const mref = watchOwner ? Process.monitor(owner) : undefined;
    const clauses = [on([owner, Ref], (m: [Pid, Ref]) => m[1])];
    if (mref !== undefined) clauses.push(on(['DOWN', mref, 'process', _, _], (m: unknown[]) => exit(['shutdown', m[4]])));
    const ref: Ref = await receive(...clauses, after(REF_TIMEOUT, () => exit('timeout')));
    if (mref !== undefined) Process.demonitor(mref, { flush: true });
    const result = await perform(owner, call);
    if (currentProc()?.monitoredBy?.has(ref.id)) send(owner, [ref, result]);
  };
}

/** Starts the handshake with a task just started: monitor it, tell it the ref. */
export function adopt<T>(pid: Pid): Task<T> {
  const owner = self();
  const ref = Process.monitor(pid);
  send(pid, [owner, ref]);
  return { pid, ref, owner };
}

export function checkTask(where: string, task: unknown): asserts task is Task {
  const t = task as Task | null;
  if (typeof t !== 'object' || t === null || !isPid(t.pid) || !isRef(t.ref) || !isPid(t.owner)) {
    throw new ArgumentError(`${where}: expected a task from Task.async or Task.Supervisor.asyncNolink, got ${formatTerm(task)}.`);
  }
}

/** Only the owner may await, yield, ignore or shut down a task (Elixir's invalid_owner_error). */
export function checkOwner(where: string, task: unknown): asserts task is Task {
  checkTask(where, task);
  const me = self();
  if (task.owner.id !== me.id) {
    throw new ArgumentError(`task ${formatTerm(task)} must be queried from the owner but was queried from ${me}`);
  }
}
