/**
 * Crash and supervisor reports, as Elixir's Logger prints them: a GenServer that dies
 * abnormally prints `[error] GenServer #PID<…> terminating` with the reason, the last
 * message and the state; every child a supervisor sees die, and every restart, prints a
 * report (iex prints nothing for restarts by default, which leaves learners blind).
 *
 * Every report goes two ways: onto the runtime event stream as
 * `{ type: 'report', kind, level, pid, text, … }` (for the shell, the tree view, tests),
 * and to the report handler, by default one that writes `text` to stderr. The shell
 * replaces the handler with `setReportHandler`; `Reports.level('none')` (or the
 * environment variable `BEAMISH_REPORTS=off`) quiets the handler.
 */
import { ArgumentError, emit, formatTerm, type Pid, type RuntimeEvent } from '../runtime/index.js';
import { host, observed, setCrashReporter } from '../runtime/internal.js';

/** What a report is about. */
export type ReportKind =
  | 'crash' // a GenServer ended with an abnormal reason
  | 'process_crash' // a plain process raised (threw) and ended
  | 'unexpected_message' // a GenServer without handleInfo got a message
  | 'child_terminated' // a supervisor's child died (before any restart)
  | 'child_restarted' // a supervisor restarted a child
  | 'start_error' // a supervisor could not (re)start a child
  | 'shutdown_error' // a child did not stop with the reason its supervisor asked for
  | 'supervisor_shutdown'; // a supervisor gave up: too many restarts

export type ReportSeverity = 'error' | 'info';

/** A report: the printed `text` plus its facts, for handlers that show them their own way. */
export interface Report {
  kind: ReportKind;
  level: ReportSeverity;
  /** The process the report is about (the crashed server, the supervisor). */
  pid: Pid;
  /**
   * The report as Elixir would print it, several lines, no trailing newline. It may be a
   * getter that formats it when first read (LazyReport): read it rather than spread the report.
   */
  readonly text: string;
  [fact: string]: unknown;
}

/**
 * A report whose text is formatted the first time it is read (from the terms as they are
 * then): most reports are never printed (`Reports.level('none')`; the shell prints its own
 * line for a supervisor's), and formatting is most of what a report costs. The text is a
 * getter of the class, so a report stays a plain, fast object; its facts are its own
 * properties.
 */
export abstract class LazyReport {
  #text: string | undefined;
  get text(): string {
    return (this.#text ??= this.format());
  }
  protected abstract format(): string;
}

export type ReportHandler = (report: Report) => void;

/** Which reports reach the handler: all of them, errors only, or none. */
export type ReportLevel = 'info' | 'error' | 'none';

function levelFromEnv(): ReportLevel {
  const v = (process.env.BEAMISH_REPORTS ?? '').toLowerCase();
  if (v === 'off' || v === 'none' || v === '0' || v === 'false') return 'none';
  if (v === 'error' || v === 'errors') return 'error';
  return 'info';
}

// The default handler writes once per turn of the event loop: a write to stderr is a system
// call, and a burst of restarts (a thousand children killed at once) would otherwise spend
// most of its time in them. Elixir's Logger is asynchronous too.
let pendingText: string[] = [];
let flushQueued = false;

function flushReports(): void {
  flushQueued = false;
  if (pendingText.length === 0) return;
  const text = pendingText.join('');
  pendingText = [];
  process.stderr.write(text);
}

process.on('exit', flushReports);

const consoleHandler: ReportHandler = (r) => {
  pendingText.push(`\n${r.text}\n`);
  if (!flushQueued) {
    flushQueued = true;
    host.setImmediate(flushReports);
  }
};

let handler: ReportHandler = consoleHandler;
let level: ReportLevel = levelFromEnv();

/** Emits a report on the event stream and hands it to the handler if the level lets it through. */
export function report(r: Report): void {
  if (observed) emit(eventOf(r));
  if (level === 'none' || (level === 'error' && r.level !== 'error')) return;
  try {
    handler(r);
  } catch (err) {
    process.emitWarning(`beamish: the report handler threw: ${String(err)}`);
  }
}

/** The report as an event: its facts, and its text, still formatted only when read. */
function eventOf(r: Report): RuntimeEvent {
  const e = { ...r, type: 'report' as const };
  // A spread copies own properties only: a LazyReport's text becomes the event's own getter.
  if (!Object.hasOwn(r, 'text')) Object.defineProperty(e, 'text', { get: () => r.text, enumerable: true, configurable: true });
  return e;
}

/**
 * Replaces the function that shows reports (the default writes their text to stderr);
 * returns the previous one. Passing `undefined` puts the default back.
 *
 * @example Collect reports instead of printing them
 * ```ts
 * const seen: string[] = [];
 * const previous = setReportHandler((r) => seen.push(r.kind));
 * const [, pid] = await GenServer.start({ init: () => ['ok', 0] }, null);
 * await GenServer.stop(pid, 'boom');
 * setReportHandler(previous);
 * seen; // ['crash']
 * ```
 */
export function setReportHandler(fn: ReportHandler | undefined): ReportHandler {
  if (fn !== undefined && typeof fn !== 'function') {
    throw new ArgumentError(`setReportHandler: expected a function (report) => void or undefined, got ${formatTerm(fn)}.`);
  }
  const prev = handler;
  handler = fn ?? consoleHandler;
  return prev;
}

/**
 * Reads or sets which reports are shown: `'info'` (all, the default), `'error'` (crashes
 * and failures, no restart notices) or `'none'`. Returns the level in force before the
 * call. Reports still travel the event stream at every level.
 *
 * @example Quiet every report
 * ```ts
 * const before = Reports.level('none');
 * Reports.level(); // 'none'
 * Reports.level(before);
 * ```
 */
function setLevel(to?: ReportLevel): ReportLevel {
  const prev = level;
  if (to === undefined) return prev;
  if (to !== 'info' && to !== 'error' && to !== 'none') {
    throw new ArgumentError(`Reports.level: the level is 'info', 'error' or 'none', got ${formatTerm(to)}.`);
  }
  level = to;
  return prev;
}

/**
 * Crash and supervisor reports: `Reports.level(...)` and `Reports.setHandler(...)`.
 *
 * @example Only errors, no restart notices
 * ```ts
 * const before = Reports.level('error');
 * Reports.level(before); // 'error'
 * ```
 */
export const Reports = { level: setLevel, setHandler: setReportHandler };

// ---- formatting, as Elixir's Logger translator lays reports out ----

/** A term as a report shows it. */
export function show(v: unknown): string {
  return formatTerm(v);
}

/** True for the reasons OTP does not report: normal, shutdown, ['shutdown', _]. */
export function isQuietReason(reason: unknown): boolean {
  return reason === 'normal' || reason === 'shutdown' || (Array.isArray(reason) && reason.length === 2 && reason[0] === 'shutdown');
}

const EXIT_TEXT: Record<string, string> = {
  timeout: 'time out',
  noproc: "no process: the process is not alive or there's no process currently associated with the given name",
  normal: 'normal',
  shutdown: 'shutdown',
  killed: 'killed',
  calling_self: 'process attempted to call itself',
};

// Frames of beamish's own machinery (the scheduler starting a process, Node's microtask
// plumbing) say nothing about the user's crash; Elixir's reports likewise show the
// user's frames.
const MACHINERY = /\/(?:dist\/)?src\/(?:runtime|otp)\/|\(node:internal\/|\(node:async_hooks|at node:internal\//;

// A call handled in the caller's turn (gen_server.ts, callDirect) runs the server's code on
// the caller's stack: the frames from there down are the caller's, not the server's crash.
const CALLER_BOUNDARY = /\bat (?:dispatchHeld|callDirect) /;

function stackLines(err: Error): string[] {
  const lines = (err.stack ?? '').split('\n');
  const at = lines.findIndex((l) => /^\s+at /.test(l));
  if (at < 0) return [];
  let frames = lines.slice(at);
  const boundary = frames.findIndex((l) => CALLER_BOUNDARY.test(l));
  if (boundary >= 0) frames = frames.slice(0, boundary);
  const own = frames.filter((l) => !MACHINERY.test(l));
  return (own.length > 0 ? own : frames.slice(0, 1)).map((l) => `    ${l.trim()}`);
}

/**
 * The `** (…) …` lines for an exit reason: an Error with its stack, an exit from a call as
 * `exited in: GenServer.call(…)`, a bad return value, or the term itself.
 */
export function formatReason(reason: unknown, tag = 'stop'): string[] {
  if (reason instanceof Error) return [`** (${reason.name}) ${reason.message}`, ...stackLines(reason)];
  if (Array.isArray(reason) && reason.length === 2) {
    const [why, where] = reason;
    if (why === 'bad_return_value') return [`** (${tag}) bad return value: ${show(where)}`];
    if (Array.isArray(where) && where.length === 3 && typeof where[0] === 'string' && typeof where[1] === 'string' && Array.isArray(where[2])) {
      const args = (where[2] as unknown[]).map(show).join(', ');
      const inner = typeof why === 'string' && EXIT_TEXT[why] !== undefined ? EXIT_TEXT[why] : formatReason(why, 'EXIT').join('\n    ').replace(/^\*\* \(EXIT\) /, '');
      return [`** (${tag}) exited in: ${where[0]}.${where[1]}(${args})`, `    ** (EXIT) ${inner}`];
    }
  }
  return [`** (${tag}) ${show(reason)}`];
}

/** How a report names a process: its registered name, else its pid. */
export function nameOf(pid: Pid, name: unknown): string {
  if (name === undefined) return String(pid);
  // A via name's module is an object full of functions: show the key it stands for.
  if (Array.isArray(name) && name.length === 3 && name[0] === 'via') return `${pid} (via ${show(name[2])})`;
  return show(name);
}

// A plain process that raises is reported as Elixir reports it ("Process #PID<…> raised an
// exception"); one that calls exit/1 is not. Behaviours report their own crashes.
setCrashReporter((p, thrown) =>
  report({
    kind: 'process_crash',
    level: 'error',
    pid: p.pid,
    reason: thrown,
    text: [`[error] Process ${p.pid} raised an exception`, ...formatReason(thrown, 'throw')].join('\n'),
  }),
);
