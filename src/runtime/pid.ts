/**
 * Pids and references: opaque, immutable handles that survive message isolation.
 *
 * A Pid keeps a node slot (always 0 here) so pids of other nodes can exist later, and a
 * private link to its live process so `send` needs no table lookup. The link is cut when
 * the process dies, so a pid held by user code never keeps a dead process in memory.
 */
import type { Proc } from './proc.js';

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

let procOf: (pid: Pid) => Proc | undefined;
let detach: (pid: Pid) => void;

// Node and serial are 0 for every local pid; only pids of other nodes (or later serials)
// have them, kept here so a local pid holds two fields (a million idle processes: 8 MB).
const remote = new WeakMap<Pid, { node: number; serial: number }>();

/**
 * A process identifier, from `spawn`, `self()` or `pid('0.42.0')`. It prints as Erlang
 * writes pids and survives sending; two pids are the same process when their numbers are.
 *
 * @example A pid prints as #PID<0.N.0>
 * ```ts
 * const p = spawn(() => receive());
 * p instanceof Pid; // true
 * String(p) === `#PID<0.${p.id}.0>`; // true
 * ```
 */
export class Pid {
  readonly id: number;
  #proc: Proc | undefined;

  /** @internal use `spawn` or `pid('0.42.0')` instead. */
  constructor(node: number, id: number, serial: number, proc?: Proc) {
    this.id = id;
    this.#proc = proc;
    if (node !== 0 || serial !== 0) remote.set(this, { node, serial });
  }

  get node(): number {
    return remote.get(this)?.node ?? 0;
  }

  get serial(): number {
    return remote.get(this)?.serial ?? 0;
  }

  static {
    procOf = (pid) => pid.#proc;
    detach = (pid) => {
      pid.#proc = undefined;
    };
  }

  toString(): string {
    const r = remote.get(this);
    return r === undefined ? `#PID<0.${this.id}.0>` : `#PID<${r.node}.${this.id}.${r.serial}>`;
  }

  [inspectSymbol](): string {
    return this.toString();
  }

  toJSON(): string {
    return this.toString();
  }
}

/**
 * A unique reference, as Erlang's: from `makeRef()`, `Process.monitor` or
 * `Process.sendAfter`. It prints as `#Reference<…>` and survives sending.
 *
 * @example Tag a request with a ref and match the reply by it
 * ```ts
 * const ref = makeRef();
 * send(self(), ['reply', ref, 42]);
 * await receive(['reply', ref, _]); // ['reply', ref, 42]
 * ref instanceof Ref; // true
 * ```
 */
export class Ref {
  readonly id: number;
  /** @internal use `makeRef()`. */
  constructor(id: number) {
    this.id = id;
  }
  toString(): string {
    return `#Reference<0.0.0.${this.id}>`;
  }
  [inspectSymbol](): string {
    return this.toString();
  }
  toJSON(): string {
    return this.toString();
  }
}

export { procOf, detach };

let nextRef = 1;

/**
 * A new unique reference, as Erlang's `make_ref()`.
 *
 * @example Two refs are never equal
 * ```ts
 * const a = makeRef(), b = makeRef();
 * a === b; // false
 * String(a).startsWith('#Reference<'); // true
 * ```
 */
export function makeRef(): Ref {
  const ref = new Ref(nextRef++);
  if (refMade !== null) refMade(ref);
  return ref;
}

let refMade: ((ref: Ref) => void) | null = null;

/** Set once by mailbox.ts: a ref made by a process marks its mailbox (see `mark`). */
export function onRefMade(fn: (ref: Ref) => void): void {
  refMade = fn;
}

/** A new ref for the runtime's and OTP's own bookkeeping: unlike makeRef, it marks no mailbox. */
export function newRef(): Ref {
  return new Ref(nextRef++);
}

/**
 * Is `v` a pid?
 *
 * @example Tell a pid from its text
 * ```ts
 * isPid(self()); // true
 * isPid(String(self())); // false
 * ```
 */
export function isPid(v: unknown): v is Pid {
  return v instanceof Pid;
}

/**
 * Is `v` a reference?
 *
 * @example Tell a ref from a pid
 * ```ts
 * isRef(makeRef()); // true
 * isRef(self()); // false
 * ```
 */
export function isRef(v: unknown): v is Ref {
  return v instanceof Ref;
}

/** Same process: the same node, number and serial. */
export function samePid(a: Pid, b: Pid): boolean {
  return a === b || (a.id === b.id && a.node === b.node && a.serial === b.serial);
}
