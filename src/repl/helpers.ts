/**
 * The helpers of the prompt, as iex's IEx.Helpers: `h`, `i`, `v`, `flush`, `processInfo`,
 * `respawn`, `clear` (and `pid`, which the runtime exports). They are globals at the prompt
 * and in scripts run by `beamish run`; they act on the shell they are attached to.
 */
import * as inspect from '../inspect/index.js';
import { seq as seqDiagram } from '../inspect/seq.js';
import type { ProcessRef } from '../inspect/describe.js';
import { isPid, Process } from '../runtime/index.js';
import { clear as clearMailbox, queued } from '../runtime/internal.js';
import { docFor, type DocEntry } from './docs.js';
import { current, currentTerminal, holdPrompt, QUIET, type ShellApi } from './helper_api.js';

const bold = (s: string, color: boolean) => (color ? `\x1b[1m${s}\x1b[22m` : s);

const HELP = `beamish: an iex for TypeScript. Type TypeScript; it runs inside the shell process.

Helpers
  h()            this help                    h(fn)          the doc and example of fn
  i(value)       information about a value    v() / v(n)     the last result / result n
  flush()        prints and returns the shell's messages
  pid('0.42.0')  a pid from its text          processInfo(p) a process in panes
  respawn()      a new shell process (variables kept)          clear()  clears the screen

Looking at the running system
  tree(sup?)     a supervision tree           tree(sup, { watch: true })  live, any key ends
  processes()    the process table            top()          the busiest processes, live (q ends)
  trace(p)       prints what p does           untrace(p?)    stops tracing p (or all)
  seq(fn)        a sequence diagram of the messages while fn runs
  observer()     a live page in the browser   observer.stop()  closes it

Every export of beamish is a global: spawn, spawnLink, self, send, receive, on, after,
exit, Process.*, GenServer.*, Supervisor.*, … Try h(spawn) or h(Process.monitor).

Commands
  .help  .load FILE  .save FILE  .editor  .type EXPR  .exit
  .tutorial [N]  .next  .prev  .check  .hint  .solution  .progress   (the tutorials)
Keys
  Tab completes · Ctrl+R searches history · Ctrl+C interrupts, twice exits · Ctrl+D exits`;

/**
 * Help: `h()` lists the helpers and commands; `h(fn)` shows the doc and the example of a
 * beamish function (the same text the doctests run).
 *
 * @example Read the doc of spawn
 * ```ts
 * h(spawn);
 * h(Process.monitor);
 * h();
 * ```
 */
export function h(fn?: unknown): typeof QUIET {
  const s = current('h()');
  if (arguments.length === 0) {
    s.print(HELP);
    return QUIET;
  }
  const entry = docFor(fn);
  s.print(entry === undefined ? noDoc(fn) : formatDoc(entry, s.color));
  return QUIET;
}

function noDoc(fn: unknown): string {
  if (typeof fn === 'function') {
    const name = fn.name || 'this function';
    return `No documentation for ${name}: h() documents beamish's own functions (try h(spawn)).`;
  }
  return `h(fn) shows the documentation of a function, such as h(spawn) or h(Process.link); got ${typeof fn === 'object' && fn !== null ? 'an object' : typeof fn}.`;
}

/** The doc as iex's `h` shows it: the signature, the text, each example under its title. */
function formatDoc(entry: DocEntry, color: boolean): string {
  const text = entry.doc.replace(/@example[ \t]*([^\n]*)\n```\w*\n([\s\S]*?)```/g, (_m, title: string, code: string) => {
    const body = code.trimEnd().split('\n').map((l) => `    ${l}`).join('\n');
    return `${bold(title.trim() === '' ? 'Example' : `Example: ${title.trim()}`, color)}\n${body}`;
  });
  return `${bold(entry.signature ?? entry.qualified, color)}\n\n${text.trim()}`;
}

/**
 * Prints what a value is: its type, and for a pid whether it is alive and what it does
 * (iex's `i/1`).
 *
 * @example Look at a pid and a tuple
 * ```ts
 * i(self());
 * i(['ok', 42]);
 * ```
 */
export function i(value?: unknown): typeof QUIET {
  const s = current('i()');
  const rows: [string, string][] = [['Term', s.show(value)], ['Data type', dataType(value)]];
  for (const row of describe(value)) rows.push(row);
  s.print(rows.map(([k, v]) => `${bold(k, s.color)}\n  ${v.split('\n').join('\n  ')}`).join('\n'));
  return QUIET;
}

function dataType(v: unknown): string {
  if (v === null) return 'null';
  if (isPid(v)) return 'Pid';
  if (Array.isArray(v)) return 'Array (a tuple or a list in Erlang terms)';
  if (typeof v === 'string') return /^[a-z_][\w@]*$/.test(v) ? 'string (an atom in Erlang terms)' : 'string';
  if (typeof v === 'function') return /^class\s/.test(Function.prototype.toString.call(v)) ? 'class' : 'function';
  if (typeof v === 'object') {
    const proto = Object.getPrototypeOf(v);
    if (proto === null) return 'object (no prototype)';
    const name = (proto.constructor as { name?: string } | undefined)?.name;
    return name && name !== 'Object' ? name : 'object';
  }
  return typeof v;
}

function describe(v: unknown): [string, string][] {
  if (isPid(v)) {
    const info = Process.info(v);
    if (info === undefined) return [['Alive', 'false'], ['Description', 'A process that has exited (or a pid never spawned here).']];
    return [
      ['Alive', 'true'],
      ['Name', info.registeredName ?? '(not registered)'],
      ['Label', info.label],
      ['Status', info.status],
      ['Message queue length', String(info.messageQueueLen)],
      ['Links', info.links.join(', ') || '(none)'],
        ['Description', 'Use processInfo(pid) for everything known about it, Process.info(pid) for it as an object.'],
    ];
  }
  if (typeof v === 'string') return [['Length', `${v.length} UTF-16 code units, ${Buffer.byteLength(v)} bytes in UTF-8`]];
  if (Array.isArray(v)) return [['Length', String(v.length)]];
  if (typeof v === 'function') {
    const entry = docFor(v);
    const rows: [string, string][] = [['Name', v.name || '(anonymous)'], ['Parameters', String(v.length)]];
    if (entry !== undefined) rows.push(['Description', entry.doc.trim().split('\n\n')[0]!]);
    return rows;
  }
  if (v instanceof Map || v instanceof Set) return [['Size', String(v.size)]];
  if (v instanceof Error) return [['Message', v.message]];
  if (typeof v === 'object' && v !== null) return [['Keys', Object.keys(v).join(', ') || '(none)']];
  return [];
}

/**
 * The result of an earlier prompt, as iex's `v/1`: `v()` is the last result, `v(3)` the
 * result of prompt 3, `v(-2)` the one before the last.
 *
 * @example Reuse the last result
 * ```ts
 * 6 * 7;
 * v(); // 42
 * v(-1) + 1; // 43
 * ```
 */
export function v(n = -1): unknown {
  if (typeof n !== 'number' || !Number.isInteger(n) || n === 0) {
    throw new TypeError(`v(n): n is a prompt number (v(3)) or a negative offset (v(-1) is the last result), got ${String(n)}.`);
  }
  return current('v()').result(n);
}

/**
 * Takes every message waiting in the shell's mailbox, prints each one, and returns them
 * (iex's `flush/0`).
 *
 * @example Messages sent to the shell
 * ```ts
 * send(self(), 'hello');
 * flush(); // ['hello']
 * ```
 */
export function flush(): unknown[] {
  const s = current('flush()');
  const p = s.proc;
  const messages = queued(p);
  clearMailbox(p);
  for (const m of messages) s.print(s.show(m));
  return messages;
}

/**
 * Prints everything known about a process in panes (overview, links, monitors, mailbox,
 * GenServer state, ancestors), as iex's `i/1` prints rather than returns: the panes of
 * the inspect layer's `processInfo`, fitted to the terminal. `p` is a pid, its text
 * (`'0.42.0'`) or a registered name. `Process.info(p)` gives the same facts as an object.
 *
 * @example The shell's own process
 * ```ts
 * processInfo(self());
 * Process.info(self())?.label; // 'shell'
 * ```
 */
export function processInfo(p: ProcessRef): typeof QUIET {
  const s = current('processInfo()');
  s.print(inspect.processInfo(p, { color: s.color, width: width(s) }));
  return QUIET;
}

/**
 * Prints a supervision tree (every top-level supervisor when `sup` is left out); with
 * `{ watch: true }` it is redrawn as it changes until a key is pressed, and the prompt
 * waits meanwhile. The inspect layer's `tree` (h(tree) there) returns the text instead.
 *
 * @example A supervisor and its child
 * ```ts
 * const [, sup] = await Supervisor.startLink([{ id: 'worker', start: () => GenServer.startLink({ init: () => ['ok', 0] }, null) }], { strategy: 'one_for_one' });
 * tree(sup);
 * ```
 */
export function tree(sup?: ProcessRef | inspect.TreeOptions, opts?: inspect.TreeOptions | Omit<inspect.TreeWatchOptions, 'out' | 'input'>): typeof QUIET | inspect.LiveView {
  const s = current('tree()');
  const optsFirst = typeof sup === 'object' && sup !== null && !isPid(sup) && !Array.isArray(sup);
  const ref = optsFirst ? undefined : (sup as ProcessRef | undefined);
  const o = { color: s.color, width: width(s), ...((optsFirst ? sup : opts) as inspect.TreeOptions | undefined) };
  if ((o as { watch?: boolean }).watch === true) {
    return live(s, (io) => inspect.tree(ref, { ...o, watch: true, ...io }));
  }
  s.print(inspect.tree(ref, o));
  return QUIET;
}

/**
 * Prints the process table (pid, name, label, status, mailbox, reductions, memory), as
 * observer_cli's process list; `opts` sorts, filters and limits it (see the inspect
 * layer's `processTable`).
 *
 * @example The busiest five by mailbox length
 * ```ts
 * processes();
 * processes({ sort: 'messages', desc: true, limit: 5 });
 * ```
 */
export function processes(opts: inspect.ProcessTableOptions = {}): typeof QUIET {
  const s = current('processes()');
  s.print(inspect.processTable({ color: s.color, width: width(s), ...opts }));
  return QUIET;
}

/**
 * The busiest processes, refreshed every second until `q` (keys: `r`, `m`, `M` sort by
 * reductions, mailbox, memory). At the interactive prompt it takes the screen and the
 * prompt waits until `q`; where no terminal is attached (`beamish run`) it prints one frame.
 *
 * @example One frame of the busiest processes
 * ```ts
 * top({ interval: 60_000 });
 * ```
 */
export function top(opts: Omit<inspect.TopOptions, 'out' | 'input'> = {}): typeof QUIET | inspect.LiveView {
  const s = current('top()');
  return live(s, (io) => inspect.top({ color: s.color, ...opts, ...io }));
}

/**
 * Prints what a process does as it happens (messages in and out, signals, its exit, a
 * GenServer's new state), above the prompt, until `untrace(p)`. See the inspect layer's
 * `trace` for the details.
 *
 * @example Trace a counter
 * ```ts
 * const [, pid] = await GenServer.start({ init: () => ['ok', 0], handleCast: (m, n) => ['noreply', n + 1] }, null);
 * trace(pid);
 * GenServer.cast(pid, 'inc');
 * untrace(pid);
 * ```
 */
export function trace(pidOrName: ProcessRef): inspect.Tracer {
  const s = current('trace()');
  return inspect.trace(pidOrName, { color: s.color, out: (t) => s.print(t) });
}

/**
 * Stops tracing a process, or every traced process when none is named.
 *
 * @example Stop every trace
 * ```ts
 * untrace(); // 'ok'
 * ```
 */
export function untrace(pidOrName?: ProcessRef): 'ok' {
  return pidOrName === undefined ? inspect.untrace() : inspect.untrace(pidOrName);
}

/**
 * Runs `fn`, draws a sequence diagram of the messages it caused (calls, replies, casts,
 * spawns, exits, DOWNs), one arrow a message, and returns the same diagram as Mermaid text.
 *
 * @example A call drawn as arrows
 * ```ts
 * const [, pid] = await GenServer.start({ init: () => ['ok', 0], handleCall: (m, from, n) => ['reply', n, n] }, null);
 * const mermaid = await seq(() => GenServer.call(pid, 'get'));
 * mermaid.startsWith('sequenceDiagram'); // true
 * ```
 */
export async function seq(fn: () => unknown): Promise<string> {
  const s = current('seq()');
  return seqDiagram(fn, { width: width(s), out: { write: (text: string) => s.print(text.replace(/\n$/, '')) } });
}

/**
 * Opens the live observer page (supervision trees, processes, messages) and prints its
 * address to open in a browser; `observer.stop()` closes it.
 *
 * @example Open the page, then close it
 * ```ts
 * await observer();
 * await observer.stop();
 * ```
 */
export const observer = Object.assign(
  async function observer(): Promise<typeof QUIET> {
    const s = current('observer()');
    s.print(`The observer runs at ${await inspect.observer()}\nOpen it in a browser; observer.stop() closes it.`);
    return QUIET;
  },
  { stop: (): Promise<void> => inspect.observer.stop() },
);

function width(s: ShellApi): number {
  return s.columns();
}

/**
 * A live view on the shell's terminal, holding the prompt until it ends; without a
 * terminal (a script) one frame is printed and the view stopped.
 */
function live(s: ShellApi, start: (io: { out: inspect.Output; input?: inspect.KeyInput }) => inspect.LiveView): typeof QUIET | inspect.LiveView {
  const term = currentTerminal();
  if (term === undefined) {
    const view = start({ out: (t) => s.print(t) });
    view.stop();
    return QUIET;
  }
  return holdPrompt(start({ out: term.out, input: term.keys }));
}

/**
 * Starts a new shell process, as iex's `respawn/0`: the old one exits (its links see
 * `'shutdown'`), `self()` changes, and every variable is kept.
 *
 * @example A fresh shell process, the same variables
 * ```ts
 * const before = self();
 * respawn();
 * self() === before; // false
 * ```
 */
export function respawn(): typeof QUIET {
  current('respawn()').respawn();
  return QUIET;
}

/**
 * Clears the terminal screen (iex's `clear/0`).
 *
 * @example Clear the screen
 * ```ts
 * clear();
 * ```
 */
export function clear(): typeof QUIET {
  current('clear()').print('\x1b[H\x1b[2J\x1b[3J');
  return QUIET;
}

