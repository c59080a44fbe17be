/**
 * `top()`: the busiest processes, refreshed every second, as observer_cli's process view:
 * the `processes()` table sorted by the reductions each process ran since the last
 * refresh (or by mailbox length, or memory), cut to the terminal's height.
 *
 * Decisions:
 * - Reductions are counted since the last refresh, as observer_cli and etop count them, so
 *   a process busy now rises to the top while one that was busy an hour ago does not.
 *   The first frame counts since each process started.
 * - Keys, as observer_cli's: `q` (or Ctrl+C) leaves, `r` sorts by reductions, `m` by
 *   mailbox length, `M` by memory, space or Enter refreshes at once.
 * - On a terminal it draws in the alternate screen and leaves it on `q`, so the prompt and
 *   everything above it come back as they were.
 * - It runs on the runtime's clock: a test (or a tutorial) advances a ManualClock instead
 *   of waiting a second.
 */
import { clock } from '../runtime/index.js';
import { processRows, renderProcessTable, type ProcessRow } from './process_table.js';
import { defaultKeys, type KeyInput, type LiveView, type Output, runLive, writerOf } from './terminal.js';

export type TopSort = 'reductions' | 'messages' | 'memory';

export interface TopOptions {
  /** What the busiest means; default `'reductions'`. */
  sort?: TopSort;
  /** Milliseconds between refreshes (runtime clock); default 1000. */
  interval?: number;
  /** Where frames are drawn; default `process.stdout`. */
  out?: Output;
  /** Keys (`q` leaves); default stdin when it is a terminal. */
  input?: KeyInput;
  /** Draw in the alternate screen and give the terminal back after; default when `out` is a terminal. */
  fullScreen?: boolean;
  /** Columns and lines to fit; default the terminal's, else 80 × 24. */
  width?: number;
  height?: number;
  color?: boolean;
}

const SORTS: readonly TopSort[] = ['reductions', 'messages', 'memory'];
const KEYS: Record<string, TopSort> = { r: 'reductions', m: 'messages', M: 'memory' };
const QUIT = new Set(['q', 'Q', '\u0003']);
const REFRESH = new Set([' ', '\r', '\n']);

/** Lines a frame spends on other things than process rows: 2 header lines, a blank, the headings, `... N more`, Total. */
const CHROME = 6;

/**
 * A live view of the busiest processes, refreshed every second until `q` is pressed (or
 * `stop()` is called on the view it returns, which is also a promise that settles when
 * the view ends).
 *
 * @example The first frame, written to a recorder
 * ```ts
 * const frames: string[] = [];
 * const view = top({ out: (t) => frames.push(t), interval: 60_000 });
 * view.stop();
 * await view;
 * frames[0].startsWith('beamish top'); // true
 * ```
 */
export function top(opts: TopOptions = {}): LiveView {
  let sort = opts.sort ?? 'reductions';
  if (!SORTS.includes(sort)) {
    throw new TypeError(`top: cannot sort by ${JSON.stringify(sort)}; sort by one of ${SORTS.map((s) => `'${s}'`).join(', ')}.`);
  }
  const interval = opts.interval ?? 1000;
  if (!(typeof interval === 'number' && interval > 0)) throw new TypeError(`top: interval is a number of milliseconds > 0, got ${String(interval)}.`);
  const out = writerOf(opts.out);
  const input = opts.input ?? defaultKeys();
  let previous = new Map<number, number>();
  let first = true;

  const render = (): string => {
    const rows = processRows({ sort: sort === 'reductions' ? 'pid' : sort });
    const seen = new Map<number, number>();
    let active = 0;
    for (const r of rows) {
      seen.set(r.pid.id, r.reductions);
      r.reductions -= previous.get(r.pid.id) ?? 0;
      if (r.status === 'running' || r.status === 'runnable') active++;
    }
    previous = seen;
    if (sort === 'reductions') rows.sort(byReductions);
    const since = first ? 'since each process started' : 'since the last refresh';
    first = false;
    const height = opts.height ?? out.rows ?? 24;
    const table = renderProcessTable(rows, { width: opts.width ?? out.columns ?? 80, limit: Math.max(1, height - CHROME), color: opts.color });
    const keys = input === undefined ? '' : ' · q quits, r/m/M sort, space refreshes';
    return [
      `beamish top · ${rows.length} process${rows.length === 1 ? '' : 'es'} · ${active} running · sorted by ${sort}${keys}`,
      `Reds: reductions ${since} · every ${interval / 1000} s`,
      '',
      table,
    ].join('\n');
  };

  return runLive({
    out,
    input,
    fullScreen: opts.fullScreen ?? out.isTTY,
    render,
    start(redraw) {
      let timer = clock().setTimer(interval, function tick() {
        redraw();
        timer = clock().setTimer(interval, tick);
      });
      return () => clock().clearTimer(timer);
    },
    key(k, view) {
      if (QUIT.has(k)) return true;
      const to = KEYS[k];
      if (to !== undefined) sort = to;
      if (to !== undefined || REFRESH.has(k)) view.refresh();
      return false;
    },
  });
}

function byReductions(a: ProcessRow, b: ProcessRow): number {
  return b.reductions - a.reductions || a.pid.id - b.pid.id;
}
