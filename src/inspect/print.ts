/**
 * The value printer: results, messages, exit reasons and crashes printed as iex prints the
 * equivalent Erlang terms, in TypeScript syntax (atoms are strings, tuples arrays: see
 * value.ts for how each kind of value looks and why, doc.ts for the line breaking).
 *
 * Decisions:
 * - `'ok'` prints as `'ok'`, the string you type, not iex's `:ok`.
 * - Defaults are iex's: `limit` 50, `printableLimit` 4096, `width` 80 or the terminal's
 *   columns when fewer (IEx.Config.width); `depth` 20 (iex has none; see value.ts).
 * - At the top level of a result an Error prints as iex prints a raised exception,
 *   `** (TypeError) message` and its stack frames; an ExitError (an `exit(reason)` that was
 *   thrown) as `** (exit) reason`. Inside a structure an error is `Error: message`.
 * - Exit reasons read as Elixir's `Exception.format_exit/1` (checked against Elixir 1.14):
 *   `'normal'` → `normal`, `'noproc'` → `no process: …`, an Error → `an exception was
 *   raised:` with the banner and frames indented, `[reason, ['GenServer', 'call', args]]`
 *   → `exited in: GenServer.call(…)` then `** (EXIT) reason` one level further in.
 * - Printing never throws: whatever goes wrong while looking at a value is printed in its
 *   place.
 */
import { ExitError } from '../runtime/index.js';
import { colorize } from './colors.js';
import { layout } from './doc.js';
import { errorMessageOf, errorName, valueDoc } from './value.js';

export interface InspectOptions {
  /** Color with iex's syntax colors (chalk). Default false: the shell decides. */
  color?: boolean;
  /** Columns to fit; default 80, or the terminal's width when narrower. */
  width?: number;
  /** Items shown of a collection before `...` (iex's `:limit`); default 50. */
  limit?: number;
  /** Characters shown of a string before ` + ...` (iex's `:printable_limit`); default 4096. */
  printableLimit?: number;
  /** Nesting shown before `[Object]`; default 20. */
  depth?: number;
}

/** One level of `** (EXIT)` nesting in an exit reason, as Elixir indents it. */
const INDENT = '    ';
const NOPROC =
  "no process: the process is not alive or there's no process currently associated with the given name, possibly because its application isn't started";

function defaultWidth(): number {
  const columns = process.stdout.columns;
  return typeof columns === 'number' && columns > 0 ? Math.min(80, columns) : 80;
}

function full(opts: InspectOptions): Required<InspectOptions> {
  return {
    color: opts.color ?? false,
    width: opts.width ?? defaultWidth(),
    limit: opts.limit ?? 50,
    printableLimit: opts.printableLimit ?? 4096,
    depth: opts.depth ?? 20,
  };
}

/**
 * A value as iex would print the Erlang term it stands for: `['ok', #PID<0.108.0>]`,
 * `{ name: 'Ada' }`, `Map(1) { 'a' => 1 }`; long collections and strings cut with `...`,
 * broken over lines past `width`. A top-level Error prints as `** (Error) message`.
 *
 * @example Tuples, pids and cut lists
 * ```ts
 * inspect(['ok', pid('0.108.0')]); // "['ok', #PID<0.108.0>]"
 * inspect({ name: 'Ada', team: ['x'] }); // "{ name: 'Ada', team: ['x'] }"
 * inspect([1, 2, 3, 4], { limit: 2 }); // '[1, 2, ...]'
 * inspect(new Error('boom')).split('\n')[0]; // '** (Error) boom'
 * ```
 */
export function inspect(value: unknown, opts: InspectOptions = {}): string {
  const o = full(opts);
  try {
    if (isInstance(value, ExitError)) return paintError(`** (exit) ${formatExit(value.reason, '\n' + INDENT, o)}`, o);
    if (isInstance(value, Error)) return paintError(exceptionBanner(value, '\n' + INDENT), o);
    return layout(valueDoc(value, o), o.width, o.color);
  } catch (e) {
    return `[Uninspectable: ${e instanceof Error ? errorMessageOf(e) : typeof e}]`;
  }
}

/**
 * An exit reason as Elixir's `Exception.format_exit/1` writes it, for lines such as
 * `** (EXIT from #PID<0.110.0>) shell process exited with reason: …` and crash reports.
 *
 * @example Reasons as iex shows them
 * ```ts
 * formatReason('normal'); // 'normal'
 * formatReason('boom'); // "'boom'"
 * formatReason(['shutdown', 'closed']); // "shutdown: 'closed'"
 * formatReason(new Error('boom')).split('\n').slice(0, 2).join('|'); // 'an exception was raised:|    ** (Error) boom'
 * ```
 */
export function formatReason(reason: unknown, opts: Pick<InspectOptions, 'color' | 'limit' | 'printableLimit'> = {}): string {
  const o = full(opts);
  try {
    return formatExit(reason, '\n' + INDENT, o);
  } catch (e) {
    return `[Uninspectable: ${e instanceof Error ? errorMessageOf(e) : typeof e}]`;
  }
}

/**
 * What iex prints for a value thrown at the prompt: `** (Error) message` for an error,
 * `** (exit) reason` for an exit, `** (throw) value` for anything else thrown.
 *
 * @example A thrown string
 * ```ts
 * formatThrown('oops'); // "** (throw) 'oops'"
 * formatThrown(new ExitError('boom')); // "** (exit) 'boom'"
 * ```
 */
export function formatThrown(thrown: unknown, opts: InspectOptions = {}): string {
  if (isInstance(thrown, Error)) return inspect(thrown, opts);
  const o = full(opts);
  return paintError(`** (throw) ${inspect(thrown, { ...o, color: false })}`, o);
}

/** `instanceof` that is false, not a throw, for a revoked proxy. */
function isInstance<T>(v: unknown, cls: abstract new (...args: never[]) => T): v is T {
  try {
    return v instanceof cls;
  } catch {
    return false;
  }
}

function paintError(s: string, o: Required<InspectOptions>): string {
  return o.color ? colorize('error', s) : s;
}

/** A term inside a reason: one line, as Elixir's `inspect/1` there. */
function term(v: unknown, o: Required<InspectOptions>): string {
  return layout(valueDoc(v, o), Infinity, o.color);
}

/** Elixir's `format_exit/2`: `joiner` is the newline and indentation of the current level. */
function formatExit(reason: unknown, joiner: string, o: Required<InspectOptions>): string {
  if (isInstance(reason, ExitError)) return formatExit(reason.reason, joiner, o);
  if (isInstance(reason, Error)) return `an exception was raised:${joiner}${exceptionBanner(reason, joiner + INDENT)}`;
  if (Array.isArray(reason) && reason.length === 2) {
    const [inner, where] = reason as [unknown, unknown];
    const failed = failedChild(reason);
    if (failed !== undefined) {
      return `shutdown: failed to start child: ${term(failed[0], o)}${joiner}** (EXIT) ${formatExit(failed[1], joiner + INDENT, o)}`;
    }
    if (isCall(where)) {
      const [mod, fun, args] = where;
      const call = `${mod}.${fun}(${args.map((a) => term(a, o)).join(', ')})`;
      return `exited in: ${call}${joiner}** (EXIT) ${formatExit(inner, joiner + INDENT, o)}`;
    }
  }
  return exitReasonText(reason, o);
}

/** Elixir's `format_exit_reason/1`: the reasons OTP gives a fixed wording. */
function exitReasonText(reason: unknown, o: Required<InspectOptions>): string {
  switch (reason) {
    case 'normal':
    case 'shutdown':
    case 'killed':
      return reason;
    case 'calling_self':
      return 'process attempted to call itself';
    case 'timeout':
      return 'time out';
    case 'noconnection':
      return 'no connection';
    case 'noproc':
      return NOPROC;
  }
  if (Array.isArray(reason) && reason.length === 2) {
    const [tag, value] = reason as [unknown, unknown];
    switch (tag) {
      case 'shutdown':
        return `shutdown: ${term(value, o)}`;
      case 'nodedown':
        if (typeof value === 'string') return `no connection to ${value}`;
        break;
      case 'already_started':
        return `already started: ${term(value, o)}`;
      case 'bad_return_value':
        return `bad return value: ${term(value, o)}`;
      case 'bad_call':
        return `bad call: ${term(value, o)}`;
      case 'bad_cast':
        return `bad cast: ${term(value, o)}`;
      case 'bad_start_spec':
        return `bad child specification, invalid children: ${term(value, o)}`;
      case 'bad_return':
        if (Array.isArray(value) && value.length === 3 && typeof value[0] === 'string' && value[1] === 'init') {
          return `${value[0]}.init returned a bad value: ${term(value[2], o)}`;
        }
        break;
    }
  }
  return term(reason, o);
}

/** `['shutdown', ['failed_to_start_child', child, ['EXIT', reason] | reason]]` → [child, reason]. */
function failedChild(reason: unknown[]): [unknown, unknown] | undefined {
  const [tag, detail] = reason;
  if (tag !== 'shutdown' || !Array.isArray(detail) || detail.length !== 3 || detail[0] !== 'failed_to_start_child') return undefined;
  const why: unknown = detail[2];
  return [detail[1], Array.isArray(why) && why.length === 2 && why[0] === 'EXIT' ? why[1] : why];
}

/** `['GenServer', 'call', [server, request, timeout]]`: where a call that exited was made. */
function isCall(v: unknown): v is [string, string, unknown[]] {
  return (
    Array.isArray(v) &&
    v.length === 3 &&
    typeof v[0] === 'string' &&
    /^[A-Z][\w.]*$/.test(v[0]) &&
    typeof v[1] === 'string' &&
    /^[A-Za-z_$][\w$]*$/.test(v[1]) &&
    Array.isArray(v[2]) &&
    v[2].length < 256
  );
}

/**
 * `** (Name) message` and the stack frames under it, each frame after `frameJoiner` (a
 * newline and the frames' indentation: iex puts them four columns under the banner).
 */
function exceptionBanner(e: Error, frameJoiner: string): string {
  return `** (${errorName(e)}) ${errorMessageOf(e)}` + stackFrames(e).map((f) => frameJoiner + f).join('');
}

/** The `at …` lines of an error's stack, without Node's own internals. */
function stackFrames(e: Error): string[] {
  let stack: unknown;
  try {
    stack = e.stack;
  } catch {
    return [];
  }
  if (typeof stack !== 'string') return [];
  const frames: string[] = [];
  for (const line of stack.split('\n')) {
    const m = /^\s+(at .*)$/.exec(line);
    if (m !== null && !m[1]!.includes('(node:internal/') && !m[1]!.startsWith('at node:internal/')) frames.push(m[1]!);
  }
  return frames;
}
