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

/** A result, as iex prints it. */
export function showValue(value: unknown, opts: ShowOptions): string {
  return inspect(value, { color: opts.color, width: width(opts) });
}

/** What a value thrown at the prompt prints: `** (Error) …`, `** (throw) …`, `** (exit) …`. */
export function showThrown(thrown: unknown, opts: ShowOptions): string {
  return formatThrown(thrown, { color: opts.color, width: width(opts) });
}

/** An exit reason, as in `** (EXIT from …) shell process exited with reason: …`. */
export function showReason(reason: unknown, opts: ShowOptions): string {
  return formatReason(reason, { color: opts.color });
}
