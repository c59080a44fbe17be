/**
 * One line for each thing a supervisor does, for the shell to print as it happens:
 * `worker 'cache' #PID<0.90.0> crashed (Error: boom); supervisor 'app_sup' #PID<0.88.0>
 * restarted it as #PID<0.95.0> (1 of 3 in 5 s)`. iex prints nothing when a supervisor
 * restarts a child, and OTP's reports are long; this says who died, why, who acted,
 * and what the new pid is.
 *
 * Read from the OTP layer's `report` events (src/otp/supervision.ts):
 * `child_restarted`: `childType`, `id`, `oldPid`, `newPid`, `reason`, `supervisor`,
 * `supervisorName`, and for the count `restarts` (restarts within the period, this one
 * included), `maxRestarts` and `maxSeconds` (the count is left out of a report that does
 * not carry them); `child_terminated` (a child that will not be restarted:
 * temporary, or transient ended normally); `supervisor_shutdown` (too many restarts);
 * `start_error`. Other reports (a GenServer's crash report) have no line here.
 */
import { isPid } from '../runtime/index.js';
import { shortReason } from './describe.js';

/** A report as it travels the event stream (or reaches the report handler). */
export interface ReportFacts {
  kind: string;
  [fact: string]: unknown;
}

/**
 * The line that tells what a supervisor did, from its report event; undefined for reports
 * that are not about supervision (or that another line already tells: a child that is
 * about to be restarted gets its line from the restart).
 *
 * @example A restart, as the shell prints it
 * ```ts
 * formatRestart({
 *   kind: 'child_restarted', childType: 'worker', id: undefined, oldPid: pid('0.90.0'), newPid: pid('0.95.0'),
 *   reason: new Error('boom'), supervisor: pid('0.88.0'), restarts: 1, maxRestarts: 3, maxSeconds: 5,
 * }); // 'worker #PID<0.90.0> crashed (Error: boom); supervisor #PID<0.88.0> restarted it as #PID<0.95.0> (1 of 3 in 5 s)'
 * formatRestart({ kind: 'crash' }); // undefined
 * ```
 */
export function formatRestart(report: ReportFacts): string | undefined {
  switch (report.kind) {
    case 'child_restarted':
      return restarted(report);
    case 'child_terminated':
      return willRestart(report) ? undefined : `${child(report, report.childPid)} ${ended(report.reason)}; ${supervisor(report)} does not restart it (${String(report.restart)})`;
    case 'supervisor_shutdown':
      return gaveUp(report);
    case 'start_error':
      return `${supervisor(report)} could not start ${child(report, undefined)}: ${shortReason(startReason(report.reason))}`;
    default:
      return undefined;
  }
}

function restarted(r: ReportFacts): string {
  const count = intensity(r);
  const as = isPid(r.newPid) ? `restarted it as ${r.newPid}` : `restarted it, and it returned 'ignore' (not running)`;
  const what = r.reason === 'restarting' ? 'could not be restarted at first' : ended(r.reason);
  return `${child(r, r.oldPid)} ${what}; ${supervisor(r)} ${as}${count === undefined ? '' : ` (${count.restarts} of ${count.max} in ${count.seconds} s)`}`;
}

function gaveUp(r: ReportFacts): string {
  const count = intensity(r);
  const limit = count === undefined ? 'too many restarts' : `more than ${count.max} restart${count.max === 1 ? '' : 's'} in ${count.seconds} s`;
  return `${supervisor(r)} gave up after ${limit} (the last: ${child(r, r.childPid)}); it shuts down with its children`;
}

/** The restart counts a report carries (a hand-made one may not). */
function intensity(r: ReportFacts): { restarts: number | undefined; max: number; seconds: number } | undefined {
  const { maxRestarts: max, maxSeconds: seconds } = r;
  if (typeof max !== 'number' || typeof seconds !== 'number') return undefined;
  const restarts = typeof r.restarts === 'number' ? r.restarts : undefined;
  if (r.kind === 'child_restarted' && restarts === undefined) return undefined;
  return { restarts, max, seconds };
}

/** Does the supervisor restart a child that ended with `reason` (OTP's do_restart)? */
function willRestart(r: ReportFacts): boolean {
  return r.restart === 'permanent' || (r.restart === 'transient' && !isQuiet(r.reason));
}

function isQuiet(reason: unknown): boolean {
  return reason === 'normal' || reason === 'shutdown' || (Array.isArray(reason) && reason.length === 2 && reason[0] === 'shutdown');
}

/** What happened to a child, in a few words. */
function ended(reason: unknown): string {
  if (reason === 'normal') return 'exited normally';
  if (reason === 'killed') return 'was killed';
  if (reason === 'shutdown') return 'was shut down';
  if (isQuiet(reason)) return `was shut down (${shortReason((reason as unknown[])[1])})`;
  return `crashed (${shortReason(reason)})`;
}

/** A start that threw is reported as `['EXIT', reason]`: the reason is what matters. */
function startReason(reason: unknown): unknown {
  return Array.isArray(reason) && reason.length === 2 && reason[0] === 'EXIT' ? reason[1] : reason;
}

function child(r: ReportFacts, pid: unknown): string {
  // `childType`: on the event stream `type` is the event's own ('report').
  const type = (r.childType ?? r.type) === 'supervisor' ? 'supervisor' : 'worker';
  const id = r.id === undefined ? '' : ` ${shortReason(r.id)}`;
  return `${type}${id}${isPid(pid) ? ` ${pid}` : ''}`;
}

function supervisor(r: ReportFacts): string {
  const name = r.supervisorName;
  const named = name === undefined ? '' : ` ${shortReason(name)}`;
  return `supervisor${named} ${String(r.supervisor ?? r.pid)}`;
}
