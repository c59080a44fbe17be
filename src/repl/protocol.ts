/**
 * The messages between the terminal (main thread) and the runtime worker. The terminal
 * never runs user code, so it stays responsive whatever the worker is doing; the worker
 * never touches the terminal, it only sends text to show.
 */

/** Options the terminal hands the worker when it starts. */
export interface WorkerOptions {
  color: boolean;
  typecheck: boolean;
  cwd: string;
  /** Open this tutorial lesson when the shell starts (`beamish tutorial N`). */
  tutorial?: number;
}

/** Terminal → worker. */
export type ToWorker =
  /** The first message: the worker starts before the command line is parsed, then gets these. */
  | { t: 'config'; options: WorkerOptions }
  /** Evaluate `code` (one complete input, or a candidate the worker may find incomplete). */
  | { t: 'eval'; id: number; code: string; filename?: string; columns: number; rows?: number }
  /** Evaluate a file's contents, as `.load FILE`. */
  | { t: 'load'; id: number; path: string; columns: number }
  /** The TypeScript type of an expression, as `.type EXPR`. */
  | { t: 'type'; id: number; expr: string }
  /** Completions for the text before the cursor. */
  | { t: 'complete'; id: number; line: string }
  /** A tutorial command (`.check`, `.tutorial 3`, …): answered with `done` carrying its text. */
  | { t: 'tutorial'; id: number; command: string; arg?: string }
  /** A key pressed while a live view (`top()`, `tree(sup, { watch: true })`) reads keys. */
  | { t: 'key'; key: string }
  /** Ctrl+C while the evaluation waits (receive, await): give it up and return to the prompt. */
  | { t: 'abandon' }
  /** Sent right after V8 terminated a runaway execution: mark what it stopped. */
  | { t: 'interrupted'; who: Who };

/** What `__beamishWho()` (evaluated through the inspector, on top of the running code) tells. */
export interface Who {
  /** True when JavaScript was running (not idle in the event loop). */
  busy: boolean;
  /** The process whose code was running, if any. */
  pid?: string;
  /** True when that process is the shell itself. */
  shell: boolean;
  /** Whether a prompt evaluation is in progress (running or waiting). */
  evaluating: boolean;
}

/** Worker → terminal. */
export type FromWorker =
  /** The runtime is loaded and the shell process runs; `counter` is the next prompt number. */
  | { t: 'ready'; counter: number }
  /** Text to show (process output, crash reports): printed above the prompt. */
  | { t: 'out'; text: string }
  /** An evaluation needs more lines. */
  | { t: 'incomplete'; id: number }
  /** An evaluation (or .load, .type) finished; `text` is what to print, if anything. */
  | { t: 'done'; id: number; text?: string; counter: number }
  | { t: 'completions'; id: number; items: string[]; word: string }
  /** A live view started (true) or stopped (false) reading keys: the terminal forwards them meanwhile. */
  | { t: 'keys'; on: boolean }
  /** User code called process.exit(code): the whole shell exits. */
  | { t: 'exit'; code: number };
