/**
 * Child specifications: what a supervisor needs to start, restart and stop a child.
 *
 * A child is given as a spec object `{ id, start, restart?, shutdown?, type?, modules? }`,
 * a module (which stands for `module.childSpec(undefined)`), or `[module, arg]` (for
 * `module.childSpec(arg)`); a module without childSpec gets GenServer's default. Everything
 * is checked here, before any process starts, and a bad spec is an ArgumentError naming
 * the bad key and what it accepts. (OTP returns `{:error, {:invalid_restart_type, x}}` and
 * the like from deep inside the supervisor; a learner at a prompt is better served by
 * the message.)
 */
import { ArgumentError, formatTerm } from '../runtime/index.js';
import { childSpec as genServerChildSpec, isModule, moduleName, type ModuleRef } from './gen_server.js';

export type Restart = 'permanent' | 'transient' | 'temporary';
export type Shutdown = 'brutal_kill' | number | 'infinity';
export type ChildType = 'worker' | 'supervisor';

/** How to start a child: `[module, 'startLink', args]`, or a function returning `['ok', pid]`. */
export type StartSpec = readonly [unknown, string, readonly unknown[]] | (() => unknown);

/** A child spec as written by users: only id and start are required. */
export interface ChildSpecInput {
  id?: unknown;
  start: StartSpec;
  restart?: Restart;
  shutdown?: Shutdown;
  type?: ChildType;
  modules?: unknown[];
}

/** A checked child spec with every default filled in. */
export interface ChildSpec {
  id: unknown;
  start: StartSpec;
  restart: Restart;
  shutdown: Shutdown;
  type: ChildType;
  modules: unknown[];
}

/** What a child may be written as. */
export type Child = ChildSpecInput | ModuleRef | readonly [ModuleRef, unknown];

const KEYS = ['id', 'start', 'restart', 'shutdown', 'type', 'modules'];
const RESTARTS = ['permanent', 'transient', 'temporary'];
const TYPES = ['worker', 'supervisor'];

const FORMS =
  'a child is a spec { id, start: [Module, "startLink", [arg]], restart?, shutdown?, type? }, a module, or [module, arg]';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** True for an object written as a spec (it has `start` or `id`) rather than a module. */
function looksLikeSpec(v: unknown): v is Record<string, unknown> {
  return isPlainObject(v) && ('start' in v || 'id' in v) && typeof (v as { init?: unknown }).init !== 'function';
}

/** The spec a module gives for `arg`: its own childSpec, or GenServer's default. */
function moduleSpec(where: string, mod: ModuleRef, arg: unknown): unknown {
  const own = (mod as { childSpec?: unknown }).childSpec;
  if (typeof own === 'function') {
    const spec = own.call(mod, arg);
    if (!isPlainObject(spec)) {
      throw new ArgumentError(`${where}: ${moduleName(mod) ?? 'the module'}.childSpec(${formatTerm(arg)}) returned ${formatTerm(spec)}; it must return a child spec object { id, start, ... }.`);
    }
    return spec;
  }
  return genServerChildSpec(mod, arg);
}

/** A module as a child: a GenServer-like module, or anything with a childSpec(arg). */
function isChildModule(v: unknown): v is ModuleRef {
  if (Array.isArray(v) || v === null || (typeof v !== 'object' && typeof v !== 'function')) return false;
  return typeof (v as { childSpec?: unknown }).childSpec === 'function' || isModule(v);
}

/** A spec object written by hand or returned by childSpec, from any accepted form. */
function specObject(where: string, child: unknown): Record<string, unknown> {
  if (looksLikeSpec(child)) return child;
  if (isChildModule(child)) return moduleSpec(where, child, undefined) as Record<string, unknown>;
  if (Array.isArray(child) && child.length === 2 && isChildModule(child[0])) return moduleSpec(where, child[0], child[1]) as Record<string, unknown>;
  throw new ArgumentError(`${where}: ${FORMS}; got ${formatTerm(child)}.`);
}

function describeStart(start: unknown): string | undefined {
  if (typeof start === 'function') return undefined;
  if (!Array.isArray(start) || start.length !== 3) return 'is not [module, functionName, args] nor a function';
  const [mod, fn, args] = start;
  if (typeof fn !== 'string') return `names its function with ${formatTerm(fn)}, not a string`;
  if (mod === null || (typeof mod !== 'object' && typeof mod !== 'function')) return `has ${formatTerm(mod)} where the module goes`;
  if (typeof (mod as Record<string, unknown>)[fn] !== 'function') return `names ${moduleName(mod) ?? 'a module'}.${fn}, which is not a function`;
  if (!Array.isArray(args)) return `has ${formatTerm(args)} where the args array goes`;
  return undefined;
}

/**
 * Checks a child and fills in the defaults (restart 'permanent', type 'worker', shutdown
 * 5000 for a worker and 'infinity' for a supervisor, modules from start). `needId`: a
 * Supervisor needs ids; a DynamicSupervisor ignores them.
 */
export function toChildSpec(where: string, child: unknown, needId = true): ChildSpec {
  const spec = specObject(where, child);
  // How the errors name the spec: formatted only for an error (a supervisor checks every child).
  const label = () => ('id' in spec ? ` ${formatTerm(spec.id)}` : '');
  for (const k of Object.keys(spec)) {
    if (!KEYS.includes(k)) {
      throw new ArgumentError(`${where}: unknown key '${k}' in the child spec${label()}; the keys are ${KEYS.join(', ')}.`);
    }
  }
  if (needId && (!('id' in spec) || spec.id === undefined)) {
    throw new ArgumentError(`${where}: the child spec ${formatTerm(spec)} has no id; give it one, e.g. id: 'worker1'.`);
  }
  if (!('start' in spec)) {
    throw new ArgumentError(
      `${where}: the child spec${label()} has no start; write start: [Module, 'startLink', [arg]] or start: () => GenServer.startLink(Module, arg).`,
    );
  }
  const bad = describeStart(spec.start);
  if (bad !== undefined) {
    throw new ArgumentError(`${where}: the start of the child spec${label()} ${bad}; write start: [Module, 'startLink', [arg]] or a function returning ['ok', pid].`);
  }
  const restart = spec.restart ?? 'permanent';
  if (!RESTARTS.includes(restart as string)) {
    throw new ArgumentError(`${where}: the child spec${label()} has restart ${formatTerm(restart)}; restart is 'permanent', 'transient' or 'temporary'.`);
  }
  const type = spec.type ?? 'worker';
  if (!TYPES.includes(type as string)) {
    throw new ArgumentError(`${where}: the child spec${label()} has type ${formatTerm(type)}; type is 'worker' or 'supervisor'.`);
  }
  const shutdown = spec.shutdown ?? (type === 'supervisor' ? 'infinity' : 5000);
  if (!(shutdown === 'brutal_kill' || shutdown === 'infinity' || shutdown === Infinity || (typeof shutdown === 'number' && Number.isInteger(shutdown) && shutdown >= 0))) {
    throw new ArgumentError(
      `${where}: the child spec${label()} has shutdown ${formatTerm(shutdown)}; shutdown is 'brutal_kill', a whole number of milliseconds >= 0, or 'infinity'.`,
    );
  }
  const modules = spec.modules ?? defaultModules(spec.start as StartSpec);
  if (!Array.isArray(modules)) {
    throw new ArgumentError(`${where}: the child spec${label()} has modules ${formatTerm(modules)}; modules is an array of module names.`);
  }
  return { id: spec.id, start: spec.start as StartSpec, restart: restart as Restart, shutdown: shutdown as Shutdown, type: type as ChildType, modules };
}

function defaultModules(start: StartSpec): unknown[] {
  if (typeof start === 'function') return [];
  return [moduleName(start[0]) ?? start[0]];
}

/** How a report shows the start of a child: `Counter.startLink(5)`. */
export function startCall(start: StartSpec): string {
  // An arrow function written as `start: () => …` is named 'start' by JS: that says nothing.
  if (typeof start === 'function') return `${start.name && start.name !== 'start' ? start.name : 'fn'}()`;
  const [mod, fn, args] = start;
  return `${moduleName(mod) ?? formatTerm(mod)}.${fn}(${args.map((a) => (isModule(a) ? moduleName(a) : undefined) ?? formatTerm(a)).join(', ')})`;
}

/**
 * The spec of a child with `overrides` applied, as Elixir's `Supervisor.child_spec/2`:
 * handy to give a second copy of a module its own id.
 *
 * @example Two counters under one supervisor
 * ```ts
 * class Counter { init(n) { return ['ok', n]; } }
 * Supervisor.childSpec([Counter, 0], { id: 'c2' }).id; // 'c2'
 * Supervisor.childSpec(Counter, { restart: 'temporary' }).restart; // 'temporary'
 * ```
 */
export function childSpec(child: Child, overrides: Partial<ChildSpecInput> = {}): ChildSpec {
  if (!isPlainObject(overrides)) {
    throw new ArgumentError(`Supervisor.childSpec: the overrides are an object such as { id: 'c2' }, got ${formatTerm(overrides)}.`);
  }
  const base = specObject('Supervisor.childSpec', child);
  return toChildSpec('Supervisor.childSpec', { ...base, ...overrides });
}
