/**
 * How the shell prints values, thrown errors and exit reasons: the one place that picks the
 * printer (src/inspect), so every part of the shell prints alike.
 */
import { formatReason, formatThrown, inspect } from '../inspect/index.js';

export interface ShowOptions {
  color: boolean;
  /** Terminal columns (the printer fits 80 or fewer). */
  columns?: number;
}

function width(opts: ShowOptions): number {
  return Math.min(80, opts.columns !== undefined && opts.columns > 0 ? opts.columns : 80);
}

// The runtime's and the shell's own frames say nothing to the user: their stack traces
// show the user's code (and OTP's, as iex shows gen_server's).
const SRC = new URL('../', import.meta.url).href;
const INTERNAL = [`${SRC}runtime/`, `${SRC}repl/`, 'node:async_hooks', '(node:internal/', 'at node:internal/'];

/** The error as the user should see it: the same object, its stack without beamish's frames. */
function clean(value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  let stack: unknown;
  try {
    stack = value.stack;
  } catch {
    return value;
  }
  if (typeof stack !== 'string') return value;
  const lines = stack.split('\n');
  const kept = lines.filter((l) => !/^\s+at /.test(l) || !INTERNAL.some((i) => l.includes(i)));
  if (kept.length === lines.length) return value;
  const cleaned = kept.join('\n');
  return new Proxy(value, { get: (target, key) => (key === 'stack' ? cleaned : Reflect.get(target, key, target)) });
}

/** A result, as iex prints it. */
export function showValue(value: unknown, opts: ShowOptions): string {
  return inspect(value, { color: opts.color, width: width(opts) });
}

/** What a value thrown at the prompt prints: `** (Error) …`, `** (throw) …`, `** (exit) …`. */
export function showThrown(thrown: unknown, opts: ShowOptions): string {
  return formatThrown(clean(thrown), { color: opts.color, width: width(opts) });
}

/** An exit reason, as in `** (EXIT from …) shell process exited with reason: …`. */
export function showReason(reason: unknown, opts: ShowOptions): string {
  return formatReason(clean(reason), { color: opts.color });
}
