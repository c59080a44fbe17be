/**
 * What the observer page shows, as flat JSON-ready maps read synchronously from the process
 * table and the supervisors' metadata (see ../supervisors.ts): no message is sent, so a
 * busy supervisor never delays the page.
 *
 * The model is three maps, so that a change is sent as the few entries that changed:
 * - `procs`: one row per live process (the process table), keyed by pid text `0.42.0`;
 * - `sups`: one entry per live supervisor (its strategy and its children's keys in start order);
 * - `kids`: one entry per child slot of a supervisor, keyed `<supervisor pid>/<child id>`,
 *   so a restarted child keeps its key and only its pid changes (that is what the page
 *   animates). A DynamicSupervisor's children have no id: their key is their pid.
 */
import { isPid, type Pid } from '../../runtime/index.js';
import { memoryEstimate, procOf, statusNames, table, type Proc } from '../../runtime/internal.js';
import { behaviourOf, refText } from '../describe.js';
import { supervisorView, type SupervisedChild } from '../supervisors.js';

/** One process, as a row of the page's process table. */
export interface ProcEntry {
  pid: string;
  name?: string;
  label: string;
  behaviour?: string;
  status: string;
  messages: number;
  reductions: number;
  memory: number;
}

/** A supervisor: what its node in the tree says, and its children in start order. */
export interface SupEntry {
  pid: string;
  title: string;
  behaviour: string;
  strategy?: string;
  maxRestarts?: number;
  maxSeconds?: number;
  /** Keys into `kids`. */
  children: string[];
}

/** A child slot of a supervisor. */
export interface KidEntry {
  key: string;
  sup: string;
  title: string;
  /** Undefined while the child is not running. */
  pid?: string;
  type: 'worker' | 'supervisor';
  restart?: string;
  restarts?: number;
  previousPid?: string;
  status: string;
}

export interface Model {
  procs: Map<string, ProcEntry>;
  sups: Map<string, SupEntry>;
  kids: Map<string, KidEntry>;
}

/** A pid as the page writes it and keys it: `0.42.0`. */
export function pidKey(pid: Pid): string {
  return `${pid.node}.${pid.id}.${pid.serial}`;
}

/**
 * The table rows. Read from the process records rather than through `processRows()`:
 * that goes through Process.info, which copies every mailbox, and the page re-reads the
 * table a few times a second.
 */
export function readProcs(): Map<string, ProcEntry> {
  const out = new Map<string, ProcEntry>();
  for (const p of table.values()) {
    if (p.dead) continue;
    const e: ProcEntry = {
      pid: pidKey(p.pid),
      label: p.label,
      status: statusNames[p.status],
      messages: p.queueLength,
      reductions: p.reductions,
      memory: memoryEstimate(p),
    };
    if (p.name !== undefined) e.name = p.name;
    const b = behaviourOf(p);
    if (b !== undefined) e.behaviour = b;
    out.set(e.pid, e);
  }
  return out;
}

/** Every live supervisor and its child slots. */
export function readTrees(): Pick<Model, 'sups' | 'kids'> {
  const sups = new Map<string, SupEntry>();
  const kids = new Map<string, KidEntry>();
  for (const p of table.values()) {
    if (p.dead) continue;
    const view = supervisorView(p);
    if (view === undefined) continue;
    const sup = pidKey(p.pid);
    const entry: SupEntry = { pid: sup, title: rootTitle(p), behaviour: behaviourOf(p) ?? 'Supervisor', children: [] };
    if (view.strategy !== undefined) entry.strategy = view.strategy;
    if (view.maxRestarts !== undefined) entry.maxRestarts = view.maxRestarts;
    if (view.maxSeconds !== undefined) entry.maxSeconds = view.maxSeconds;
    for (const c of view.children) {
      const kid = kidOf(sup, c);
      if (kids.has(kid.key)) continue;
      kids.set(kid.key, kid);
      entry.children.push(kid.key);
    }
    sups.set(sup, entry);
  }
  return { sups, kids };
}

/** Everything the page shows but the messages. */
export function readModel(): Model {
  return { procs: readProcs(), ...readTrees() };
}

function kidOf(sup: string, c: SupervisedChild): KidEntry {
  const live = isPid(c.pid) ? liveProc(c.pid) : undefined;
  const id = c.id === undefined ? undefined : typeof c.id === 'string' ? c.id : refText(c.id);
  const pid = isPid(c.pid) ? pidKey(c.pid) : undefined;
  const kid: KidEntry = {
    key: `${sup}/${id ?? `pid:${pid ?? c.pid ?? '?'}`}`,
    sup,
    title: id === undefined ? (live === undefined ? '?' : rootTitle(live)) : live?.name !== undefined && live.name !== id ? `${id} (${live.name})` : id,
    type: c.type,
    status: live !== undefined ? statusNames[live.status] : c.pid === 'restarting' ? 'restarting' : c.pid === undefined ? 'not running' : 'exited',
  };
  if (pid !== undefined) kid.pid = pid;
  if (c.restart !== undefined) kid.restart = c.restart;
  if (c.restarts !== undefined) kid.restarts = c.restarts;
  if (c.previousPid !== undefined) kid.previousPid = pidKey(c.previousPid);
  return kid;
}

function liveProc(pid: Pid): Proc | undefined {
  const p = procOf(pid);
  return p === undefined || p.dead ? undefined : p;
}

/** A process named by what a person would call it: its registered name, module or label. */
function rootTitle(p: Proc): string {
  if (p.name !== undefined) return p.name;
  const mod = p.meta?.module;
  return typeof mod === 'string' && mod !== '' ? mod : p.label;
}

/** The JSON of a model, as the page's snapshot carries it. */
export function modelJson(m: Model): { procs: ProcEntry[]; sups: SupEntry[]; kids: KidEntry[] } {
  return { procs: [...m.procs.values()], sups: [...m.sups.values()], kids: [...m.kids.values()] };
}

/** The entries of one map that were added or changed, and the keys that went away. */
export interface MapDelta<T> {
  set: T[];
  del: string[];
}

/**
 * Compares two readings of one map by the JSON of each entry. `seen` holds the JSON of the
 * previous reading and is brought up to date.
 */
export function diffMap<T>(seen: Map<string, string>, next: Map<string, T>): MapDelta<T> {
  const set: T[] = [];
  const del: string[] = [];
  for (const [k, v] of next) {
    const json = JSON.stringify(v);
    if (seen.get(k) !== json) {
      seen.set(k, json);
      set.push(v);
    }
  }
  for (const k of seen.keys()) {
    if (!next.has(k)) {
      seen.delete(k);
      del.push(k);
    }
  }
  return { set, del };
}
