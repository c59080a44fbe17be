/**
 * Runtime internals for the layers above (OTP, the inspector, the shell), not for users:
 * the process control block, the reply slots under GenServer.call, and direct exits.
 * Users import from src/index.ts; only src/ code imports this file.
 */
export { currentProc, runAs, host, contextMode, resetCurrent, ownerOfPromise, resolvedOwn } from './context.js';
export { Proc, table, statusNames, type ProcMeta, type ReplyOutcome } from './proc.js';
export { procOf, newRef } from './pid.js';
export { openRequest, awaitReply, awaitReplyValue, sendReply, settleReply } from './reply.js';
export { exitProc, exitSignal, ROOT_PID } from './signals.js';
export { deliver, timeoutMs, cancelReceive, takeNow, NOTHING, holdWait, releaseWait, resumeHeld } from './receive.js';
export { whereisDest, isVia, lookupName, type Dest, type ViaName, type ViaModule } from './names.js';
export { requireProc, deliverFrom, setCrashReporter } from './spawn.js';
export { memoryEstimate } from './process_api.js';
export { queued, firstQueued, clear, mark } from './mailbox.js';
export { runQueueLength, SLICE_MS, budgetOk } from './scheduler.js';
export { settleHead } from './queue.js';
export { emit, observed } from './events.js';
