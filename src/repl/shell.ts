/**
 * The shell's evaluator, apart from the terminal (as IEx.Evaluator is apart from
 * IEx.Server): it runs each input inside the shell process, keeps the user's variables,
 * numbers the results for `v(n)`, and replaces the shell process when a crash reaches it.
 *
 * Decisions:
 * - Variables live in `scope`, not in the process, so a crash that kills the shell process
 *   loses none of them; the new shell process (new `self()`) sees them all. iex loses them.
 * - An error thrown by the typed code is printed and changes nothing else: the shell process
 *   survives, as iex 1.14's evaluator does for `raise` and `exit` at the prompt (checked).
 *   Only an exit signal (a linked crash, `Process.exit(self(), …)`) replaces it.
 * - The prompt counter moves only on success, as iex's: the failed input's number is reused.
 * - Ctrl+C that finds the worker idle but an evaluation pending (awaiting a receive, a timer,
 *   a promise) gives the evaluation up: the prompt returns and the shell process stays the
 *   same. The awaited operation is not cancelled: if it completes later, the rest of the
 *   abandoned code runs then, as the shell process (JavaScript cannot cancel a promise).
 * - Ctrl+C that finds synchronous code running (V8 terminated it, see terminal.ts) stops it:
 *   the prompt's own code returns to the prompt; another process's code makes that process
 *   exit with `['interrupted', …]`, so its links, monitors and supervisor react; whoever
 *   was in a GenServer.call to it on that stack ends as the call ends when a server exits
 *   (the prompt prints `** (exit) exited in: GenServer.call(…)`). Terminated
 *   code's `catch`/`finally` never run, and microtasks queued at that instant may be lost.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pid as pidFromText, spawn } from '../runtime/index.js';
import { cancelReceive, exitProc, host, procOf, resetCurrent, runAs, type Proc } from '../runtime/internal.js';
import { trackUnwoundCalls, type UnwoundCall, unwoundCalls } from '../otp/gen_server.js';
import { attachHelpers, holdsPrompt, QUIET, type ShellApi } from './helper_api.js';
import { folderUrl, importFrom, importMeta, type ImportOptions } from './imports.js';
import type { Who } from './protocol.js';
import { showReason, showThrown, showValue } from './show.js';
import { compile, type CompiledInput, transform } from './transform.js';


/** What an input came to: more lines needed, or done (with text to print, if any). */
export type Outcome = { kind: 'incomplete' } | { kind: 'done'; ok: boolean; text?: string };

/** The reason a process stopped by Ctrl+C exits with. */
export const INTERRUPTED = ['interrupted', 'stopped by Ctrl+C while running a synchronous loop'] as const;

export interface ShellOptions {
  color: boolean;
  /** The working folder: imports and `.beamish.ts` are found from it. */
  cwd: string;
  /** Shows text to the user (above the prompt). */
  print(text: string): void;
  /** The label of the shell process (`shell`; `main` for scripts). */
  label?: string;
  /** Terminal width for printing results. */
  columns?(): number;
  /** Run `.beamish.ts` at start and after each restart (default true). */
  startupFile?: boolean;
  /** Start a new shell process when a signal kills this one (default true; scripts: false). */
  restart?: boolean;
  /** Type errors found before running an input stop it (see typecheck.ts). */
  check?(code: string, filename: string): Promise<string | undefined>;
}

export interface EvalOptions {
  filename?: string;
  /** URL that relative imports resolve against (default: the working folder). */
  base?: string;
  /** Record the result for v(n) and print it (default true); false prints errors only. */
  record?: boolean;
  /** The startup file, run by start() and restarts. */
  startup?: boolean;
}

interface Pending {
  finish(outcome: () => Outcome): void;
  /** Attaches the handlers that finish it to the evaluation's promise (again, after an interrupt). */
  watch(): void;
}

export class Shell implements ShellApi {
  /** The user's variables: they outlive shell processes. */
  readonly scope: Record<string, unknown> = Object.create(null);
  /** The number of the next prompt (iex's counter). */
  counter = 1;
  /** The inputs that ran without error, oldest first: what `.type` and the type checker know. */
  readonly accepted: string[] = [];
  proc!: Proc;
  private readonly results = new Map<number, unknown>();
  private pending: Pending | undefined;
  private restarting: Promise<void> = Promise.resolve();
  private quietExit = false;
  private inStartup = false;

  constructor(readonly opts: ShellOptions) {
    attachHelpers(this);
    trackUnwoundCalls();
  }

  columns(): number {
    return this.opts.columns?.() ?? 80;
  }

  get color(): boolean {
    return this.opts.color;
  }

  get busy(): boolean {
    return this.pending !== undefined;
  }

  print(text: string): void {
    this.opts.print(text);
  }

  show(value: unknown): string {
    return showValue(value, this.showOptions());
  }

  private showOptions() {
    return { color: this.opts.color, columns: this.opts.columns?.() };
  }

  /** Starts the shell process and runs the startup file. */
  async start(): Promise<void> {
    this.proc = await this.spawnShell();
    await this.runStartupFile();
  }

  private spawnShell(): Promise<Proc> {
    return new Promise((resolve) => {
      const label = this.opts.label ?? 'shell';
      // The process function never returns: the shell process lives until a signal kills it.
      const body = () => {
        resolve(proc);
        return new Promise<never>(() => {});
      };
      const pid = runAs(undefined, () => spawn(body, { label }), undefined);
      const proc = procOf(pid)!;
      proc.onExit = (reason) => this.exited(proc, reason);
    });
  }

  private exited(proc: Proc, reason: unknown): void {
    if (proc !== this.proc) return;
    if (!this.quietExit) {
      this.print(`** (EXIT from ${proc.pid}) ${proc.label} process exited with reason: ${showReason(reason, this.showOptions())}`);
    }
    const quiet = this.quietExit;
    this.quietExit = false;
    // A startup file that kills the shell would do it again at every restart, forever.
    const startup = !this.inStartup;
    // An evaluation blocked in the dead process (a receive, say) is abandoned.
    this.pending?.finish(() => ({ kind: 'done', ok: quiet }));
    if (!startup) this.print('(the startup file ended the shell process: the new one starts without it)');
    if (this.opts.restart !== false) this.restarting = this.restart(quiet, startup);
  }

  private async restart(respawned: boolean, startup: boolean): Promise<void> {
    // Not inside the dying process's exit notification.
    await new Promise((r) => host.setImmediate(r));
    this.proc = await this.spawnShell();
    if (respawned) this.print(`(respawned: the shell process is now ${this.proc.pid}; variables kept)`);
    if (startup) await this.runStartupFile();
  }

  /** Starts a new shell process; the old one exits with 'shutdown'. */
  respawn(): void {
    this.quietExit = true;
    exitProc(this.proc, 'shutdown');
  }

  /** The result of prompt `n`, or the n-th last when n < 0. */
  result(n: number): unknown {
    const k = n < 0 ? this.counter + n : n;
    if (!this.results.has(k)) {
      const have = this.results.size === 0 ? 'there is no result yet' : `results kept: ${Math.min(...this.results.keys())} to ${this.counter - 1}`;
      throw new RangeError(`v(${n}): no result ${n < 0 ? `${-n} back` : `number ${n}`} (${have}).`);
    }
    return this.results.get(k);
  }

  /**
   * Evaluates one input. `reply` gets the outcome exactly once. It is a callback, not a
   * returned promise, because a Ctrl+C that terminates the input's synchronous code also
   * unwinds whatever awaited it: the outcome then comes from `interrupted()`.
   */
  async evaluate(code: string, opts: EvalOptions, reply: (o: Outcome) => void): Promise<void> {
    // Inputs wait for a restart to finish, except the startup file the restart runs.
    if (!opts.startup) await this.restarting;
    const filename = opts.filename ?? `beamish(${this.counter})`;
    const t = transform(code, { filename });
    if (t.kind === 'incomplete') return reply({ kind: 'incomplete' });
    if (t.kind === 'error') return reply({ kind: 'done', ok: false, text: this.syntaxError(t, code, filename) });
    if (this.opts.check !== undefined) {
      const problems = await this.opts.check(code, filename);
      if (problems !== undefined) return reply({ kind: 'done', ok: false, text: problems });
    }
    let fn: CompiledInput;
    try {
      fn = compile(t.js, filename);
    } catch (err) {
      return reply({ kind: 'done', ok: false, text: showThrown(err, this.showOptions()) });
    }
    this.run(code, fn, opts, reply);
  }

  private run(code: string, fn: CompiledInput, opts: EvalOptions, reply: (o: Outcome) => void): void {
    const shell = this.proc;
    const record = opts.record ?? true;
    const base = opts.base ?? folderUrl(this.opts.cwd);
    let running: Promise<{ value: unknown }> | undefined;
    const pending: Pending = {
      finish: (outcome) => {
        if (this.pending !== pending) return;
        this.pending = undefined;
        reply(outcome());
      },
      watch: () =>
        void running?.then(
          (r) => {
            const done = () => pending.finish(() => (shell.dead ? { kind: 'done', ok: false } : this.success(code, holdsPrompt(r?.value) ? QUIET : r?.value, record)));
            // A live view (top(), a watched tree) holds the prompt until it ends.
            if (holdsPrompt(r?.value)) void r.value.then(done, done);
            else done();
          },
          (err) => pending.finish(() => (shell.dead ? { kind: 'done', ok: false } : { kind: 'done', ok: false, text: showThrown(err, this.showOptions()) })),
        ),
    };
    this.pending = pending;
    const importer = Object.assign((specifier: string, options?: ImportOptions) => importFrom(specifier, base, options), {
      meta: importMeta(base),
    });
    // User code starts in a microtask of its own, never on the stack of whoever awaits the
    // outcome: if Ctrl+C terminates it, only that microtask unwinds (start() awaiting the
    // startup file, say, survives and gets the outcome from interrupted()).
    host.queueMicrotask(() => {
      running = runAs(shell, () => fn(this.scope, importer), undefined);
      pending.watch();
    });
  }

  private success(code: string, value: unknown, record: boolean): Outcome {
    this.accepted.push(code);
    if (!record) return { kind: 'done', ok: true };
    const n = this.counter++;
    this.results.set(n, value === QUIET ? undefined : value);
    if (this.results.size > 1000) this.results.delete(this.results.keys().next().value!);
    return { kind: 'done', ok: true, text: value === QUIET ? undefined : this.show(value) };
  }

  private syntaxError(t: { message: string; line: number; column: number }, code: string, filename: string): string {
    const lines = code.split('\n');
    const src = lines[t.line - 1] ?? '';
    const head = `** (SyntaxError) ${filename}:${t.line}:${t.column + 1}: ${t.message}`;
    const text = src.trim() === '' ? head : `${head}\n    ${src}\n    ${' '.repeat(Math.max(0, t.column))}^`;
    return this.opts.color ? `\x1b[31m${text}\x1b[39m` : text;
  }

  /** Evaluates a file's contents as one input (`.load FILE`, the startup file). */
  evaluateFile(path: string, opts: Omit<EvalOptions, 'filename' | 'base'>, reply: (o: Outcome) => void): void {
    let code: string;
    try {
      code = readFileSync(path, 'utf8');
    } catch (err) {
      const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
      return reply({ kind: 'done', ok: false, text: `** (File.Error) could not load ${path}: ${why}` });
    }
    void this.evaluate(code, { ...opts, filename: path, base: pathToFileURL(path).href }, (o) =>
      reply(o.kind === 'incomplete' ? { kind: 'done', ok: false, text: `** (SyntaxError) ${path}: unexpected end of file` } : o),
    );
  }

  private runStartupFile(): Promise<void> {
    if (this.opts.startupFile === false) return Promise.resolve();
    const file = [join(this.opts.cwd, '.beamish.ts'), join(homedir(), '.beamish.ts')].find((f) => existsSync(f));
    if (file === undefined) return Promise.resolve();
    this.inStartup = true;
    return new Promise((resolve) =>
      this.evaluateFile(file, { record: false, startup: true }, (o) => {
        this.inStartup = false;
        if (o.kind === 'done' && !o.ok && o.text !== undefined) this.print(`** error in the startup file ${file}:\n${o.text}`);
        resolve();
      }),
    );
  }

  /**
   * Ctrl+C found the worker idle while an evaluation is pending: give the evaluation up.
   * Returns false when nothing was pending.
   */
  abandon(): boolean {
    if (this.pending === undefined) return false;
    cancelReceive(this.proc);
    this.pending.finish(() => ({ kind: 'done', ok: false, text: '** (interrupted) stopped waiting: the evaluation is abandoned, the shell process is the same' }));
    return true;
  }

  /** V8 has just terminated the synchronous code `who` describes: mark what it stopped. */
  interrupted(who: Who): void {
    resetCurrent();
    const calls = unwoundCalls();
    const target = who.pid === undefined ? undefined : procOf(pidFromText(who.pid));
    if (target !== undefined && target !== this.proc && !target.dead) {
      exitProc(target, [...INTERRUPTED]);
      this.print(`** (interrupted) ${target.pid} (${target.label}) was stopped by Ctrl+C in a synchronous loop; it exits with reason ${showReason([...INTERRUPTED], this.showOptions())}`);
      if (this.endCallers(calls)) return;
      // V8 drops the microtasks queued when it terminates: the evaluation may have finished
      // and lost the reaction that reports it. Watching its promise again recovers that.
      const pending = this.pending;
      pending?.watch();
      host.setImmediate(() => {
        if (pending !== undefined && this.pending === pending) this.print('(the evaluation still waits: Ctrl+C again gives it up)');
      });
      return;
    }
    if (this.pending !== undefined) {
      cancelReceive(this.proc);
      this.pending.finish(() => ({ kind: 'done', ok: false, text: '** (interrupted) the evaluation was stopped by Ctrl+C' }));
      return;
    }
    this.print(`** (interrupted) ${target !== undefined ? 'code of the shell process' : 'code outside any process'} was stopped by Ctrl+C`);
  }

  /**
   * A GenServer call to an idle server runs the server's handler on the caller's stack, so
   * stopping the handler unwound its callers too, in the middle of their GenServer.call. Each
   * ends as that call ends in OTP when the server exits: a process exits with the call's exit
   * reason, and the prompt's evaluation fails with it (`** (exit) exited in: GenServer.call(…)`).
   * Returns true when the evaluation was one of the callers (it has then finished).
   */
  private endCallers(calls: UnwoundCall[]): boolean {
    for (const call of calls.reverse()) {
      const failure = call.failure(call.target.dead ? call.target.exitReason : [...INTERRUPTED]);
      if (call.caller === this.proc) {
        if (this.pending === undefined) return false;
        cancelReceive(this.proc);
        this.pending.finish(() => ({ kind: 'done', ok: false, text: showThrown(failure, this.showOptions()) }));
        return true;
      }
      if (call.caller.dead) continue;
      exitProc(call.caller, failure.reason);
      this.print(`** (interrupted) ${call.caller.pid} (${call.caller.label}) was in a GenServer.call to ${call.target.pid} on the stopped stack; it exits with reason ${showReason(failure.reason, this.showOptions())}`);
    }
    return false;
  }
}
