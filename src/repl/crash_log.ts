/**
 * Crash reports at the shell. OTP's reports (src/otp/reports.ts: a GenServer terminating,
 * a supervisor restarting a child (as one line), and a plain process that raised, printed as iex does:
 * `[error] Process #PID<…> raised an exception`) are printed through the shell, above the
 * prompt, in red for errors, so a spawned process that throws is never silent. `skip` leaves
 * out the processes a tutorial check crashes on purpose (it collects their reports itself).
 */
import { setReportHandler, type Pid } from '../index.js';
import { formatRestart } from '../inspect/index.js';
import { ownerOfPromise } from '../runtime/internal.js';

// What a supervisor does is told in one line that names the child, why it ended, the
// supervisor and the new pid (issue #5), instead of OTP's two long reports; a child that is
// about to be restarted is told by its restart line alone.
const SUPERVISION = new Set(['child_terminated', 'child_restarted', 'supervisor_shutdown', 'start_error']);

export function logCrashes(print: (text: string) => void, color: boolean, skip: (pid: Pid) => boolean = () => false): void {
  setReportHandler((r) => {
    if (skip(r.pid)) return;
    const text = SUPERVISION.has(r.kind) ? formatRestart(r) : r.text;
    if (text === undefined) return;
    print(color && r.level === 'error' ? `\x1b[31m${text}\x1b[39m` : text);
  });
}

/**
 * Prints a promise rejection nobody handled, unless the runtime already ended the process
 * that owned the promise with it (then its crash is the report). Also keeps Node from
 * ending the program over it: a shell never dies of user code.
 */
export function logRejections(print: (text: string) => void, show: (thrown: unknown) => string): void {
  process.on('unhandledRejection', (reason, promise) => {
    const owner = ownerOfPromise(promise);
    if (owner !== undefined && owner.dead && owner.exitReason === reason) return;
    print(`[error] Unhandled promise rejection${owner !== undefined ? ` in ${owner.pid}` : ''}\n${show(reason)}`);
  });
}
