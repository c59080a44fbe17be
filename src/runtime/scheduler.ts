/**
 * The scheduler. Processes are async functions; waking one means resolving the promise it
 * awaits, so V8's microtask queue is the fast run queue. Left alone, a busy system would
 * run in microtasks forever and starve the event loop (xstate held it for 8.6 s on a
 * ring). So work is counted, and once a time slice (SLICE_MS) is used up, wake-ups and
 * starts wait in our own run queue, drained on the next macrotask turn after I/O had its go.
 *
 * Order is never at stake here: messages enter mailboxes at `send` time, in order; only
 * the moment a process resumes is deferred.
 */
import { host, settleOwn } from './context.js';
import { type Proc, RUNNABLE, RUNNING } from './proc.js';
import { settleHead } from './queue.js';

/** How long the runtime may hold the event loop before it yields. */
export const SLICE_MS = 4;
const CHECK_EVERY = 32; // operations between clock reads (a read costs ~30 ns)
/**
 * Wake-ups resolved before any of their processes has run. A wake-up costs ~0.1 µs, but
 * the continuation it queues runs later as a microtask that nothing can stop, so a loop
 * sending to a million waiting processes would, within one 4 ms slice, queue 40,000
 * continuations and hold the event loop for tens of ms once they run. Past BURST, wake-ups
 * wait in the run queue, drained after those continuations (one microtask later).
 */
const BURST = 64;
let burst = 0;

const runQueue: Proc[] = [];
let runHead = 0;
let sliceOpen = false;
let sliceStart = 0;
let over = false;
let ops = 0;
let microScheduled = false;

let starter: (p: Proc) => void = () => {
  throw new Error('beamish: scheduler used before the runtime was loaded');
};

/** Set once by lifecycle.ts: how a new process begins to run. */
export function setStarter(fn: (p: Proc) => void): void {
  starter = fn;
}

/** Counts one unit of work; false once this slice is used up. */
export function budgetOk(): boolean {
  if (!sliceOpen) openSlice();
  else if (++ops % CHECK_EVERY === 0 && !over && performance.now() - sliceStart > SLICE_MS) over = true;
  return !over;
}

function openSlice(): void {
  sliceOpen = true;
  over = false;
  ops = 0;
  sliceStart = performance.now();
  host.setImmediate(closeSlice);
}

// Runs after the microtasks of the slice have drained and the event loop had a turn.
function closeSlice(): void {
  sliceOpen = false;
  over = false;
  if (runHead < runQueue.length || starts.length > 0) drain();
}

/**
 * Resumes a process waiting in receive with `value`: at once (its continuation runs as a
 * microtask) while the slice lasts, else from the run queue on the next turn.
 */
export function wake(p: Proc, value: unknown): void {
  if (burst < BURST && budgetOk()) {
    burst++;
    const resolve = p.wResolve!;
    p.wResolve = null;
    p.status = RUNNING;
    settleOwn(resolve, value);
  } else {
    p.parked = value;
    p.status = RUNNABLE;
    runQueue.push(p);
    if (!over && !microScheduled) {
      microScheduled = true;
      host.queueMicrotask(drainMicro);
    }
  }
}

/** A process is about to wait or take a message: the continuations queued so far have run. */
export function ran(): void {
  burst = 0;
}

// New processes wait here, newest batch on top: they start depth first, so a tree of spawns
// (skynet) finishes its leaves before it has grown a million live processes, which V8's
// young-generation GC would copy twice each. Processes spawned in one batch still start in
// spawn order, and resumes of running processes go before any start. (Erlang promises no
// order between processes; only messages between two processes are ordered.)
const starts: Proc[] = [];
/** Where the batch spawned since the last start begins in `starts`. */
let fresh = 0;
/**
 * Starts in one go before the processes they woke (microtasks) get to run. Small enough to
 * keep a tree of spawns depth first; 32 rather than 4 spares skynet ~6% in round trips
 * through the microtask queue, with the same peak memory.
 */
const STARTS_PER_TURN = 32;

/** Queues a new process to start. */
export function scheduleStart(p: Proc): void {
  starts.push(p);
  if (!microScheduled && !over) {
    microScheduled = true;
    host.queueMicrotask(drainMicro);
  } else if (!sliceOpen) {
    openSlice();
  }
}

function drainMicro(): void {
  microScheduled = false;
  burst = 0; // queued after the continuations of the last burst: they have run
  drain();
}

function drain(): void {
  while (runHead < runQueue.length) {
    if (!budgetOk()) {
      if (!sliceOpen) openSlice();
      return;
    }
    if (burst >= BURST) {
      // Let the continuations resolved so far run first (see BURST).
      if (!microScheduled) {
        microScheduled = true;
        host.queueMicrotask(drainMicro);
      }
      return;
    }
    const p = runQueue[runHead];
    runQueue[runHead] = undefined as unknown as Proc;
    runHead = settleHead(runQueue, runHead + 1, true);
    if (p.dead) continue;
    if (p.status === RUNNABLE && p.wResolve !== null) {
      burst++;
      const resolve = p.wResolve;
      const value = p.parked;
      p.wResolve = null;
      p.parked = undefined;
      p.status = RUNNING;
      settleOwn(resolve, value);
    }
  }
  for (let k = 0; starts.length > 0; k++) {
    if (!budgetOk()) {
      if (!sliceOpen) openSlice();
      return;
    }
    // A few starts, then let the processes they woke (microtasks) run before more starts.
    if (k === STARTS_PER_TURN) {
      if (!microScheduled) {
        microScheduled = true;
        host.queueMicrotask(drainMicro);
      }
      return;
    }
    // Those spawned since the last start are in spawn order: turn them round to pop the oldest.
    for (let i = fresh, j = starts.length - 1; i < j; i++, j--) {
      const t = starts[i];
      starts[i] = starts[j];
      starts[j] = t;
    }
    const p = starts.pop()!;
    fresh = starts.length;
    if (!p.dead) starter(p);
  }
}

/** Processes queued to run (for tools). */
export function runQueueLength(): number {
  return runQueue.length - runHead + starts.length;
}

/** Queues `p` to resume with `value` on a later turn (its wResolve is already set). */
export function parkResume(p: Proc, value: unknown): void {
  p.parked = value;
  p.status = RUNNABLE;
  runQueue.push(p);
  if (!sliceOpen) openSlice();
}
