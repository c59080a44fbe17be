/**
 * Creating processes and the calls every process makes: spawn, self, send, exit.
 */
import { currentProc, ownerOfPromise, startAs, setCallbackErrorHandler, setResultWatcher, watchResult } from './context.js';
import { ArgumentError, ExitError, NoProcessError, reasonOf } from './errors.js';
import { emit, observed } from './events.js';
import { isolate } from './isolate.js';
import { type Dest, isVia, lookupName } from './names.js';
import { Pid, type Ref, procOf } from './pid.js';
import { newProc, type Proc, RUNNING } from './proc.js';
import { deliver, receiveIn } from './receive.js';
import { scheduleStart, setStarter } from './scheduler.js';
import { exitProc, link, monitor } from './signals.js';
import { formatTerm } from './term.js';

/** What a process function may take as its argument: its own handles, no ambient lookup. */
export interface ProcessContext {
  readonly self: Pid;
  receive<T = any>(...args: unknown[]): Promise<T>;
  send<T>(dest: Dest, msg: T): T;
}

export type ProcessFn = ((ctx: ProcessContext) => unknown) | (() => unknown);

export interface SpawnOptions {
  /** What tools show for the process (default: the function's name). */
  label?: string;
}

function spawnProc(fn: unknown, opts: SpawnOptions | undefined, caller: string): Proc {
  if (typeof fn !== 'function') {
    throw new ArgumentError(
      `${caller}: expected a function to run as the process, got ${formatTerm(fn)}. Write ${caller}(async () => { ... }).`,
    );
  }
  if (opts !== undefined && (typeof opts !== 'object' || opts === null)) {
    throw new ArgumentError(`${caller}: the options are an object such as { label: 'worker' }, got ${formatTerm(opts)}.`);
  }
  const parent = currentProc();
  const label = opts?.label;
  const p = newProc(fn as (ctx?: unknown) => unknown, label, parent?.pid);
  if (parent !== undefined && parent.seqToken !== undefined) p.seqToken = parent.seqToken;
  return p;
}

function started(p: Proc, linked: boolean): void {
  if (observed) emit({ type: 'spawn', pid: p.pid, parent: p.parent, label: p.label, link: linked, token: p.seqToken });
  scheduleStart(p);
}

/**
 * Starts `fn` as a new process and returns its pid at once; the process runs when the
 * caller yields. It ends when `fn` returns (reason `'normal'`) or throws (the thrown value).
 *
 * @example A process that waits for one message
 * ```ts
 * const pid = spawn(async () => {
 *   const [from, text] = await receive();
 *   send(from, text.toUpperCase());
 * });
 * send(pid, [self(), 'hello']);
 * await receive(); // 'HELLO'
 * ```
 */
export function spawn(fn: ProcessFn, opts?: SpawnOptions): Pid {
  const p = spawnProc(fn, opts, 'spawn');
  started(p, false);
  return p.pid;
}

/**
 * `spawn`, linked to the caller in the same step: if either dies abnormally, so does the
 * other (unless it traps exits).
 *
 * @example A linked crash reaches a trapping parent as a message
 * ```ts
 * Process.flag('trap_exit', true);
 * const pid = spawnLink(() => { throw 'boom'; });
 * await receive(); // ['EXIT', pid, 'boom']
 * ```
 */
export function spawnLink(fn: ProcessFn, opts?: SpawnOptions): Pid {
  const me = requireProc('spawnLink');
  const p = spawnProc(fn, opts, 'spawnLink');
  link(me, p);
  started(p, true);
  return p.pid;
}

/**
 * `spawn`, monitored by the caller in the same step; returns `[pid, ref]`.
 *
 * @example Learn how a process ended
 * ```ts
 * const [pid, ref] = spawnMonitor(() => exit('done'));
 * await receive(['DOWN', ref, 'process', pid, _]); // ['DOWN', ref, 'process', pid, 'done']
 * ```
 */
export function spawnMonitor(fn: ProcessFn, opts?: SpawnOptions): [Pid, Ref] {
  const me = requireProc('spawnMonitor');
  const p = spawnProc(fn, opts, 'spawnMonitor');
  const ref = monitor(me, p, p.pid);
  started(p, false);
  return [p.pid, ref];
}

export function requireProc(what: string): Proc {
  const p = currentProc();
  if (p === undefined) throw new NoProcessError(`${what}()`);
  return p;
}

/**
 * The pid of the running process: right inside every process, after any `await`, and in
 * timers the process started.
 *
 * @example A child tells its parent who it is
 * ```ts
 * const parent = self();
 * const child = spawn(async () => {
 *   await Promise.resolve();
 *   send(parent, ['child', self()]);
 * });
 * await receive(); // ['child', child]
 * ```
 */
export function self(): Pid {
  return requireProc('self').pid;
}

/**
 * Sends `msg` to a pid, a registered name or a `via` name and returns `msg`. The receiver
 * gets a copy (see isolate.ts). A dead pid drops the message silently, as in Erlang; a name
 * nobody holds throws (Erlang's `badarg`).
 *
 * @example Send to yourself, then to a registered name
 * ```ts
 * send(self(), ['hello', 1]); // ['hello', 1]
 * await receive(); // ['hello', 1]
 * Process.register(self(), 'me');
 * send('me', 'by name');
 * await receive(); // 'by name'
 * ```
 */
export function send<T>(dest: Dest, msg: T): T {
  const to = resolveDest(dest);
  if (to !== undefined) deliverFrom(currentProc(), to, isolate(msg));
  return msg;
}

/**
 * The end of every send once the destination is known and the message copied: drops what
 * a killed process's leftover code sends, passes on the sender's trace token, reports the
 * send, delivers. Behaviours that build their own messages (GenServer's `$gen_call`) use it.
 */
export function deliverFrom(from: Proc | undefined, to: Proc, copy: unknown): void {
  if (from !== undefined && from.dead) return;
  const token = from === undefined ? undefined : from.seqToken;
  if (observed) emit({ type: 'send', from: from?.pid, to: to.pid, msg: copy, token });
  deliver(to, copy, token);
}

function resolveDest(dest: unknown): Proc | undefined {
  if (dest instanceof Pid) return procOf(dest);
  if (typeof dest === 'string') {
    const p = lookupName(dest);
    if (p === undefined) {
      throw new ArgumentError(
        `send: no process is registered as '${dest}' (Erlang's badarg). Register one with Process.register(pid, '${dest}'), or send to a pid.`,
      );
    }
    return p;
  }
  if (isVia(dest)) {
    const pid = dest[1].whereisName(dest[2]);
    if (pid === undefined) throw new ArgumentError(`send: no process is registered under ${formatTerm(dest[2])} in ${formatTerm(dest)} (badarg).`);
    return procOf(pid);
  }
  throw new ArgumentError(`send: the destination must be a pid, a registered name or Registry.via(...), got ${formatTerm(dest)}.`);
}

/**
 * Ends the running process with `reason`, as Erlang's `exit/1`. It throws: code after it
 * does not run, and a `try`/`catch` around it can catch it (Elixir's `catch :exit, r`).
 *
 * @example End a process with a reason its monitor sees
 * ```ts
 * const [pid, ref] = spawnMonitor(() => exit('shutdown'));
 * await receive(['DOWN', ref, _, _, _]); // ['DOWN', ref, 'process', pid, 'shutdown']
 * ```
 *
 * @example Catch an exit
 * ```ts
 * let caught;
 * try { exit('changed my mind'); } catch (e) { caught = (e as ExitError).reason; }
 * caught; // 'changed my mind'
 * ```
 */
export function exit(reason: unknown): never {
  throw new ExitError(reason);
}

/**
 * Runs `fn` as a new process and resolves with what it returns; rejects with an ExitError
 * carrying the reason when the process ends otherwise. The way into the process world from
 * plain code (a test, a script's top level).
 *
 * @example Run a process and get its result
 * ```ts
 * await run(async () => {
 *   send(self(), 'ping');
 *   return await receive();
 * }); // 'ping'
 * ```
 */
export function run<T>(fn: (ctx: ProcessContext) => T | Promise<T>, opts?: SpawnOptions): Promise<T> {
  let value: T;
  const body = async (ctx: ProcessContext) => {
    value = await fn(ctx);
  };
  const p = spawnProc(body, { label: opts?.label ?? (fn.name || 'run'), ...opts }, 'run');
  const done = new Promise<T>((resolve, reject) => {
    p.onExit = (reason) => (reason === 'normal' ? resolve(value) : reject(reason instanceof Error ? reason : new ExitError(reason)));
  });
  started(p, false);
  return done;
}

function makeContext(p: Proc): ProcessContext {
  return {
    self: p.pid,
    receive: (...args: unknown[]) => receiveIn(p, args) as Promise<never>,
    send,
  };
}

// The end of an async process function is observed with one pair of shared handlers, not
// two closures per process: `.then` is called while the process is current, so its
// callbacks run as that process and find it with currentProc(). (This keeps an idle process
// about 150 bytes smaller.)
function ended(): void {
  const p = currentProc();
  if (p !== undefined) exitProc(p, 'normal');
}
function failed(err: unknown): void {
  const p = currentProc();
  if (p !== undefined) crashed(p, err);
}

let crashReporter: ((p: Proc, thrown: unknown) => void) | null = null;

/**
 * Set once by the OTP layer: how a plain process that raised is reported (Elixir logs
 * `[error] Process #PID<…> raised an exception`). Exits by `exit(reason)` are not reported,
 * as in Elixir; behaviours (meta.behaviour set) report their own crashes.
 */
export function setCrashReporter(fn: ((p: Proc, thrown: unknown) => void) | null): void {
  crashReporter = fn;
}

function crashed(p: Proc, err: unknown): void {
  if (p.dead) return;
  if (crashReporter !== null && !(err instanceof ExitError) && p.meta === null) {
    try {
      crashReporter(p, err);
    } catch {
      // A broken reporter must not keep the process from exiting.
    }
  }
  exitProc(p, reasonOf(err));
}

function call(p: Proc): unknown {
  const fn = p.fn;
  return fn.length > 0 ? fn(makeContext(p)) : fn();
}

function invoke(p: Proc): void {
  const result = watchResult(p, call);
  if (result instanceof Promise) return;
  if (result !== null && typeof result === 'object' && typeof (result as PromiseLike<unknown>).then === 'function') {
    Promise.resolve(result).then(ended, failed);
  } else exitProc(p, 'normal');
}

function start(p: Proc): void {
  p.status = RUNNING;
  try {
    startAs(p, invoke, p);
  } catch (err) {
    crashed(p, err);
  }
}

setStarter(start);
setResultWatcher((result) => void result.then(ended, failed));
setCallbackErrorHandler(crashed);

// A rejection nobody handled, in a promise a process created, ends that process; one from
// outside every process is left to the host's own handling.
let faultsInstalled = false;
export function installFaultHandlers(): void {
  if (faultsInstalled) return;
  faultsInstalled = true;
  process.on('unhandledRejection', (reason, promise) => {
    const owner = ownerOfPromise(promise);
    if (owner !== undefined && !owner.dead) {
      crashed(owner, reason);
      return;
    }
    if (owner !== undefined) return; // the owner is already gone
    if (process.listenerCount('unhandledRejection') === 1) {
      // We are the only listener: keep Node's default behaviour.
      throw reason;
    }
  });
}
installFaultHandlers();

