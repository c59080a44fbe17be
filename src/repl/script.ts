/**
 * The shell without a terminal, in the main thread (no worker: nothing here needs Ctrl+C
 * to reach a busy loop, and starting a thread would only cost time):
 * - `beamish run FILE.ts [args]`: the file runs as the main process, with the prompt's
 *   globals; `import … from 'beamish'` is this package. Like `elixir script.exs`, the
 *   program ends when the script does, whatever processes are still running; a crash
 *   prints its report and exits with status 1.
 * - `beamish -e CODE`: evaluates CODE as a prompt input and prints the result.
 * - `echo '1+1' | beamish`: each input read from stdin is evaluated in turn and its result
 *   printed (no banner, no prompts: the output is the results). The exit status is 1 when an
 *   input failed, so a pipeline can tell.
 */
import { createInterface } from 'node:readline';
import { logCrashes, logRejections } from './crash_log.js';
import { installGlobals } from './globals.js';
import { type Outcome, Shell } from './shell.js';
import { showThrown } from './show.js';

export interface ScriptOptions {
  color: boolean;
  typecheck: boolean;
}

function out(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

function err(text: string): void {
  process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** Exits once what was written has been handed to the OS (pipes are asynchronous). */
async function exitAfterOutput(code: number): Promise<never> {
  await new Promise<void>((r) => process.stdout.write('', () => r()));
  await new Promise<void>((r) => process.stderr.write('', () => r()));
  process.exit(code);
}

async function newShell(opts: ScriptOptions, extra: { label: string; startupFile: boolean; print: (t: string) => void; restart?: boolean }): Promise<Shell> {
  installGlobals();
  let check: ((code: string, filename: string) => Promise<string | undefined>) | undefined;
  if (opts.typecheck) {
    const tc = await import('./typecheck.js');
    check = (code, filename) => tc.check(code, filename, opts.color, shell.accepted);
  }
  const shell: Shell = new Shell({
    color: opts.color,
    cwd: process.cwd(),
    print: extra.print,
    label: extra.label,
    startupFile: extra.startupFile,
    restart: extra.restart,
    columns: () => process.stdout.columns ?? 80,
    check,
  });
  logCrashes(err, opts.color);
  logRejections(err, (e) => showThrown(e, { color: opts.color }));
  await shell.start();
  return shell;
}

function evaluate(shell: Shell, code: string, filename?: string): Promise<Outcome> {
  return new Promise((resolve) => void shell.evaluate(code, { filename }, resolve));
}

/** `beamish run FILE [args]`. */
export async function runScript(file: string, args: string[], opts: ScriptOptions): Promise<never> {
  process.argv = [process.argv[0]!, file, ...args];
  const shell = await newShell(opts, { label: 'main', startupFile: false, print: err, restart: false });
  const outcome = await new Promise<Outcome>((resolve) => shell.evaluateFile(file, { record: false }, resolve));
  if (outcome.kind === 'done' && !outcome.ok) {
    if (outcome.text !== undefined) err(outcome.text);
    return exitAfterOutput(1);
  }
  return exitAfterOutput(0);
}

/** `beamish -e CODE`. */
export async function evalOnce(code: string, opts: ScriptOptions): Promise<never> {
  const shell = await newShell(opts, { label: 'shell', startupFile: false, print: out });
  const o = await evaluate(shell, code, '-e');
  if (o.kind === 'incomplete') {
    err('** (SyntaxError) -e: the code ends before it is complete');
    return exitAfterOutput(1);
  }
  if (o.text !== undefined) (o.ok ? out : err)(o.text);
  return exitAfterOutput(o.ok ? 0 : 1);
}

/** Inputs piped on stdin. */
export async function runPiped(opts: ScriptOptions): Promise<never> {
  const shell = await newShell(opts, { label: 'shell', startupFile: true, print: out });
  const lines = createInterface({ input: process.stdin, terminal: false });
  let buffer = '';
  let failed = false;
  for await (const line of lines) {
    buffer = buffer === '' ? line : `${buffer}\n${line}`;
    if (buffer.trim() === '') {
      buffer = '';
      continue;
    }
    if (buffer === '.exit') break;
    const o = await evaluate(shell, buffer);
    if (o.kind === 'incomplete') continue;
    buffer = '';
    if (o.text !== undefined) out(o.text);
    if (!o.ok) failed = true;
  }
  if (buffer.trim() !== '') {
    out('** (SyntaxError) the input ended before the last expression was complete');
    failed = true;
  }
  return exitAfterOutput(failed ? 1 : 0);
}
