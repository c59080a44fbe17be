/**
 * The observer's reading of the event stream: it notes that something changed, keeps the
 * last messages for the sequence diagram and the crashes and restarts for the page to
 * animate, and every `interval` ms turns what happened into one delta for the page.
 *
 * Decisions:
 * - Batched: a listener call does a few stores (no formatting, no JSON); the work is done
 *   once per batch, so 100 restarts a second cost ten batches a second, not 100 pushes.
 * - The page gets a full snapshot when it connects, then deltas: the entries of the
 *   model (see model.ts) that changed since the last batch, the new messages, and the
 *   crashes and restarts to animate. Deltas are always relative to the last published
 *   model, which is also what a new page's snapshot is, so every page stays consistent.
 * - The supervision trees are re-read every batch in which anything happened; the process
 *   table (reductions and mailboxes change with every message) at most every
 *   `tableInterval` ms.
 * - Messages are kept raw in a ring of the last `messages` and printed only when a batch
 *   goes out, so a burst of a million messages costs a million small stores and the
 *   printing of the last few. A batch carries at most 50 new ones (the diagram shows
 *   fewer); a snapshot carries the whole ring.
 */
import { isPid, type Pid, ROOT_PID, type Stamped, subscribe } from '../../runtime/index.js';
import { host } from '../../runtime/internal.js';
import { oneLine, shortReason } from '../describe.js';
import { diffMap, type KidEntry, type MapDelta, type Model, modelJson, pidKey, type ProcEntry, readProcs, readTrees, type SupEntry } from './model.js';

export type Arrow = 'CALL' | 'CAST' | 'INFO' | 'REPLY' | 'EXIT' | 'DOWN' | 'SPAWN' | 'SYS';

/** One arrow of the sequence diagram. `from` is undefined for a message sent from outside any process. */
export interface MessageEntry {
  seq: number;
  time: number;
  kind: Arrow;
  from?: string;
  to: string;
  text: string;
}

/** Something the page animates: a process that crashed, a child its supervisor restarted. */
export type Flash =
  | { kind: 'crash'; pid: string; reason: string }
  | { kind: 'restart'; sup: string; oldPid?: string; newPid?: string };

export interface Stats {
  processes: number;
  supervisors: number;
  /** Restarts reported in the last second. */
  restartsPerSecond: number;
  /** Runtime events seen in the last second. */
  eventsPerSecond: number;
}

export interface Snapshot {
  procs: ProcEntry[];
  sups: SupEntry[];
  kids: KidEntry[];
  messages: MessageEntry[];
  stats: Stats;
}

export interface Delta {
  procs?: MapDelta<ProcEntry>;
  sups?: MapDelta<SupEntry>;
  kids?: MapDelta<KidEntry>;
  messages: MessageEntry[];
  flashes: Flash[];
  /** How many crashes and restarts were left out of `flashes` (too many in one batch to animate). */
  flashesDropped: number;
  stats: Stats;
}

export interface FeedOptions {
  /** Milliseconds between two batches; default 100. */
  interval: number;
  /** Least milliseconds between two readings of the process table; default 500. */
  tableInterval: number;
  /** How many recent messages are kept for the sequence diagram; default 200. */
  messages: number;
}

interface RawMessage {
  seq: number;
  time: number;
  kind: Arrow;
  from: Pid | undefined;
  to: Pid;
  raw: unknown;
  text: string | undefined;
}

/** At most this many crashes and restarts are animated per batch; the page could not show more. */
const MAX_FLASHES = 200;
/** At most this many new messages per batch: under a flood the page shows the latest, not all. */
const MAX_MESSAGES_PER_BATCH = 50;
const TEXT_MAX = 80;

export class Feed {
  private model: Model = { procs: new Map(), sups: new Map(), kids: new Map() };
  private readonly seen = { procs: new Map<string, string>(), sups: new Map<string, string>(), kids: new Map<string, string>() };
  private readonly ring: (RawMessage | undefined)[];
  private ringNext = 0;
  private lastSent = 0;
  private flashes: Flash[] = [];
  private flashesDropped = 0;
  private dirty = false;
  private tableDirty = false;
  private tableReadAt = 0;
  private unsubscribe: (() => void) | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private restartTimes: number[] = [];
  private eventCounts: [number, number] = [0, 0];
  private eventSecond = 0;

  constructor(
    private readonly opts: FeedOptions,
    private readonly publish: (delta: Delta) => void,
    private readonly onError: (where: string, err: unknown) => void,
  ) {
    this.ring = new Array(Math.max(1, opts.messages));
  }

  start(): void {
    this.model = { procs: readProcs(), ...readTrees() };
    diffMap(this.seen.procs, this.model.procs);
    diffMap(this.seen.sups, this.model.sups);
    diffMap(this.seen.kids, this.model.kids);
    this.tableReadAt = Date.now();
    this.unsubscribe = subscribe((e) => this.onEvent(e));
    this.schedule();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (this.timer !== undefined) host.clearTimeout(this.timer);
    this.timer = undefined;
  }

  get running(): boolean {
    return this.unsubscribe !== undefined;
  }

  /** What a page that connects now is sent: the last published model and the recent messages. */
  snapshot(): Snapshot {
    return { ...modelJson(this.model), messages: this.formatMessages(0), stats: this.stats() };
  }

  private schedule(): void {
    // The host's timer: one set through the wrapped global would belong to whatever
    // process happened to start the observer, and die with it.
    this.timer = host.setTimeout(() => {
      try {
        this.tick();
      } catch (err) {
        this.onError('batch', err);
      }
      if (this.running) this.schedule();
    }, this.opts.interval);
    this.timer.unref?.();
  }

  private onEvent(e: Stamped): void {
    try {
      this.dirty = true;
      this.countEvent(e.time);
      switch (e.type) {
        case 'send':
          this.tableDirty = true;
          this.note(e.seq, e.time, e.reply === true ? 'REPLY' : sendKind(e.msg), e.from, e.to, e.msg);
          return;
        case 'receive':
          this.tableDirty = true;
          if (isDown(e.msg) && isPid(e.msg[3])) this.note(e.seq, e.time, 'DOWN', e.msg[3], e.pid, e.msg[4]);
          return;
        case 'spawn':
          this.tableDirty = true;
          this.note(e.seq, e.time, 'SPAWN', e.parent, e.pid, e.label);
          return;
        case 'signal':
          this.note(e.seq, e.time, 'EXIT', e.from, e.to, e.reason);
          return;
        case 'exit':
          this.tableDirty = true;
          if (!isQuiet(e.reason)) this.flash({ kind: 'crash', pid: pidKey(e.pid), reason: shortReason(e.reason) });
          return;
        case 'report':
          if (e.kind === 'child_restarted') {
            this.restartTimes.push(e.time);
            const f: Flash = { kind: 'restart', sup: isPid(e.supervisor) ? pidKey(e.supervisor) : '' };
            if (isPid(e.oldPid)) f.oldPid = pidKey(e.oldPid);
            if (isPid(e.newPid)) f.newPid = pidKey(e.newPid);
            this.flash(f);
          }
          return;
        default:
          this.tableDirty = true;
      }
    } catch (err) {
      // A listener that throws is removed from the stream: the observer would go blind.
      this.onError('event', err);
    }
  }

  private countEvent(time: number): void {
    const second = Math.floor(time / 1000);
    if (second !== this.eventSecond) {
      this.eventCounts = second === this.eventSecond + 1 ? [this.eventCounts[1], 0] : [0, 0];
      this.eventSecond = second;
    }
    this.eventCounts[1]++;
  }

  private note(seq: number, time: number, kind: Arrow, from: Pid | undefined, to: Pid, raw: unknown): void {
    // The ring's records are reused: a flood of messages allocates nothing here.
    let m = this.ring[this.ringNext];
    if (m === undefined) m = this.ring[this.ringNext] = { seq, time, kind, from, to, raw, text: undefined };
    m.seq = seq;
    m.time = time;
    m.kind = kind;
    // A signal sent from outside any process names the root pid: it is no process to draw.
    m.from = from === ROOT_PID ? undefined : from;
    m.to = to;
    m.raw = raw;
    m.text = undefined;
    this.ringNext = this.ringNext + 1 === this.ring.length ? 0 : this.ringNext + 1;
  }

  private flash(f: Flash): void {
    if (this.flashes.length < MAX_FLASHES) this.flashes.push(f);
    else this.flashesDropped++;
  }

  private tick(): void {
    const now = Date.now();
    if (!this.dirty) return;
    this.dirty = false;
    const delta: Delta = { messages: this.formatMessages(this.lastSent, MAX_MESSAGES_PER_BATCH), flashes: this.flashes, flashesDropped: this.flashesDropped, stats: this.stats() };
    if (delta.messages.length > 0) this.lastSent = delta.messages[delta.messages.length - 1]!.seq;
    this.flashes = [];
    this.flashesDropped = 0;
    const trees = readTrees();
    this.model.sups = trees.sups;
    this.model.kids = trees.kids;
    put(delta, 'sups', diffMap(this.seen.sups, trees.sups));
    put(delta, 'kids', diffMap(this.seen.kids, trees.kids));
    if (this.tableDirty && now - this.tableReadAt >= this.opts.tableInterval) {
      this.tableDirty = false;
      this.tableReadAt = now;
      this.model.procs = readProcs();
      put(delta, 'procs', diffMap(this.seen.procs, this.model.procs));
    } else if (this.tableDirty) {
      // Come back for the table even if nothing else happens.
      this.dirty = true;
    }
    this.publish(delta);
  }

  private stats(): Stats {
    const now = Date.now();
    let old = 0;
    while (old < this.restartTimes.length && now - this.restartTimes[old]! > 1000) old++;
    if (old > 0) this.restartTimes.splice(0, old);
    const second = Math.floor(now / 1000);
    const lastFull = second === this.eventSecond ? this.eventCounts[0] : second === this.eventSecond + 1 ? this.eventCounts[1] : 0;
    return {
      processes: this.model.procs.size,
      supervisors: this.model.sups.size,
      restartsPerSecond: this.restartTimes.length,
      eventsPerSecond: lastFull,
    };
  }

  /** The last `max` kept messages newer than `after`, oldest first, printed (each is printed once). */
  private formatMessages(after: number, max = Infinity): MessageEntry[] {
    const out: MessageEntry[] = [];
    const n = this.ring.length;
    for (let i = Math.max(0, n - max); i < n; i++) {
      const m = this.ring[(this.ringNext + i) % n];
      if (m === undefined || m.seq <= after) continue;
      if (m.text === undefined) {
        m.text = cut(m.kind === 'EXIT' || m.kind === 'DOWN' ? shortReason(m.raw) : textOf(m.kind, m.raw));
        m.raw = undefined;
      }
      const e: MessageEntry = { seq: m.seq, time: m.time, kind: m.kind, to: pidKey(m.to), text: m.text };
      if (m.from !== undefined) e.from = pidKey(m.from);
      out.push(e);
    }
    return out;
  }
}

function put<K extends 'procs' | 'sups' | 'kids'>(delta: Delta, key: K, d: NonNullable<Delta[K]>): void {
  if (d.set.length > 0 || d.del.length > 0) delta[key] = d;
}

function sendKind(msg: unknown): Arrow {
  if (!Array.isArray(msg)) return 'INFO';
  if (msg.length === 3 && msg[0] === '$gen_call' && Array.isArray(msg[1])) return 'CALL';
  if (msg.length === 2 && msg[0] === '$gen_cast') return 'CAST';
  if (msg.length === 3 && msg[0] === '$system') return 'SYS';
  return 'INFO';
}

/** What an arrow says: the request of a call, the message of a cast, the label of a spawn. */
function textOf(kind: Arrow, raw: unknown): string {
  if (kind === 'SPAWN') return String(raw);
  if (kind === 'CALL' || kind === 'SYS') return oneLine((raw as unknown[])[2]);
  if (kind === 'CAST') return oneLine((raw as unknown[])[1]);
  return oneLine(raw);
}

function cut(text: string): string {
  return text.length > TEXT_MAX ? `${text.slice(0, TEXT_MAX - 1)}…` : text;
}

function isDown(msg: unknown): msg is ['DOWN', unknown, string, unknown, unknown] {
  return Array.isArray(msg) && msg.length === 5 && msg[0] === 'DOWN';
}

/** Exits that are not crashes: the page flashes only the others. */
function isQuiet(reason: unknown): boolean {
  return reason === 'normal' || reason === 'shutdown' || (Array.isArray(reason) && reason.length === 2 && reason[0] === 'shutdown');
}
