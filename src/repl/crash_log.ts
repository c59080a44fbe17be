/**
 * Prints the crash of a plain process as iex does (`[error] Process #PID<…> raised an
 * exception`), so a spawned process that throws is never silent. OTP behaviours print
 * their own reports (src/otp/reports.ts), so processes that run one are skipped, and a
 * crash travelling along links is printed once, by the process that raised it.
 * Only thrown Errors are reported: `exit('boom')` is a deliberate exit, as in Erlang.
 */
import { subscribe } from '../runtime/index.js';
import { procOf, type Proc } from '../runtime/internal.js';

export function logCrashes(print: (text: string) => void, show: (thrown: unknown) => string, skip: () => Proc | undefined): () => void {
  const seen = new WeakSet<Error>();
  return subscribe((e) => {
    if (e.type !== 'exit' || !(e.reason instanceof Error) || e.reason.name === 'ProcessGone') return;
    if (seen.has(e.reason)) return;
    seen.add(e.reason);
    const p = procOf(e.pid);
    if (p === undefined || p === skip() || p.meta?.behaviour !== undefined) return;
    print(`[error] Process ${e.pid} raised an exception\n${show(e.reason)}`);
  });
}
