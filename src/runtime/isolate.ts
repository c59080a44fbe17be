/**
 * Message isolation: `send` delivers a deep copy, as the BEAM copies a message to the
 * receiver's heap, so nothing the sender does afterwards is visible to the receiver.
 *
 * We copy rather than deep-freeze because freezing would change the sender's own objects
 * (a later `state.items.push(x)` would throw, or silently do nothing in sloppy code).
 * What is shared instead of copied, because it cannot be mutated or cannot be copied:
 * primitives, Pid, Ref, functions (closures are shared, as Erlang shares funs), Errors
 * (exit reasons keep their identity and stack), Promises, WeakMaps and WeakSets.
 * Arrays, plain objects, Map, Set, Date, RegExp, typed arrays and class instances (same
 * prototype, own properties copied) are copied. Cycles and shared sub-objects are kept.
 */
import { Pid, Ref } from './pid.js';

const DEEP = 64;

/**
 * The copy of `v` that `send` delivers: deep, keeping cycles, prototypes, pids, refs,
 * functions and Errors (see the top of this file for what is shared and why).
 *
 * @example Changing the original leaves the copy alone
 * ```ts
 * const original = { list: [1, 2], owner: self() };
 * const copy = isolate(original);
 * original.list.push(3);
 * copy.list; // [1, 2]
 * copy.owner === self(); // true
 * ```
 */
export function isolate<T>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  try {
    return fast(v, 0) as T;
  } catch (e) {
    if (e !== TOO_DEEP) throw e;
    return careful(v, new Map()) as T;
  }
}

const TOO_DEEP = Symbol('too deep');

function shared(v: object): boolean {
  return (
    v instanceof Pid ||
    v instanceof Ref ||
    v instanceof Error ||
    v instanceof Promise ||
    v instanceof WeakMap ||
    v instanceof WeakSet
  );
}

// The common case: small trees of arrays and plain objects. No bookkeeping for cycles;
// past DEEP levels we assume a cycle may exist and start again with `careful`.
function fast(v: object, depth: number): unknown {
  if (depth > DEEP) throw TOO_DEEP;
  if (Array.isArray(v)) {
    const n = v.length;
    const out = new Array(n);
    for (let i = 0; i < n; i++) {
      const x = v[i];
      out[i] = typeof x !== 'object' || x === null ? x : fast(x, depth + 1);
    }
    return out;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const k in v) {
      const x = (v as Record<string, unknown>)[k];
      out[k] = typeof x !== 'object' || x === null ? x : fast(x, depth + 1);
    }
    return out;
  }
  return careful(v, new Map());
}

function careful(v: unknown, seen: Map<object, unknown>): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (shared(v)) return v;
  const done = seen.get(v);
  if (done !== undefined) return done;
  if (Array.isArray(v)) {
    const out: unknown[] = new Array(v.length);
    seen.set(v, out);
    for (let i = 0; i < v.length; i++) out[i] = careful(v[i], seen);
    return out;
  }
  if (v instanceof Date) return new Date(v.getTime());
  if (v instanceof RegExp) return new RegExp(v.source, v.flags);
  if (v instanceof Map) {
    const out = new Map();
    seen.set(v, out);
    for (const [k, x] of v) out.set(careful(k, seen), careful(x, seen));
    return out;
  }
  if (v instanceof Set) {
    const out = new Set();
    seen.set(v, out);
    for (const x of v) out.add(careful(x, seen));
    return out;
  }
  if (ArrayBuffer.isView(v)) return (v as unknown as { slice(): unknown }).slice();
  if (v instanceof ArrayBuffer) return v.slice(0);
  const out = Object.create(Object.getPrototypeOf(v));
  seen.set(v, out);
  for (const k of Reflect.ownKeys(v)) {
    const d = Object.getOwnPropertyDescriptor(v, k)!;
    if ('value' in d) d.value = careful(d.value, seen);
    Object.defineProperty(out, k, d);
  }
  return out;
}
