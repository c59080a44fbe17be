/**
 * The tutorials and the inspection views wired into the real `beamish` binary, driven in a
 * pseudo-terminal: `beamish tutorial N`, the dot-commands, `--check-all`, and `tree()`,
 * `seq()`, `processes()`, `top()` at the prompt.
 */
import { execFile } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { lineMatches, loadCourse } from '../../src/repl/tutorial/course.js';
import { TUTORIAL_COMMANDS } from '../../src/repl/tutorial/index.js';
import { TUTORIAL_COMMAND_NAMES } from '../../src/repl/terminal.js';
import { lesson0, lesson5, type Walkthrough } from '../tutorial/fixtures/walkthroughs.js';
import { BIN, sandbox, Term } from './pty.js';

const PROMPT = /^(beamish|\.\.\.)\(\d+\)> /;
let term: Term | undefined;
afterEach(() => term?.kill());

async function start(args: string[], cwd = sandbox()): Promise<Term> {
  term = await Term.start({ args, cwd, cols: 200, rows: 50, env: { XDG_STATE_HOME: cwd } });
  return term;
}

/** Types `input`, waits for the next prompt, and returns the lines printed in between. */
async function enter(t: Term, input: string): Promise<string[]> {
  const before = (await t.lines()).filter((l) => PROMPT.test(l)).length;
  t.line(input);
  const deadline = Date.now() + 15_000;
  for (;;) {
    const lines = await t.lines();
    const prompts = lines.flatMap((l, k) => (PROMPT.test(l) ? [k] : []));
    if (prompts.length > before && PROMPT.test(lines.at(-1)!) && lines.at(-1)!.replace(PROMPT, '') === '') {
      // Crash reports come a moment after the result: they are printed above the prompt.
      await new Promise((r) => setTimeout(r, 300));
      const settled = await t.lines();
      return settled.slice(prompts[before - 1]! + 1, -1);
    }
    if (Date.now() > deadline) throw new Error(`no prompt after ${input}; the screen:\n${lines.join('\n')}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The lines of `expect` appear in `lines`, in this order (others may come between). */
function expectInOrder(lines: string[], expected: string[]): void {
  let k = 0;
  for (const want of expected) {
    while (k < lines.length && !lineMatches(want, lines[k]!)) k++;
    expect(k < lines.length, `missing ${JSON.stringify(want)} in:\n${lines.join('\n')}`).toBe(true);
    k++;
  }
}

async function walk(w: Walkthrough): Promise<void> {
  const dir = sandbox();
  const t = await start(['tutorial', String(w.lesson)], dir);
  expectInOrder(await t.lines(), w.start);
  const lesson = loadCourse().find((l) => l.number === w.lesson)!;
  for (const step of w.steps) {
    if ('copySolution' in step) {
      copyFileSync(lesson.solutionFile, path.join(dir, 'beamish-tutorial', `${lesson.id}.ts`));
      continue;
    }
    expectInOrder(await enter(t, step.input), step.expect);
  }
}

describe('beamish tutorial', () => {
  it('the terminal knows the same tutorial commands as the session', () => {
    expect([...TUTORIAL_COMMAND_NAMES]).toEqual([...TUTORIAL_COMMANDS]);
  });

  it('.tutorial 0, self() and .check: the prompt step passes', async () => {
    const t = await start([]);
    expectInOrder(await enter(t, '.tutorial 0'), ['The shell is a process']);
    await enter(t, 'self()');
    expectInOrder(await enter(t, '.check'), ['  ✓ at the prompt, you asked the shell for its pid with self()']);
  });

  it('walks lesson 0 as a person would (walkthroughs.ts)', async () => {
    await walk(lesson0);
  }, 60_000);

  it('walks lesson 5 as a person would (walkthroughs.ts)', async () => {
    await walk(lesson5);
  }, 90_000);

  it('--check-all grades every lesson and exits 0', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [BIN, 'tutorial', '--check-all'], { cwd: sandbox(), timeout: 120_000 });
    expect(stdout).toContain('14 passed, 0 failed');
  }, 130_000);
});

describe('inspection views at the prompt', () => {
  it('tree() draws a supervisor started at the prompt, and its child', async () => {
    const t = await start([]);
    await enter(t, "const [, sup] = await Supervisor.startLink([{ id: 'counter', start: () => GenServer.startLink({ init: () => ['ok', 0] }, null, { name: 'counter' }) }], { strategy: 'one_for_one' })");
    const out = (await enter(t, 'tree()')).join('\n');
    expect(out).toMatch(/#PID<0\.\d+\.0>/);
    expect(out).toContain('counter');
    expect(out).toMatch(/[├└]─ /);
  });

  it('seq(fn) prints a sequence diagram with arrows', async () => {
    const t = await start([]);
    await enter(t, "const [, pid] = await GenServer.start({ init: () => ['ok', 0], handleCall: (m, from, n) => ['reply', n, n] }, null)");
    const out = (await enter(t, "await seq(() => GenServer.call(pid, 'get'))")).join('\n');
    // The drawing: a column per process, arrows between lifelines; then the Mermaid text it returns.
    expect(out).toMatch(/│─+ CALL 'get' ─+▶│/);
    expect(out).toMatch(/│◀─* ?REPLY 0 ─+│/);
    expect(out).toContain('sequenceDiagram');
  });

  it('processes() prints the table; processInfo(self()) prints panes', async () => {
    const t = await start([]);
    expect((await enter(t, 'processes()')).join('\n')).toContain('shell');
    expect((await enter(t, 'processInfo(self())')).join('\n')).toContain('shell');
  });

  it('top() takes the keys until q, then the prompt comes back intact', async () => {
    const t = await start([]);
    t.line('top()');
    await t.waitFor('beamish top');
    t.write('q');
    await t.prompt(2);
    expect(await enter(t, '1 + 1')).toContain('2');
  });
});
