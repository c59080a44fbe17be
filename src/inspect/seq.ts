/**
 * `seq(fn)`: a sequence diagram of the messages `fn` causes, as Erlang's seq_trace records
 * them. The calling process gets a trace token for the duration of `fn`; the runtime passes
 * it on with every message, spawn and exit signal that follows from it (src/runtime,
 * Proc.seqToken), so background traffic stays out of the picture.
 *
 * Arrows: CALL / REPLY (GenServer.call), CAST, INFO (any other message), SPAWN, EXIT (an
 * exit signal through a link or Process.exit), DOWN (a monitor's message, when received).
 */
import { type Pid, settle, subscribe, type Stamped } from '../runtime/index.js';
import { procOf, requireProc } from '../runtime/internal.js';
import { oneLine, shortReason, whatIs } from './describe.js';
import { type Output, writerOf } from './terminal.js';

export type ArrowKind = 'CALL' | 'REPLY' | 'CAST' | 'INFO' | 'SPAWN' | 'EXIT' | 'DOWN';

/** One arrow of a sequence diagram. */
export interface SeqArrow {
  kind: ArrowKind;
  from: Pid;
  to: Pid;
  /** The message in short (`'get'`, `['add', 'Ada']`); empty for SPAWN. */
  label: string;
}

export interface SeqOptions {
  /** Where the diagram is drawn (default: standard output). */
  out?: Output;
  /** Columns available (default: the terminal's width, else 100). */
  width?: number;
  /** Longest message label before it is cut with `…` (default 24). */
  labelWidth?: number;
  /** Draw nothing; only return the Mermaid text. */
  quiet?: boolean;
}

/** What `seqRecord` gives: the arrows, and who the processes were when seen. */
export interface SeqRecording<T> {
  value: T;
  arrows: SeqArrow[];
  names: Map<string, string>;
}

/**
 * Runs `fn` in the calling process with a fresh trace token and records the arrows of the
 * messages causally tied to it, until the system is quiet again.
 */
export async function seqRecord<T>(fn: () => T | Promise<T>): Promise<SeqRecording<T>> {
  const me = requireProc('seq');
  const token = { seq: Symbol('seq') };
  const arrows: SeqArrow[] = [];
  const names = new Map<string, string>();
  const remember = (pid: Pid): void => {
    const key = String(pid);
    if (names.has(key)) return;
    const p = procOf(pid);
    names.set(key, p === undefined ? '' : (p.name ?? whatIs(p)));
  };
  const stop = subscribe((e) => {
    if (!('token' in e) || e.token !== token) return;
    const arrow = arrowOf(e);
    if (arrow === undefined) return;
    remember(arrow.from);
    remember(arrow.to);
    arrows.push(arrow);
  });
  const [prevToken, prevPinned] = [me.seqToken, me.seqPinned];
  me.seqToken = token;
  me.seqPinned = true;
  remember(me.pid);
  try {
    const value = await fn();
    // What fn set going (a cast being handled, a spawned task finishing) is part of it.
    await settle(5);
    return { value, arrows, names };
  } finally {
    me.seqToken = prevToken;
    me.seqPinned = prevPinned;
    stop();
  }
}

function arrowOf(e: Stamped): SeqArrow | undefined {
  switch (e.type) {
    case 'send': {
      if (e.from === undefined) return undefined;
      if (e.reply) return { kind: 'REPLY', from: e.from, to: e.to, label: oneLine(e.msg) };
      const m = e.msg;
      if (Array.isArray(m) && m.length === 3 && m[0] === '$gen_call') return { kind: 'CALL', from: e.from, to: e.to, label: oneLine(m[2]) };
      if (Array.isArray(m) && m.length === 2 && m[0] === '$gen_cast') return { kind: 'CAST', from: e.from, to: e.to, label: oneLine(m[1]) };
      return { kind: 'INFO', from: e.from, to: e.to, label: oneLine(m) };
    }
    case 'spawn':
      return e.parent === undefined ? undefined : { kind: 'SPAWN', from: e.parent, to: e.pid, label: '' };
    case 'signal': {
      // A 'normal' exit signal to a process that does not trap exits changes nothing: leave it out.
      if (e.from === undefined || (e.reason === 'normal' && !procOf(e.to)?.trapExit)) return undefined;
      return { kind: 'EXIT', from: e.from, to: e.to, label: shortReason(e.reason) };
    }
    case 'receive': {
      const m = e.msg;
      if (Array.isArray(m) && m.length === 5 && m[0] === 'DOWN' && m[2] === 'process' && typeof m[3] === 'object') {
        return { kind: 'DOWN', from: m[3] as Pid, to: e.pid, label: shortReason(m[4]) };
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/**
 * Runs `fn` in the calling process, draws a sequence diagram of the messages it causes (a
 * column per process, one arrow per message, or one line per message when the columns do
 * not fit the terminal), and returns the same diagram as Mermaid text.
 *
 * @example A call, as a diagram
 * ```ts
 * const [, counter] = await GenServer.start({ init: () => ['ok', 0], handleCall: (_m, _f, n) => ['reply', n, n] }, null);
 * const mermaid = await seq(() => GenServer.call(counter, 'get'), { quiet: true });
 * mermaid.includes('CALL'); // true
 * mermaid.includes('REPLY'); // true
 * ```
 */
export async function seq(fn: () => unknown, opts: SeqOptions = {}): Promise<string> {
  const { arrows, names } = await seqRecord(fn);
  const participants = participantsOf(requireProc('seq').pid, arrows);
  if (!opts.quiet) {
    const w = writerOf(opts.out);
    const width = opts.width ?? w.columns ?? 100;
    w.write(`${renderSeq(arrows, participants, names, { width, labelWidth: opts.labelWidth ?? 24 })}\n`);
  }
  return mermaidOf(arrows, participants, names);
}

function participantsOf(first: Pid, arrows: SeqArrow[]): string[] {
  const out = [String(first)];
  for (const a of arrows) {
    for (const p of [String(a.from), String(a.to)]) if (!out.includes(p)) out.push(p);
  }
  return out;
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}

function arrowText(a: SeqArrow, labelWidth: number): string {
  return a.label === '' ? a.kind : `${a.kind} ${cut(a.label, labelWidth)}`;
}

/**
 * The diagram as text: columns when they fit `width`, else one line per message.
 *
 * @example Two processes, one message
 * ```ts
 * const a = pid('0.1.0'), b = pid('0.2.0');
 * renderSeq([{ kind: 'CAST', from: a, to: b, label: "'inc'" }], [String(a), String(b)], new Map(), { width: 80 }).includes("CAST 'inc'"); // true
 * ```
 */
export function renderSeq(arrows: SeqArrow[], participants: string[], names: Map<string, string>, opts: { width: number; labelWidth?: number }): string {
  const labelWidth = opts.labelWidth ?? 24;
  const longest = Math.max(0, ...arrows.map((a) => arrowText(a, labelWidth).length));
  const MIN_COL = 16;
  const wanted = Math.max(MIN_COL, ...participants.map((p) => p.length + 2), Math.min(longest + 6, labelWidth + 14));
  if (participants.length * MIN_COL > opts.width) return renderLines(arrows, names, labelWidth);
  const col = Math.max(MIN_COL, Math.min(wanted, Math.floor(opts.width / participants.length)));
  const center = (i: number) => i * col + Math.floor(col / 2);
  const total = participants.length * col;
  const lines: string[] = [];
  const header = (texts: string[]) => {
    const row = Array<string>(total).fill(' ');
    texts.forEach((t, i) => {
      const s = cut(t, col - 1);
      const start = Math.max(0, center(i) - Math.floor(s.length / 2));
      for (let k = 0; k < s.length; k++) row[start + k] = s[k];
    });
    return row.join('').trimEnd();
  };
  lines.push(header(participants));
  lines.push(header(participants.map((p) => names.get(p) ?? '')));
  const lifelines = () => {
    const row = Array<string>(total).fill(' ');
    participants.forEach((_, i) => (row[center(i)] = '│'));
    return row;
  };
  lines.push(lifelines().join('').trimEnd());
  for (const a of arrows) {
    const from = participants.indexOf(String(a.from));
    const to = participants.indexOf(String(a.to));
    const row = lifelines();
    const text = arrowText(a, labelWidth);
    if (from === to) {
      const s = ` ↺ ${text}`;
      for (let k = 0; k < s.length && center(from) + 1 + k < total; k++) row[center(from) + 1 + k] = s[k];
    } else {
      const [lo, hi] = from < to ? [center(from), center(to)] : [center(to), center(from)];
      for (let x = lo + 1; x < hi; x++) row[x] = '─';
      if (from < to) row[hi - 1] = '▶';
      else row[lo + 1] = '◀';
      const s = ` ${cut(text, hi - lo - 5)} `;
      const start = lo + 1 + Math.max(1, Math.floor((hi - lo - 1 - s.length) / 2));
      for (let k = 0; k < s.length && start + k < hi - 1; k++) row[start + k] = s[k];
    }
    lines.push(row.join('').trimEnd());
  }
  return lines.join('\n');
}

function renderLines(arrows: SeqArrow[], names: Map<string, string>, labelWidth: number): string {
  const who = (pid: Pid) => {
    const name = names.get(String(pid));
    return name ? `${pid} (${name})` : String(pid);
  };
  return arrows.map((a) => `${who(a.from)} ──${arrowText(a, labelWidth)}──▶ ${who(a.to)}`).join('\n');
}

/**
 * The diagram as Mermaid text (`sequenceDiagram`), for docs and the web observer.
 *
 * @example
 * ```ts
 * const a = pid('0.1.0'), b = pid('0.2.0');
 * mermaidOf([{ kind: 'CALL', from: a, to: b, label: "'get'" }], [String(a), String(b)], new Map()).split('\n')[0]; // 'sequenceDiagram'
 * ```
 */
export function mermaidOf(arrows: SeqArrow[], participants: string[], names: Map<string, string>): string {
  const id = (p: string) => `P${p.replace(/\D+/g, '_').replace(/^_|_$/g, '')}`;
  // Mermaid reads `#…;` as an entity and `;` as a statement end: pids are written PID 0.1.0,
  // and what else could break the line is escaped.
  const safe = (t: string) => t.replace(/#(PID|Reference)<([\d.]+)>/g, '$1 $2').replace(/[<>;#]/g, (c) => `#${c.charCodeAt(0)};`);
  const lines = ['sequenceDiagram'];
  for (const p of participants) {
    const name = names.get(p);
    lines.push(`  participant ${id(p)} as ${safe(name ? `${p} ${name}` : p)}`);
  }
  for (const a of arrows) {
    const line = a.kind === 'REPLY' || a.kind === 'DOWN' || a.kind === 'EXIT' ? '-->>' : '->>';
    lines.push(`  ${id(String(a.from))}${line}${id(String(a.to))}: ${safe(arrowText(a, 40))}`);
  }
  return lines.join('\n');
}
