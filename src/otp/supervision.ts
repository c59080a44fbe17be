/**
 * What Supervisor and DynamicSupervisor share: starting a child from its spec, shutting
 * children down as OTP does, counting restarts against the intensity, and the reports
 * a learner needs to see (a child terminated, a child restarted, a supervisor giving up).
 */
import { _, clock, ExitError, formatTerm, Pid, Process, receive, Ref } from '../runtime/index.js';
import { type ChildSpec, startCall } from './child_spec.js';
import { isModule, moduleName } from './gen_server.js';
import { formatReason, LazyReport, nameOf, report, show, type Report, type ReportKind } from './reports.js';

/** A child as both supervisors keep it: its spec, its pid, and its restart history. */
export interface ChildState {
  spec: ChildSpec;
  pid: Pid | 'restarting' | undefined;
  /** Times this child was restarted, and its pid before the last restart (for tools). */
  restarts: number;
  previousPid: Pid | undefined;
}

/** One child as the inspector draws it (`meta.childDetails()`, see inspect/supervisors.ts). */
export function childDetail(c: ChildState, id: unknown): Record<string, unknown> {
  return { id, pid: c.pid, type: c.spec.type, restart: c.spec.restart, restarts: c.restarts, previousPid: c.previousPid };
}

export type StartOutcome = readonly ['ok', Pid | undefined] | readonly ['error', unknown];

/**
 * Starts a child from its spec in the supervisor's process, as OTP's do_start_child:
 * `['ok', pid]` (also from `['ok', pid, info]`), `['ok', undefined]` for 'ignore',
 * `['error', reason]`; a start function that throws (or rejects) gives
 * `['error', ['EXIT', reason]]`, one that returns something else `['error', thatValue]`.
 */
export function startChildProcess(spec: ChildSpec): Promise<StartOutcome> {
  return whenStarted(spec, (r) => r);
}

/**
 * Starts a child (startChildProcess) and gives `then` its outcome, in one reaction: a
 * supervisor's restart awaits nothing else (every promise and await costs, and more so
 * under the promise hooks that carry `self()` on Node 20 without the native module). The reaction also comes when the start
 * function returned at once: the input that killed a child gets its result at the prompt
 * before the restart is reported (`true`, then the restart line, as lesson 5 shows).
 */
export function whenStarted<R>(spec: ChildSpec, then: (r: StartOutcome) => R): Promise<R> {
  let r: unknown;
  try {
    if (typeof spec.start === 'function') r = spec.start();
    else {
      const [mod, fn, args] = spec.start;
      r = (mod as Record<string, (...a: unknown[]) => unknown>)[fn](...args);
    }
  } catch (err) {
    return Promise.resolve(startThrew(err)).then(then);
  }
  return Promise.resolve(r).then(
    (v) => then(startOutcome(v)),
    (err: unknown) => then(startThrew(err)),
  );
}

function startThrew(err: unknown): StartOutcome {
  return ['error', ['EXIT', err instanceof ExitError ? err.reason : err]];
}

function startOutcome(r: unknown): StartOutcome {
  if (r === 'ignore') return ['ok', undefined];
  if (Array.isArray(r) && r[0] === 'ok' && (r.length === 2 || r.length === 3) && r[1] instanceof Pid) return ['ok', r[1]];
  if (Array.isArray(r) && r[0] === 'error' && r.length === 2) return ['error', r[1]];
  return ['error', r];
}

/** The outcome of stopping one child: 'ok', or the unexpected reason it died with. */
export type ShutdownOutcome = 'ok' | readonly ['error', unknown];

interface Stopping {
  pid: Pid;
  ref: Ref;
  /** Absolute time (clock ms) at which it gets killed; Infinity: never. */
  deadline: number;
  outcome: ShutdownOutcome | undefined;
  /** Killed, at once ('brutal_kill') or past its deadline. */
  killed: boolean;
  /** What a clean stop dies with: 'killed' for brutal_kill, else 'shutdown'. */
  expected: string;
}

/**
 * Stops children as OTP's supervisor shutdown/2 does, all at once: monitor and unlink each
 * (an EXIT already queued means it died by itself: that reason is the outcome), then
 * `Process.exit(pid, 'kill')` for 'brutal_kill', else `Process.exit(pid, 'shutdown')` and a
 * kill once its shutdown time has passed. Resolves when every child is down.
 */
export async function shutdownChildren(children: readonly { pid: Pid; shutdown: ChildSpec['shutdown'] }[]): Promise<ShutdownOutcome[]> {
  const now = clock().now();
  const all: Stopping[] = [];
  const byRef = new Map<number, Stopping>();
  for (const c of children) {
    const ref = Process.monitor(c.pid);
    Process.unlink(c.pid);
    const st: Stopping = { pid: c.pid, ref, deadline: Infinity, outcome: undefined, killed: false, expected: c.shutdown === 'brutal_kill' ? 'killed' : 'shutdown' };
    all.push(st);
    byRef.set(ref.id, st);
    const early = await receive(['EXIT', c.pid, _], { after: 0 });
    if (early !== 'timeout') {
      await receive(['DOWN', ref, 'process', _, _]);
      st.outcome = ['error', (early as unknown[])[2]];
      continue;
    }
    if (c.shutdown === 'brutal_kill') {
      st.killed = true;
      Process.exit(c.pid, 'kill');
    } else {
      if (c.shutdown !== 'infinity' && c.shutdown !== Infinity) st.deadline = now + c.shutdown;
      Process.exit(c.pid, 'shutdown');
    }
  }
  let pending = all.filter((s) => s.outcome === undefined);
  const ours = (m: unknown) => Array.isArray(m) && m.length === 5 && m[0] === 'DOWN' && byRef.get((m[1] as Ref)?.id)?.ref === m[1];
  while (pending.length > 0) {
    let next = Infinity;
    for (const s of pending) if (!s.killed && s.deadline < next) next = s.deadline;
    const wait = next === Infinity ? Infinity : Math.max(0, next - clock().now());
    const down = await receive(ours, { after: wait });
    if (down === 'timeout') {
      const t = clock().now();
      for (const s of pending) {
        if (!s.killed && s.deadline <= t) {
          s.killed = true;
          Process.exit(s.pid, 'kill');
        }
      }
      continue;
    }
    const [, ref, , , reason] = down as [string, Ref, string, Pid, unknown];
    const s = byRef.get(ref.id)!;
    // A child killed past its deadline did not stop cleanly: OTP reports {error, killed}.
    s.outcome = reason === s.expected && !(s.killed && s.expected === 'shutdown') ? 'ok' : ['error', reason];
    pending = pending.filter((x) => x !== s);
  }
  return all.map((s) => s.outcome!);
}

/**
 * Counts a restart; false when it is one too many: more than `intensity` restarts within
 * `periodSeconds` (OTP's add_restart, in milliseconds of the runtime's clock).
 */
export function addRestart(restarts: number[], intensity: number, periodSeconds: number): boolean {
  const now = clock().now();
  const windowMs = periodSeconds * 1000;
  // Times are pushed in order, so the old ones are all at the front.
  let old = 0;
  while (old < restarts.length && now - restarts[old] >= windowMs) old++;
  if (old > 0) restarts.splice(0, old);
  restarts.push(now);
  return restarts.length <= intensity;
}

/** Who a supervisor is, for reports. */
export interface SupervisorLabel {
  pid: Pid;
  name: unknown;
  module: string | undefined;
  maxRestarts: number;
  maxSeconds: number;
  /** The times of the restarts within the window (the supervisor's own list). */
  restarts: number[];
}

// Every report about a child repeats how it and its supervisor are named and its spec
// lines; a restart loop would format them again and again. They are kept while the terms
// they show are the same: a copy of those terms tells (arrays copied, other leaves kept).
// A term with an object inside (other than a pid, a ref or a module) is never kept, as it
// could change unseen. A module is shown by its name, and kept as the same module.
// Texts are joined from their parts (`[...].join('')`), not built by a template: a join
// gives one flat string, a template a tree of its pieces that every later copy (the
// default handler joins a turn's reports into one write) walks again.
const UNSURE = Symbol('unsure');

function snapshot(v: unknown, depth = 0): unknown {
  if (Array.isArray(v)) {
    if (depth > 4) return UNSURE;
    const copy = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) {
      const s = snapshot(v[i], depth + 1);
      if (s === UNSURE) return UNSURE;
      copy[i] = s;
    }
    return copy;
  }
  return typeof v !== 'object' || v === null || v instanceof Pid || v instanceof Ref || isModule(v) ? v : UNSURE;
}

function sameTerms(v: unknown, copy: unknown): boolean {
  if (!Array.isArray(copy)) return v === copy;
  if (!Array.isArray(v) || v.length !== copy.length) return false;
  for (let i = 0; i < v.length; i++) if (!sameTerms(v[i], copy[i])) return false;
  return true;
}

/** A text, and a copy of the terms it shows. */
interface Kept<T> {
  of: unknown;
  value: T;
}

/** Keeps `value` for `key` with a copy of `of`, the terms it shows (if they can be copied). */
function keep<K extends object, T>(cache: WeakMap<K, Kept<T>>, key: K, of: unknown, value: T): T {
  const copy = snapshot(of);
  if (copy !== UNSURE) cache.set(key, { of: copy, value });
  return value;
}

const supervisorTexts = new WeakMap<SupervisorLabel, Kept<string>>();
const specTexts = new WeakMap<ChildSpec, Kept<{ id: string; lines: string }>>();

function supervisorText(sup: SupervisorLabel): string {
  const known = supervisorTexts.get(sup);
  if (known !== undefined && sameTerms(sup.name, known.of)) return known.value;
  return keep(supervisorTexts, sup, sup.name, ['Supervisor ', nameOf(sup.pid, sup.name), sup.module === undefined ? '' : ` (${sup.module})`].join(''));
}

// What a spec's text shows: its id and its start (the module by its name: GenServer, a
// namespace, is no module). Compared in place, so that a kept text costs no allocation.
function startTerms(spec: ChildSpec): unknown[] {
  const s = spec.start;
  return typeof s === 'function' ? [spec.id, s] : [spec.id, moduleName(s[0]) ?? s[0], s[1], s[2]];
}

function showsSameStart(spec: ChildSpec, copy: unknown[]): boolean {
  const s = spec.start;
  if (!sameTerms(spec.id, copy[0])) return false;
  if (typeof s === 'function') return copy.length === 2 && s === copy[1];
  return copy.length === 4 && sameTerms(moduleName(s[0]) ?? s[0], copy[1]) && s[1] === copy[2] && sameTerms(s[2], copy[3]);
}

/** The child's id as a report names it, and the spec lines that end the report. */
function specText(spec: ChildSpec): { id: string; lines: string } {
  const known = specTexts.get(spec);
  if (known !== undefined && showsSameStart(spec, known.of as unknown[])) return known.value;
  return keep(specTexts, spec, startTerms(spec), {
    id: formatTerm(spec.id),
    lines: [`Start Call: ${startCall(spec.start)}`, `Restart: ${show(spec.restart)}`, `Shutdown: ${show(spec.shutdown)}`, `Type: ${show(spec.type)}`].join('\n'),
  });
}

/**
 * A supervisor's report about one child: the facts at once (tools and the shell read
 * them), the text only when someone reads it (LazyReport).
 */
class ChildReport extends LazyReport implements Report {
  [fact: string]: unknown;
  readonly pid: Pid;
  readonly #sup: SupervisorLabel;
  readonly #spec: ChildSpec;
  readonly #head: Pid | undefined;
  readonly #lines: () => string;

  /**
   * `head`: the pid that names a child without an id (DynamicSupervisor's); `lines`: what
   * follows the child's name, up to the spec lines.
   */
  constructor(readonly kind: ReportKind, readonly level: 'error' | 'info', sup: SupervisorLabel, spec: ChildSpec, head: Pid | undefined, lines: () => string, facts: Record<string, unknown>) {
    super();
    this.pid = sup.pid;
    this.supervisor = sup.pid;
    this.supervisorName = sup.name;
    this.id = spec.id;
    this.restart = spec.restart;
    this.shutdown = spec.shutdown;
    this.childType = spec.type;
    this.maxRestarts = sup.maxRestarts;
    this.maxSeconds = sup.maxSeconds;
    this.restarts = sup.restarts.length;
    Object.assign(this, facts);
    this.#sup = sup;
    this.#spec = spec;
    this.#head = head;
    this.#lines = lines;
  }

  protected format(): string {
    const spec = specText(this.#spec);
    const name = this.#spec.id === undefined ? String(this.#head ?? 'undefined') : spec.id;
    return [`[${this.level}] Child `, name, ' of ', supervisorText(this.#sup), ' ', this.#lines(), '\n', spec.lines].join('');
  }
}

/** A child died: Elixir's `Child … of Supervisor … terminated` report. */
export function reportTerminated(sup: SupervisorLabel, spec: ChildSpec, pid: Pid, reason: unknown): void {
  report(new ChildReport('child_terminated', 'error', sup, spec, pid, () => `terminated\n${formatReason(reason, 'exit').join('\n')}\nPid: ${pid}`, { childPid: pid, reason }));
}

/** A child was restarted: the new pid next to the old one, so a restart is never silent. */
export function reportRestarted(sup: SupervisorLabel, spec: ChildSpec, oldPid: Pid | undefined, newPid: Pid | undefined, reason: unknown): void {
  const lines = () => `restarted\nPid: ${newPid ?? 'undefined (ignored)'}${oldPid === undefined ? '' : ` (was ${oldPid})`}`;
  report(new ChildReport('child_restarted', 'info', sup, spec, oldPid, lines, { oldPid, newPid, reason }));
}

/** A child could not be (re)started: Elixir's `failed to start` report. */
export function reportStartError(sup: SupervisorLabel, spec: ChildSpec, reason: unknown): void {
  report(new ChildReport('start_error', 'error', sup, spec, undefined, () => `failed to start\n${formatReason(reason, 'exit').join('\n')}`, { reason }));
}

/** A child did not stop with the reason asked for (or was killed after its shutdown time). */
export function reportShutdownError(sup: SupervisorLabel, spec: ChildSpec, pid: Pid, reason: unknown): void {
  report(new ChildReport('shutdown_error', 'error', sup, spec, pid, () => `shut down abnormally\n${formatReason(reason, 'exit').join('\n')}\nPid: ${pid}`, { childPid: pid, reason }));
}

/** Too many restarts: Elixir's `caused shutdown … reached_max_restart_intensity` report. */
export function reportGaveUp(sup: SupervisorLabel, spec: ChildSpec, pid: Pid | undefined): void {
  report(new ChildReport('supervisor_shutdown', 'error', sup, spec, pid, () => "caused shutdown\n** (exit) 'reached_max_restart_intensity'", { childPid: pid, reason: 'reached_max_restart_intensity' }));
}
