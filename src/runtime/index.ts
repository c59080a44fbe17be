/**
 * The process runtime: lightweight processes with mailboxes, links, monitors and exit
 * signals, as Erlang's. It knows nothing of OTP or the shell.
 */
export { Pid, Ref, makeRef, isPid, isRef } from './pid.js';
export { pid } from './proc.js';
export { _, matches } from './pattern.js';
export { receive, on, after, Clause, AfterClause } from './receive.js';
export { spawn, spawnLink, spawnMonitor, self, send, exit, run, type ProcessContext, type ProcessFn, type SpawnOptions } from './spawn.js';
export { ROOT_PID } from './signals.js';
export { Process, ProcessGone, NoProcError, type ProcessInfo } from './process_api.js';
export { ArgumentError, ExitError, NoProcessError } from './errors.js';
export { subscribe, emit, type RuntimeEvent, type Stamped } from './events.js';
export { ManualClock, realClock, useClock, clock, settle, type Clock } from './clock.js';
export { formatTerm } from './term.js';
export { isolate } from './isolate.js';
export { contextMode } from './context.js';
export type { Dest, ViaName, ViaModule } from './names.js';
