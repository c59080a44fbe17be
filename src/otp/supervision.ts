/**
 * What Supervisor and DynamicSupervisor share: starting a child from its spec, shutting
 * children down as OTP does, counting restarts against the intensity, and the reports
 * a learner needs to see (a child terminated, a child restarted, a supervisor giving up).
 */
import { _, clock, ExitError, formatTerm, Pid, Process, receive, type Ref } from '../runtime/index.js';
import { type ChildSpec, startCall } from './child_spec.js';
import { formatReason, nameOf, report, show, type ReportKind } from './reports.js';

export type StartOutcome = readonly ['ok', Pid | undefined] | readonly ['error', unknown];

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return v !== null && typeof v === 'object' && typeof (v as { then?: unknown }).then === 'function';
}

/**
 * Starts a child from its spec in the supervisor's process, as OTP's do_start_child:
 * `['ok', pid]` (also from `['ok', pid, info]`), `['ok', undefined]` for 'ignore',
 * `['error', reason]`; a start function that throws gives `['error', ['EXIT', reason]]`,
 * one that returns something else `['error', thatValue]`.
 */
export async function startChildProcess(spec: ChildSpec): Promise<StartOutcome> {
  let r: unknown;
  try {
    if (typeof spec.start === 'function') r = spec.start();
    else {
      const [mod, fn, args] = spec.start;
      r = (mod as Record<string, (...a: unknown[]) => unknown>)[fn](...args);
    }
    if (isThenable(r)) r = await r;
  } catch (err) {
    return ['error', ['EXIT', err instanceof ExitError ? err.reason : err]];
  }
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

function supervisorText(sup: SupervisorLabel): string {
  return `Supervisor ${nameOf(sup.pid, sup.name)}${sup.module === undefined ? '' : ` (${sup.module})`}`;
}

function specLines(spec: ChildSpec): string[] {
  return [`Start Call: ${startCall(spec.start)}`, `Restart: ${show(spec.restart)}`, `Shutdown: ${show(spec.shutdown)}`, `Type: ${show(spec.type)}`];
}

/** How a report names a child: its id, or (DynamicSupervisor) its pid. */
function childText(spec: ChildSpec, pid: Pid | undefined): string {
  return spec.id === undefined ? String(pid ?? 'undefined') : formatTerm(spec.id);
}

function reportChild(kind: ReportKind, level: 'error' | 'info', sup: SupervisorLabel, spec: ChildSpec, head: string, lines: string[], facts: Record<string, unknown>): void {
  report({
    kind,
    level,
    pid: sup.pid,
    text: [`[${level}] Child ${head} of ${supervisorText(sup)} ${lines[0]}`, ...lines.slice(1)].join('\n'),
    supervisor: sup.pid,
    supervisorName: sup.name,
    id: spec.id,
    restart: spec.restart,
    shutdown: spec.shutdown,
    childType: spec.type,
    maxRestarts: sup.maxRestarts,
    maxSeconds: sup.maxSeconds,
    restarts: sup.restarts.length,
    ...facts,
  });
}

/** A child died: Elixir's `Child … of Supervisor … terminated` report. */
export function reportTerminated(sup: SupervisorLabel, spec: ChildSpec, pid: Pid, reason: unknown): void {
  reportChild('child_terminated', 'error', sup, spec, childText(spec, pid), ['terminated', ...formatReason(reason, 'exit'), `Pid: ${pid}`, ...specLines(spec)], {
    childPid: pid,
    reason,
  });
}

/** A child was restarted: the new pid next to the old one, so a restart is never silent. */
export function reportRestarted(sup: SupervisorLabel, spec: ChildSpec, oldPid: Pid | undefined, newPid: Pid | undefined, reason: unknown): void {
  const was = oldPid === undefined ? '' : ` (was ${oldPid})`;
  reportChild('child_restarted', 'info', sup, spec, childText(spec, oldPid), ['restarted', `Pid: ${newPid ?? 'undefined (ignored)'}${was}`, ...specLines(spec)], {
    oldPid,
    newPid,
    reason,
  });
}

/** A child could not be (re)started: Elixir's `failed to start` report. */
export function reportStartError(sup: SupervisorLabel, spec: ChildSpec, reason: unknown): void {
  reportChild('start_error', 'error', sup, spec, childText(spec, undefined), ['failed to start', ...formatReason(reason, 'exit'), ...specLines(spec)], { reason });
}

/** A child did not stop with the reason asked for (or was killed after its shutdown time). */
export function reportShutdownError(sup: SupervisorLabel, spec: ChildSpec, pid: Pid, reason: unknown): void {
  reportChild('shutdown_error', 'error', sup, spec, childText(spec, pid), ['shut down abnormally', ...formatReason(reason, 'exit'), `Pid: ${pid}`, ...specLines(spec)], {
    childPid: pid,
    reason,
  });
}

/** Too many restarts: Elixir's `caused shutdown … reached_max_restart_intensity` report. */
export function reportGaveUp(sup: SupervisorLabel, spec: ChildSpec, pid: Pid | undefined): void {
  reportChild('supervisor_shutdown', 'error', sup, spec, childText(spec, pid), ['caused shutdown', "** (exit) 'reached_max_restart_intensity'", ...specLines(spec)], {
    childPid: pid,
    reason: 'reached_max_restart_intensity',
  });
}
