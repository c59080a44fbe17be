/**
 * What the views know of a supervisor, read from the metadata the OTP layer sets on its
 * process (`proc.meta`), synchronously: no message is sent, so a view can read 10,000
 * processes in a few milliseconds and works while the supervisor is busy restarting.
 *
 * Read from `meta` of a Supervisor or DynamicSupervisor process:
 * - `behaviour`, `strategy`, `children()` (the `whichChildren` tuples): always there;
 * - `maxRestarts`, `maxSeconds`: its restart intensity;
 * - `childDetails()`: the children in start order, each
 *   `{ id, pid, type, restart, restarts, previousPid }`, where `restarts` counts the times
 *   the supervisor restarted that child and `previousPid` is its pid before the last one.
 * The views show what is there: without `childDetails` a child's restart type and count
 * are unknown and left blank.
 */
import { isPid, type Pid } from '../runtime/index.js';
import type { Proc } from '../runtime/internal.js';

export type RestartType = 'permanent' | 'transient' | 'temporary';

/** One child as a supervisor knows it. */
export interface SupervisedChild {
  id: unknown;
  pid: Pid | 'restarting' | undefined;
  type: 'worker' | 'supervisor';
  restart: RestartType | undefined;
  /** How many times the supervisor restarted it (undefined: not known). */
  restarts: number | undefined;
  /** Its pid before the last restart. */
  previousPid: Pid | undefined;
}

/** A supervisor as the views show it. */
export interface SupervisorView {
  behaviour: string;
  strategy: string | undefined;
  maxRestarts: number | undefined;
  maxSeconds: number | undefined;
  /** In start order. */
  children: SupervisedChild[];
}

const RESTARTS: readonly unknown[] = ['permanent', 'transient', 'temporary'];

/** True when `p` is a supervisor the views can read (its meta lists its children). */
export function isSupervisor(p: Proc): boolean {
  const m = p.meta;
  return m !== null && (typeof m.childDetails === 'function' || typeof m.children === 'function');
}

/** The supervisor `p` as its metadata describes it, or undefined when it is not one. */
export function supervisorView(p: Proc): SupervisorView | undefined {
  const m = p.meta;
  if (m === null || !isSupervisor(p)) return undefined;
  return {
    behaviour: typeof m.behaviour === 'string' ? m.behaviour : 'Supervisor',
    strategy: typeof m.strategy === 'string' ? m.strategy : undefined,
    maxRestarts: typeof m.maxRestarts === 'number' ? m.maxRestarts : undefined,
    maxSeconds: typeof m.maxSeconds === 'number' ? m.maxSeconds : undefined,
    children: childrenOf(m),
  };
}

function childrenOf(m: NonNullable<Proc['meta']>): SupervisedChild[] {
  if (typeof m.childDetails === 'function') {
    const list = safely(() => (m.childDetails as () => unknown)());
    return Array.isArray(list) ? list.map(detail) : [];
  }
  const which = safely(() => (m.children as () => unknown)());
  if (!Array.isArray(which)) return [];
  const out = which.map(fromWhich);
  // A Supervisor lists its children newest first, as OTP's which_children does.
  return m.behaviour === 'Supervisor' ? out.reverse() : out;
}

function safely(fn: () => unknown): unknown {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

function pidField(v: unknown): Pid | 'restarting' | undefined {
  return isPid(v) || v === 'restarting' ? v : undefined;
}

function detail(d: unknown): SupervisedChild {
  const o = (typeof d === 'object' && d !== null ? d : {}) as Record<string, unknown>;
  return {
    id: o.id,
    pid: pidField(o.pid),
    type: o.type === 'supervisor' ? 'supervisor' : 'worker',
    restart: RESTARTS.includes(o.restart) ? (o.restart as RestartType) : undefined,
    restarts: typeof o.restarts === 'number' ? o.restarts : undefined,
    previousPid: isPid(o.previousPid) ? o.previousPid : undefined,
  };
}

function fromWhich(w: unknown): SupervisedChild {
  const [id, pid, type] = Array.isArray(w) ? w : [];
  return { id, pid: pidField(pid), type: type === 'supervisor' ? 'supervisor' : 'worker', restart: undefined, restarts: undefined, previousPid: undefined };
}
