/**
 * Crash reports at the shell. OTP's reports (src/otp/reports.ts: a GenServer terminating,
 * a supervisor restarting a child) are printed through the shell, above the prompt, in red
 * for errors; and the crash of a plain process is printed as iex does (`[error] Process
 * #PID<…> raised an exception`), so a spawned process that throws is never silent.
 * Processes that run an OTP behaviour are left to OTP's reports, and a crash travelling
 * along links is printed once, by the process that raised it. Only thrown Errors are
 * reported: `exit('boom')` is a deliberate exit, as in Erlang.
 */
import { setReportHandler, subscribe } from '../index.js';
import { ownerOfPromise, procOf, type Proc } from '../runtime/internal.js';

export function logCrashes(print: (text: string) => void, show: (thrown: unknown) => string, skip: () => Proc | undefined, color: boolean): void {
  setReportHandler((r) => print(color && r.level === 'error' ? `\x1b[31m${r.text}\x1b[39m` : r.text));
  const seen = new WeakSet<Error>();
  subscribe((e) => {
    if (e.type !== 'exit' || !(e.reason instanceof Error) || e.reason.name === 'ProcessGone') return;
    if (seen.has(e.reason)) return;
    seen.add(e.reason);
    const p = procOf(e.pid);
    if (p === undefined || p === skip() || p.meta?.behaviour !== undefined) return;
    const text = `[error] Process ${e.pid} raised an exception\n${show(e.reason)}`;
    print(color ? `\x1b[31m${text}\x1b[39m` : text);
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
