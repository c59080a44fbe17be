/**
 * Value patterns for selective receive. A pattern is matched in place against each queued
 * message (no compilation, no allocation), which keeps a scan of a long mailbox cheap.
 */
import { ArgumentError } from './errors.js';
import { Pid, Ref, samePid } from './pid.js';

/**
 * The wildcard: matches anything, as Erlang's `_`.
 *
 * @example Match any two-element message tagged 'add'
 * ```ts
 * matches(['add', _], ['add', 'Ada']); // true
 * ```
 */
export const _: unique symbol = Symbol.for('beamish._') as never;
export type Wildcard = typeof _;

const builtinClasses = new Set<unknown>([
  Error, TypeError, RangeError, Date, Map, Set, RegExp, Promise, WeakMap, WeakSet, ArrayBuffer, Uint8Array,
]);

function isClass(fn: Function): boolean {
  if (builtinClasses.has(fn)) return true;
  try {
    return /^class[\s{]/.test(Function.prototype.toString.call(fn));
  } catch {
    return false;
  }
}

/**
 * Does `value` match `pattern`? A literal matches by `===` (and NaN matches NaN); `_`
 * anything; `String`, `Number`, `Boolean`, `BigInt`, `Symbol`, `Function`, `Pid`, `Ref`,
 * `Array`, `Object` match by type; a class matches its instances; any other function is a
 * predicate `(value) => boolean`; a RegExp matches strings it tests true on; an array matches
 * an array of the same length element by element; a plain object matches an object that has
 * those keys, each matching.
 *
 * @example Patterns by type and shape
 * ```ts
 * matches(['token', Number], ['token', 3]);        // true
 * matches({ op: 'get', key: String }, { op: 'get', key: 'a', extra: 1 }); // true
 * matches((m) => m > 10, 5);                       // false
 * ```
 */
export function matches(pattern: unknown, value: unknown): boolean {
  if (pattern === value) return true;
  switch (typeof pattern) {
    case 'symbol':
      return pattern === _;
    case 'function':
      return matchFunction(pattern, value);
    case 'object':
      break;
    case 'number':
      return pattern !== pattern && value !== value; // NaN
    default:
      return false;
  }
  if (pattern === null) return false;
  if (Array.isArray(pattern)) {
    if (!Array.isArray(value) || value.length !== pattern.length) return false;
    for (let i = 0; i < pattern.length; i++) if (!matches(pattern[i], value[i])) return false;
    return true;
  }
  if (pattern instanceof Pid) return value instanceof Pid && samePid(pattern, value);
  if (pattern instanceof Ref) return value instanceof Ref && pattern.id === value.id;
  // search(), unlike test(), ignores and keeps lastIndex: a /g pattern answers the same each time.
  if (pattern instanceof RegExp) return typeof value === 'string' && value.search(pattern) !== -1;
  const proto = Object.getPrototypeOf(pattern);
  if (proto === Object.prototype || proto === null) {
    // An array is a tuple, not a map: Elixir's %{} does not match {1, 2}.
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    for (const k in pattern) {
      if (!(k in value) || !matches((pattern as Record<string, unknown>)[k], (value as Record<string, unknown>)[k])) {
        return false;
      }
    }
    return true;
  }
  if (isThenable(pattern)) throw promisePattern();
  return false;
}

/**
 * Throws now for a pattern no message can ever be matched against (a Promise, a predicate of
 * two arguments), so a receive on an empty mailbox fails at once instead of waiting, or
 * answering 'timeout', for nothing.
 */
export function checkPattern(pattern: unknown): void {
  if (typeof pattern === 'function') {
    if (pattern.length > 1 && !isClass(pattern)) throw badPredicate(pattern);
  } else if (typeof pattern === 'object' && pattern !== null) {
    if (Array.isArray(pattern)) {
      for (const x of pattern) checkPattern(x);
      return;
    }
    const proto = Object.getPrototypeOf(pattern);
    if (proto === Object.prototype || proto === null) {
      for (const k in pattern) checkPattern((pattern as Record<string, unknown>)[k]);
    } else if (isThenable(pattern)) {
      throw promisePattern();
    }
  }
}

function isThenable(v: object): boolean {
  return typeof (v as { then?: unknown }).then === 'function';
}

function promisePattern(): ArgumentError {
  return new ArgumentError(
    'receive: a pattern cannot be a Promise (did you forget an await?). ' +
      'Write a value pattern such as [\'ok\', _], or a predicate (msg) => boolean.',
  );
}

function badPredicate(fn: Function): ArgumentError {
  return new ArgumentError(
    `receive: a predicate pattern takes one argument (the message), but ${fn.name || 'this function'} takes ${fn.length}. ` +
      'Write (msg) => boolean.',
  );
}

function matchFunction(fn: Function, value: unknown): boolean {
  switch (fn) {
    case String:
      return typeof value === 'string';
    case Number:
      return typeof value === 'number';
    case Boolean:
      return typeof value === 'boolean';
    case BigInt:
      return typeof value === 'bigint';
    case Symbol:
      return typeof value === 'symbol';
    case Function:
      return typeof value === 'function';
    case Pid:
      return value instanceof Pid;
    case Ref:
      return value instanceof Ref;
    case Array:
      return Array.isArray(value);
    case Object:
      return typeof value === 'object' && value !== null && !Array.isArray(value);
  }
  if (isClass(fn)) return value instanceof fn;
  if (fn.length > 1) throw badPredicate(fn);
  return !!(fn as (v: unknown) => unknown)(value);
}
