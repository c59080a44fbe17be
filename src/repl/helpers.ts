/**
 * The helpers of the prompt, as iex's IEx.Helpers: `h`, `i`, `v`, `flush`, `processInfo`,
 * `respawn`, `clear` (and `pid`, which the runtime exports). They are globals at the prompt
 * and in scripts run by `beamish run`; they act on the shell they are attached to.
 */
import { isPid, pid as pidOf, Pid, Process, type ProcessInfo } from '../runtime/index.js';
import { clear as clearMailbox, queued } from '../runtime/internal.js';
import { docFor, type DocEntry } from './docs.js';
import { current, QUIET } from './helper_api.js';

const bold = (s: string, color: boolean) => (color ? `\x1b[1m${s}\x1b[22m` : s);

const HELP = `beamish: an iex for TypeScript. Type TypeScript; it runs inside the shell process.

Helpers
  h()            this help                    h(fn)          the doc and example of fn
  i(value)       information about a value    v() / v(n)     the last result / result n
  flush()        prints and returns the shell's messages
  pid('0.42.0')  a pid from its text          processInfo(p) what a process is doing
  respawn()      a new shell process (variables kept)          clear()  clears the screen

Every export of beamish is a global: spawn, spawnLink, self, send, receive, on, after,
exit, Process.*, GenServer.*, Supervisor.*, … Try h(spawn) or h(Process.monitor).

Commands
  .help  .load FILE  .save FILE  .editor  .type EXPR  .exit
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
      ['Description', 'Use processInfo(pid) for everything known about it.'],
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
 * Everything known about a process (Process.info), from a pid or its text: `'0.42.0'`;
 * undefined when it is not alive.
 *
 * @example The shell's own process
 * ```ts
 * processInfo(self())?.label; // 'shell'
 * processInfo('0.1.0'); // undefined
 * ```
 */
export function processInfo(p: Pid | string): ProcessInfo | undefined {
  if (typeof p === 'string') return Process.info(pidOf(p));
  if (!isPid(p)) {
    throw new TypeError(`processInfo(pid): expected a pid or its text such as '0.42.0', got ${typeof p}.`);
  }
  return Process.info(p);
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

