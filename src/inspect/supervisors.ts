/**
 * What the views know of a supervisor, read from the metadata the OTP layer sets on a
 * Supervisor's or DynamicSupervisor's process (`proc.meta`: `behaviour`, `strategy`,
 * `maxRestarts`, `maxSeconds`, and `childDetails()`, the children in start order),
 * synchronously: no message is sent, so a view reads 10,000 processes in milliseconds
 * and works while the supervisor is busy restarting.
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
  /** 'Supervisor' or 'DynamicSupervisor'. */
  behaviour: string;
  strategy: string | undefined;
  maxRestarts: number | undefined;
  maxSeconds: number | undefined;
  /** In start order. */
  children: SupervisedChild[];
}

const RESTARTS: readonly unknown[] = ['permanent', 'transient', 'temporary'];

/** True when `p` is a supervisor the views can read (its meta details its children). */
export function isSupervisor(p: Proc): boolean {
  return typeof p.meta?.childDetails === 'function';
}

/** The supervisor `p` as its metadata describes it, or undefined when it is not one. */
export function supervisorView(p: Proc): SupervisorView | undefined {
  const m = p.meta;
  if (m === null || typeof m.childDetails !== 'function') return undefined;
  let list: unknown;
  try {
    list = m.childDetails();
  } catch {
    list = undefined;
  }
  return {
    behaviour: typeof m.behaviour === 'string' ? m.behaviour : 'Supervisor',
    strategy: typeof m.strategy === 'string' ? m.strategy : undefined,
    maxRestarts: typeof m.maxRestarts === 'number' ? m.maxRestarts : undefined,
    maxSeconds: typeof m.maxSeconds === 'number' ? m.maxSeconds : undefined,
    children: Array.isArray(list) ? list.map(detail) : [],
  };
}

function detail(d: unknown): SupervisedChild {
  const o = (typeof d === 'object' && d !== null ? d : {}) as Record<string, unknown>;
  return {
    id: o.id,
    pid: isPid(o.pid) || o.pid === 'restarting' ? o.pid : undefined,
    type: o.type === 'supervisor' ? 'supervisor' : 'worker',
    restart: RESTARTS.includes(o.restart) ? (o.restart as RestartType) : undefined,
    restarts: typeof o.restarts === 'number' ? o.restarts : undefined,
    previousPid: isPid(o.previousPid) ? o.previousPid : undefined,
  };
}
