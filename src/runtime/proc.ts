/**
 * The process control block and the process table. Data only: the behaviour lives in
 * scheduler.ts (running), mailbox.ts and receive.ts (messages), signals.ts (exits, links,
 * monitors). Fields that most processes never use start as null, which keeps an idle
 * process small (the budget is 1,000 bytes; the BEAM spends 2,648).
 */
import type { TimerHandle } from './clock.js';
import { ArgumentError } from './errors.js';
import { formatTerm } from './term.js';
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

/** Fields most processes never use, kept out of line until one is set. */
class ProcExt {
  exitReason: unknown = NORMAL_EXIT;
  wClauses: readonly { pattern: unknown }[] | null = null;
  wTimer: TimerHandle | null = null;
  links: Set<Proc> | null = null;
  monitors: Map<number, Monitor> | null = null;
  monitoredBy: Map<number, Monitor> | null = null;
  replies: Map<number, ReplySlot> | null = null;
  trapExit = false;
  name: string | undefined = undefined;
  meta: ProcMeta | null = null;
  onExit: ((reason: unknown) => void) | null = null;
  label: string | undefined = undefined;
  seqToken: unknown = undefined;
  seqPinned = false;
  markRef: Ref | null = null;
  markAt = 0;
  boxes = false;
  spill: unknown[][] | null = null;
  reentry: unknown = undefined;
}

// ProcExt.exitReason before one is set: a process that ends normally (most of them) never
// needs a ProcExt for its reason; an exit of a million processes allocated a million.
const NORMAL_EXIT: unique symbol = Symbol('normal exit');

/** What a process waiting in `receive()` with no pattern waits for: anything. */
export const ANY: unique symbol = Symbol('any message');

export class Proc {
  readonly pid: Pid;
  /** The process function; kept, as its running frame holds it anyway, and it names the process. */
  readonly fn: (ctx?: unknown) => unknown;
  status: Status = NEW;

  // Mailbox: a queue with a moving head, compacted now and then (see mailbox.ts).
  mq: unknown[] | null = null;
  mqHead = 0;

  // Waiting in receive: what we wait for (a pattern, or ANY) and how to wake up. Once woken
  // but waiting its turn in the run queue (RUNNABLE), the pattern is done with, and the same
  // slot holds the value it will resume with (`parked`): one field less per process, and no
  // ProcExt for every process woken past the slice.
  wPat: unknown = undefined;
  wResolve: ((v: unknown) => void) | null = null;

  parent: Pid | undefined;
  reductions = 0;
  /** The promise of the process's async function, while promise hooks watch for its end (context.ts; unused in the other modes). */
  result: Promise<unknown> | null = null;
  private x: ProcExt | null = null;

  constructor(id: number, fn: (ctx?: unknown) => unknown, label: string | undefined, parent: Pid | undefined) {
    this.pid = new Pid(0, id, 0, this);
    this.fn = fn;
    if (label !== undefined) this.label = label;
    this.parent = parent;
  }

  get id(): number {
    return this.pid.id;
  }

  /** What tools call the process: a label it was given, else its function's name. */
  get label(): string {
    return this.x?.label ?? (this.fn.name || 'anonymous');
  }
  set label(v: string) {
    this.ext.label = v;
  }

  get dead(): boolean {
    return this.status === EXITING;
  }

  get queueLength(): number {
    let n = this.mq === null ? 0 : this.mq.length - this.mqHead;
    const spill = this.spill;
    if (spill !== null) for (let k = 0; k < spill.length; k++) n += spill[k].length;
    return n;
  }

  private get ext(): ProcExt {
    return (this.x ??= new ProcExt());
  }

  /** The reason it exited with (once dead). */
  get exitReason(): unknown {
    const r = this.x === null ? NORMAL_EXIT : this.x.exitReason;
    return r !== NORMAL_EXIT ? r : this.status === EXITING ? 'normal' : undefined;
  }
  set exitReason(v: unknown) { if (v !== 'normal' || this.x !== null) this.ext.exitReason = v; }
  /** The clauses of a multi-clause receive it waits in. */
  get wClauses(): readonly { pattern: unknown }[] | null { return this.x === null ? null : this.x.wClauses; }
  set wClauses(v: readonly { pattern: unknown }[] | null) { if (v !== null || this.x !== null) this.ext.wClauses = v; }
  /** The timer of the receive it waits in. */
  get wTimer(): TimerHandle | null { return this.x === null ? null : this.x.wTimer; }
  set wTimer(v: TimerHandle | null) { if (v !== null || this.x !== null) this.ext.wTimer = v; }
  /** A wake-up value held while the process waits in the run queue for its turn. */
  get parked(): unknown { return this.wPat; }
  set parked(v: unknown) { this.wPat = v; }
  get links(): Set<Proc> | null { return this.x === null ? null : this.x.links; }
  set links(v: Set<Proc> | null) { if (v !== null || this.x !== null) this.ext.links = v; }
  get monitors(): Map<number, Monitor> | null { return this.x === null ? null : this.x.monitors; }
  set monitors(v: Map<number, Monitor> | null) { if (v !== null || this.x !== null) this.ext.monitors = v; }
  get monitoredBy(): Map<number, Monitor> | null { return this.x === null ? null : this.x.monitoredBy; }
  set monitoredBy(v: Map<number, Monitor> | null) { if (v !== null || this.x !== null) this.ext.monitoredBy = v; }
  /** Pending `call` replies by ref id (see reply.ts): found in O(1), whatever the mailbox holds. */
  get replies(): Map<number, ReplySlot> | null { return this.x === null ? null : this.x.replies; }
  set replies(v: Map<number, ReplySlot> | null) { if (v !== null || this.x !== null) this.ext.replies = v; }
  get trapExit(): boolean { return this.x !== null && this.x.trapExit; }
  set trapExit(v: boolean) { if (v || this.x !== null) this.ext.trapExit = v; }
  get name(): string | undefined { return this.x?.name; }
  set name(v: string | undefined) { if (v !== undefined || this.x !== null) this.ext.name = v; }
  /** Set by higher layers (OTP) to describe the process to tools; read by Process.info. */
  get meta(): ProcMeta | null { return this.x === null ? null : this.x.meta; }
  set meta(v: ProcMeta | null) { if (v !== null || this.x !== null) this.ext.meta = v; }
  /**
   * The sequence-trace token the process carries (seq_trace): set by a tracer, passed on with
   * every message it sends and every process it spawns, taken up by whoever receives one.
   */
  get seqToken(): unknown { return this.x?.seqToken; }
  set seqToken(v: unknown) { if (v !== undefined || this.x !== null) this.ext.seqToken = v; }
  /** The token was set by a tracer on this process: receiving keeps it (see receive.ts). */
  get seqPinned(): boolean { return this.x !== null && this.x.seqPinned; }
  set seqPinned(v: boolean) { if (v || this.x !== null) this.ext.seqPinned = v; }
  /**
   * The receive marker (see mailbox.ts, `mark`): the latest ref the process made, and the
   * mailbox index at which messages that may contain it begin.
   */
  get markRef(): Ref | null { return this.x === null ? null : this.x.markRef; }
  set markRef(v: Ref | null) { if (v !== null || this.x !== null) this.ext.markRef = v; }
  get markAt(): number { return this.x === null ? 0 : this.x.markAt; }
  set markAt(v: number) { if (v !== 0 || this.x !== null) this.ext.markAt = v; }
  /** A Traced box was ever queued here: scans must unbox (mailbox.ts); others compare as is. */
  get boxes(): boolean { return this.x !== null && this.x.boxes; }
  set boxes(v: boolean) { if (v || this.x !== null) this.ext.boxes = v; }
  /**
   * Messages queued behind `mq` once it holds mailbox.ts's SEGMENT of them, in arrays of at
   * most as many: a mailbox flooded with a million messages never grows (and so copies) one
   * huge array, which held the event loop for tens of ms at each growth.
   */
  get spill(): unknown[][] | null { return this.x === null ? null : this.x.spill; }
  set spill(v: unknown[][] | null) { if (v !== null || this.x !== null) this.ext.spill = v; }
  /**
   * How context.ts enters this process again from outside it, where the host needs a handle
   * for that (Node 24: an AsyncResource holding the process's frame). Made on first need.
   */
  get reentry(): unknown { return this.x?.reentry; }
  set reentry(v: unknown) { if (v !== undefined || this.x !== null) this.ext.reentry = v; }
  /** Internal observer of this process's exit (run(), OTP internals). */
  get onExit(): ((reason: unknown) => void) | null { return this.x === null ? null : this.x.onExit; }
  set onExit(v: ((reason: unknown) => void) | null) { if (v !== null || this.x !== null) this.ext.onExit = v; }
}

export interface ReplySlot {
  resolve: ((v: any) => void) | null;
  /** Set by awaitReplyValue: the slot then resolves with the reply itself, rejects otherwise. */
  reject: ((e: unknown) => void) | null;
  fail: ((outcome: ReplyOutcome) => unknown) | null;
  timer: TimerHandle | null;
  outcome: ReplyOutcome | undefined;
}

export type ReplyOutcome = readonly ['reply', unknown] | readonly ['DOWN', unknown] | 'timeout';

/** The first pid numbers are left for the system, as on the BEAM. */
const FIRST_ID = 100;
let nextId = FIRST_ID;

const CHUNK = 4096;

/**
 * Live processes by pid number. Pid numbers only grow, so this is an array cut in chunks
 * of CHUNK slots; a chunk whose processes are all gone is freed. Inserting and removing are
 * plain array stores, several times cheaper than a Map holding a million entries (measured
 * on skynet, which has a million processes alive at its peak).
 */
class ProcTable {
  private chunks = new Map<number, { slots: (Proc | undefined)[]; live: number }>();
  size = 0;

  set(p: Proc): void {
    const k = Math.floor(p.id / CHUNK);
    let c = this.chunks.get(k);
    if (c === undefined) {
      c = { slots: new Array(CHUNK), live: 0 };
      this.chunks.set(k, c);
    }
    c.slots[p.id % CHUNK] = p;
    c.live++;
    this.size++;
  }

  get(id: number): Proc | undefined {
    return this.chunks.get(Math.floor(id / CHUNK))?.slots[id % CHUNK];
  }

  delete(id: number): boolean {
    const k = Math.floor(id / CHUNK);
    const c = this.chunks.get(k);
    if (c === undefined || c.slots[id % CHUNK] === undefined) return false;
    c.slots[id % CHUNK] = undefined;
    this.size--;
    if (--c.live === 0 && k !== Math.floor((nextId - 1) / CHUNK)) this.chunks.delete(k);
    return true;
  }

  *values(): IterableIterator<Proc> {
    for (const k of [...this.chunks.keys()].sort((a, b) => a - b)) {
      const c = this.chunks.get(k);
      if (c === undefined) continue;
      for (const p of c.slots) if (p !== undefined) yield p;
    }
  }
}

export const table = new ProcTable();

export function newProc(fn: (ctx?: unknown) => unknown, label: string | undefined, parent: Pid | undefined): Proc {
  const p = new Proc(nextId++, fn, label, parent);
  table.set(p);
  return p;
}

/**
 * The pid written `'0.42.0'` (or `'#PID<0.42.0>'`, or `'<0.42.0>'`): the live process's
 * own pid when it is alive, else a pid that stands for a dead process. A string that is not a
 * pid throws an ArgumentError (badarg), as Elixir's `pid/1`.
 *
 * @example Get hold of a process from its printed pid
 * ```ts
 * const p = spawn(() => receive());
 * pid(String(p)) === p; // true
 * pid(`0.${p.id}.0`) === p; // true
 * Process.isAlive(pid('0.999999.0')); // false
 * ```
 */
export function pid(text: string): Pid {
  const m = typeof text === 'string' ? /^\s*(?:#PID)?<?(\d+)\.(\d+)\.(\d+)>?\s*$/.exec(text) : null;
  if (m === null) {
    // Elixir's pid("bad") raises ArgumentError too.
    throw new ArgumentError(`pid: expected a pid written as '0.42.0' (or '#PID<0.42.0>'), got ${formatTerm(text)}.`);
  }
  const [node, id, serial] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const live = node === 0 && serial === 0 ? table.get(id) : undefined;
  return live !== undefined ? live.pid : new Pid(node, id, serial);
}
