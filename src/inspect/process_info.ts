/**
 * `processInfo(pid)`: everything known about one process, in panes, as observer's
 * process window shows it: Overview, Links, Monitors, Mailbox (the first messages,
 * printed as iex prints them), State (of a GenServer, an Agent), Supervision (of a
 * supervisor: its tree), Ancestors.
 *
 * Decisions:
 * - A GenServer's state is read from its metadata, synchronously, not with
 *   `sys.getState` (a call): it works from outside any process, on a server busy in a
 *   long callback, and on the shell's own process. It is the state after the last
 *   message the server finished handling.
 * - Panes with nothing to show are left out, except Links and Monitors, whose emptiness
 *   is a fact worth seeing.
 * - Only the first `messages` (default 10) queued messages are printed, and only they
 *   are read: a mailbox of a million messages prints as fast as one of ten.
 * - A pid that is not alive, or a name nobody holds, gives a sentence saying so, as
 *   Process.info gives nil: asking is not an error.
 */
import { isPid, type Pid } from '../runtime/index.js';
import { firstQueued, memoryEstimate, procOf, statusNames, type Proc } from '../runtime/internal.js';
import { missingText, procOfRef, shortReason, whatIs, type ProcessRef } from './describe.js';
import { inspect } from './print.js';
import { bytes } from './process_table.js';
import { isSupervisor, supervisorView } from './supervisors.js';
import { tree } from './tree.js';

export interface ProcessInfoOptions {
  /** How many queued messages to print; default 10. */
  messages?: number;
  /** Columns to fit; default the terminal's width, else 80. */
  width?: number;
  /** Plain ASCII rules instead of box-drawing characters. */
  ascii?: boolean;
  color?: boolean;
}

/**
 * A process described in panes: overview, links, monitors, mailbox sample, GenServer
 * state, ancestors. `pid` may also be its text (`'0.42.0'`), a registered name or a via name.
 *
 * @example A named server with mail waiting
 * ```ts
 * const [, pid] = await GenServer.start({ init: () => ['ok', { count: 1 }] }, null, { name: 'info_example' });
 * const text = processInfo('info_example', { width: 60 });
 * text.includes('Registered name  info_example'); // true
 * text.includes('{ count: 1 }'); // true
 * ```
 */
export function processInfo(pid: ProcessRef, opts: ProcessInfoOptions = {}): string {
  const p = procOfRef('processInfo', pid);
  if (p === undefined) return `${capitalize(missingText(pid))}.`;
  const width = opts.width ?? defaultWidth();
  const rule = opts.ascii ? '-' : '─';
  const panes: string[] = [];
  const pane = (title: string, body: string[]) => {
    const head = `${rule}${rule} ${title} `;
    panes.push([head.padEnd(width, rule), ...body].join('\n'));
  };
  pane('Overview', overview(p));
  pane(`Links (${p.links?.size ?? 0})`, pidLines([...(p.links ?? [])].map((l) => l.pid)));
  pane('Monitors', monitorLines(p));
  const mail = mailbox(p, opts.messages ?? 10, width, opts.color === true);
  if (mail !== undefined) pane(mail.title, mail.lines);
  const state = stateLines(p, width, opts.color === true);
  if (state !== undefined) pane(state.title, state.lines);
  if (isSupervisor(p)) pane('Supervision', indent(tree(p.pid, { width: width - INDENT.length, ascii: opts.ascii, color: opts.color }).split('\n')));
  const ancestors = ancestorsOf(p);
  if (ancestors.length > 0) pane('Ancestors', pidLines(ancestors));
  return panes.join('\n');
}

const INDENT = '  ';

function indent(lines: string[]): string[] {
  return lines.map((l) => INDENT + l);
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function defaultWidth(): number {
  const columns = process.stdout.columns;
  return typeof columns === 'number' && columns > 0 ? Math.min(columns, 100) : 80;
}

function fields(rows: [string, string][]): string[] {
  const w = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${INDENT}${k.padEnd(w)}  ${v}`);
}

function overview(p: Proc): string[] {
  const n = p.queueLength;
  const rows: [string, string][] = [
    ['Pid', String(p.pid)],
    ['Status', statusNames[p.status]],
    ['Initial call', whatIs(p)],
    ['Registered name', p.name ?? '-'],
    ['Reductions', String(p.reductions)],
    ['Memory', bytes(memoryEstimate(p))],
    ['Mailbox', `${n} message${n === 1 ? '' : 's'}`],
    ['Trap exit', String(p.trapExit)],
  ];
  const sup = supervisorView(p);
  if (sup?.strategy !== undefined) rows.push(['Strategy', sup.strategy]);
  if (sup?.maxRestarts !== undefined && sup.maxSeconds !== undefined) rows.push(['Restart limit', `${sup.maxRestarts} in ${sup.maxSeconds} s`]);
  const owner = p.meta?.owner;
  if (isPid(owner)) rows.push(['Owner', describePid(owner)]);
  return fields(rows);
}

/** A pid with what it is, when alive: `#PID<0.100.0>  app_sup (Supervisor)`. */
function describePid(pid: Pid): string {
  const q = procOf(pid);
  if (q === undefined || q.dead) return `${pid}  (not alive)`;
  return `${pid}  ${q.name === undefined ? '' : `${q.name}  `}${whatIs(q)}`;
}

function pidLines(pids: Pid[]): string[] {
  return pids.length === 0 ? [`${INDENT}none`] : pids.map((pid) => INDENT + describePid(pid));
}

function monitorLines(p: Proc): string[] {
  const rows: [string, string][] = [];
  for (const m of p.monitors?.values() ?? []) {
    const target = isPid(m.named) ? describePid(m.named) : `${shortReason(m.named)} (${describePid(m.target.pid)})`;
    rows.push(['monitors', m.reply ? `${target}  (waiting for a reply)` : target]);
  }
  for (const m of p.monitoredBy?.values() ?? []) rows.push(['monitored by', describePid(m.watcher.pid)]);
  return rows.length === 0 ? [`${INDENT}none`] : fields(rows);
}

function mailbox(p: Proc, max: number, width: number, color: boolean): { title: string; lines: string[] } | undefined {
  const n = p.queueLength;
  if (n === 0) return undefined;
  const sample = firstQueued(p, max);
  const shown = sample.length;
  const lines: string[] = [];
  const num = String(shown).length;
  for (let i = 0; i < shown; i++) {
    const text = inspect(sample[i], { width: width - INDENT.length - num - 2, color });
    const [first, ...rest] = text.split('\n');
    lines.push(`${INDENT}${String(i + 1).padStart(num)}  ${first}`, ...rest.map((l) => `${INDENT}${' '.repeat(num + 2)}${l}`));
  }
  if (n > shown) lines.push(`${INDENT}… ${n - shown} more`);
  return { title: `Mailbox (${n === shown ? n : `first ${shown} of ${n}`})`, lines };
}

function stateLines(p: Proc, width: number, color: boolean): { title: string; lines: string[] } | undefined {
  const get = p.meta?.getState;
  if (typeof get !== 'function' || isSupervisor(p)) return undefined;
  let state: unknown;
  try {
    state = get();
  } catch (err) {
    return { title: 'State', lines: [`${INDENT}(could not be read: ${shortReason(err)})`] };
  }
  const behaviour = typeof p.meta?.behaviour === 'string' ? p.meta.behaviour : 'GenServer';
  return { title: `State (${behaviour})`, lines: indent(inspect(state, { width: width - INDENT.length, color }).split('\n')) };
}

/** As Process.info's ancestors, without the copy of the whole mailbox that Process.info makes. */
function ancestorsOf(p: Proc): Pid[] {
  const out: Pid[] = [];
  for (let a = p.parent; a !== undefined && out.length < 50; ) {
    out.push(a);
    a = procOf(a)?.parent;
  }
  return out;
}
