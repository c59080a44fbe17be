/**
 * What a lesson's `check.ts` gets, and the machinery that runs it.
 *
 * A check is the default export of `tutorials/NN-slug/check.ts`:
 * ```ts
 * import type { Check } from '../../src/repl/tutorial/check_api.js';
 * import type * as Exercise from './exercise.js';
 * export default async function check(ex: typeof Exercise, t: Check): Promise<void> {
 *   await t.step('me() returns the pid of the process calling it', async () => {
 *     t.equal(ex.me(), self(), 'me() called from a process');
 *   });
 * }
 * ```
 * It runs as a process of its own (label `tutorial check`) that traps exits, so a crash
 * the learner's code links to it arrives as an `['EXIT', pid, reason]` message instead of
 * ending the check. While it runs:
 * - time is a ManualClock (`t.clock`): timeouts of receive, calls, sleeps and timers move
 *   only when the check waits (`t.within`, `t.receive`, `t.eventually`), so nothing sleeps
 *   and a learner's process that never answers costs no real time;
 * - crash and restart reports of the processes the check started are kept in `t.reports`
 *   instead of being printed over the learner's prompt;
 * - afterwards every process the check started (and everything they started) is stopped,
 *   so names and processes do not leak into the learner's shell; timers that other
 *   processes set on the manual clock meanwhile fire in real time afterwards (drain).
 * Steps run in order; the first that fails ends the check (later steps build on it).
 */
import { isPid, isRef, ManualClock, Process, receive, run, self, settle, setReportHandler, subscribe, useClock, type Pid, type Report, type Stamped } from '../../index.js';
import { formatReason, inspect } from '../../inspect/index.js';
import { host } from '../../runtime/internal.js';

/** A step that did not hold, said in plain words: what was expected, what happened. */
export class CheckFailure extends Error {
  override name = 'CheckFailure';
  constructor(
    message: string,
    readonly expected?: string,
    readonly actual?: string,
  ) {
    super(message);
  }
}

/** The result of one step. */
export interface StepResult {
  title: string;
  ok: boolean;
  /** Why it failed: the message, then `expected:` and `actual:` lines. */
  detail?: string;
}

export interface CheckResult {
  ok: boolean;
  steps: StepResult[];
}

/** What the learner did at the prompt since the lesson was opened. */
export interface PromptRecord {
  /** The inputs that ran without error, oldest first. */
  inputs: readonly string[];
  /** Runtime events since the lesson opened, messages (send, receive) left out; the last 10 000 at most. */
  events: readonly Stamped[];
  /** The shell's process now, if there is a shell. */
  shell?: Pid;
}

export interface Check {
  /** Runs one step; a failure (or anything thrown) is reported under `title` and ends the check. */
  step(title: string, body: () => unknown): Promise<void>;
  /** Fails the current step. */
  fail(message: string, expected?: string, actual?: string): never;
  /** Fails unless `actual` equals `expected` term by term (pids by identity). */
  equal(actual: unknown, expected: unknown, what: string): void;
  /** Fails unless `condition` holds; `actual` says what was seen instead. */
  ok(condition: unknown, what: string, actual?: string): asserts condition;
  /**
   * Waits for `work` while moving the clock forward, at most `ms` of clock time. Fails with
   * `what` when it has not finished by then; a rejection fails with the thrown value.
   */
  within<T>(work: Promise<T>, ms: number, what: string): Promise<T>;
  /** The first message matching `pattern` within `ms` of clock time, or a failure naming the mailbox. */
  receive(pattern: unknown, ms: number, what: string): Promise<unknown>;
  /** Moves the clock until `condition()` is true (checked after each move), at most `ms`. */
  eventually(condition: () => unknown, ms: number, what: string): Promise<void>;
  /** Lets queued processes run, without moving the clock. */
  settle(): Promise<void>;
  /** A value as the prompt prints it (for messages). */
  show(value: unknown): string;
  /** The clock of the check: moves only when the check waits or calls `advance`. */
  readonly clock: ManualClock;
  /** What the learner did at the prompt since the lesson opened. */
  readonly prompt: PromptRecord;
  /** Reports (crashes, restarts) about processes the check started, oldest first. */
  readonly reports: readonly Report[];
  /** Every runtime event since the check started. */
  readonly events: readonly Stamped[];
}

/** The default export of a check.ts. */
export type CheckFn = (exercise: any, t: Check) => unknown;

/** Equality of terms: arrays and plain objects by content, pids and refs by identity of their numbers. */
export function sameTerm(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if ((isPid(a) && isPid(b)) || (isRef(a) && isRef(b))) return String(a) === String(b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameTerm(x, b[i]));
  }
  if (a instanceof Map && b instanceof Map) return a.size === b.size && [...a].every(([k, v]) => b.has(k) && sameTerm(v, b.get(k)));
  if (a instanceof Set && b instanceof Set) return a.size === b.size && [...a].every((x) => b.has(x));
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && sameTerm((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

const show = (v: unknown): string => inspect(v, { color: false, width: 72 });

/** Internal: ends the check after a failed step. */
class Stop {}

function describeThrown(e: unknown): string {
  if (e instanceof Error && e.name === 'ExitError') return `it exited: ${formatReason((e as Error & { reason: unknown }).reason)}`;
  if (e instanceof Error) return `it threw ${e.name}: ${e.message}`;
  return `it threw ${show(e)}`;
}

function detailOf(e: unknown): string {
  if (e instanceof CheckFailure) {
    const lines = [e.message];
    if (e.expected !== undefined) lines.push(`expected: ${indentTail(e.expected, 10)}`);
    if (e.actual !== undefined) lines.push(`actual:   ${indentTail(e.actual, 10)}`);
    return lines.join('\n');
  }
  return describeThrown(e);
}

function indentTail(text: string, n: number): string {
  return text.split('\n').join(`\n${' '.repeat(n)}`);
}

/** The processes of the check running now (as strings), if one runs. */
let running: Set<string> | undefined;

/**
 * Whether `pid` was started by the check running now: the shell's crash log leaves those
 * out, as the check collects their reports itself (a check crashes processes on purpose).
 */
export function startedByCheck(pid: Pid): boolean {
  return running?.has(String(pid)) ?? false;
}

/**
 * Runs `check` against `exercise` and returns what passed and what failed. Never throws:
 * a check that crashes is a failed step naming the crash.
 */
export async function runCheck(check: CheckFn, exercise: unknown, prompt: PromptRecord): Promise<CheckResult> {
  const steps: StepResult[] = [];
  const reports: Report[] = [];
  const events: Stamped[] = [];
  const ours = new Set<string>();
  running = ours;
  const started: Pid[] = [];
  const unsubscribe = subscribe((e) => {
    if (events.length < 100_000) events.push(e);
    if (e.type === 'spawn' && e.parent !== undefined && ours.has(String(e.parent))) {
      ours.add(String(e.pid));
      started.push(e.pid);
    }
  });
  const previousHandler = setReportHandler((r) => {
    if (ours.has(String(r.pid))) reports.push(r);
    else previousHandler(r);
  });
  const clock = new ManualClock();
  const previousClock = useClock(clock);
  let current: string | undefined;

  const fail = (message: string, expected?: string, actual?: string): never => {
    throw new CheckFailure(message, expected, actual);
  };

  const within = async <T>(work: Promise<T>, ms: number, what: string): Promise<T> => {
    let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
    work.then(
      (value) => (outcome = { ok: true, value }),
      (error) => (outcome = { ok: false, error }),
    );
    await settle();
    for (let waited = 0; outcome === undefined && waited < ms; ) {
      const step = Math.min(50, ms - waited);
      await clock.advance(step);
      waited += step;
    }
    if (outcome === undefined) return fail(what, `an answer within ${ms} ms`, 'nothing yet: it is still waiting');
    if (!outcome.ok) return fail(what, 'an answer', describeThrown(outcome.error));
    return outcome.value;
  };

  const t: Check = {
    async step(title, body) {
      current = title;
      try {
        await body();
        steps.push({ title, ok: true });
      } catch (e) {
        steps.push({ title, ok: false, detail: detailOf(e) });
        throw new Stop();
      } finally {
        current = undefined;
      }
    },
    fail,
    equal(actual, expected, what) {
      if (!sameTerm(actual, expected)) fail(what, show(expected), show(actual));
    },
    ok(condition, what, actual) {
      if (!condition) fail(what, undefined, actual);
    },
    within,
    async receive(pattern, ms, what) {
      const msg = await within(receive(pattern, { after: ms }), ms + 1, what);
      if (msg === 'timeout') {
        const waiting = Process.info(self())?.messages ?? [];
        fail(what, `a message like ${show(pattern)} within ${ms} ms`, waiting.length === 0 ? 'no message arrived' : `no such message; the mailbox holds ${show(waiting)}`);
      }
      return msg;
    },
    async eventually(condition, ms, what) {
      await settle();
      for (let waited = 0; !condition(); ) {
        if (waited >= ms) fail(what, `within ${ms} ms`, 'it did not happen');
        const step = Math.min(50, ms - waited);
        await clock.advance(step);
        waited += step;
      }
    },
    settle: () => settle(),
    show,
    clock,
    prompt,
    reports,
    events,
  };

  try {
    await run(
      async () => {
        ours.add(String(self()));
        Process.flag('trap_exit', true);
        try {
          await check(exercise, t);
        } catch (e) {
          if (e instanceof Stop) return;
          // Thrown outside any step: the check's own setup failed on the learner's code.
          steps.push({ title: current ?? 'the check ran', ok: false, detail: detailOf(e) });
        }
      },
      { label: 'tutorial check' },
    );
  } catch (e) {
    steps.push({ title: current ?? 'the check ran', ok: false, detail: `the check's process ended: ${formatReason((e as { reason?: unknown }).reason ?? e)}` });
  } finally {
    await stopAll(started);
    useClock(previousClock);
    drain(clock);
    setReportHandler(previousHandler);
    unsubscribe();
    running = undefined;
  }
  return { ok: steps.length > 0 && steps.every((s) => s.ok), steps };
}

/**
 * Lets the manual clock of a finished check run on in real time until its last timer has
 * fired: processes that are not the check's (the learner's, at the prompt) may have set
 * timers while it was the runtime's clock (a `Process.sleep` in a loop, a receive timeout),
 * and those must not hang once it is put away.
 */
function drain(manual: ManualClock): void {
  const tick = (): void => {
    if (manual.pending === 0) return;
    void manual.advance(DRAIN_STEP_MS).then(() => host.setTimeout(tick, DRAIN_STEP_MS).unref());
  };
  if (manual.pending > 0) host.setTimeout(tick, DRAIN_STEP_MS).unref();
}

const DRAIN_STEP_MS = 20;

/**
 * Stops what a check started, oldest first: a killed supervisor takes its children with it,
 * and whatever still runs after that (trapping exits, restarted) is killed in a second pass.
 */
async function stopAll(started: Pid[]): Promise<void> {
  for (let pass = 0; pass < 2; pass++) {
    for (const pid of started) if (Process.isAlive(pid)) Process.exit(pid, 'kill');
    await settle();
  }
}
