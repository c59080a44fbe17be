/**
 * Which process is running: the answer behind `self()`. It must stay right after any
 * `await`, and inside timers and callbacks that a process starts.
 *
 * Three mechanisms, chosen by measurement (docs/ARCHITECTURE.md, "Ambient self()"):
 * - Node >= 24: AsyncLocalStorage, which rides on V8's continuation data (AsyncContextFrame)
 *   at almost no cost; each process is its own frame (installProcFrames).
 * - Node 20/22 with the native module (native/context.cc, built by `npm install`): the same
 *   V8 continuation data, which those Nodes leave unused, holds the process itself. V8 saves
 *   it in every promise reaction and restores it when the reaction runs; nothing of ours runs
 *   per promise.
 * - Node 20/22 without it: a lean pair of V8 promise hooks (AsyncLocalStorage there would
 *   switch on async_hooks for every promise): each promise created while a process runs
 *   remembers that process, and the continuation that runs when it settles restores it. It
 *   works everywhere, at about two thirds of the native module's message rate.
 *
 * `BEAMISH_CONTEXT=promise-hooks` in the environment forces the last one (to compare, or to
 * rule the native module out). On Node >= 24 each process is its own AsyncLocalStorage frame
 * (see installProcFrames); `BEAMISH_CONTEXT=map-frames` keeps Node's Map frames instead.
 *
 * Timers (setTimeout, setImmediate, setInterval, queueMicrotask, process.nextTick) are
 * wrapped so that a callback runs as the process that scheduled it, and so that an error
 * it throws ends that process instead of the whole program.
 */
import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { Proc } from './proc.js';

/** The host's own timer functions, before any wrapping: the runtime's internals use these. */
export const host = {
  setTimeout: globalThis.setTimeout,
  clearTimeout: globalThis.clearTimeout,
  setImmediate: globalThis.setImmediate,
  queueMicrotask: globalThis.queueMicrotask,
};

// Node's AsyncLocalStorage runs on V8's continuation data: by default from Node 24, behind
// a flag on 22 and 23. Then that data is Node's, and the native module must not touch it.
function asyncContextFrameOn(): boolean {
  const major = Number(process.versions.node.split('.')[0]);
  const flags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  if (major >= 24) return !flags.includes('--no-async-context-frame');
  return major >= 22 && flags.includes('--experimental-async-context-frame');
}

interface NativeContext {
  ready: boolean;
  get(): Proc | undefined;
  set(p: Proc | undefined): void;
  ownerOf(promise: unknown): Proc | undefined;
}

// The module is built in build/Release at the package root: two levels above this file in
// src/runtime (tests), three in dist/src/runtime.
function loadNative(): NativeContext | undefined {
  if (process.env.BEAMISH_CONTEXT === 'promise-hooks') return undefined;
  const root = ['../../', '../../../'].map((up) => new URL(up, import.meta.url)).find((u) => existsSync(new URL('package.json', u)));
  if (root === undefined) return undefined;
  try {
    const mod = createRequire(import.meta.url)(fileURLToPath(new URL('build/Release/beamish_context.node', root))) as NativeContext;
    return mod.ready ? mod : undefined;
  } catch {
    return undefined; // not built, or built for another Node: promise hooks then
  }
}

const frameOn = asyncContextFrameOn();
const native = frameOn ? undefined : loadNative();

/**
 * Which mechanism carries the current process behind `self()`: `'als'` (AsyncLocalStorage,
 * Node >= 24, or 22 and 23 started with `--experimental-async-context-frame`), `'native'` (Node 20 and 22, V8's continuation data through the native
 * module) or `'promise-hooks'` (Node 20 and 22 without it).
 *
 * @example Which one this Node uses
 * ```ts
 * ['als', 'native', 'promise-hooks'].includes(contextMode); // true
 * ```
 */
export const contextMode: 'als' | 'native' | 'promise-hooks' = frameOn ? 'als' : native !== undefined ? 'native' : 'promise-hooks';

const als = contextMode === 'als' ? new AsyncLocalStorage<Proc>() : undefined;
let current: Proc | undefined;
const OWNER = Symbol('beamish.owner');
let saved: Proc | undefined;

// The process whose function is being called by watchResult: the first promise created
// with no parent during that call is the async function's own result promise.
let resultOf: Proc | null = null;
let calling: Proc | null = null;
let onResult: (promise: Promise<unknown>) => void = () => {};

/** Set once by spawn.ts: how the end of a process's promise is observed (`.then(ended, failed)`). */
export function setResultWatcher(fn: (promise: Promise<unknown>) => void): void {
  onResult = fn;
}

// The handlers are attached as the process, so that they run as it (ended() finds it).
function watchSettled(owner: Proc, promise: Promise<unknown>): void {
  const prev = current;
  current = owner;
  try {
    onResult(promise);
  } finally {
    current = prev;
  }
}

if (contextMode === 'promise-hooks') {
  v8.promiseHooks.createHook({
    // Only derived promises (from .then, and the ones V8 makes for each await) have
    // reactions that run a process's code, so only they need to remember it; skipping the
    // others saves a property store on every `new Promise` an idle process holds.
    init(promise: Promise<unknown>, parent: Promise<unknown> | undefined) {
      if (current === undefined) return;
      if (parent !== undefined) (promise as unknown as Record<symbol, Proc>)[OWNER] = current;
      else if (resultOf !== null) {
        // Tagged too: a result promise that adopts a returned promise settles in a job that
        // runs as no process, and the tag is how settled() knows it then.
        (promise as unknown as Record<symbol, Proc>)[OWNER] = current;
        resultOf.result = promise;
        resultOf = null;
      }
    },
    // A promise rejected by a process's code belongs to it, derived or not (Promise.reject,
    // an async function that throws), so an unhandled rejection can end that process.
    // Settled promises are short-lived: tagging them costs an idle process nothing.
    // The settling of a process's own result promise is its end (see watchResult).
    settled(promise: Promise<unknown>) {
      const owner = (promise as unknown as Record<symbol, Proc | undefined>)[OWNER];
      if (owner === undefined) {
        if (current !== undefined && !ownSettling) (promise as unknown as Record<symbol, Proc>)[OWNER] = current;
      } else if (promise === owner.result) {
        owner.result = null;
        if (owner !== calling) watchSettled(owner, promise);
      }
    },
    // Microtasks never nest, so one saved slot is enough.
    before(promise: Promise<unknown>) {
      saved = current;
      current = (promise as unknown as Record<symbol, Proc | undefined>)[OWNER];
    },
    after() {
      current = saved;
    },
  });
}

// Set while the runtime settles one of its own promises (see settleOwn).
let ownSettling = false;

/**
 * Resolves one of the runtime's own promises (a receive's wait). It never rejects, so the
 * settled hook need not tag it for the unhandled-rejection handler: that tag was a property
 * store, and an allocation, for every message a waiting process got.
 */
export function settleOwn(resolve: (v: unknown) => void, value: unknown): void {
  ownSettling = true;
  resolve(value);
  ownSettling = false;
}

/** `Promise.resolve(value)` for the runtime's own use (a message ready now): see settleOwn. */
export function resolvedOwn(value: unknown): Promise<unknown> {
  ownSettling = true;
  const promise = Promise.resolve(value);
  ownSettling = false;
  return promise;
}

/**
 * Calls `call(proc)` (which runs the process function of `proc`) and makes sure that the
 * watcher (setResultWatcher) observes the end of the promise it returns. Under promise hooks the settled hook watches
 * the async function's own promise and attaches the handlers only once it has settled: an
 * idle process then holds no derived promise and no reaction for its end (136 bytes, and a
 * sixth of the time of spawning a million processes, in GC). Elsewhere, `.then` at once.
 */
export function watchResult(proc: Proc, call: (p: Proc) => unknown): unknown {
  if (contextMode !== 'promise-hooks') {
    const r = call(proc);
    if (r instanceof Promise) onResult(r);
    return r;
  }
  resultOf = proc;
  calling = proc;
  let r: unknown;
  try {
    r = call(proc);
  } finally {
    resultOf = null;
    calling = null;
  }
  // Not the promise the hook caught (a plain function returning some other promise), or
  // one that settled during the call: watch it the ordinary way.
  if (r instanceof Promise && proc.result !== r) {
    proc.result = null;
    onResult(r);
  }
  return r;
}

// The slot is one per V8 context, shared by every copy of beamish loaded in the program (two
// versions in node_modules, or a module loaded twice): each copy sees only its own processes,
// as each copy's own promise hooks did.
function ours(p: unknown): Proc | undefined {
  return p instanceof Proc ? p : undefined;
}

/** The process whose code is running now, if any. */
export function currentProc(): Proc | undefined {
  if (native !== undefined) return ours(native.get());
  return als === undefined ? current : als.getStore();
}

/** Runs `fn(arg)` as code of `proc`: every async continuation it starts belongs to `proc`. */
export function runAs<A, R>(proc: Proc | undefined, fn: (arg: A) => R, arg: A): R {
  if (native !== undefined) {
    const was = native.get();
    native.set(proc);
    try {
      return fn(arg);
    } finally {
      native.set(was);
    }
  }
  if (als !== undefined) {
    if (proc === undefined) return als.exit(fn, arg);
    // Already in its frame (a timer it set: Node restored the frame), nothing to switch.
    if (als.getStore() === proc) return fn(arg);
    if (FRAME !== undefined) return asFrame(proc, fn, arg);
    return reentryOf(proc).runInAsyncScope(fn, null, arg);
  }
  const prev = current;
  current = proc;
  try {
    return fn(arg);
  } finally {
    current = prev;
  }
}

/**
 * Runs `fn(arg)` as the first code of `proc`, which has never run: as `runAs`, but under
 * AsyncLocalStorage it builds the process's frame without keeping a handle to enter it again
 * (a million idle processes would each hold one).
 */
export function startAs<A, R>(proc: Proc, fn: (arg: A) => R, arg: A): R {
  if (FRAME !== undefined) return asFrame(proc, fn, arg);
  return als !== undefined ? loadScope!.runInAsyncScope(enterNew<A, R>, null, proc, fn, arg) : runAs(proc, fn, arg);
}

// The fallback on Node >= 24 (Map frames; the process-as-frame path below is the default).
// Under AsyncLocalStorage, `als.run` builds a frame (a Map copy of the current one) to enter
// and another to restore the one before, at every call: a GenServer call to an idle server
// enters the server so, and on Node 24 a third of the calls' time went to building frames.
// Instead, a process's frame is made once, from the frame current when beamish was loaded
// (so what another AsyncLocalStorage holds for whoever happens to start or call it does not
// follow into the process), and a process entered again keeps an AsyncResource holding that
// frame: entering is then an exchange of frames (~18 ns against ~160).
const loadScope = als === undefined ? undefined : new AsyncResource('beamish');

function enterNew<A, R>(proc: Proc, fn: (arg: A) => R, arg: A): R {
  als!.enterWith(proc); // runInAsyncScope puts the frame before back afterwards
  return fn(arg);
}

function newReentry(): AsyncResource {
  return new AsyncResource('beamish.process');
}

// Better still, when Node lets it: the process is its own frame. Node 24's frame is whatever
// V8's continuation data holds; AsyncLocalStorage only asks it `has(store)` and `get(store)`,
// and a frame derived from it (another store's `run` or `enterWith`) is a Map built by
// iterating it. A Proc that answers those (installProcFrames) can stand in V8's slot itself:
// no Map per process (184 bytes of each idle process on Node 24), and entering a process is
// putting it in one shared AsyncResource's frame field and running in its scope. That field
// is Node's own (the symbol `context_frame`), so the runtime checks at load that all of it
// behaves as described, and keeps the Map frames above otherwise.
const entry = als === undefined ? undefined : new AsyncResource('beamish');
const FRAME = entry === undefined ? undefined : installProcFrames(entry, als!);

/** True when each process is its own AsyncLocalStorage frame (Node >= 24, see installProcFrames). */
export const procFrames = FRAME !== undefined;

function asFrame<A, R>(proc: Proc, fn: (arg: A) => R, arg: A): R {
  // Read once, when the scope opens: left as it is afterwards (one Proc kept at most).
  (entry as unknown as Record<symbol, unknown>)[FRAME!] = proc;
  return entry!.runInAsyncScope(fn, null, arg);
}

function installProcFrames(resource: AsyncResource, store: AsyncLocalStorage<Proc>): symbol | undefined {
  const slot = Object.getOwnPropertySymbols(resource).find((sym) => sym.description === 'context_frame');
  if (slot === undefined || process.env.BEAMISH_CONTEXT === 'map-frames') return undefined;
  // What another store held where beamish was loaded is what it holds in every process, as
  // with the Map frames (which copy the load frame).
  const base = (resource as unknown as Record<symbol, Map<unknown, unknown> | undefined>)[slot];
  Object.defineProperties(Proc.prototype, {
    has: { value(this: Proc, key: unknown) { return key === store || base?.has(key) === true; } },
    get: { value(this: Proc, key: unknown) { return key === store ? this : base?.get(key); } },
    // AsyncLocalStorage#disable deletes its store from the current frame; a process has none of its own to delete.
    disable: { value() {} },
    [Symbol.iterator]: { *value(this: Proc) { yield [store, this]; if (base !== undefined) yield* base; } },
  });
  const probe = Object.create(Proc.prototype) as Proc;
  const holder = resource as unknown as Record<symbol, unknown>;
  holder[slot] = probe;
  const other = new AsyncLocalStorage<number>();
  let works = false;
  try {
    works = resource.runInAsyncScope(() => store.getStore() === probe && other.run(1, () => store.getStore() === probe && other.getStore() === 1));
  } catch {
    // A Node whose frames work otherwise: the Map frames then.
  }
  holder[slot] = base;
  return works ? slot : undefined;
}

function reentryOf(proc: Proc): AsyncResource {
  let r = proc.reentry as AsyncResource | undefined;
  if (r === undefined) {
    r = loadScope!.runInAsyncScope(enterNew<undefined, AsyncResource>, null, proc, newReentry, undefined);
    proc.reentry = r;
  }
  return r;
}

/**
 * The process a rejected promise belongs to (to pin an unhandled rejection on it). Call it
 * from an 'unhandledRejection' listener: Node runs those in the async context of the
 * promise, which is all AsyncLocalStorage needs; the native module wrote the owner on the
 * promise when it was rejected; promise hooks tagged it when it settled.
 */
export function ownerOfPromise(promise: unknown): Proc | undefined {
  if (als !== undefined) return als.getStore();
  if (native !== undefined) return ours(native.ownerOf(promise));
  if (typeof promise !== 'object' || promise === null) return undefined;
  return (promise as Record<symbol, Proc | undefined>)[OWNER];
}

/**
 * Forgets which process was running. For the shell's Ctrl+C: when V8 terminates a runaway
 * execution, the `finally` of runAs (and the promise hook's `after`) never run, so the
 * stopped process would otherwise stay "current" for code that runs outside any process.
 */
export function resetCurrent(): void {
  native?.set(undefined);
  current = undefined;
  saved = undefined;
}

// ---- timers and callbacks run as the process that scheduled them ----

let onCallbackError: (proc: Proc, error: unknown) => void = () => {};

/** Set once by the lifecycle: what happens when a process's callback throws. */
export function setCallbackErrorHandler(fn: (proc: Proc, error: unknown) => void): void {
  onCallbackError = fn;
}

function bind(fn: unknown): unknown {
  const owner = currentProc();
  if (owner === undefined || typeof fn !== 'function') return fn;
  return function (this: unknown, ...args: unknown[]) {
    // A process's timers die with it, as on the BEAM: a callback (a setInterval tick, say)
    // due after its process ended does not run.
    if (owner.dead) return undefined;
    return runAs(owner, () => {
      try {
        return (fn as (...a: unknown[]) => unknown).apply(this, args);
      } catch (err) {
        if (owner.dead) return undefined;
        onCallbackError(owner, err);
        return undefined;
      }
    }, undefined);
  };
}

function wrapped(original: unknown): unknown {
  if (typeof original !== 'function' || (original as { __beamish?: true }).__beamish) return original;
  return Object.assign(
    function (this: unknown, fn: unknown, ...rest: unknown[]) {
      return original.call(this, bind(fn), ...rest);
    },
    original,
    { __beamish: true as const },
  );
}

// An accessor, because tools swap these functions and put back what they saved (vitest puts
// back an unwrapped process.nextTick one tick after a module loads; fake timers install
// their own): whatever is assigned gets wrapped too.
function wrap(target: Record<string, unknown>, name: string): void {
  let fn = wrapped(target[name]);
  Object.defineProperty(target, name, {
    configurable: true,
    enumerable: Object.getOwnPropertyDescriptor(target, name)?.enumerable ?? true,
    get: () => fn,
    set: (value: unknown) => {
      fn = wrapped(value);
    },
  });
}

for (const name of ['setTimeout', 'setImmediate', 'setInterval', 'queueMicrotask']) {
  wrap(globalThis as unknown as Record<string, unknown>, name);
}
wrap(process as unknown as Record<string, unknown>, 'nextTick');
{
  // `import { setTimeout } from 'node:timers'` must see the wrapped functions too.
  const require = createRequire(import.meta.url);
  const timers = require('node:timers') as Record<string, unknown>;
  for (const name of ['setTimeout', 'setImmediate', 'setInterval']) timers[name] = (globalThis as unknown as Record<string, unknown>)[name];
  (require('node:module') as { syncBuiltinESMExports(): void }).syncBuiltinESMExports();
}
