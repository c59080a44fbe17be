/**
 * GenServer: the generic server loop, apart from the callback module, as gen_server.erl is
 * apart from its callbacks. The loop receives one message at a time, calls the module's
 * callback, interprets the tuple it returns, and turns a throw into an exit; the module
 * only holds the specific logic.
 *
 * Messages on the wire mirror OTP's: `['$gen_call', [pid, ref], request]`,
 * `['$gen_cast', msg]`, and `['$system', from, request]` for sys.ts. Replies travel through
 * the runtime's reply slots (reply.ts): a call finds its reply in O(1) whatever the
 * caller's mailbox holds, and a reply that comes after the call timed out is dropped.
 */
import {
  ArgumentError,
  ExitError,
  formatTerm,
  isolate,
  Pid,
  Process,
  receive,
  Ref,
  spawn,
  spawnLink,
  type ViaName,
} from '../runtime/index.js';
import {
  awaitReply,
  awaitReplyValue,
  budgetOk,
  newRef,
  holdWait,
  releaseWait,
  resumeHeld,
  runAs,
  resolvedOwn,
  type ReplyOutcome,
  NOTHING,
  takeNow,
  currentProc,
  deliverFrom,
  emit,
  exitProc,
  isVia,
  lookupName,
  observed,
  openRequest,
  procOf,
  type Proc,
  requireProc,
  sendReply,
  timeoutMs,
} from '../runtime/internal.js';
import { timeoutAfter } from './call_timeouts.js';
import { formatReason, isQuietReason, nameOf, report, show } from './reports.js';

// ---------------------------------------------------------------------------------------
// Types

/** The `from` of a call: the caller's pid and the call's ref, for `reply(from, value)`. */
export type From = readonly [Pid, Ref];

/** A server: a pid, a registered name, or a `via` name such as `Registry.via(reg, key)`. */
export type ServerRef = Pid | string | ViaName;

/** A name to register a server under: a string, or `['via', module, key]`. */
export type ServerName = string | ViaName;

/** What follows a callback: a timeout in ms (then `handleInfo('timeout')`), or `['continue', c]`. */
export type Next = number | 'infinity' | 'hibernate' | readonly ['continue', unknown];

export type InitResult<S> = readonly ['ok', S] | readonly ['ok', S, Next] | 'ignore' | readonly ['stop', unknown];
export type CallResult<S, R = unknown> =
  | readonly ['reply', R, S]
  | readonly ['reply', R, S, Next]
  | readonly ['noreply', S]
  | readonly ['noreply', S, Next]
  | readonly ['stop', unknown, R, S]
  | readonly ['stop', unknown, S];
export type NoReplyResult<S> = readonly ['noreply', S] | readonly ['noreply', S, Next] | readonly ['stop', unknown, S];

type Returned<T> = T | Promise<T>;

/**
 * A callback module: an object with these methods (or a class whose instances have them).
 * Return values are loosely typed so that array literals written without annotations are
 * accepted; the shapes are those of `InitResult`, `CallResult` and `NoReplyResult`.
 */
export interface GenServerModule {
  /** Names the module in reports and child specs (a class has its name already). */
  name?: string;
  init(arg: any): Returned<unknown>;
  handleCall?(request: any, from: From, state: any): Returned<unknown>;
  handleCast?(msg: any, state: any): Returned<unknown>;
  handleInfo?(msg: any, state: any): Returned<unknown>;
  handleContinue?(cont: any, state: any): Returned<unknown>;
  terminate?(reason: unknown, state: any): unknown;
  childSpec?(arg: any): unknown;
  startLink?(...args: any[]): unknown;
}

/** A module as accepted by `start`: a callback object, or a class (one instance per server). */
export type ModuleRef = GenServerModule | (new () => GenServerModule);

export interface StartOptions {
  /** Register the server under this name before `init` runs. */
  name?: ServerName;
  /** How long `init` may take, in ms (default Infinity); past it the start fails with 'timeout'. */
  timeout?: number | 'infinity';
}

export type StartResult = readonly ['ok', Pid] | readonly ['error', unknown] | 'ignore';

// ---------------------------------------------------------------------------------------
// Modules

const namespaces = new WeakMap<object, string>();

/** Names a namespace object (GenServer, Supervisor, …) so reports can show `GenServer.startLink(…)`. */
export function nameNamespace<T extends object>(ns: T, name: string): T {
  namespaces.set(ns, name);
  return ns;
}

/** The module's name for reports and child specs: a class's name, or an object's `name`. */
export function moduleName(mod: unknown): string | undefined {
  if ((typeof mod === 'object' && mod !== null) || typeof mod === 'function') {
    const known = namespaces.get(mod);
    if (known !== undefined) return known;
  }
  if (typeof mod === 'function') return mod.name || undefined;
  if (typeof mod === 'object' && mod !== null) {
    const n = (mod as { name?: unknown }).name;
    return typeof n === 'string' && n !== '' ? n : undefined;
  }
  return undefined;
}

/** True for what `start` accepts as a module. */
export function isModule(mod: unknown): mod is ModuleRef {
  if (typeof mod === 'function') return typeof (mod.prototype as { init?: unknown } | undefined)?.init === 'function';
  return typeof mod === 'object' && mod !== null && !Array.isArray(mod) && typeof (mod as { init?: unknown }).init === 'function';
}

function checkModule(fn: string, mod: unknown): asserts mod is ModuleRef {
  if (isModule(mod)) return;
  const what = typeof mod === 'function' ? `the class ${mod.name || '(anonymous)'} has no init method` : `got ${formatTerm(mod)}`;
  throw new ArgumentError(
    `GenServer.${fn}: the module must be an object (or a class) with an init(arg) callback; ${what}. ` +
      `Write GenServer.${fn}({ init: (arg) => ['ok', arg], handleCall: (req, from, state) => ['reply', state, state] }, arg).`,
  );
}

function instantiate(mod: ModuleRef): GenServerModule {
  return typeof mod === 'function' ? new mod() : mod;
}

// ---------------------------------------------------------------------------------------
// Names

function checkName(fn: string, name: unknown): asserts name is ServerName | undefined {
  if (name === undefined) return;
  if (typeof name === 'string' && name !== '' && name !== 'undefined') return;
  if (isVia(name)) return;
  throw new ArgumentError(
    `GenServer.${fn}: the name option is a non-empty string or ['via', module, key] (e.g. Registry.via(reg, key)), got ${formatTerm(name)}.`,
  );
}

/** Registers the running server under `name`; the pid holding it when it is taken. */
function registerName(p: Proc, name: ServerName): Pid | undefined {
  if (typeof name === 'string') {
    const holder = lookupName(name);
    if (holder !== undefined) return holder.pid;
    Process.register(p.pid, name);
    return undefined;
  }
  const [, mod, key] = name;
  if (typeof mod.registerName !== 'function') {
    throw new ArgumentError(`GenServer: the via module of ${formatTerm(name)} has no registerName(key, pid), so a server cannot be registered with it.`);
  }
  if (mod.registerName(key, p.pid) === 'yes') return undefined;
  return mod.whereisName(key) ?? p.pid;
}

function unregisterName(name: ServerName | undefined): void {
  if (name !== undefined && typeof name !== 'string') name[1].unregisterName?.(name[2]);
}

/** The live process a server reference stands for, or undefined. */
export function resolveServer(server: unknown): Proc | undefined {
  if (server instanceof Pid) {
    const p = procOf(server);
    return p === undefined || p.dead ? undefined : p;
  }
  if (typeof server === 'string') return lookupName(server);
  if (isVia(server)) {
    const pid = server[1].whereisName(server[2]);
    return pid === undefined ? undefined : resolveServer(pid);
  }
  return undefined;
}

export function checkServer(fn: string, server: unknown): void {
  if (server instanceof Pid || typeof server === 'string' || isVia(server)) return;
  throw new ArgumentError(
    `${fn}: the server is a pid, a registered name or ['via', module, key], got ${formatTerm(server)}.`,
  );
}

/**
 * The pid a server reference stands for now, or undefined (Elixir's `GenServer.whereis`).
 *
 * @example Find a named server
 * ```ts
 * const [, pid] = await GenServer.start({ init: () => ['ok', 0] }, null, { name: 'counter' });
 * GenServer.whereis('counter') === pid; // true
 * GenServer.whereis('nobody'); // undefined
 * ```
 */
export function whereis(server: ServerRef): Pid | undefined {
  return resolveServer(server)?.pid;
}

// ---------------------------------------------------------------------------------------
// The server

/** What a running server knows; tools read it through proc.meta and sys.ts. */
interface Server {
  readonly p: Proc;
  readonly mod: GenServerModule;
  readonly modName: string;
  readonly name: ServerName | undefined;
  readonly parent: Pid;
  state: unknown;
  /** Timeout of the next receive (Infinity: wait forever). */
  timeout: number;
  /** A pending `['continue', c]`, or NO_CONTINUE. */
  cont: unknown;
  /** The message being handled, for the crash report. */
  last: unknown;
  /** Waiting in the loop's own `receive()`: a call may be handled at once (see callDirect). */
  idle: boolean;
}

/** Where a server process keeps its Server, on its meta (which behaviours built on GenServer spread). */
const SERVER = Symbol('beamish.server');

const NO_CONTINUE: unknown = Symbol('no continue');

/** Marks what Supervisor.init and DynamicSupervisor.init return, to catch such a module started as a GenServer. */
const INIT_OF = Symbol('beamish.initOf');

/** Tags an init result as made by the behaviour `name` (see behaviourOfInit). */
export function markInit<T extends object>(result: T, behaviour: string): T {
  Object.defineProperty(result, INIT_OF, { value: behaviour });
  return result;
}

function behaviourOfInit(r: unknown): string | undefined {
  return typeof r === 'object' && r !== null ? (r as { [INIT_OF]?: string })[INIT_OF] : undefined;
}
/** Returned by the handlers when the server has stopped (or was killed under them). */
const STOPPED = false;
const GO_ON = true;

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return v !== null && typeof v === 'object' && typeof (v as { then?: unknown }).then === 'function';
}

/** Sends `value` to the caller of `from`, isolated as any message is. */
function replyTo(from: From, value: unknown): void {
  if (from[1] === directRef) {
    // The first reply of a call handled directly goes straight back to its caller (callDirect).
    if (directReply === NO_REPLY) directReply = isolate(value);
    return;
  }
  sendReply(from[0], from[1], isolate(value));
}

/**
 * Interprets what a callback returned after `next` (the 3rd or 4th element): sets the
 * server's timeout or pending continue. False when the value is not a valid `Next`.
 */
function setNext(s: Server, next: unknown): boolean {
  if (next === undefined || next === 'infinity' || next === Infinity || next === 'hibernate') {
    s.timeout = Infinity;
    return true;
  }
  if (typeof next === 'number' && next >= 0) {
    s.timeout = next;
    return true;
  }
  if (Array.isArray(next) && next.length === 2 && next[0] === 'continue') {
    s.timeout = Infinity;
    s.cont = next[1];
    return true;
  }
  return false;
}

/** The default callbacks of Elixir's `use GenServer`. */
const defaults = {
  handleCall(this: Server): never {
    throw new Error(`attempted to call GenServer ${nameOf(this.p.pid, this.name)} but no handleCall callback was provided`);
  },
  handleCast(this: Server): never {
    throw new Error(`attempted to cast GenServer ${nameOf(this.p.pid, this.name)} but no handleCast callback was provided`);
  },
  handleInfo(this: Server, msg: unknown): unknown {
    report({
      kind: 'unexpected_message',
      level: 'error',
      pid: this.p.pid,
      text: `[error] ${this.modName} ${this.p.pid} received unexpected message in handleInfo: ${show(msg)}`,
      module: this.modName,
      message: msg,
    });
    return ['noreply', this.state];
  },
  handleContinue(this: Server): never {
    throw new Error(`${this.modName} returned ['continue', …] but has no handleContinue callback`);
  },
};

/**
 * Runs a callback returning `['noreply', s]`-like values (cast, info, continue) and applies
 * its result: GO_ON, or STOPPED once the server is gone. A sync callback is handled
 * without any promise; an async one is awaited.
 */
function runNoReply(s: Server, cb: (...a: any[]) => unknown, self: unknown, arg: unknown): boolean | Promise<boolean> {
  let r: unknown;
  try {
    r = cb.call(self, arg, s.state);
  } catch (err) {
    return crashed(s, err);
  }
  if (isThenable(r)) return (r as Promise<unknown>).then((v) => (s.p.dead ? STOPPED : applyNoReply(s, v)), (err) => crashed(s, err));
  return applyNoReply(s, r);
}

function applyNoReply(s: Server, r: unknown): boolean | Promise<boolean> {
  if (Array.isArray(r)) {
    // A bad timeout makes the whole value a bad return: terminate sees the previous state.
    if (r[0] === 'noreply' && (r.length === 2 || r.length === 3)) {
      if (setNext(s, r[2])) {
        s.state = r[1];
        return GO_ON;
      }
    } else if (r[0] === 'stop' && r.length === 3) {
      s.state = r[2];
      return terminate(s, r[1]);
    }
  }
  return terminate(s, ['bad_return_value', r]);
}

function handleCallMsg(s: Server, from: From, request: unknown): boolean | Promise<boolean> {
  const cb = s.mod.handleCall;
  let r: unknown;
  try {
    r = cb === undefined ? defaults.handleCall.call(s) : cb.call(s.mod, request, from, s.state);
  } catch (err) {
    return crashed(s, err);
  }
  if (isThenable(r)) return (r as Promise<unknown>).then((v) => (s.p.dead ? STOPPED : applyCall(s, from, v)), (err) => crashed(s, err));
  return applyCall(s, from, r);
}

function applyCall(s: Server, from: From, r: unknown): boolean | Promise<boolean> {
  if (Array.isArray(r)) {
    const tag = r[0];
    if (tag === 'reply' && (r.length === 3 || r.length === 4)) {
      if (setNext(s, r[3])) {
        s.state = r[2];
        replyTo(from, r[1]);
        return GO_ON;
      }
    } else if (tag === 'noreply' && (r.length === 2 || r.length === 3)) {
      if (setNext(s, r[2])) {
        s.state = r[1];
        return GO_ON;
      }
    } else if (tag === 'stop' && r.length === 4) {
      s.state = r[3];
      return stopAndReply(s, r[1], from, r[2]);
    } else if (tag === 'stop' && r.length === 3) {
      s.state = r[2];
      return terminate(s, r[1]);
    }
  }
  return terminate(s, ['bad_return_value', r]);
}

/** `['stop', reason, reply, state]`: OTP replies after terminate ran, just before the exit. */
async function stopAndReply(s: Server, reason: unknown, from: From, value: unknown): Promise<boolean> {
  await terminate(s, reason, () => replyTo(from, value));
  return STOPPED;
}

/** A callback threw: the reason is what it threw (an exit's reason); then terminate. */
function crashed(s: Server, err: unknown): boolean | Promise<boolean> {
  if (s.p.dead) return STOPPED; // killed under the callback (Process.exit(self(), …) and the like)
  return terminate(s, err instanceof ExitError ? err.reason : err);
}

/**
 * Stops the server with `reason`: runs `terminate(reason, state)` if the module has it,
 * reports an abnormal reason as Elixir does, and exits. Always STOPPED.
 */
async function terminate(s: Server, reason: unknown, beforeExit?: () => void): Promise<boolean> {
  const cb = s.mod.terminate;
  if (typeof cb === 'function') {
    try {
      const r = cb.call(s.mod, reason, s.state);
      if (isThenable(r)) await r;
    } catch (err) {
      reason = err instanceof ExitError ? err.reason : err;
    }
    if (s.p.dead) return STOPPED;
  }
  if (!isQuietReason(reason)) reportCrash(s, reason);
  beforeExit?.();
  exitProc(s.p, reason);
  return STOPPED;
}

function reportCrash(s: Server, reason: unknown): void {
  const last = s.last;
  const lines = [`[error] GenServer ${nameOf(s.p.pid, s.name)} terminating`, ...formatReason(reason)];
  let client: Pid | undefined;
  if (Array.isArray(last) && last.length === 3 && last[0] === '$gen_call' && Array.isArray(last[1]) && last[1][0] instanceof Pid) {
    client = last[1][0];
    lines.push(`Last message (from ${client}): ${show(last[2])}`);
  } else {
    lines.push(`Last message: ${show(last)}`);
  }
  lines.push(`State: ${show(s.state)}`);
  if (client !== undefined) {
    const alive = procOf(client);
    lines.push(`Client ${client} is ${alive === undefined || alive.dead ? 'dead' : 'alive'}`);
  }
  report({
    kind: 'crash',
    level: 'error',
    pid: s.p.pid,
    text: lines.join('\n'),
    name: s.name,
    module: s.modName,
    reason,
    lastMessage: last,
    state: s.state,
    client,
  });
}

/** sys.ts requests, answered by the loop between two messages, as OTP's system messages. */
async function handleSystem(s: Server, from: From, request: unknown): Promise<boolean> {
  if (request === 'get_state') {
    replyTo(from, ['ok', s.state]);
  } else if (request === 'get_status') {
    replyTo(from, ['ok', status(s)]);
  } else if (Array.isArray(request) && request[0] === 'replace_state' && typeof request[1] === 'function') {
    try {
      let next = request[1](s.state);
      if (isThenable(next)) next = await next;
      if (s.p.dead) return STOPPED;
      s.state = next;
      replyTo(from, ['ok', next]);
    } catch (err) {
      if (s.p.dead) return STOPPED;
      replyTo(from, ['error', ['callback_failed', err instanceof ExitError ? err.reason : err]]);
    }
  } else if (Array.isArray(request) && request[0] === 'terminate') {
    // The caller watches the server's exit (its reply slot's monitor), not a reply.
    // OTP's report shows `Last message: []` for a stop: there was no message of the user's.
    s.last = [];
    return terminate(s, request[1]);
  } else {
    replyTo(from, ['error', ['unknown_system_msg', request]]);
  }
  return GO_ON;
}

/** The server's status as OTP's sys:get_status lays it out. */
function status(s: Server): unknown {
  return [
    'status',
    s.p.pid,
    ['module', 'gen_server'],
    [
      { $initialCall: [s.modName, 'init', 1], $ancestors: [s.parent] },
      'running',
      s.parent,
      [],
      [
        ['header', `Status for generic server ${nameOf(s.p.pid, s.name)}`],
        ['data', [['Status', 'running'], ['Parent', s.parent], ['Logged events', []]]],
        ['data', [['State', s.state]]],
      ],
    ],
  ];
}

/** Dispatches one message; GO_ON, or STOPPED. */
function dispatch(s: Server, msg: unknown): boolean | Promise<boolean> {
  s.last = msg;
  if (Array.isArray(msg)) {
    const tag = msg[0];
    if (tag === '$gen_call' && msg.length === 3 && isFrom(msg[1])) return handleCallMsg(s, msg[1], msg[2]);
    if (tag === '$gen_cast' && msg.length === 2) {
      const cb = s.mod.handleCast;
      return cb === undefined ? runNoReply(s, defaults.handleCast, s, msg[1]) : runNoReply(s, cb, s.mod, msg[1]);
    }
    if (tag === '$system' && msg.length === 3 && isFrom(msg[1])) return handleSystem(s, msg[1], msg[2]);
    if (tag === 'EXIT' && msg.length === 3 && s.p.trapExit && samePid(msg[1], s.parent) && !samePid(msg[1], s.p.pid)) {
      return terminate(s, msg[2]);
    }
  }
  const cb = s.mod.handleInfo;
  return cb === undefined ? runNoReply(s, defaults.handleInfo, s, msg) : runNoReply(s, cb, s.mod, msg);
}

function isFrom(v: unknown): v is From {
  return Array.isArray(v) && v.length === 2 && v[0] instanceof Pid && v[1] instanceof Ref;
}

function samePid(a: unknown, b: Pid): boolean {
  return a instanceof Pid && a.id === b.id && a.node === b.node && a.serial === b.serial;
}

/**
 * The loop: one message at a time, for (;;) so that memory stays flat however many
 * messages pass. A sync callback's result is applied without creating a promise.
 */
async function loop(s: Server): Promise<void> {
  const p = s.p;
  for (;;) {
    if (s.cont !== NO_CONTINUE) {
      const c = s.cont;
      s.cont = NO_CONTINUE;
      const cb = s.mod.handleContinue;
      const go = cb === undefined ? runNoReply(s, defaults.handleContinue, s, c) : runNoReply(s, cb, s.mod, c);
      if ((await go) === STOPPED) return;
      if (observed) stateChanged(s);
      continue;
    }
    // Messages already queued are taken without a promise each (100k casts in a row);
    // takeNow declines once the time slice is used, and the await below yields.
    let msg = takeNow(p);
    if (msg === NOTHING) {
      if (s.timeout === Infinity) {
        s.idle = true;
        msg = await receive();
        s.idle = false;
      } else msg = await receive({ after: s.timeout });
    }
    if (p.dead) return;
    if (msg === RESUME) continue;
    let go: boolean | Promise<boolean>;
    if (msg instanceof Pending) go = msg.go;
    else {
      s.timeout = Infinity;
      go = dispatch(s, msg);
    }
    if (go !== GO_ON && (go === STOPPED || (await go) === STOPPED)) return;
    if (observed && !(Array.isArray(msg) && msg[0] === '$system')) stateChanged(s);
  }
}

// ---------------------------------------------------------------------------------------
// Direct calls

/** Wakes a loop whose direct call left it something to do (a continue, a timeout, mail). */
const RESUME: unknown = Symbol('resume');

/** Wakes a loop with the rest of a call handled directly whose callback went async. */
class Pending {
  constructor(readonly go: Promise<boolean>) {}
}

const NO_REPLY: unknown = Symbol('no reply');
// What dispatchHeld handles: runAs passes one argument, and a pair per call would be garbage.
let heldServer: Server | undefined;
let heldMsg: unknown;
function dispatchHeld(): boolean | Promise<boolean> {
  const s = heldServer!;
  const msg = heldMsg;
  heldServer = undefined;
  heldMsg = undefined;
  return dispatch(s, msg);
}
/** The ref of the call being handled directly, whose reply is taken here, not sent. */
let directRef: Ref | undefined;
let directReply: unknown = NO_REPLY;
// The direct calls on the stack, five slots each (caller, target, server, request, timeout),
// outermost first, up to onStackTop. Read only after V8 terminated the stack (the shell's
// Ctrl+C), when the finally blocks that pop them did not run: see unwoundCalls. Kept only
// once the shell asks (trackUnwoundCalls): writing and clearing the five slots cost 5 to 8%
// of the direct call rate on Node 20 (with push and a shrinking `length`, a fifth).
const onStack: unknown[] = [];
let onStackTop = 0;
let tracking = false;

/** Makes direct calls note themselves for unwoundCalls; the shell, whose Ctrl+C can stop a handler mid-call, turns it on. */
export function trackUnwoundCalls(): void {
  tracking = true;
}

function pushCall(me: Proc, target: Proc, server: unknown, req: unknown, timeout: unknown): number {
  const at = onStackTop;
  onStack[at] = me;
  onStack[at + 1] = target;
  onStack[at + 2] = server;
  onStack[at + 3] = req;
  onStack[at + 4] = timeout;
  onStackTop = at + 5;
  return at;
}

function popCall(at: number): void {
  // Cleared, so a finished call's request is not kept alive.
  onStack[at] = onStack[at + 1] = onStack[at + 2] = onStack[at + 3] = onStack[at + 4] = undefined;
  onStackTop = at;
}

/** A direct call whose frames a terminated stack took with it (see unwoundCalls). */
export interface UnwoundCall {
  caller: Proc;
  target: Proc;
  /** What the caller's GenServer.call would throw, the server having exited with `reason`. */
  failure(reason: unknown): ExitError;
}

/**
 * After V8 terminated a runaway synchronous loop (the shell's Ctrl+C), the direct calls that
 * were on the stopped stack, outermost first; forgets them. Each caller's code was unwound in
 * the middle of its GenServer.call and will never go on: the shell makes it end as the call
 * would have ended it in OTP, the server having exited. Terminated code runs no finally, so
 * this also puts back the state a direct call restores when it returns.
 */
export function unwoundCalls(): UnwoundCall[] {
  const calls: UnwoundCall[] = [];
  for (let i = 0; i + 4 < onStackTop; i += 5) {
    const [caller, target, server, req, timeout] = onStack.slice(i, i + 5) as [Proc, Proc, unknown, unknown, unknown];
    calls.push({ caller, target, failure: (reason) => callExit(reason, server, req, timeout) });
  }
  onStack.fill(undefined);
  onStackTop = 0;
  directRef = undefined;
  directReply = NO_REPLY;
  heldServer = undefined;
  heldMsg = undefined;
  return calls;
}

/**
 * A call to a server that waits idle in its loop, handled in the caller's turn: the server's
 * code runs as the server (self() is the server), exactly as its loop would have run it next,
 * only without two trips through the scheduler. That is what makes a call cheaper here than
 * on the BEAM. Nothing observable changes: the server had nothing queued, so the call is the
 * next message it would handle; what is sent to it meanwhile is queued after the call; a
 * crash, a stop, a deferred reply, an async callback and a timeout end as in the loop.
 * undefined when the server is not idle so (the call then goes through the mailbox), when
 * tools watch the event stream (they see every message), under a sequence trace, or once the
 * time slice is used up (the caller then waits its turn).
 */
function callDirect(me: Proc, target: Proc, server: ServerRef, req: unknown, ms: number, timeout: unknown): Promise<unknown> | undefined {
  const s = (target.meta as { [SERVER]?: Server } | null)?.[SERVER];
  if (s === undefined || !s.idle || me.dead || observed || me.seqToken !== undefined || target.seqToken !== undefined || !budgetOk()) return undefined;
  const resume = holdWait(target);
  if (resume === null) return undefined;
  s.idle = false;
  const ref = newRef();
  const from: From = [me.pid, ref];
  const outerRef = directRef;
  const outerReply = directReply;
  directRef = ref;
  directReply = NO_REPLY;
  let go: boolean | Promise<boolean>;
  let replied: unknown;
  const at = tracking ? pushCall(me, target, server, req, timeout) : -1;
  try {
    target.reductions++;
    s.timeout = Infinity;
    heldServer = s;
    heldMsg = ['$gen_call', from, isolate(req)];
    go = runAs(target, dispatchHeld, undefined);
  } finally {
    if (at !== -1) popCall(at);
    replied = directReply;
    directRef = outerRef;
    directReply = outerReply;
  }
  if (go === GO_ON) {
    // Back to waiting, unless the call left the loop work: a continue, a timeout, or mail
    // that came while it ran (queued, since the server was not waiting then).
    if (s.timeout === Infinity && s.cont === NO_CONTINUE && target.queueLength === 0) {
      releaseWait(target, resume);
      s.idle = true;
    } else resumeHeld(target, resume, RESUME);
  } else if (go !== STOPPED && !target.dead) {
    resumeHeld(target, resume, new Pending(go));
  }
  // A caller killed meanwhile (linked to a server that crashed) must not go on.
  if (me.dead) return NEVER;
  if (replied !== NO_REPLY) return resolvedOwn(replied);
  const fail = callFailed(server, req, timeout);
  // No reply yet: a deferred reply, an async callback, or a server that stopped without one.
  // The caller now waits as any caller does, on a reply slot watched by a monitor.
  if (target.dead) return Promise.reject(fail(['DOWN', target.exitReason]));
  openRequest(me, target, server instanceof Pid ? server : target.pid, ref);
  if (ms !== Infinity) timeoutAfter(me, ref, ms);
  return awaitReplyValue(me, ref, fail);
}

/** Tells tools (trace) the state after a message was handled, as :sys.trace's "new state". */
function stateChanged(s: Server): void {
  emit({ type: 'report', kind: 'state', pid: s.p.pid, state: s.state });
}

// ---------------------------------------------------------------------------------------
// Starting

/** What the caller of `start` needs from the new server: the answer to its start request. */
interface Starter {
  caller: Proc;
  ref: Ref | undefined;
}

function ack(starter: Starter, value: unknown): void {
  if (starter.ref !== undefined) sendReply(starter.caller.pid, starter.ref, value);
}

/** The body of a server process: register, init, acknowledge, loop. */
async function serve(p: Proc, mod: ModuleRef, arg: unknown, name: ServerName | undefined, parent: Pid, starter: Starter, behaviour: string): Promise<void> {
  if (name !== undefined) {
    const holder = registerName(p, name);
    if (holder !== undefined) {
      ack(starter, ['error', ['already_started', holder]]);
      exitProc(p, 'normal');
      return;
    }
  }
  let r: unknown;
  let s: Server;
  try {
    s = {
      p,
      mod: instantiate(mod),
      modName: moduleName(mod) ?? behaviour,
      name,
      parent,
      state: undefined,
      timeout: Infinity,
      cont: NO_CONTINUE,
      last: undefined,
      idle: false,
    };
    // Set before init, so that a behaviour built on GenServer can add to it in its init.
    p.meta = { behaviour, module: s.modName, name, getState: () => s.state, getStatus: () => status(s), [SERVER]: s };
    r = s.mod.init(arg);
    if (isThenable(r)) r = await r;
  } catch (err) {
    if (p.dead) return;
    return initFailed(p, starter, name, err instanceof ExitError ? err.reason : err);
  }
  if (p.dead) return;
  if (r === 'ignore') {
    unregisterName(name);
    ack(starter, 'ignore');
    exitProc(p, 'normal');
    return;
  }
  if (Array.isArray(r) && r[0] === 'stop' && r.length === 2) return initFailed(p, starter, name, r[1]);
  const other = behaviourOfInit(r);
  if (other !== undefined) {
    const m = s.modName;
    return initFailed(p, starter, name, new ArgumentError(
      `${m}.init returned ${other}.init(...), so ${m} is a ${other} module, but it was started as a GenServer. ` +
        `Start it with ${other}.startLink(${m}, arg), or give ${m} a childSpec(arg) returning { id: '${m}', start: [${other}, 'startLink', [${m}, arg]], type: 'supervisor' }.`,
    ));
  }
  if (!(Array.isArray(r) && r[0] === 'ok' && (r.length === 2 || r.length === 3) && setNext(s, r[2]))) {
    return initFailed(p, starter, name, ['bad_return_value', r]);
  }
  s.state = r[1];
  ack(starter, ['ok', p.pid]);
  await loop(s);
}

function initFailed(p: Proc, starter: Starter, name: ServerName | undefined, reason: unknown): void {
  unregisterName(name);
  ack(starter, ['error', reason]);
  exitProc(p, reason);
}

function checkStartOptions(fn: string, opts: unknown): StartOptions {
  if (opts === undefined) return {};
  if (typeof opts !== 'object' || opts === null || Array.isArray(opts)) {
    throw new ArgumentError(`GenServer.${fn}: the options are an object such as { name: 'counter', timeout: 5000 }, got ${formatTerm(opts)}.`);
  }
  for (const k of Object.keys(opts)) {
    if (k !== 'name' && k !== 'timeout') {
      throw new ArgumentError(`GenServer.${fn}: unknown option '${k}'; the options are name and timeout.`);
    }
  }
  return opts as StartOptions;
}

/** A process whose code runs on after it was killed (its awaits resolved late) stops here. */
const NEVER = new Promise<never>(() => {});

/**
 * Starts a server and waits until its `init` has run. Shared by GenServer and the
 * behaviours built on it (`behaviour` names them for tools).
 */
export async function startServer(fn: string, mod: unknown, arg: unknown, opts: unknown, link: boolean, behaviour = 'GenServer'): Promise<StartResult> {
  checkModule(fn, mod);
  const o = checkStartOptions(fn, opts);
  checkName(fn, o.name);
  const initTimeout = o.timeout === undefined ? Infinity : timeoutMs(`GenServer.${fn}`, o.timeout);
  const me = requireProc(`GenServer.${fn}`);
  const starter: Starter = { caller: me, ref: undefined };
  const label = moduleName(mod) ?? behaviour;
  let server: Proc | undefined;
  const body = () => serve(server!, mod, arg, o.name, link ? me.pid : server!.pid, starter, behaviour);
  const pid = link ? spawnLink(body, { label }) : spawn(body, { label });
  server = procOf(pid)!;
  starter.ref = openRequest(me, server, pid);
  const outcome = await awaitReply(me, starter.ref, initTimeout);
  if (me.dead) return NEVER;
  if (outcome === 'timeout') {
    starter.ref = undefined;
    if (link) Process.unlink(pid);
    Process.exit(pid, 'kill');
    return ['error', 'timeout'];
  }
  if (outcome[0] === 'DOWN') return ['error', outcome[1]];
  return outcome[1] as StartResult;
}

/**
 * Starts a GenServer process without linking it to the caller. `init(arg)` runs before
 * `start` resolves: `['ok', pid]`, `'ignore'`, or `['error', reason]` when init returned
 * `['stop', reason]`, threw, or the name was taken (`['error', ['already_started', pid]]`).
 *
 * @example A counter
 * ```ts
 * const Counter = {
 *   init: (n) => ['ok', n],
 *   handleCall: (req, from, n) => ['reply', n, n],
 *   handleCast: (req, n) => ['noreply', n + 1],
 * };
 * const [ok, pid] = await GenServer.start(Counter, 10);
 * ok; // 'ok'
 * GenServer.cast(pid, 'inc');
 * await GenServer.call(pid, 'get'); // 11
 * ```
 */
export function start(module: ModuleRef, arg?: unknown, opts?: StartOptions): Promise<StartResult> {
  return startServer('start', module, arg, opts, false);
}

/**
 * `start`, linked to the caller: if the server crashes, the exit signal reaches the
 * caller (a non-trapping caller dies with the same reason). When `init` fails, the result
 * is `['error', reason]` and the caller also receives the exit signal, as in OTP.
 *
 * @example A named stack
 * ```ts
 * class Stack {
 *   init(items) { return ['ok', items]; }
 *   handleCall(req, from, [top, ...rest]) { return ['reply', top, rest]; }
 *   handleCast([, item], items) { return ['noreply', [item, ...items]]; }
 * }
 * await GenServer.startLink(Stack, ['a'], { name: 'stack' }); // ['ok', GenServer.whereis('stack')]
 * GenServer.cast('stack', ['push', 'b']);
 * await GenServer.call('stack', 'pop'); // 'b'
 * ```
 */
export function startLink(module: ModuleRef, arg?: unknown, opts?: StartOptions): Promise<StartResult> {
  return startServer('startLink', module, arg, opts, true);
}

// ---------------------------------------------------------------------------------------
// Calls, casts, replies

/** The exit of a failed call: `[reason, ['GenServer', 'call', [server, request, timeout]]]`. */
function callExit(reason: unknown, server: unknown, request: unknown, timeout: unknown): ExitError {
  return new ExitError([reason, ['GenServer', 'call', [server, request, timeout]]]);
}

/** The exit a call ends with when its reply slot gives the server's DOWN or a timeout. */
function callFailed(server: unknown, request: unknown, timeout: unknown): (outcome: ReplyOutcome) => ExitError {
  return (outcome) => callExit(outcome === 'timeout' ? 'timeout' : outcome[1], server, request, timeout);
}

/**
 * A request/reply round trip through the server `target` with message tag `tag`; the
 * outcome as the reply slot gives it. Shared by `call` and sys.ts.
 */
export function request(me: Proc, target: Proc, named: Pid | string, tag: '$gen_call' | '$system', req: unknown, timeout: number): Promise<readonly ['reply', unknown] | readonly ['DOWN', unknown] | 'timeout'> {
  return awaitReply(me, sendRequest(me, target, named, tag, req, timeout), Infinity);
}

function sendRequest(me: Proc, target: Proc, named: Pid | string, tag: '$gen_call' | '$system', req: unknown, timeout: number): Ref {
  const ref = openRequest(me, target, named);
  deliverFrom(me, target, [tag, [me.pid, ref], isolate(req)]);
  if (timeout !== Infinity) timeoutAfter(me, ref, timeout);
  return ref;
}

/**
 * Sends `request` to the server and waits for its reply (`handleCall`). On failure the
 * caller exits, as in OTP: it throws an ExitError whose reason is
 * `[why, ['GenServer', 'call', [server, request, timeout]]]`, `why` being `'timeout'`,
 * `'noproc'`, `'calling_self'` or the server's exit reason. Uncaught, it ends the caller.
 *
 * @example A call that times out
 * ```ts
 * const [, pid] = await GenServer.start({ init: () => ['ok', null], handleCall: () => ['noreply', null] }, null);
 * try { await GenServer.call(pid, 'hello', 100); } catch (e) { e.reason; } // ['timeout', ['GenServer', 'call', [pid, 'hello', 100]]]
 * ```
 */
export function call<R = any>(server: ServerRef, req: unknown, timeout: number | 'infinity' = 5000): Promise<R> {
  checkServer('GenServer.call', server);
  const ms = timeoutMs('GenServer.call', timeout);
  const me = requireProc('GenServer.call');
  const target = resolveServer(server);
  if (target === undefined) return Promise.reject(callExit('noproc', server, req, timeout));
  if (target === me) return Promise.reject(callExit('calling_self', server, req, timeout));
  const direct = callDirect(me, target, server, req, ms, timeout);
  if (direct !== undefined) return direct as Promise<R>;
  const ref = sendRequest(me, target, server instanceof Pid ? server : target.pid, '$gen_call', req, ms);
  return awaitReplyValue(me, ref, callFailed(server, req, timeout)) as Promise<R>;
}

/**
 * Sends `msg` to the server's `handleCast` and returns `'ok'` at once, whether or not the
 * server exists (as Elixir's GenServer.cast).
 *
 * @example A cast never fails
 * ```ts
 * GenServer.cast('nobody_here', 'hello'); // 'ok'
 * ```
 */
export function cast(server: ServerRef, msg: unknown): 'ok' {
  checkServer('GenServer.cast', server);
  const target = resolveServer(server);
  if (target !== undefined) deliverFrom(currentProc(), target, ['$gen_cast', isolate(msg)]);
  return 'ok';
}

/**
 * Replies to a call whose `handleCall` returned `['noreply', state]`; `from` is the second
 * argument `handleCall` got. Returns `'ok'`; a caller that gave up waiting never sees it.
 *
 * @example A deferred reply
 * ```ts
 * const Later = {
 *   init: () => ['ok', null],
 *   handleCall: (req, from, s) => { send(self(), ['answer', from]); return ['noreply', s]; },
 *   handleInfo: ([, from], s) => { GenServer.reply(from, 'later'); return ['noreply', s]; },
 * };
 * const [, pid] = await GenServer.start(Later, null);
 * await GenServer.call(pid, 'question'); // 'later'
 * ```
 */
export function reply(from: From, value: unknown): 'ok' {
  if (!isFrom(from)) {
    throw new ArgumentError(`GenServer.reply: the first argument is the from that handleCall received ([pid, ref]), got ${formatTerm(from)}.`);
  }
  replyTo(from, value);
  return 'ok';
}

/**
 * Stops the server with `reason` and waits until it has run `terminate` and exited;
 * returns `'ok'`. Exits the caller with `['noproc', ['GenServer', 'stop', [server, reason, timeout]]]`
 * when there is no such server, or `['timeout', …]` when it takes longer than `timeout`.
 *
 * @example Stop a server and wait for it
 * ```ts
 * const [, pid] = await GenServer.start({ init: () => ['ok', null] }, null);
 * await GenServer.stop(pid); // 'ok'
 * Process.isAlive(pid); // false
 * ```
 */
export async function stop(server: ServerRef, reason: unknown = 'normal', timeout: number | 'infinity' = Infinity): Promise<'ok'> {
  checkServer('GenServer.stop', server);
  const ms = timeoutMs('GenServer.stop', timeout);
  const me = requireProc('GenServer.stop');
  const fail = (why: unknown) => new ExitError([why, ['GenServer', 'stop', [server, reason, timeout]]]);
  const target = resolveServer(server);
  if (target === undefined) throw fail('noproc');
  if (target === me) throw fail('calling_self');
  const outcome = await request(me, target, target.pid, '$system', ['terminate', reason], ms);
  if (me.dead) return NEVER;
  if (outcome === 'timeout') throw fail('timeout');
  const exited = outcome[1];
  if (outcome[0] === 'DOWN' && (exited === reason || isSameTerm(exited, reason))) return 'ok';
  throw fail(exited);
}

function isSameTerm(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => isSameTerm(x, b[i]));
  return false;
}

/**
 * The default child spec of a module, as `use GenServer` defines it: id = the module's
 * name, start = `module.startLink(arg)` (or `GenServer.startLink(module, arg)` when the
 * module has no startLink).
 *
 * @example The spec a supervisor gets for a module
 * ```ts
 * class Counter { init(n) { return ['ok', n]; } }
 * GenServer.childSpec(Counter, 5).id; // 'Counter'
 * ```
 */
export function childSpec(module: ModuleRef, arg?: unknown): { id: unknown; start: [unknown, string, unknown[]]; modules: string[] } {
  checkModule('childSpec', module);
  const name = moduleName(module);
  const start: [unknown, string, unknown[]] =
    typeof (module as { startLink?: unknown }).startLink === 'function' ? [module, 'startLink', [arg]] : [GenServer, 'startLink', [module, arg]];
  return { id: name ?? module, start, modules: [name ?? 'GenServer'] };
}

/**
 * Elixir's GenServer: start a server from a callback module, call it, cast to it, stop it.
 *
 * @example The Speakers server of the tutorial
 * ```ts
 * const Speakers = {
 *   init: (names) => ['ok', names],
 *   handleCast: ([op, name], team) => ['noreply', op === 'add' ? [...team, name] : team.filter((n) => n !== name)],
 *   handleCall: (req, from, team) => ['reply', team, team],
 * };
 * const [, pid] = await GenServer.startLink(Speakers, ['Ada']);
 * GenServer.cast(pid, ['add', 'Grace']);
 * await GenServer.call(pid, 'team'); // ['Ada', 'Grace']
 * ```
 */
export const GenServer = nameNamespace({ start, startLink, call, cast, reply, stop, whereis, childSpec }, 'GenServer');
