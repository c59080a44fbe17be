/**
 * Registered names: one name per process, one process per name, released on death
 * (Erlang's register/2 and friends). `via` names of higher layers (Registry) resolve
 * through their module's `whereisName`.
 */
import { ArgumentError } from './errors.js';
import { Pid, procOf } from './pid.js';
import type { Proc } from './proc.js';
import { emit, observed } from './events.js';
import { formatTerm } from './term.js';

const byName = new Map<string, Proc>();

/** A name a higher layer resolves: `['via', module, key]`, as Elixir's `{:via, mod, key}`. */
export type ViaName = readonly ['via', ViaModule, unknown];
export interface ViaModule {
  whereisName(key: unknown): Pid | undefined;
  registerName?(key: unknown, pid: Pid): 'yes' | 'no';
  unregisterName?(key: unknown): void;
}

export type Dest = Pid | string | ViaName;

export function isVia(v: unknown): v is ViaName {
  return Array.isArray(v) && v.length === 3 && v[0] === 'via' && typeof v[1]?.whereisName === 'function';
}

/** Could `v` name a process: a pid, a name or a via name? (Not whether one lives there.) */
export function isDest(v: unknown): v is Dest {
  return v instanceof Pid || typeof v === 'string' || isVia(v);
}

export function lookupName(name: string): Proc | undefined {
  return byName.get(name);
}

/** The pid a destination stands for now, or undefined (dead pid, free name). */
export function whereisDest(dest: unknown): Pid | undefined {
  if (dest instanceof Pid) return procOf(dest) ? dest : undefined;
  if (typeof dest === 'string') return byName.get(dest)?.pid;
  if (isVia(dest)) return dest[1].whereisName(dest[2]);
  return undefined;
}

function checkName(fn: string, name: unknown): asserts name is string {
  if (typeof name !== 'string' || name === '' || name === 'undefined') {
    throw new ArgumentError(
      `Process.${fn}: a name is a non-empty string other than 'undefined', got ${formatTerm(name)}. ` +
        `Write Process.${fn}(${fn === 'register' ? "pid, 'my_server'" : "'my_server'"}).`,
    );
  }
}

/**
 * Gives a live process a name: `send`, `Process.whereis` and `Process.monitor` accept it
 * then. One name per process, one process per name; the name is freed when the process
 * dies. A taken name, a dead pid or a second name throws an ArgumentError (badarg).
 *
 * @example Send by name
 * ```ts
 * const echo = spawn(async () => {
 *   const [from, msg] = await receive();
 *   send(from, msg);
 * });
 * Process.register(echo, 'echo'); // true
 * send('echo', [self(), 'hi']);
 * await receive(); // 'hi'
 * ```
 */
export function register(pid: Pid, name: string): true {
  if (!(pid instanceof Pid)) {
    throw new ArgumentError(`Process.register: the first argument must be a pid, got ${formatTerm(pid)}. Write Process.register(pid, 'name').`);
  }
  checkName('register', name);
  const p = procOf(pid);
  if (!p) throw new ArgumentError(`Process.register: ${pid} is not alive, so it cannot take the name '${name}'.`);
  const holder = byName.get(name);
  if (holder) throw new ArgumentError(`Process.register: the name '${name}' is already registered to ${holder.pid}.`);
  if (p.name !== undefined) {
    throw new ArgumentError(`Process.register: ${pid} is already registered as '${p.name}'; a process has one name at most.`);
  }
  byName.set(name, p);
  p.name = name;
  if (observed) emit({ type: 'register', name, pid });
  return true;
}

/**
 * Frees a name (its process lives on); throws an ArgumentError when nobody holds it.
 *
 * @example Give a name up
 * ```ts
 * Process.register(self(), 'temporary');
 * Process.unregister('temporary'); // true
 * Process.whereis('temporary'); // undefined
 * ```
 */
export function unregister(name: string): true {
  checkName('unregister', name);
  const p = byName.get(name);
  if (!p) throw new ArgumentError(`Process.unregister: no process is registered as '${name}'.`);
  byName.delete(name);
  p.name = undefined;
  if (observed) emit({ type: 'unregister', name, pid: p.pid });
  return true;
}

/** Called when a process dies: its name is free again. */
export function releaseName(p: Proc): void {
  if (p.name === undefined) return;
  byName.delete(p.name);
  if (observed) emit({ type: 'unregister', name: p.name, pid: p.pid });
}

/**
 * The pid registered under `name`, or undefined when nobody holds it.
 *
 * @example Find a process by its name
 * ```ts
 * Process.register(self(), 'finder');
 * Process.whereis('finder') === self(); // true
 * Process.whereis('nobody'); // undefined
 * ```
 */
export function whereis(name: string): Pid | undefined {
  checkName('whereis', name);
  return byName.get(name)?.pid;
}

/**
 * Every registered name.
 *
 * @example Names in use
 * ```ts
 * Process.register(self(), 'listed');
 * Process.registered().includes('listed'); // true
 * ```
 */
export function registered(): string[] {
  return [...byName.keys()];
}
