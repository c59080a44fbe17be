/**
 * `tree(sup?)`: the supervision tree as an indented tree, one line a process: its child id
 * (or registered name), pid, worker or supervisor (with the strategy), restart type,
 * status, mailbox length, and for a restarted child how many times and its previous pid.
 *
 * Decisions:
 * - A child is named by its id, as Supervisor.whichChildren names it; a registered name
 *   that differs follows in parentheses. A root (or a DynamicSupervisor's child, which
 *   has no id) is named by its registered name, else its module, else its label.
 * - The children are listed in start order (the order a supervisor starts them, and the
 *   reverse of the order it stops them), not whichChildren's newest-first order.
 * - A child without a process says why: `not running` (a transient child that exited
 *   normally, a terminated child), `restarting` (its restart failed and is being retried).
 *   Temporary children that ended are gone, as they are from the supervisor.
 * - With no argument: every tree, roots being the supervisors no supervisor supervises,
 *   in pid order, then how many processes are in no tree.
 * - Box-drawing lines by default (`├─`, `└─`, `│`); `{ ascii: true }` draws `|-`, `` `- ``,
 *   `|` for terminals and logs that cannot show them.
 * - Everything is read synchronously from process metadata (see supervisors.ts): drawing
 *   never waits on a busy supervisor, and 10,000 processes draw in milliseconds.
 */
import { ArgumentError, isPid, subscribe, type Pid } from '../runtime/index.js';
import { procOf, statusNames, table, type Proc } from '../runtime/internal.js';
import { colorize } from './colors.js';
import { missingText, procOfRef, refText, type ProcessRef } from './describe.js';
import { defaultKeys, type KeyInput, type LiveView, type Output, runLive, throttle, writerOf } from './terminal.js';
import { isSupervisor, type SupervisedChild, type SupervisorView, supervisorView } from './supervisors.js';

export interface TreeOptions {
  /** Plain ASCII lines instead of box-drawing characters. */
  ascii?: boolean;
  color?: boolean;
  /** Columns to fit (the name column is cut with `…`); default the terminal's width, else 80. */
  width?: number;
}

export interface TreeWatchOptions extends TreeOptions {
  watch: true;
  /** Where frames are drawn; default `process.stdout`. */
  out?: Output;
  /** Keys; any key ends the view. Default stdin when it is a terminal. */
  input?: KeyInput;
  /** Draw in the alternate screen and give the terminal back after; default when `out` is a terminal. */
  fullScreen?: boolean;
  /** Least time between two redraws, in ms of the runtime's clock; default 100. */
  interval?: number;
}

interface Branch {
  /** Drawn before a node that has more siblings after it, and before one that is last. */
  tee: string;
  last: string;
  /** Drawn under a node, in front of its descendants: with siblings still to come, and without. */
  pipe: string;
  space: string;
}

const BOX: Branch = { tee: '├─ ', last: '└─ ', pipe: '│  ', space: '   ' };
const ASCII: Branch = { tee: '|- ', last: '`- ', pipe: '|  ', space: '   ' };

/** One line of the tree, in cells. */
interface Line {
  indent: string;
  title: string;
  pid: string;
  type: string;
  restart: string;
  status: string;
  msgs: string;
  note: string;
  supervisor: boolean;
}

/** Beyond this depth a tree is cut (each level is a recursive call); a process met twice is drawn once. */
const MAX_DEPTH = 100;

/**
 * The supervision tree of `sup` (a pid, name or via name), or with no argument every tree
 * in the system and the count of unsupervised processes, as text. With
 * `{ watch: true }` it redraws on every change until a key is pressed (see
 * `TreeWatchOptions`) and returns the running view.
 *
 * @example A supervisor and its two workers
 * ```ts
 * class Worker { init(n) { return ['ok', n]; } }
 * const children = ['a', 'b'].map((id) => Supervisor.childSpec([Worker, id], { id }));
 * const [, sup] = await Supervisor.startLink(children, { strategy: 'one_for_one', name: 'tree_example' });
 * const lines = tree('tree_example', { width: 120 }).split('\n');
 * lines.length; // 3
 * lines[1].startsWith('├─ a'); // true
 * lines[2].startsWith('└─ b'); // true
 * ```
 */
export function tree(sup?: ProcessRef | TreeOptions, opts?: TreeOptions): string;
export function tree(sup: ProcessRef | undefined, opts: TreeWatchOptions): LiveView;
export function tree(opts: TreeWatchOptions): LiveView;
export function tree(sup?: ProcessRef | TreeOptions | TreeWatchOptions, opts: TreeOptions | TreeWatchOptions = {}): string | LiveView {
  if (isOptions(sup)) return tree(undefined, sup as TreeOptions);
  if (sup !== undefined) requireSupervisor(sup);
  if ((opts as TreeWatchOptions).watch === true) return watchTree(sup, opts as TreeWatchOptions);
  return renderTree(sup, opts);
}

function isOptions(v: unknown): v is TreeOptions {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isPid(v);
}

function requireSupervisor(ref: ProcessRef): Proc {
  const p = procOfRef('tree', ref);
  if (p === undefined) {
    throw new ArgumentError(`tree: ${missingText(ref)}. tree() with no argument shows every supervision tree.`);
  }
  if (!isSupervisor(p)) {
    throw new ArgumentError(`tree: ${p.pid} (${titleOf(p, undefined)}) is not a supervisor. tree() with no argument shows every supervision tree; processInfo(pid) shows a single process.`);
  }
  return p;
}

function renderTree(sup: ProcessRef | undefined, opts: TreeOptions): string {
  const views = new Map<Proc, SupervisorView | undefined>();
  const viewOf = (p: Proc) => {
    if (!views.has(p)) views.set(p, supervisorView(p));
    return views.get(p);
  };
  const branch = opts.ascii ? ASCII : BOX;
  if (sup !== undefined) {
    const lines: Line[] = [];
    const p = requireSupervisor(sup);
    addNode(lines, p, asChildOf(p, viewOf), '', '', branch, viewOf, new Set());
    return layout(lines, opts);
  }
  const supervised = new Set<number>();
  const roots: Proc[] = [];
  let total = 0;
  for (const p of table.values()) {
    total++;
    const v = viewOf(p);
    if (v === undefined) continue;
    roots.push(p);
    for (const c of v.children) if (isPid(c.pid)) supervised.add(c.pid.id);
  }
  const blocks: string[] = [];
  const inTree = new Set<number>();
  for (const root of roots) {
    if (supervised.has(root.id)) continue;
    const lines: Line[] = [];
    addNode(lines, root, undefined, '', '', branch, viewOf, inTree);
    blocks.push(layout(lines, opts));
  }
  const outside = total - inTree.size;
  const count = `${outside} process${outside === 1 ? ' is' : 'es are'} not in any supervision tree.`;
  return blocks.length === 0 ? `No supervisor is running.\n${count}` : `${blocks.join('\n\n')}\n\n${count}`;
}

/** Adds the line of a live process `p` and, for a supervisor, its children under it. */
function addNode(
  lines: Line[],
  p: Proc,
  asChild: SupervisedChild | undefined,
  indent: string,
  under: string,
  branch: Branch,
  viewOf: (p: Proc) => SupervisorView | undefined,
  seen: Set<number>,
): void {
  seen.add(p.id);
  const view = viewOf(p);
  const line = lineOf(indent, asChild, p, view);
  lines.push(line);
  if (view === undefined) return;
  const depth = under.length / branch.space.length;
  const kids = view.children;
  for (let i = 0; i < kids.length; i++) {
    const c = kids[i]!;
    const lastKid = i === kids.length - 1;
    const childIndent = under + (lastKid ? branch.last : branch.tee);
    const childUnder = under + (lastKid ? branch.space : branch.pipe);
    const cp = isPid(c.pid) ? liveProc(c.pid) : undefined;
    if (cp !== undefined && !seen.has(cp.id) && depth < MAX_DEPTH) addNode(lines, cp, c, childIndent, childUnder, branch, viewOf, seen);
    else lines.push(lineOf(childIndent, c, cp, cp === undefined ? undefined : viewOf(cp)));
  }
}

/** How the supervisor of `p` (if any) knows it, so that a subtree's root shows its id and restart type. */
function asChildOf(p: Proc, viewOf: (p: Proc) => SupervisorView | undefined): SupervisedChild | undefined {
  const parent = p.parent === undefined ? undefined : liveProc(p.parent);
  return parent === undefined ? undefined : viewOf(parent)?.children.find((c) => c.pid === p.pid);
}

function liveProc(pid: Pid): Proc | undefined {
  const p = procOf(pid);
  return p === undefined || p.dead ? undefined : p;
}

function lineOf(indent: string, c: SupervisedChild | undefined, p: Proc | undefined, view: SupervisorView | undefined): Line {
  const supervisor = view !== undefined || c?.type === 'supervisor';
  const strategy = view?.strategy;
  const restarts = c?.restarts ?? 0;
  return {
    indent,
    title: titleOf(p, c),
    pid: p !== undefined ? String(p.pid) : isPid(c?.pid) ? String(c!.pid) : '-',
    type: supervisor ? (strategy === undefined ? 'supervisor' : `supervisor ${strategy}`) : 'worker',
    restart: c?.restart ?? '',
    status: statusOf(c, p),
    msgs: p === undefined ? '' : `${p.queueLength} msg${p.queueLength === 1 ? '' : 's'}`,
    note: restarts > 0 ? `restarted ${restarts}×${c!.previousPid === undefined ? '' : ` (was ${c!.previousPid})`}` : '',
    supervisor,
  };
}

function statusOf(c: SupervisedChild | undefined, p: Proc | undefined): string {
  if (p !== undefined) return statusNames[p.status];
  if (c?.pid === 'restarting') return 'restarting';
  if (c?.pid === undefined) return 'not running';
  return 'exited';
}

/** How a node is named: its child id, else its registered name, module or label. */
function titleOf(p: Proc | undefined, c: SupervisedChild | undefined): string {
  const name = p?.name;
  if (c !== undefined && c.id !== undefined) {
    const id = typeof c.id === 'string' ? c.id : refText(c.id);
    return name !== undefined && name !== id ? `${id} (${name})` : id;
  }
  if (name !== undefined) return name;
  const mod = p?.meta?.module;
  if (typeof mod === 'string' && mod !== '') return mod;
  return p?.label ?? '?';
}

const GAP = '  ';

/** The lines as aligned columns, the name column cut to fit `width`. */
function layout(lines: Line[], opts: TreeOptions): string {
  const cols = ['pid', 'type', 'restart', 'status', 'msgs'] as const;
  const widths: Record<(typeof cols)[number], number> = { pid: 0, type: 0, restart: 0, status: 0, msgs: 0 };
  let head = 0;
  for (const l of lines) {
    head = Math.max(head, l.indent.length + l.title.length);
    for (const c of cols) widths[c] = Math.max(widths[c], l[c].length);
  }
  const rest = cols.reduce((n, c) => n + (widths[c] === 0 ? 0 : widths[c] + GAP.length), 0);
  const width = opts.width ?? defaultWidth();
  head = Math.min(head, Math.max(12, width - rest));
  const color = opts.color === true;
  return lines
    .map((l) => {
      let name = l.indent + l.title;
      if (name.length > head) name = `${name.slice(0, head - 1)}…`;
      const titleCell = name.padEnd(head);
      const cells = [color && l.supervisor ? l.indent + colorize('heading', titleCell.slice(l.indent.length)) : titleCell];
      for (const c of cols) if (widths[c] > 0) cells.push(c === 'msgs' ? l.msgs.padStart(widths.msgs) : l[c].padEnd(widths[c]));
      if (l.note !== '') cells.push(color ? colorize('error', l.note) : l.note);
      return cells.join(GAP).trimEnd();
    })
    .join('\n');
}

function defaultWidth(): number {
  const columns = process.stdout.columns;
  return typeof columns === 'number' && columns > 0 ? columns : 80;
}

function watchTree(sup: ProcessRef | undefined, opts: TreeWatchOptions): LiveView {
  const out = writerOf(opts.out);
  const fullScreen = opts.fullScreen ?? out.isTTY;
  const input = opts.input ?? defaultKeys();
  const treeOpts: TreeOptions = { ascii: opts.ascii, color: opts.color, width: opts.width };
  const render = () => {
    const width = opts.width ?? out.columns ?? 80;
    let body: string;
    try {
      body = renderTree(sup, { ...treeOpts, width });
    } catch (err) {
      // The supervisor watched has gone (a name may come back when its own supervisor restarts it).
      if (!(err instanceof ArgumentError)) throw err;
      body = err.message.replace(/^tree: /, '').replace(/ tree\(\) with no argument.*$/, '');
    }
    const footer = input === undefined ? '' : '\n(watching: press any key to stop)';
    const rows = out.rows;
    if (fullScreen && rows !== undefined) {
      const lines = body.split('\n');
      const room = rows - (footer === '' ? 0 : 1);
      if (lines.length > room) body = [...lines.slice(0, room - 1), `… ${lines.length - room + 1} more lines`].join('\n');
    }
    return body + footer;
  };
  return runLive({
    out,
    input,
    fullScreen,
    render,
    start(redraw) {
      const [ask, cancel] = throttle(redraw, opts.interval ?? 100);
      const unsubscribe = subscribe(ask);
      return () => {
        unsubscribe();
        cancel();
      };
    },
    key: () => true,
  });
}
