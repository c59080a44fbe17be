/**
 * Runs a lesson's transcripts as the shell would: one Shell (the prompt's evaluator, its
 * globals, its printer, the shell process), inputs in order, and everything printed while an
 * input runs and just after it (process output, crash reports, the result) collected as the
 * lines that input printed.
 */
import { Console } from 'node:console';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Process, settle } from '../../src/index.js';
import { setReportHandler } from '../../src/otp/index.js';
import { logCrashes } from '../../src/repl/crash_log.js';
import { installGlobals } from '../../src/repl/globals.js';
import { Shell } from '../../src/repl/shell.js';
import { showThrown } from '../../src/repl/show.js';
import type { TranscriptStep } from '../../src/repl/tutorial/course.js';

export interface Ran {
  step: TranscriptStep;
  lines: string[];
}

export async function runTranscript(blocks: TranscriptStep[][]): Promise<Ran[]> {
  let captured = '';
  const print = (text: string) => {
    captured += text.endsWith('\n') ? text : `${text}\n`;
  };
  const sink = new Writable({
    write(chunk, _enc, cb) {
      captured += String(chunk);
      cb();
    },
  });
  const realConsole = globalThis.console;
  const realStdout = process.stdout.write;
  const realStderr = process.stderr.write;
  globalThis.console = new Console(sink, sink);
  const write = ((chunk: unknown, ...rest: unknown[]) => {
    captured += String(chunk);
    const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    cb?.();
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = write;
  process.stderr.write = write;
  const previousReports = setReportHandler(undefined);
  installGlobals();
  const shell = new Shell({ color: false, cwd: mkdtempSync(path.join(tmpdir(), 'beamish-lesson-')), print, startupFile: false, columns: () => 80 });
  // As the shell does: OTP reports and crashes of plain processes printed through it.
  const stopCrashLog: unknown = logCrashes(print, (e) => showThrown(e, { color: false, columns: 80 }), () => shell.proc, false);
  const ran: Ran[] = [];
  const before = new Set(Process.list().map(String));
  try {
    await shell.start();
    for (const step of blocks.flat()) {
      captured = '';
      await new Promise<void>((resolve) =>
        void shell.evaluate(step.input, {}, (o) => {
          if (o.kind === 'incomplete') print(`(incomplete input)`);
          else if (o.text !== undefined) print(o.text);
          resolve();
        }),
      );
      await settle(5);
      ran.push({ step, lines: captured.replace(/\n$/, '').split('\n') });
    }
  } finally {
    // The next lesson starts from a clean runtime: no process, no name left from this one.
    for (let pass = 0; pass < 2; pass++) {
      for (const p of Process.list()) if (!before.has(String(p)) && p !== shell.proc.pid) Process.exit(p, 'kill');
      await settle();
    }
    if (typeof stopCrashLog === 'function') stopCrashLog();
    setReportHandler(previousReports);
    globalThis.console = realConsole;
    process.stdout.write = realStdout;
    process.stderr.write = realStderr;
  }
  return ran;
}
