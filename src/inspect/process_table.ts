/**
 * The process table of `processes()`: erl's `i()` on one line a process (pid, registered
 * name, initial call or label, status, mailbox length, reductions, memory) with a Total
 * line, sortable and filterable.
 *
 * Decisions:
 * - Columns and their headings follow `i()` (`Msgs`, `Reds`); `i()`'s two lines a process
 *   become one, and its heap words become the runtime's memory estimate in bytes.
 * - The label column is the process's label (the module of a GenServer, the function's
 *   name of a spawn) and, for OTP processes, their behaviour: `Counter (GenServer)`.
 * - Numbers sort largest first (as `top` does), text and pids ascending; `desc` flips it.
 * - Rows are read through `Process.list()`/`Process.info()`, the same facts a user sees.
 */
import { Process, type Pid, type ProcessInfo } from '../runtime/index.js';
import { colorize } from './colors.js';

/** One process as the table shows it. */
export interface ProcessRow {
  pid: Pid;
  name: string | undefined;
  label: string;
  behaviour: string | undefined;
  status: ProcessInfo['status'];
  messages: number;
  reductions: number;
  memory: number;
}

export type ProcessSortKey = 'pid' | 'name' | 'label' | 'status' | 'messages' | 'reductions' | 'memory';

export interface ProcessTableOptions {
  /** The column to sort by; default `'pid'`. */
  sort?: ProcessSortKey;
  /** Reverse the order (numbers are largest first unless `desc: false`). */
  desc?: boolean;
  /**
   * Which processes: text (found, ignoring case, in the pid, name, label, behaviour or
   * status), a RegExp tried on the same, or a predicate on the row.
   */
  filter?: string | RegExp | ((row: ProcessRow) => boolean);
  /** At most this many rows, then a line saying how many more; default all. */
  limit?: number;
  /** Columns available; the label and name columns shrink to fit. Default 80 or the terminal's. */
  width?: number;
  color?: boolean;
}

const NUMERIC = new Set<ProcessSortKey>(['messages', 'reductions', 'memory']);
const SORT_KEYS: readonly ProcessSortKey[] = ['pid', 'name', 'label', 'status', 'messages', 'reductions', 'memory'];

/**
 * The live processes as rows, filtered and sorted as `processTable` shows them.
 *
 * @example Find a registered process by name
 * ```ts
 * const p = spawn(() => receive());
 * Process.register(p, 'finder');
 * processRows({ filter: 'finder' }).map((r) => r.name); // ['finder']
 * ```
 */
export function processRows(opts: Pick<ProcessTableOptions, 'sort' | 'desc' | 'filter'> = {}): ProcessRow[] {
  const rows: ProcessRow[] = [];
  for (const pid of Process.list()) {
    const info = Process.info(pid);
    if (info !== undefined) rows.push(rowOf(info));
  }
  return sortRows(rows.filter(matcher(opts.filter)), opts.sort ?? 'pid', opts.desc);
}

function rowOf(info: ProcessInfo): ProcessRow {
  const meta = info.meta;
  const behaviour = typeof meta?.behaviour === 'string' ? meta.behaviour : undefined;
  return {
    pid: info.pid,
    name: info.registeredName,
    label: typeof info.label === 'string' ? info.label : '',
    behaviour,
    status: info.status,
    messages: info.messageQueueLen,
    reductions: info.reductions,
    memory: info.memory,
  };
}

function matcher(filter: ProcessTableOptions['filter']): (row: ProcessRow) => boolean {
  if (filter === undefined) return () => true;
  if (typeof filter === 'function') return filter;
  const text = (r: ProcessRow) => `${r.pid} ${r.name ?? ''} ${r.label} ${r.behaviour ?? ''} ${r.status}`;
  if (filter instanceof RegExp) {
    return (r) => {
      filter.lastIndex = 0;
      return filter.test(text(r));
    };
  }
  if (typeof filter === 'string') {
    const needle = filter.toLowerCase();
    return (r) => text(r).toLowerCase().includes(needle);
  }
  throw new TypeError(`processes: filter is text, a RegExp or a function of the row, got ${typeof filter}. Write processes({ filter: 'worker' }).`);
}

function sortRows(rows: ProcessRow[], key: ProcessSortKey, desc: boolean | undefined): ProcessRow[] {
  if (!SORT_KEYS.includes(key)) {
    throw new TypeError(`processes: cannot sort by ${JSON.stringify(key)}; sort by one of ${SORT_KEYS.map((k) => `'${k}'`).join(', ')}.`);
  }
  const sign = (desc ?? NUMERIC.has(key)) ? -1 : 1;
  const byPid = (a: ProcessRow, b: ProcessRow) => a.pid.node - b.pid.node || a.pid.id - b.pid.id || a.pid.serial - b.pid.serial;
  const cmp = (a: ProcessRow, b: ProcessRow): number => {
    if (key === 'pid') return byPid(a, b);
    if (NUMERIC.has(key)) return (a[key] as number) - (b[key] as number);
    return String(a[key] ?? '').localeCompare(String(b[key] ?? ''));
  };
  return rows.sort((a, b) => sign * cmp(a, b) || byPid(a, b));
}

/**
 * The live processes as a table, like erl's `i()`: pid, name, initial call or label,
 * status, mailbox length, reductions and memory, then a Total line.
 *
 * @example The busiest mailboxes first
 * ```ts
 * const p = spawn(() => receive(() => false), { label: 'table_example' });
 * send(p, 'a'); send(p, 'b');
 * processRows({ filter: 'table_example', sort: 'messages' })[0].messages; // 2
 * processTable({ filter: 'table_example' }).split('\n').length; // 3
 * ```
 */
export function processTable(opts: ProcessTableOptions = {}): string {
  return renderProcessTable(processRows(opts), opts);
}

interface Column {
  title: string;
  right: boolean;
  cell: (r: ProcessRow) => string;
  /** Columns that may be cut to fit the width, and how narrow they may get. */
  min?: number;
}

const COLUMNS: Column[] = [
  { title: 'Pid', right: false, cell: (r) => String(r.pid) },
  { title: 'Name', right: false, cell: (r) => r.name ?? '', min: 8 },
  { title: 'Initial call / label', right: false, cell: labelText, min: 12 },
  { title: 'Status', right: false, cell: (r) => r.status },
  { title: 'Msgs', right: true, cell: (r) => String(r.messages) },
  { title: 'Reds', right: true, cell: (r) => String(r.reductions) },
  { title: 'Memory', right: true, cell: (r) => bytes(r.memory) },
];

/**
 * A process's label with its behaviour when that says more: `Counter (GenServer)`.
 *
 * @example A GenServer and a plain process
 * ```ts
 * labelText({ label: 'Counter', behaviour: 'GenServer' }); // 'Counter (GenServer)'
 * labelText({ label: 'worker', behaviour: undefined }); // 'worker'
 * ```
 */
export function labelText(r: Pick<ProcessRow, 'label' | 'behaviour'>): string {
  if (r.behaviour === undefined || r.behaviour === r.label) return r.label || r.behaviour || '';
  return r.label === '' ? r.behaviour : `${r.label} (${r.behaviour})`;
}

/**
 * Bytes as a person reads them: `512 B`, `1.5 KB`, `2.0 MB`.
 *
 * @example Sizes
 * ```ts
 * bytes(512); // '512 B'
 * bytes(1536); // '1.5 KB'
 * ```
 */
export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

const GAP = '  ';

/**
 * The table of `rows` (already filtered and sorted), as `processTable` prints it: for
 * tools that pick their own rows.
 *
 * @example An empty table
 * ```ts
 * renderProcessTable([]).split('\n')[0]; // 'Pid    Name  Initial call / label  Status  Msgs  Reds  Memory'
 * ```
 */
export function renderProcessTable(rows: readonly ProcessRow[], opts: Pick<ProcessTableOptions, 'limit' | 'width' | 'color'> = {}): string {
  const limit = opts.limit ?? Infinity;
  const shown = rows.slice(0, limit);
  const cells = shown.map((r) => COLUMNS.map((c) => c.cell(r)));
  const total = rows.reduce((t, r) => ({ messages: t.messages + r.messages, reductions: t.reductions + r.reductions, memory: t.memory + r.memory }), {
    messages: 0,
    reductions: 0,
    memory: 0,
  });
  const totalCells = ['Total', '', `${rows.length} process${rows.length === 1 ? '' : 'es'}`, '', String(total.messages), String(total.reductions), bytes(total.memory)];
  const widths = COLUMNS.map((c, i) => Math.max(c.title.length, totalCells[i]!.length, ...cells.map((row) => row[i]!.length)));
  fitWidths(widths, opts.width ?? defaultWidth());
  const line = (row: string[]) =>
    row
      .map((cell, i) => {
        const w = widths[i]!;
        const cut = cell.length > w ? `${cell.slice(0, w - 1)}…` : cell;
        return COLUMNS[i]!.right ? cut.padStart(w) : cut.padEnd(w);
      })
      .join(GAP)
      .trimEnd();
  const heading = line(COLUMNS.map((c) => c.title));
  const out = [opts.color ? colorize('heading', heading) : heading, ...cells.map(line)];
  if (rows.length > shown.length) out.push(`... ${rows.length - shown.length} more (limit: ${limit})`);
  out.push(line(totalCells));
  return out.join('\n');
}

/** Narrows the columns that may be cut (label first, then name) until the table fits. */
function fitWidths(widths: number[], width: number): void {
  let over = widths.reduce((a, b) => a + b, 0) + GAP.length * (widths.length - 1) - width;
  for (const i of [2, 1]) {
    if (over <= 0) return;
    const give = Math.min(over, widths[i]! - COLUMNS[i]!.min!);
    if (give > 0) {
      widths[i]! -= give;
      over -= give;
    }
  }
}

function defaultWidth(): number {
  const columns = process.stdout.columns;
  return typeof columns === 'number' && columns > 0 ? columns : 80;
}
