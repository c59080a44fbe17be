/**
 * One process in detail, as JSON for the observer page's side panel: what `processInfo`
 * shows in the terminal, as fields the page can lay out and link (a linked pid is a link).
 *
 * As processInfo does, a GenServer's state is read from its metadata, synchronously (the
 * state after the last message it handled): no call is made, so it works on a server busy
 * in a long callback, and the web server never has to act as a process.
 */
import { isPid, type Pid } from '../../runtime/index.js';
import { firstQueued, memoryEstimate, procOf, statusNames, type Proc } from '../../runtime/internal.js';
import { behaviourOf, procOfRef, shortReason, whatIs } from '../describe.js';
import { inspect } from '../print.js';
import { isSupervisor } from '../supervisors.js';
import { pidKey } from './model.js';

/** A process mentioned in the details: its pid and what it is, or that it is gone. */
export interface PidRef {
  pid: string;
  what: string;
  alive: boolean;
}

export interface ProcessDetails {
  pid: string;
  title: string;
  what: string;
  behaviour?: string;
  status: string;
  name?: string;
  reductions: number;
  memory: number;
  messages: number;
  trapExit: boolean;
  strategy?: string;
  parent?: PidRef;
  links: PidRef[];
  monitors: { target: string; what: string; waitingForReply: boolean }[];
  monitoredBy: PidRef[];
  /** The first queued messages, printed. */
  mailbox: string[];
  /** A GenServer's (or Agent's) state, printed; undefined for other processes. */
  state?: string;
  ancestors: PidRef[];
}

const MAILBOX_SAMPLE = 10;
const WIDTH = 72;

/** The details of the live process `pid` (text such as `0.42.0`), or undefined when it is not alive. */
export function processDetails(pid: string): ProcessDetails | undefined {
  const p = procOfRef('observer', pid);
  if (p === undefined) return undefined;
  const d: ProcessDetails = {
    pid: pidKey(p.pid),
    title: p.name ?? (typeof p.meta?.module === 'string' ? p.meta.module : p.label),
    what: whatIs(p),
    status: statusNames[p.status],
    reductions: p.reductions,
    memory: memoryEstimate(p),
    messages: p.queueLength,
    trapExit: p.trapExit,
    links: [...(p.links ?? [])].map((l) => refOf(l.pid)),
    monitors: [...(p.monitors?.values() ?? [])].map((m) => ({
      target: isPid(m.named) ? pidKey(m.named) : shortReason(m.named),
      what: refOf(m.target.pid).what,
      waitingForReply: m.reply,
    })),
    monitoredBy: [...(p.monitoredBy?.values() ?? [])].map((m) => refOf(m.watcher.pid)),
    mailbox: mailbox(p),
    ancestors: ancestors(p),
  };
  const b = behaviourOf(p);
  if (b !== undefined) d.behaviour = b;
  if (p.name !== undefined) d.name = p.name;
  if (typeof p.meta?.strategy === 'string') d.strategy = p.meta.strategy;
  if (p.parent !== undefined) d.parent = refOf(p.parent);
  const state = stateOf(p);
  if (state !== undefined) d.state = state;
  return d;
}

function refOf(pid: Pid): PidRef {
  const q = procOf(pid);
  const alive = q !== undefined && !q.dead;
  return { pid: pidKey(pid), what: alive ? (q.name === undefined ? whatIs(q) : `${q.name} · ${whatIs(q)}`) : 'not alive', alive };
}

function mailbox(p: Proc): string[] {
  return firstQueued(p, MAILBOX_SAMPLE).map((m) => inspect(m, { width: WIDTH }));
}

function stateOf(p: Proc): string | undefined {
  const get = p.meta?.getState;
  if (typeof get !== 'function' || isSupervisor(p)) return undefined;
  try {
    return inspect(get(), { width: WIDTH });
  } catch (err) {
    return `(could not be read: ${shortReason(err)})`;
  }
}

function ancestors(p: Proc): PidRef[] {
  const out: PidRef[] = [];
  for (let a = p.parent; a !== undefined && out.length < 50; a = procOf(a)?.parent) out.push(refOf(a));
  return out;
}
