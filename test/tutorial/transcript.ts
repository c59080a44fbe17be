/**
 * The prompt without a terminal, for tests: one Shell (the prompt's evaluator, its globals,
 * its printer, the shell process, crash reports printed through it as the shell prints
 * them), inputs typed one after the other, and everything printed while an input runs and
 * just after it (process output, crash reports, the result) collected as that input's lines.
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

export class TestPrompt {
  private captured = '';
  private readonly before = new Set(Process.list().map(String));
  private readonly restore: () => void;
  readonly shell: Shell;

  private constructor(cwd: string) {
    const print = (text: string) => {
      this.captured += text.endsWith('\n') ? text : `${text}\n`;
    };
    const sink = new Writable({
      write: (chunk, _enc, cb) => {
        this.captured += String(chunk);
        cb();
      },
    });
    const realConsole = globalThis.console;
    const realStdout = process.stdout.write;
    const realStderr = process.stderr.write;
    globalThis.console = new Console(sink, sink);
    const write = ((chunk: unknown, ...rest: unknown[]) => {
      this.captured += String(chunk);
      (rest.find((r) => typeof r === 'function') as (() => void) | undefined)?.();
      return true;
    }) as typeof process.stdout.write;
    process.stdout.write = write;
    process.stderr.write = write;
    const previousReports = setReportHandler(undefined);
    installGlobals();
    this.shell = new Shell({ color: false, cwd, print, startupFile: false, columns: () => 80 });
    // As the shell does: OTP reports and crashes of plain processes printed through it.
    logCrashes(print, false);
    this.restore = () => {
      setReportHandler(previousReports);
      globalThis.console = realConsole;
      process.stdout.write = realStdout;
      process.stderr.write = realStderr;
    };
  }

  static async start(cwd = mkdtempSync(path.join(tmpdir(), 'beamish-lesson-'))): Promise<TestPrompt> {
    const prompt = new TestPrompt(cwd);
    await prompt.shell.start();
    return prompt;
  }

  /** What `work` and the processes it set going printed, as lines. */
  async capture(work: (print: (text: string) => void) => Promise<void>): Promise<string[]> {
    this.captured = '';
    await work((text) => {
      this.captured += text.endsWith('\n') ? text : `${text}\n`;
    });
    await settle(5);
    return this.captured.replace(/\n$/, '').split('\n');
  }

  /** Types `input` at the prompt; resolves to the lines printed. */
  type(input: string): Promise<string[]> {
    return this.capture(
      (print) =>
        new Promise<void>((resolve) =>
          void this.shell.evaluate(input, {}, (o) => {
            if (o.kind === 'incomplete') print('(incomplete input)');
            else if (o.text !== undefined) print(o.text);
            resolve();
          }),
        ),
    );
  }

  /** Stops every process started since the prompt opened (but the shell's), and puts the console back. */
  async close(): Promise<void> {
    for (let pass = 0; pass < 2; pass++) {
      for (const p of Process.list()) if (!this.before.has(String(p)) && p !== this.shell.proc.pid) Process.exit(p, 'kill');
      await settle();
    }
    this.restore();
  }
}

export interface Ran {
  step: TranscriptStep;
  lines: string[];
}

/** Types every input of a lesson's transcripts, in order, in one shell. */
export async function runTranscript(blocks: TranscriptStep[][]): Promise<Ran[]> {
  const prompt = await TestPrompt.start();
  const ran: Ran[] = [];
  try {
    for (const step of blocks.flat()) ran.push({ step, lines: await prompt.type(step.input) });
  } finally {
    await prompt.close();
  }
  return ran;
}
