/**
 * The process control block and the process table. Data only: the behaviour lives in
 * scheduler.ts (running), mailbox.ts and receive.ts (messages), signals.ts (exits, links,
 * monitors). Fields that most processes never use start as null, which keeps an idle
 * process small (the budget is 1,000 bytes; the BEAM spends 2,648).
 */
import type { TimerHandle } from './clock.js';
import { Pid, type Ref } from './pid.js';

export const NEW = 0;
export const RUNNABLE = 1;
export const RUNNING = 2;
export const WAITING = 3;
export const EXITING = 4;
export type Status = typeof NEW | typeof RUNNABLE | typeof RUNNING | typeof WAITING | typeof EXITING;
export const statusNames = ['new', 'runnable', 'running', 'waiting', 'exiting'] as const;

/** A monitor, seen from both ends. `reply` marks the monitor a `call` sets on its server. */
export interface Monitor {
  ref: Ref;
  watcher: Proc;
  target: Proc;
  /** What the DOWN message names: the pid, or the name that was monitored. */
  named: Pid | string;
  reply: boolean;
}

export interface ProcMeta {
  /** The behaviour (GenServer, Supervisor, …) or module running, for tools. */
  behaviour?: string;
  module?: string;
  [key: string]: unknown;
}

export class Proc {
  readonly id: number;
  readonly pid: Pid;
  fn: ((ctx?: unknown) => unknown) | null;
  status: Status = NEW;
  dead = false;
  exitReason: unknown = undefined;

  // Mailbox: a queue with a moving head, compacted now and then (see mailbox.ts).
  mq: unknown[] | null = null;
  mqHead = 0;

  // Waiting in receive: what we wait for and how to wake up.
  wPat: unknown = undefined;
  wAny = false;
  wClauses: readonly { pattern: unknown }[] | null = null;
  wResolve: ((v: unknown) => void) | null = null;
  wReject: ((e: unknown) => void) | null = null;
  wTimer: TimerHandle | null = null;
  /** A wake-up value held while the process waits in the run queue for its turn. */
  parked: unknown = undefined;

  links: Set<Proc> | null = null;
  monitors: Map<number, Monitor> | null = null;
  monitoredBy: Map<number, Monitor> | null = null;
  /** Pending `call` replies by ref id (see reply.ts): found in O(1), whatever the mailbox holds. */
  replies: Map<number, ReplySlot> | null = null;
  trapExit = false;
  name: string | undefined = undefined;
  label: string;
  parent: Pid | undefined;
  reductions = 0;
  /** Set by higher layers (OTP) to describe the process to tools; read by Process.info. */
  meta: ProcMeta | null = null;
  /** Internal observers of this process's exit (run(), OTP internals). */
  onExit: ((reason: unknown) => void) | null = null;

  constructor(id: number, fn: (ctx?: unknown) => unknown, label: string, parent: Pid | undefined) {
    this.id = id;
    this.pid = new Pid(0, id, 0, this);
    this.fn = fn;
    this.label = label;
    this.parent = parent;
  }

  get queueLength(): number {
    return this.mq === null ? 0 : this.mq.length - this.mqHead;
  }
}

export interface ReplySlot {
  resolve: ((v: ReplyOutcome) => void) | null;
  timer: TimerHandle | null;
  outcome: ReplyOutcome | undefined;
}

export type ReplyOutcome = readonly ['reply', unknown] | readonly ['DOWN', unknown] | 'timeout';

/** The first pid numbers are left for the system, as on the BEAM. */
const FIRST_ID = 100;
let nextId = FIRST_ID;

/** Live processes by pid number. */
export const table = new Map<number, Proc>();

export function newProc(fn: (ctx?: unknown) => unknown, label: string, parent: Pid | undefined): Proc {
  const p = new Proc(nextId++, fn, label, parent);
  table.set(p.id, p);
  return p;
}

/**
 * The pid written `'0.42.0'` (or `'#PID<0.42.0>'`, or `'<0.42.0>'`): the live process's
 * own pid when it is alive, else a pid that stands for a dead process.
 *
 * @example
 * ```ts
 * const p = spawn(() => receive());
 * pid(String(p).slice(5, -1)) === p; // true
 * ```
 */
export function pid(text: string): Pid {
  const m = typeof text === 'string' ? /^\s*(?:#PID)?<?(\d+)\.(\d+)\.(\d+)>?\s*$/.exec(text) : null;
  if (m === null) {
    throw new TypeError(`pid: expected a pid written as '0.42.0' (or '#PID<0.42.0>'), got ${JSON.stringify(text)}.`);
  }
  const [node, id, serial] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const live = node === 0 && serial === 0 ? table.get(id) : undefined;
  return live !== undefined ? live.pid : new Pid(node, id, serial);
}
