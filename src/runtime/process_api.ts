/**
 * The `Process` namespace: what Elixir's Process module offers, camelCased.
 */
import { currentProc } from './context.js';
import { ArgumentError } from './errors.js';
import { emit, observed } from './events.js';
import { queued, drop, mark, queueEnd } from './mailbox.js';
import { isolate } from './isolate.js';
import { lookupName, register, registered, unregister, whereis, whereisDest } from './names.js';
import { _ } from './pattern.js';
import { Pid, procOf, Ref } from './pid.js';
import { type Proc, statusNames, table } from './proc.js';
import { demonitor as removeMonitor, exitProc, exitSignal, link as addLink, monitor as addMonitor, ROOT_PID, unlink as removeLink } from './signals.js';
import { requireProc } from './spawn.js';
import { cancelTimer, sendAfter, sleep } from './timers.js';
import { formatTerm } from './term.js';

function asPid(fn: string, pid: unknown): Pid {
  if (!(pid instanceof Pid)) {
    throw new ArgumentError(`Process.${fn}: expected a pid, got ${formatTerm(pid)}. Pids come from spawn(...), self() or pid('0.42.0').`);
  }
  return pid;
}

// A process that a call of its own has just killed (a link loop, exit(self(), …)) must not
// run on: unwind its code. Its exit is already done; what is thrown here is ignored.
function stopIfDead(p: Proc | undefined): void {
  if (p !== undefined && p.dead) throw new ProcessGone(p.pid);
}

/**
 * Thrown into the code of a process that a call of its own has just ended (it killed itself,
 * or died through a link), so that it stops running on. Catching it changes nothing: the
 * process is already gone.
 *
 * @example A process that kills itself stops there
 * ```ts
 * let thrown;
 * const [, ref] = spawnMonitor(() => {
 *   try { Process.exit(self(), 'kill'); } catch (e) { thrown = e; }
 * });
 * (await receive(['DOWN', ref, _, _, _]))[4]; // 'killed'
 * thrown instanceof ProcessGone; // true
 * ```
 */
export class ProcessGone extends Error {
  constructor(pid: Pid) {
    super(`${pid} has exited`);
    this.name = 'ProcessGone';
  }
}

/**
 * Is the process alive?
 *
 * @example Before and after it ends
 * ```ts
 * const [pid, ref] = spawnMonitor(() => receive('stop'));
 * Process.isAlive(pid); // true
 * send(pid, 'stop');
 * await receive(['DOWN', ref, _, _, _]);
 * Process.isAlive(pid); // false
 * ```
 */
function isAlive(pid: Pid): boolean {
  asPid('isAlive', pid);
  const p = procOf(pid);
  return p !== undefined && !p.dead;
}

/**
 * Sends the exit signal `reason` to `pid`, as Erlang's `exit/2`: `'kill'` always kills
 * (reason `'killed'`); `'normal'` is ignored unless `pid` is the caller; a trapping target
 * gets `['EXIT', from, reason]`; any other reason kills a non-trapping target.
 *
 * @example Kill a process, trapping or not
 * ```ts
 * const [pid, ref] = spawnMonitor(async () => {
 *   Process.flag('trap_exit', true);
 *   await receive('never sent');
 * });
 * await Process.sleep(1);
 * Process.exit(pid, 'kill'); // true
 * (await receive(['DOWN', ref, _, _, _]))[4]; // 'killed'
 * ```
 *
 * @example A trapping process receives the signal as a message
 * ```ts
 * Process.flag('trap_exit', true);
 * Process.exit(self(), 'please stop');
 * await receive(); // ['EXIT', self(), 'please stop']
 * ```
 */
function exit(pid: Pid, reason: unknown): true {
  asPid('exit', pid);
  const target = procOf(pid);
  const me = currentProc();
  if (target !== undefined) exitSignal(target, me?.pid ?? ROOT_PID, reason, false);
  stopIfDead(me);
  return true;
}

/**
 * Links the caller and `pid`. Linking to a dead process, as in Erlang: a trapping caller
 * receives `['EXIT', pid, 'noproc']`; any other caller gets a `noproc` error thrown (it
 * ends the caller unless caught).
 *
 * @example A crash of a linked process reaches a trapping caller
 * ```ts
 * Process.flag('trap_exit', true);
 * const worker = spawn(async () => { await receive('crash'); throw 'crashed'; });
 * Process.link(worker); // true
 * send(worker, 'crash');
 * await receive(); // ['EXIT', worker, 'crashed']
 * ```
 */
function link(pid: Pid): true {
  asPid('link', pid);
  const me = requireProc('Process.link');
  const target = procOf(pid);
  if (target !== undefined && !target.dead) addLink(me, target);
  else if (me.trapExit) exitSignal(me, pid, 'noproc', true);
  else throw new NoProcError(`Process.link: ${pid} is not alive (noproc).`);
  return true;
}

/**
 * Erlang's `noproc` error: the process a call needs is not alive. Its `reason` is `'noproc'`.
 *
 * @example Linking to a dead process
 * ```ts
 * const dead = spawn(() => {});
 * await Process.sleep(1);
 * let error;
 * try { Process.link(dead); } catch (e) { error = e; }
 * error instanceof NoProcError; // true
 * (error as NoProcError).reason; // 'noproc'
 * ```
 */
export class NoProcError extends Error {
  readonly reason = 'noproc';
  constructor(message: string) {
    super(message);
    this.name = 'ErlangError';
  }
}

/**
 * Removes the link between the caller and `pid` (both ways); returns true, also when there
 * was none.
 *
 * @example A crash no longer travels once unlinked
 * ```ts
 * const worker = spawnLink(async () => { await receive('crash'); throw 'crashed'; });
 * Process.unlink(worker); // true
 * const ref = Process.monitor(worker);
 * send(worker, 'crash');
 * (await receive(['DOWN', ref, _, _, _]))[4]; // 'crashed'
 * Process.isAlive(self()); // true
 * ```
 */
function unlink(pid: Pid): true {
  asPid('unlink', pid);
  const me = requireProc('Process.unlink');
  const target = procOf(pid);
  if (target !== undefined) removeLink(me, target);
  return true;
}

/**
 * Monitors a pid or a registered name; returns the monitor's ref. When the process ends
 * (or at once, if it is not alive) the caller receives
 * `['DOWN', ref, 'process', pidOrName, reason]`.
 *
 * @example Learn that a process ended, and why
 * ```ts
 * const worker = spawn(() => receive('stop'));
 * const ref = Process.monitor(worker);
 * send(worker, 'stop');
 * await receive(); // ['DOWN', ref, 'process', worker, 'normal']
 * ```
 *
 * @example A name nobody holds gives noproc at once
 * ```ts
 * const ref = Process.monitor('nobody');
 * await receive(); // ['DOWN', ref, 'process', 'nobody', 'noproc']
 * ```
 */
function monitor(target: Pid | string): Ref {
  const me = requireProc('Process.monitor');
  // The monitor's ref marks the mailbox as makeRef's does (its DOWN, queued now if the
  // target is gone already, comes after the mark), so receiving that DOWN skips older mail.
  const at = queueEnd(me);
  const ref = monitorOf(me, target);
  mark(me, ref, at);
  return ref;
}

function monitorOf(me: Proc, target: Pid | string): Ref {
  if (target instanceof Pid) return addMonitor(me, procOf(target), target);
  if (typeof target === 'string') return addMonitor(me, lookupName(target), target);
  const pid = whereisDest(target);
  if (pid === undefined && !Array.isArray(target)) {
    throw new ArgumentError(`Process.monitor: expected a pid or a registered name, got ${formatTerm(target)}.`);
  }
  return addMonitor(me, pid && procOf(pid), pid ?? (target as unknown as string));
}

/**
 * Removes a monitor; with `{ flush: true }` also drops its DOWN message if it came already.
 * Returns true.
 *
 * @example Forget a monitor and its DOWN message
 * ```ts
 * const [, ref] = spawnMonitor(() => {});
 * await Process.sleep(1);
 * Process.demonitor(ref, { flush: true }); // true
 * await receive({ after: 0 }); // 'timeout'
 * ```
 */
function demonitor(ref: Ref, opts: { flush?: boolean } = {}): true {
  if (!(ref instanceof Ref)) throw new ArgumentError(`Process.demonitor: expected the ref returned by Process.monitor, got ${formatTerm(ref)}.`);
  const me = requireProc('Process.demonitor');
  removeMonitor(me, ref);
  if (opts.flush) drop(me, ['DOWN', ref, _, _, _]);
  return true;
}

/**
 * Sets a process flag and returns its previous value. Only `'trap_exit'` exists: a trapping
 * process receives exit signals as `['EXIT', from, reason]` messages instead of dying.
 *
 * @example Trap exits
 * ```ts
 * Process.flag('trap_exit', true); // false
 * const child = spawnLink(() => exit('boom'));
 * await receive(); // ['EXIT', child, 'boom']
 * Process.flag('trap_exit', false); // true
 * ```
 */
function flag(name: 'trap_exit', value: boolean): boolean {
  if (name !== 'trap_exit') {
    throw new ArgumentError(`Process.flag: unknown flag ${formatTerm(name)}; the flag beamish knows is 'trap_exit': Process.flag('trap_exit', true).`);
  }
  if (typeof value !== 'boolean') throw new ArgumentError(`Process.flag('trap_exit', value): value must be true or false, got ${formatTerm(value)}.`);
  const me = requireProc('Process.flag');
  const prev = me.trapExit;
  me.trapExit = value;
  return prev;
}

/**
 * The pids of every live process.
 *
 * @example A new process is in the list
 * ```ts
 * const pid = spawn(() => receive());
 * Process.list().includes(pid); // true
 * Process.list().includes(self()); // true
 * ```
 */
function list(): Pid[] {
  const out: Pid[] = [];
  for (const p of table.values()) out.push(p.pid);
  return out;
}

/**
 * Names the calling process for tools (Elixir 1.17's `Process.set_label`): `Process.info`
 * and the shell's process views show it.
 *
 * @example Label a worker
 * ```ts
 * Process.setLabel('importer'); // 'ok'
 * Process.info(self())!.label; // 'importer'
 * ```
 */
function setLabel(label: string): 'ok' {
  const me = requireProc('Process.setLabel');
  me.label = String(label);
  if (observed) emit({ type: 'label', pid: me.pid, label: me.label });
  return 'ok';
}

export interface ProcessInfo {
  pid: Pid;
  status: 'new' | 'runnable' | 'running' | 'waiting' | 'exiting';
  messageQueueLen: number;
  messages: unknown[];
  links: Pid[];
  monitors: ['process', Pid | string][];
  monitoredBy: Pid[];
  trapExit: boolean;
  registeredName: string | undefined;
  initialCall: string;
  label: string;
  currentFunction: string;
  parent: Pid | undefined;
  ancestors: Pid[];
  reductions: number;
  memory: number;
  meta: Record<string, unknown> | undefined;
}

/** A rough size of a process in bytes, for tools: its fixed part plus what it holds. */
export function memoryEstimate(p: Proc): number {
  return 450 + p.queueLength * 64 + (p.links?.size ?? 0) * 48 + (p.monitors?.size ?? 0) * 96 + (p.monitoredBy?.size ?? 0) * 96;
}

/**
 * Everything known about a live process, or undefined when it is dead: status, mailbox,
 * links, monitors, name, label, parent and ancestors, reductions (messages handled), a
 * memory estimate.
 *
 * @example Look inside a waiting process
 * ```ts
 * const pid = spawn(function worker() { return receive('go'); });
 * await Process.sleep(1);
 * send(pid, 'queued');
 * const info = Process.info(pid)!;
 * info.status; // 'waiting'
 * info.messages; // ['queued']
 * info.label; // 'worker'
 * info.parent === self(); // true
 * send(pid, 'go');
 * await Process.sleep(1);
 * Process.info(pid); // undefined
 * ```
 */
function info(pid: Pid): ProcessInfo | undefined {
  asPid('info', pid);
  const p = procOf(pid);
  if (p === undefined || p.dead) return undefined;
  const ancestors: Pid[] = [];
  for (let a = p.parent; a !== undefined && ancestors.length < 50; ) {
    ancestors.push(a);
    a = procOf(a)?.parent;
  }
  return {
    pid: p.pid,
    status: statusNames[p.status],
    messageQueueLen: p.queueLength,
    messages: isolate(queued(p)),
    links: p.links === null ? [] : [...p.links].map((l) => l.pid),
    monitors: p.monitors === null ? [] : [...p.monitors.values()].map((m) => ['process', m.named] as ['process', Pid | string]),
    monitoredBy: p.monitoredBy === null ? [] : [...p.monitoredBy.values()].map((m) => m.watcher.pid),
    trapExit: p.trapExit,
    registeredName: p.name,
    initialCall: p.label,
    label: p.label,
    currentFunction: p.label,
    parent: p.parent,
    ancestors,
    reductions: p.reductions,
    memory: memoryEstimate(p),
    meta: p.meta ?? undefined,
  };
}

/**
 * Elixir's `Process` module.
 *
 * @example Trap exits and see a linked crash as a message
 * ```ts
 * Process.flag('trap_exit', true);
 * const pid = spawnLink(() => exit('boom'));
 * await receive(); // ['EXIT', pid, 'boom']
 * Process.isAlive(pid); // false
 * ```
 */
export const Process = {
  isAlive,
  exit,
  link,
  unlink,
  monitor,
  demonitor,
  flag,
  register,
  unregister,
  whereis,
  registered,
  list,
  info,
  sleep,
  sendAfter,
  cancelTimer,
  setLabel,
};

export { exitProc };
