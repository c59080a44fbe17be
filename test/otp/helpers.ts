/**
 * Helpers shared by the OTP tests.
 */
import { setReportHandler, type Report } from '../../src/otp/reports.js';
import { _, receive, type Pid } from '../../src/runtime/index.js';

export { exitReason, downReason, mailbox, manualClock, recordEvents, turns } from '../runtime/helpers.js';

/** Collects every report the handler gets until `restore()`; nothing is printed. */
export function captureReports(): { reports: Report[]; texts: () => string[]; restore: () => void } {
  const reports: Report[] = [];
  const prev = setReportHandler((r) => reports.push(r));
  return { reports, texts: () => reports.map((r) => r.text), restore: () => void setReportHandler(prev) };
}

/** The caught exit reason of an async call that is expected to exit. */
export async function exitOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return (e as { reason?: unknown }).reason ?? e;
  }
  throw new Error('expected an exit, but the call returned');
}

/** Waits for the ['EXIT', pid, reason] of `pid` (the caller must trap exits). */
export async function exitMessage(pid: Pid): Promise<unknown> {
  return (await receive(['EXIT', pid, _]))[2];
}
