/**
 * Values as documents (see doc.ts): what each kind of JavaScript value looks like when
 * printed as iex prints the Erlang term it stands for.
 *
 * Decisions (iex behaviour checked with Elixir 1.14's `IO.inspect`):
 * - Atoms are strings, and strings print as the literal you would type: `'ok'`, never
 *   `:ok`. The quote is Node's choice: single, else double when the text holds a single
 *   quote, else a backtick. (Colors still tell atoms from text: see colors.ts.)
 * - Arrays (tuples and lists) print `['ok', #PID<0.108.0>]`, without inner spaces, as
 *   Elixir's `{:ok, #PID<0.108.0>}`; objects `{ name: 'Ada' }`, as TypeScript is written.
 * - Limits as iex's: a collection shows `limit` items then `...`, and its i-th item (from 0)
 *   is printed with the limit `limit - i - 1`, so nested collections shrink as in Elixir's
 *   `container_doc` (`[[1, 2, 3, ...], [1, 2, ...], ...]`). A string longer than
 *   `printableLimit` prints its start then ` + ...` (iex: `"aaa" <> ...`).
 * - Nesting deeper than `depth` prints `[Array]`, `[Object]`, `[Map]` (as Node; iex has no
 *   depth limit, but a JS object graph can be arbitrarily deep). Past a budget of nodes for
 *   one print, the rest is `...`, so no value makes a print slow.
 * - Cycles print `[Circular *1]`, and the object they point back to `<ref *1> { … }` (Node).
 * - Nothing user-defined runs, except proxy traps and `nodejs.util.inspect.custom` methods:
 *   getters print `[Getter]`, `[Setter]` or `[Getter/Setter]` without being called. Anything
 *   that throws while being looked at prints `[Uninspectable: message]`; a revoked proxy
 *   `<Revoked Proxy>`.
 * - Arrays print their items only, not extra named properties.
 */
import { inspect as nodeInspect, types } from 'node:util';
import { Pid, Ref } from '../runtime/index.js';
import { block, type Doc, seq, text } from './doc.js';

export interface ValueOptions {
  limit: number;
  printableLimit: number;
  depth: number;
}

/** Beyond this many nodes in one print, everything prints as `...`. */
const NODE_BUDGET = 20_000;
/** Recursion bound whatever `depth` says, to stay far from the stack's limit. */
const MAX_DEPTH = 500;
/** How many holes of a sparse array to step over one by one before asking for its keys. */
const HOLE_SCAN = 1_000;

const customInspect = Symbol.for('nodejs.util.inspect.custom');
const ATOM_LIKE = /^[A-Za-z_][A-Za-z0-9_@]*[?!]?$/;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

interface Ctx extends ValueOptions {
  /** The objects being printed, outermost first: a value among them is a cycle. */
  readonly path: object[];
  readonly circular: Map<object, number>;
  budget: number;
}

export function valueDoc(value: unknown, opts: ValueOptions): Doc {
  const ctx: Ctx = {
    ...opts,
    depth: Math.min(opts.depth, MAX_DEPTH),
    path: [],
    circular: new Map(),
    budget: NODE_BUDGET,
  };
  return build(value, ctx, 0, opts.limit);
}

function build(v: unknown, ctx: Ctx, level: number, limit: number): Doc {
  if (--ctx.budget < 0) return text('...');
  switch (typeof v) {
    case 'string':
      return stringDoc(v, ctx.printableLimit);
    case 'number':
      return text(Object.is(v, -0) ? '-0' : String(v), 'number');
    case 'bigint':
      return text(`${v}n`, 'number');
    case 'boolean':
      return text(String(v), 'boolean');
    case 'undefined':
      return text('undefined', 'nil');
    case 'symbol':
      return text(v.toString(), 'symbol');
    case 'function':
      return text(functionName(v), 'special');
  }
  if (v === null) return text('null', 'nil');
  const obj = v as object;
  try {
    return objectDoc(obj, ctx, level, limit);
  } catch (e) {
    if (types.isProxy(obj) && isRevoked(obj)) return text('<Revoked Proxy>', 'special');
    return text(`[Uninspectable: ${errorMessage(e)}]`, 'special');
  }
}

function objectDoc(v: object, ctx: Ctx, level: number, limit: number): Doc {
  if (v instanceof Pid || v instanceof Ref) return text(v.toString());
  const at = ctx.path.indexOf(v);
  if (at >= 0) {
    let n = ctx.circular.get(v);
    if (n === undefined) ctx.circular.set(v, (n = ctx.circular.size + 1));
    return text(`[Circular *${n}]`, 'special');
  }
  if (level > ctx.depth) return text(`[${Array.isArray(v) ? 'Array' : kindName(v)}]`, 'special');
  ctx.path.push(v);
  try {
    const doc = containerDoc(v, ctx, level, limit);
    const n = ctx.circular.get(v);
    return n === undefined ? doc : seq(text(`<ref *${n}> `, 'special'), doc);
  } finally {
    ctx.path.pop();
  }
}

function containerDoc(v: object, ctx: Ctx, level: number, limit: number): Doc {
  const custom = customDoc(v, ctx, level, limit);
  if (custom !== undefined) return custom;
  if (Array.isArray(v)) {
    const name = constructorName(v);
    return arrayDoc(v, name === 'Array' ? '[' : `${name}(${v.length}) [`, ctx, level, limit);
  }
  if (types.isTypedArray(v)) {
    return arrayDoc(v as unknown as ArrayLike<unknown>, `${constructorName(v)}(${(v as unknown as ArrayLike<unknown>).length}) [`, ctx, level, limit);
  }
  if (types.isMap(v)) return mapDoc(v as Map<unknown, unknown>, ctx, level, limit);
  if (types.isSet(v)) return setDoc(v as Set<unknown>, ctx, level, limit);
  if (types.isDate(v)) return text(dateText(v as Date), 'date');
  if (types.isRegExp(v)) return text(RegExp.prototype.toString.call(v), 'regexp');
  if (types.isNativeError(v) || v instanceof Error) return text(errorLine(v as Error));
  if (types.isPromise(v)) return text(promiseText(v as Promise<unknown>, ctx));
  if (types.isWeakMap(v) || types.isWeakSet(v)) return text(`${constructorName(v)} { <items unknown> }`, 'special');
  if (types.isBoxedPrimitive(v)) return boxedDoc(v, ctx);
  if (types.isAnyArrayBuffer(v)) return text(`${constructorName(v)} { byteLength: ${(v as ArrayBuffer).byteLength} }`);
  return plainDoc(v, ctx, level, limit);
}

/** Objects that print themselves for Node (`[util.inspect.custom]`), as Node honours it. */
function customDoc(v: object, ctx: Ctx, level: number, limit: number): Doc | undefined {
  const fn = (v as { [customInspect]?: unknown })[customInspect];
  if (typeof fn !== 'function') return undefined;
  const options = { ...nodeInspect.defaultOptions, depth: ctx.depth - level, stylize: (s: string) => s };
  let out: unknown;
  try {
    out = fn.call(v, ctx.depth - level, options, nodeInspect);
  } catch {
    return undefined;
  }
  if (out === v) return undefined;
  if (typeof out === 'string') return text(out);
  return build(out, ctx, level + 1, limit);
}

function arrayDoc(a: ArrayLike<unknown>, open: string, ctx: Ctx, level: number, limit: number): Doc {
  const items: Doc[] = [];
  const len = a.length;
  let i = 0;
  while (i < len) {
    if (items.length >= limit || ctx.budget <= 0) {
      items.push(text('...'));
      break;
    }
    if (!(i in a)) {
      const next = nextIndex(a, i);
      const holes = next - i;
      items.push(text(`<${holes} empty item${holes === 1 ? '' : 's'}>`, 'special'));
      i = next;
      continue;
    }
    items.push(build(a[i], ctx, level + 1, limit - items.length - 1));
    i++;
  }
  return block(open, items, ']', false);
}

/** The first index at or after `from` that holds an item (or the length). */
function nextIndex(a: ArrayLike<unknown>, from: number): number {
  const len = a.length;
  const stop = Math.min(len, from + HOLE_SCAN);
  for (let i = from; i < stop; i++) if (i in a) return i;
  if (stop === len) return len;
  // A long run of holes: the array is sparse (dictionary mode), so its keys are few.
  let next = len;
  for (const k of Object.keys(a)) {
    const n = Number(k);
    if (Number.isInteger(n) && n >= stop && n < next) next = n;
  }
  return next;
}

function mapDoc(m: Map<unknown, unknown>, ctx: Ctx, level: number, limit: number): Doc {
  const items: Doc[] = [];
  for (const [k, val] of Map.prototype.entries.call(m) as IterableIterator<[unknown, unknown]>) {
    if (items.length >= limit || ctx.budget <= 0) {
      items.push(text('...'));
      break;
    }
    const itemLimit = limit - items.length - 1;
    items.push(seq(build(k, ctx, level + 1, itemLimit), text(' => '), build(val, ctx, level + 1, itemLimit)));
  }
  const size = Reflect.get(Map.prototype, 'size', m) as number;
  return block(`${constructorName(m)}(${size}) {`, items, '}', true);
}

function setDoc(s: Set<unknown>, ctx: Ctx, level: number, limit: number): Doc {
  const items: Doc[] = [];
  for (const val of Set.prototype.values.call(s) as IterableIterator<unknown>) {
    if (items.length >= limit || ctx.budget <= 0) {
      items.push(text('...'));
      break;
    }
    items.push(build(val, ctx, level + 1, limit - items.length - 1));
  }
  const size = Reflect.get(Set.prototype, 'size', s) as number;
  return block(`${constructorName(s)}(${size}) {`, items, '}', true);
}

function boxedDoc(v: object, ctx: Ctx): Doc {
  const prim = (v as { valueOf(): unknown }).valueOf();
  const inner = typeof prim === 'string' ? quote(prim.slice(0, ctx.printableLimit)) : typeof prim === 'bigint' ? `${prim}n` : String(prim);
  return text(`[${constructorName(v)}: ${inner}]`);
}

function plainDoc(v: object, ctx: Ctx, level: number, limit: number): Doc {
  const proto: unknown = Object.getPrototypeOf(v);
  const tag = toStringTag(v);
  let open = '{';
  if (proto === null) open = `[${tag ?? 'Object'}: null prototype] {`;
  else {
    const name = proto === Object.prototype ? 'Object' : constructorName(v);
    if (tag !== undefined && tag !== name) open = `${name} [${tag}] {`;
    else if (name !== 'Object') open = `${name} {`;
  }
  const keys: (string | symbol)[] = Object.keys(v);
  for (const s of Object.getOwnPropertySymbols(v)) if (Object.prototype.propertyIsEnumerable.call(v, s)) keys.push(s);
  const items: Doc[] = [];
  for (const key of keys) {
    if (items.length >= limit || ctx.budget <= 0) {
      items.push(text('...'));
      break;
    }
    const desc = Object.getOwnPropertyDescriptor(v, key);
    if (desc === undefined) continue;
    const value =
      desc.get !== undefined || desc.set !== undefined
        ? text(desc.get && desc.set ? '[Getter/Setter]' : desc.get ? '[Getter]' : '[Setter]', 'special')
        : build(desc.value, ctx, level + 1, limit - items.length - 1);
    items.push(seq(text(`${keyText(key)}: `), value));
  }
  return block(open, items, '}', true);
}

function keyText(key: string | symbol): string {
  if (typeof key === 'symbol') return `[${key.toString()}]`;
  return IDENTIFIER.test(key) ? key : quote(key);
}

/** A string as its literal, cut after `max` characters as iex cuts (`"ab" <> ...`). */
function stringDoc(s: string, max: number): Doc {
  const style = s.length <= 255 && ATOM_LIKE.test(s) ? 'atom' : 'string';
  if (s.length <= max) return text(quote(s), style);
  // Never cut a surrogate pair in two.
  const end = max > 0 && isHighSurrogate(s.charCodeAt(max - 1)) ? max - 1 : max;
  return seq(text(quote(s.slice(0, end)), style), text(' + ...'));
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

/** A string literal in the quote Node picks: `'`, else `"`, else a backtick. */
export function quote(s: string): string {
  let q = "'";
  if (s.includes("'")) {
    if (!s.includes('"')) q = '"';
    else if (!s.includes('`') && !s.includes('${')) q = '`';
  }
  let out = q;
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc: string | undefined;
    if (c < 0x20 || c === 0x7f) esc = ESCAPES[c] ?? `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c === 0x5c) esc = '\\\\';
    else if (c === q.charCodeAt(0)) esc = `\\${q}`;
    else if (c >= 0xd800 && c <= 0xdfff) {
      const pair = isHighSurrogate(c) && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
      if (pair) {
        i++;
        continue;
      }
      esc = `\\u${c.toString(16).toUpperCase()}`;
    }
    if (esc !== undefined) {
      out += s.slice(from, i) + esc;
      from = i + 1;
    }
  }
  return out + s.slice(from) + q;
}

const ESCAPES: Record<number, string> = { 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r' };

function functionName(fn: Function): string {
  let name = '';
  try {
    const n = Object.getOwnPropertyDescriptor(fn, 'name')?.value;
    if (typeof n === 'string') name = n;
    if (Function.prototype.toString.call(fn).startsWith('class')) return `[class ${name || '(anonymous)'}]`;
  } catch {
    // A revoked proxy of a function: print it as a function without a name.
  }
  const tag = Object.prototype.toString.call(fn).slice(8, -1);
  const kind = tag === 'AsyncFunction' || tag === 'GeneratorFunction' || tag === 'AsyncGeneratorFunction' ? tag : 'Function';
  return `[${kind} ${name || '(anonymous)'}]`;
}

/** The name of the class an object was made by, found without running user code. */
function constructorName(v: object): string {
  let proto: unknown = Object.getPrototypeOf(v);
  for (let i = 0; i < 10 && proto !== null && typeof proto === 'object'; i++) {
    const ctor = Object.getOwnPropertyDescriptor(proto, 'constructor')?.value;
    if (typeof ctor === 'function') {
      const name = Object.getOwnPropertyDescriptor(ctor, 'name')?.value;
      if (typeof name === 'string' && name !== '') return name;
    }
    proto = Object.getPrototypeOf(proto);
  }
  return 'Object';
}

/** `Symbol.toStringTag` when it is plain data (`Math`, `Module`), never by calling a getter. */
function toStringTag(v: object): string | undefined {
  let o: unknown = v;
  for (let i = 0; i < 10 && o !== null && typeof o === 'object'; i++) {
    const desc = Object.getOwnPropertyDescriptor(o, Symbol.toStringTag);
    if (desc !== undefined) return typeof desc.value === 'string' && desc.value !== '' ? desc.value : undefined;
    o = Object.getPrototypeOf(o);
  }
  return undefined;
}

/** The short name printed for a collection cut at the depth limit. */
function kindName(v: object): string {
  if (types.isMap(v)) return 'Map';
  if (types.isSet(v)) return 'Set';
  return constructorName(v);
}

function dateText(d: Date): string {
  const t = Date.prototype.getTime.call(d);
  return Number.isNaN(t) ? 'Invalid Date' : Date.prototype.toISOString.call(d);
}

/** An error as one line, `Name: message` (Node without the stack; iex's exception banner). */
export function errorLine(e: Error): string {
  const name = errorName(e);
  const message = errorMessageOf(e);
  return message === '' ? name : `${name}: ${message}`;
}

/** The error's class as a user would name it: `TypeError`, a subclass's own name. */
export function errorName(e: Error): string {
  let name: unknown;
  try {
    name = e.name;
  } catch {
    name = undefined;
  }
  if (typeof name === 'string' && name !== '' && name !== 'Error') return name;
  return constructorName(e) === 'Object' ? 'Error' : constructorName(e);
}

export function errorMessageOf(e: Error): string {
  try {
    const m: unknown = e.message;
    return typeof m === 'string' ? m : String(m);
  } catch {
    return '';
  }
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? errorMessageOf(e) : String(e);
}

/**
 * A promise's state. JavaScript cannot read it synchronously, but Node's inspector can
 * (without running user code): its text is used for the settled value.
 */
function promiseText(p: Promise<unknown>, ctx: Ctx): string {
  const s = nodeInspect(p, {
    depth: 2,
    breakLength: Infinity,
    maxArrayLength: ctx.limit,
    maxStringLength: ctx.printableLimit,
    colors: false,
  });
  // A rejection reason that is an error comes with its stack: keep its first line.
  const rejected = /<rejected> (.*)/.exec(s);
  return rejected === null ? s : `Promise { <rejected> ${rejected[1]!.replace(/ }$/, '')} }`;
}

function isRevoked(p: object): boolean {
  try {
    Array.isArray(p);
    return false;
  } catch {
    return true;
  }
}
