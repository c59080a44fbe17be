/**
 * Map keys for terms. Erlang compares keys by value (`{:user, 42}` finds `{:user, 42}`),
 * while a JS Map compares objects by identity; a Registry keyed by `['user', 42]` must find
 * the entry another process registered under its own copy of `['user', 42]`.
 * Strings, numbers and other primitives are their own key (the common case costs nothing);
 * arrays, plain objects, pids and refs become a canonical string that cannot collide with
 * a user's string (it starts with a character no such string starts with: see below).
 */
import { isPid, isRef } from '../runtime/index.js';

const TAG = '\u0000';

/** The Map key standing for `term`: equal terms give equal keys. */
export function termKey(term: unknown): unknown {
  if (typeof term === 'string') return term.startsWith(TAG) ? TAG + encode(term) : term;
  if (typeof term !== 'object' || term === null) return term;
  return TAG + encode(term);
}

function encode(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return Object.is(v, -0) ? 'n0' : `n${v}`;
    case 'bigint':
      return `b${v}`;
    case 'boolean':
      return v ? 't' : 'f';
    case 'undefined':
      return 'u';
    case 'symbol':
      return `y${String(v.description)}`;
    case 'function':
      return `F${v.name}`;
  }
  if (v === null) return 'z';
  if (isPid(v)) return `p${String(v)}`;
  if (isRef(v)) return `r${String(v)}`;
  if (Array.isArray(v)) return `[${v.map(encode).join(',')}]`;
  if (v instanceof Date) return `d${v.getTime()}`;
  const keys = Object.keys(v as object).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${encode((v as Record<string, unknown>)[k])}`).join(',')}}`;
}
