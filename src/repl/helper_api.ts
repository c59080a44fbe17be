/**
 * What the prompt's helpers (helpers.ts) need from the shell they run in, kept apart so
 * that helpers.ts exports the helpers only (its exports are what `h()` documents).
 */
import type { KeyInput, Output } from '../inspect/index.js';
import type { Proc } from '../runtime/internal.js';

/** What the helpers need from the shell running them. */
export interface ShellApi {
  /** The shell's process now (it changes when the shell restarts). */
  readonly proc: Proc;
  /** Prints text above the prompt. */
  print(text: string): void;
  /** A value as the prompt prints results. */
  show(value: unknown): string;
  /** The result of prompt `n` (iex numbering), or the n-th last for n < 0. */
  result(n: number): unknown;
  /** Starts a new shell process, keeping the variables. */
  respawn(): void;
  /** The terminal's width, for tables and trees. */
  columns(): number;
  /** Whether output may carry colors. */
  readonly color: boolean;
}

let shell: ShellApi | undefined;

/** Attaches the helpers to a shell (the worker's, or the one of `beamish run`). */
export function attachHelpers(api: ShellApi): void {
  shell = api;
}

export function current(what: string): ShellApi {
  if (shell === undefined) throw new Error(`${what} works at the beamish prompt and in scripts run by \`beamish run\`.`);
  return shell;
}

/** A helper's result that the prompt does not print (iex's `IEx.dont_display_result`). */
export const QUIET: unique symbol = Symbol('beamish.quiet');


/** The terminal a shell draws on, for the live views (`top()`, `tree(sup, { watch: true })`). */
export interface ShellTerminal {
  /** Raw output (frames, escape sequences), in order with everything else the shell prints. */
  out: Output;
  /** The keys typed while a live view runs (the terminal forwards them meanwhile). */
  keys: KeyInput;
}

let terminal: ShellTerminal | undefined;

/** Gives the helpers a terminal (the worker of the interactive shell); none in `beamish run`. */
export function attachTerminal(t: ShellTerminal): void {
  terminal = t;
}

export function currentTerminal(): ShellTerminal | undefined {
  return terminal;
}

const holding = new WeakSet<Promise<unknown>>();

/** Marks a live view the prompt waits for when an input evaluates to it (its keys go to it meanwhile). */
export function holdPrompt<T extends Promise<unknown>>(view: T): T {
  holding.add(view);
  return view;
}

export function holdsPrompt(value: unknown): value is Promise<unknown> {
  return value instanceof Promise && holding.has(value);
}
