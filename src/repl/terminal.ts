/**
 * The terminal side of the interactive shell (as IEx.Server is apart from IEx.Evaluator):
 * prompt, line editing, history, completion, output, Ctrl+C. It runs in the main thread and
 * never runs user code, so it stays responsive whatever the runtime worker does.
 *
 * Keys go through `onKey` before readline sees them (readline reads from a stand-in input
 * that only gets the keys we pass on): that is where Ctrl+C, Ctrl+R (reverse search),
 * Ctrl+D in `.editor` mode, and type-ahead while an evaluation runs are handled.
 */
import { EventEmitter } from 'node:events';
import { writeFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import * as readline from 'node:readline';
import { Worker } from 'node:worker_threads';
import { appendHistory, historyFile, HISTORY_SIZE, loadHistory, searchHistory, trimHistory } from './history.js';
import { Interrupter } from './interrupt.js';
import type { FromWorker, ToWorker, WorkerOptions } from './protocol.js';

export interface TerminalOptions {
  color: boolean;
  typecheck: boolean;
  version: string;
  /** Open this tutorial lesson once the shell is up (`beamish tutorial N`). */
  tutorial?: number;
}

type Key = { name?: string; ctrl?: boolean; meta?: boolean; shift?: boolean; sequence?: string } | undefined;
type Completer = (err: null, result: [string[], string]) => void;

/** The tutorial's commands (TUTORIAL_COMMANDS of tutorial/session.ts, kept here so the terminal does not load the course). */
export const TUTORIAL_COMMAND_NAMES = ['tutorial', 'next', 'prev', 'check', 'hint', 'solution', 'progress'] as const;

const COMMANDS = ['.help', '.load', '.save', '.editor', '.type', ...TUTORIAL_COMMAND_NAMES.map((c) => `.${c}`), '.exit'];

const COMMAND_HELP = `.help        this list
.load FILE   evaluates FILE in the shell (its definitions stay), prints the last value
.save FILE   saves the inputs of this session to FILE
.editor      multi-line editing: Ctrl+D evaluates it, Ctrl+C cancels
.type EXPR   the TypeScript type of EXPR
.tutorial [N] opens tutorial lesson N (where you left off, without N)
.next .prev  the next / previous lesson
.check       grades your exercise file for the open lesson
.hint        the next hint      .solution  the answer (after a pass or the last hint)
.progress    the lessons and which you passed
.exit        leaves the shell (as Ctrl+D)
Helpers: h() lists them; h(fn) shows the doc of fn.`;

/** The stand-in input readline reads: keys arrive only through `emit('keypress', …)`. */
class KeyInput extends EventEmitter {
  readonly isTTY = true;
  constructor(private readonly real: NodeJS.ReadStream) {
    super();
  }
  setRawMode(on: boolean): this {
    this.real.setRawMode?.(on);
    return this;
  }
  resume(): this {
    this.real.resume();
    return this;
  }
  pause(): this {
    return this; // keep reading: Ctrl+C must get through while readline is paused
  }
}

/**
 * Starts the runtime worker. bin/beamish.ts calls this before the command line is even
 * parsed (loading yargs takes 50–100 ms) when the shell is the likely command, so the
 * runtime loads while the terminal side gets ready; the options follow in a message.
 */
export function startWorker(): Worker {
  return new Worker(new URL('./worker.js', import.meta.url), {
    execArgv: ['--no-force-async-hooks-checks'],
    stdout: false,
    stderr: false,
  });
}

export function startTerminal(opts: TerminalOptions, early?: Worker): void {
  const t0 = performance.now();
  const stdin = process.stdin;
  const stdout = process.stdout;
  const workerOptions: WorkerOptions = { color: opts.color, typecheck: opts.typecheck, cwd: process.cwd(), tutorial: opts.tutorial };
  const interrupter = new Interrupter();

  let worker = runtime(early);
  stdout.write(banner(opts));

  const input = new KeyInput(stdin);
  readline.emitKeypressEvents(stdin);
  stdin.setRawMode(true);
  const hfile = historyFile();
  const rl = readline.createInterface({
    input: input as unknown as NodeJS.ReadableStream,
    output: stdout,
    terminal: true,
    history: loadHistory(hfile),
    historySize: HISTORY_SIZE,
    removeHistoryDuplicates: false,
    completer: complete,
    tabSize: 2,
  } as readline.ReadLineOptions);
  const rli = rl as readline.Interface & { line: string; cursor: number; prevRows: number; history: string[]; clearLine(): void };

  /** starting: the worker is loading; idle: the prompt is shown; busy: an input runs. */
  let state: 'starting' | 'idle' | 'busy' = 'starting';
  let counter = 1;
  let buffer = '';
  let seq = 0;
  let current: { id: number; final: boolean; code: string } | undefined;
  let typeahead: [string | undefined, Key][] = [];
  let sawCtrlC = false;
  let editor: string[] | undefined;
  let search: { query: string; at: number; saved: string } | undefined;
  let exiting = false;
  /** A live view in the runtime reads the keys: they go to it, not to the prompt. */
  let forwarding = false;
  const inputs: string[] = [];
  const completions = new Map<number, Completer>();

  function runtime(started?: Worker): Worker {
    const w = started ?? startWorker();
    w.postMessage({ t: 'config', options: workerOptions } satisfies ToWorker);
    // Only the first runtime opens the lesson: a restarted one starts a plain prompt.
    workerOptions.tutorial = undefined;
    w.on('message', onMessage);
    w.on('error', (err) => show(`** (runtime) the runtime thread failed: ${err instanceof Error ? err.message : String(err)}\n`));
    w.on('exit', (code) => {
      if (exiting) return;
      interrupter.forget();
      show(`** (runtime) the runtime thread ended (code ${code}); starting a new one: variables and processes are lost\n`);
      current = undefined;
      buffer = '';
      forwarding = false;
      state = 'starting';
      worker = runtime();
    });
    return w;
  }

  function post(m: ToWorker): void {
    worker.postMessage(m);
  }

  // ---- output ----

  let pendingOut = '';
  let outScheduled = false;
  let atLineStart = true;

  /** Shows text from the runtime: above the prompt and the line being typed, never inside it. */
  function show(text: string): void {
    pendingOut += text;
    if (!outScheduled) {
      outScheduled = true;
      setImmediate(flushOut);
    }
  }

  function flushOut(): void {
    outScheduled = false;
    if (pendingOut === '') return;
    const text = pendingOut;
    pendingOut = '';
    if (state === 'idle') {
      clearPromptArea();
      write(text.endsWith('\n') ? text : `${text}\n`);
      redraw();
    } else {
      write(text);
    }
  }

  function write(text: string): void {
    if (text === '') return;
    stdout.write(text);
    atLineStart = text.endsWith('\n');
  }

  function clearPromptArea(): void {
    const rows = search !== undefined ? 0 : rl.getCursorPos().rows;
    readline.moveCursor(stdout, 0, -rows);
    readline.cursorTo(stdout, 0);
    readline.clearScreenDown(stdout);
  }

  function redraw(): void {
    if (search !== undefined) return renderSearch();
    rli.prevRows = 0;
    rl.prompt(true);
  }

  function promptText(): string {
    if (editor !== undefined) return '';
    return buffer === '' ? `beamish(${counter})> ` : `...(${counter})> `;
  }

  function showPrompt(): void {
    flushOut();
    if (!atLineStart) write('\n');
    state = 'idle';
    rl.setPrompt(promptText());
    rl.prompt(true);
    const keys = typeahead;
    typeahead = [];
    for (const [s, k] of keys) onKey(s, k);
  }

  // ---- messages from the runtime ----

  function onMessage(m: FromWorker): void {
    switch (m.t) {
      case 'ready':
        counter = m.counter;
        if (process.env.BEAMISH_DEBUG_STARTUP) write(`(ready in ${(performance.now() - t0).toFixed(0)} ms; ${performance.now().toFixed(0)} ms since the process started)\n`);
        showPrompt();
        break;
      case 'out':
        show(m.text);
        break;
      case 'incomplete':
        if (current?.id !== m.id) return;
        if (current.final) {
          finish(`** (SyntaxError) the input ends before it is complete`);
        } else {
          current = undefined;
          showPrompt();
        }
        break;
      case 'done':
        if (current?.id !== m.id) return;
        if (current.code !== '') inputs.push(current.code);
        counter = m.counter;
        finish(m.text);
        break;
      case 'completions': {
        const cb = completions.get(m.id);
        completions.delete(m.id);
        cb?.(null, [m.items, m.word]);
        break;
      }
      case 'keys':
        forwarding = m.on;
        break;
      case 'exit':
        quit(m.code);
        break;
    }
  }

  function finish(text: string | undefined): void {
    current = undefined;
    buffer = '';
    flushOut();
    if (text !== undefined && text !== '') {
      if (!atLineStart) write('\n');
      write(`${text}\n`);
    }
    showPrompt();
  }

  function submit(code: string, final = false, message?: ToWorker): void {
    const id = ++seq;
    current = { id, final, code };
    state = 'busy';
    if (message !== undefined) post({ ...message, id } as ToWorker);
    else post({ t: 'eval', id, code, columns: stdout.columns ?? 80, rows: stdout.rows ?? 24 });
  }

  // ---- lines and commands ----

  rl.on('line', (line: string) => {
    appendHistory(hfile, line);
    if (editor !== undefined) {
      editor.push(line);
      return;
    }
    if (buffer === '' && /^\.[a-z]+(\s|$)/.test(line.trim())) return command(line.trim());
    buffer = buffer === '' ? line : `${buffer}\n${line}`;
    if (buffer.trim() === '') {
      buffer = '';
      return showPrompt();
    }
    submit(buffer);
  });

  function command(line: string): void {
    const name = line.split(/\s+/, 1)[0]!;
    const arg = line.slice(name.length).trim();
    switch (name) {
      case '.help':
        write(`${COMMAND_HELP}\n`);
        return showPrompt();
      case '.exit':
        return quit(0);
      case '.editor':
        editor = [];
        write('// Entering editor mode (Ctrl+D to finish, Ctrl+C to cancel)\n');
        return showPrompt();
      case '.load':
        if (arg === '') return finish('** .load needs a file: .load path/to/file.ts');
        return submit('', true, { t: 'load', id: 0, path: resolvePath(arg), columns: stdout.columns ?? 80 });
      case '.save':
        if (arg === '') return finish('** .save needs a file: .save session.ts');
        try {
          writeFileSync(resolvePath(arg), `${inputs.join('\n')}\n`);
          return finish(`Session saved to ${arg} (${inputs.length} inputs)`);
        } catch (err) {
          return finish(`** could not save to ${arg}: ${(err as Error).message}`);
        }
      case '.type':
        if (arg === '') return finish('** .type needs an expression: .type spawn');
        return submit('', true, { t: 'type', id: 0, expr: arg });
      default:
        if ((TUTORIAL_COMMAND_NAMES as readonly string[]).includes(name.slice(1))) {
          return submit('', true, { t: 'tutorial', id: 0, command: name.slice(1), arg });
        }
        return finish(`** unknown command ${name}: .help lists the commands`);
    }
  }

  function finishEditor(): void {
    const code = [...editor!, rli.line].join('\n');
    editor = undefined;
    rli.clearLine();
    if (code.trim() === '') return showPrompt();
    submit(code, true);
  }

  // ---- keys ----

  function onKey(s: string | undefined, key: Key): void {
    if (forwarding) {
      post({ t: 'key', key: s ?? key?.sequence ?? '' });
      return;
    }
    if (key?.ctrl && key.name === 'c') {
      void onCtrlC();
      return;
    }
    if (state !== 'idle') {
      typeahead.push([s, key]);
      return;
    }
    if (search !== undefined) return searchKey(s, key);
    sawCtrlC = false;
    if (key?.ctrl && key.name === 'r') return startSearch();
    if (editor !== undefined && key?.ctrl && key.name === 'd') return finishEditor();
    input.emit('keypress', s, key);
  }
  stdin.on('keypress', onKey);

  let interrupting = false;

  async function onCtrlC(): Promise<void> {
    if (interrupting) return; // one stop at a time: a second terminate could hit the recovery
    interrupting = true;
    try {
      await ctrlC();
    } finally {
      interrupting = false;
    }
  }

  async function ctrlC(): Promise<void> {
    // Starting, the worker may be stuck in the startup file: stop it the same way.
    if (state === 'busy' || state === 'starting') {
      typeahead = [];
      const who = await interrupter.who();
      if (who === undefined) {
        show('** (interrupted) the runtime did not answer; press Ctrl+C again\n');
      } else if (who.busy) {
        await interrupter.terminate();
        post({ t: 'interrupted', who });
      } else {
        post({ t: 'abandon' });
      }
      return;
    }
    if (state !== 'idle') return;
    if (search !== undefined) return cancelSearch();
    if (editor !== undefined) {
      editor = undefined;
      rli.clearLine();
      return showPrompt();
    }
    // The prompt is idle, but a process may be spinning in the background.
    const who = await interrupter.who(300);
    if (who?.busy) {
      await interrupter.terminate();
      post({ t: 'interrupted', who });
      return;
    }
    if (rli.line !== '' || buffer !== '') {
      buffer = '';
      sawCtrlC = false;
      rli.clearLine();
      return showPrompt();
    }
    if (sawCtrlC) return quit(0);
    sawCtrlC = true;
    clearPromptArea();
    write('(To exit, press Ctrl+C again or Ctrl+D or type .exit)\n');
    redraw();
  }

  // ---- reverse search (Ctrl+R) ----

  function startSearch(): void {
    search = { query: '', at: -1, saved: rli.line };
    clearPromptArea();
    renderSearch();
  }

  function renderSearch(): void {
    const s = search!;
    const match = s.at >= 0 ? rli.history[s.at]! : '';
    readline.cursorTo(stdout, 0);
    readline.clearScreenDown(stdout);
    const text = `(reverse-i-search)'${s.query}': ${match}`;
    const width = stdout.columns ?? 80;
    write(text.length >= width ? `${text.slice(0, width - 2)}…` : text);
  }

  function searchKey(s: string | undefined, key: Key): void {
    const st = search!;
    if (key?.ctrl && key.name === 'r') {
      const next = searchHistory(rli.history, st.query, st.at + 1);
      if (next >= 0) st.at = next;
      return renderSearch();
    }
    if (key?.ctrl && key.name === 'g') return cancelSearch();
    if (key?.name === 'backspace') {
      st.query = st.query.slice(0, -1);
      st.at = st.query === '' ? -1 : searchHistory(rli.history, st.query, 0);
      return renderSearch();
    }
    if (key?.name === 'return' || key?.name === 'enter') {
      acceptSearch();
      input.emit('keypress', s, key);
      return;
    }
    if (s !== undefined && !key?.ctrl && !key?.meta && s.length === 1 && s >= ' ') {
      st.query += s;
      const found = searchHistory(rli.history, st.query, Math.max(0, st.at));
      if (found >= 0) st.at = found;
      return renderSearch();
    }
    // Any other key (arrows, Escape, Ctrl+A…) takes the match into the line for editing.
    acceptSearch();
    if (key?.name !== 'escape') input.emit('keypress', s, key);
  }

  function setLine(text: string): void {
    readline.cursorTo(stdout, 0);
    readline.clearScreenDown(stdout);
    rli.line = text;
    rli.cursor = text.length;
    rli.prevRows = 0;
    rl.prompt(true);
  }

  function acceptSearch(): void {
    const st = search!;
    search = undefined;
    setLine(st.at >= 0 ? rli.history[st.at]! : st.saved);
  }

  function cancelSearch(): void {
    const st = search!;
    search = undefined;
    setLine(st.saved);
  }

  // ---- completion ----

  function complete(line: string, cb: Completer): void {
    if (state !== 'idle') return cb(null, [[], line]);
    if (/^\.[a-z]*$/.test(line)) return cb(null, [COMMANDS.filter((c) => c.startsWith(line)), line]);
    const id = ++seq;
    completions.set(id, cb);
    post({ t: 'complete', id, line: buffer === '' ? line : `${buffer}\n${line}` });
    setTimeout(() => {
      if (completions.delete(id)) cb(null, [[], line]);
    }, 300).unref();
  }

  // ---- leaving ----

  rl.on('close', () => quit(0));

  function quit(code: number): void {
    if (exiting) return;
    exiting = true;
    flushOut();
    if (!atLineStart) write('\n');
    trimHistory(hfile);
    interrupter.close();
    stdin.setRawMode(false);
    void worker.terminate().finally(() => process.exit(code));
  }
}

function banner(opts: TerminalOptions): string {
  const text = `beamish ${opts.version} (Node ${process.version}) - h() for help, .help for commands, Ctrl+D to exit\n`;
  return opts.color ? `\x1b[2m${text}\x1b[22m` : text;
}
