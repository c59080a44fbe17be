/**
 * The tutorial inside a shell: TutorialSession's dot-commands, the learner's files, and
 * the progress it keeps.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run, self, send, spawn } from '../../src/index.js';
import { TutorialSession } from '../../src/repl/tutorial/index.js';
import { PROGRESS_FILE } from '../../src/repl/tutorial/progress.js';

const sessions: TutorialSession[] = [];
afterEach(() => sessions.splice(0).forEach((s) => s.close()));

function setup(accepted: string[] = []) {
  const dir = mkdtempSync(path.join(tmpdir(), 'beamish-session-'));
  const workDir = path.join(dir, 'work');
  const stateDir = path.join(dir, 'state');
  const make = () => {
    const s = new TutorialSession({ workDir, stateDir, prompt: { accepted } });
    sessions.push(s);
    return s;
  };
  return { workDir, stateDir, accepted, make, session: make() };
}

describe('TutorialSession.open', () => {
  it("copies the lesson's stub to beamish-tutorial/NN-slug.ts, with a tsconfig for the editor", () => {
    const { session, workDir } = setup();
    const text = session.open(3);
    const file = path.join(workDir, 'beamish-tutorial', '03-listening-loop.ts');
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(session.lessons[3]!.exerciseFile, 'utf8'));
    expect(text).toContain('Your exercise file: beamish-tutorial/03-listening-loop.ts');
    const tsconfig = JSON.parse(readFileSync(path.join(workDir, 'beamish-tutorial', 'tsconfig.json'), 'utf8'));
    expect(existsSync(tsconfig.compilerOptions.paths.beamish[0])).toBe(true);
  });

  it("never overwrites the learner's file", () => {
    const { session } = setup();
    session.open(1);
    const file = session.fileOf(session.lessons[1]!);
    writeFileSync(file, '// my work\n');
    session.open(1);
    expect(readFileSync(file, 'utf8')).toBe('// my work\n');
  });

  it('shows the lesson text, without the Markdown fences', () => {
    const { session } = setup();
    const text = session.open(0);
    expect(text.split('\n')[0]).toBe('The shell is a process');
    expect(text).toContain('    beamish> self()');
    expect(text).not.toContain('```');
  });

  it('says which lessons exist when asked for one that does not', () => {
    const { session } = setup();
    expect(session.open(99)).toBe('There is no lesson 99: the lessons are 0 to 13. .progress lists them.');
  });
});

describe('TutorialSession .check', () => {
  it('counts only what was typed at the prompt after the lesson opened', async () => {
    const { session, accepted } = setup(['self()', 'Process.isAlive(self())']);
    session.open(0);
    let text = await session.command('check');
    expect(text).toContain('  ✗ at the prompt, you asked the shell for its pid with self()');
    accepted.push('self()');
    text = await session.command('check');
    expect(text).toContain('  ✓ at the prompt, you asked the shell for its pid with self()');
    expect(text).toContain('  ✗ at the prompt, you asked whether the shell is alive with Process.isAlive(self())');
  });

  it('loads the file as it is now: an edit is seen by the next check', async () => {
    const { session, accepted } = setup();
    session.open(0);
    accepted.push('self()', 'Process.isAlive(self())');
    expect(await session.command('check')).toContain('  ✗ me() in your file returns the pid of the process that calls it');
    writeFileSync(session.fileOf(session.lesson!), readFileSync(session.lesson!.solutionFile, 'utf8'));
    expect(await session.command('check')).toContain('Lesson 0 passed!');
  });

  it('names the file, line and column of a syntax error in the learner’s file', async () => {
    const { session } = setup();
    session.open(1);
    writeFileSync(session.fileOf(session.lesson!), 'export function spawnMany(n: number) {\n  return [;\n}\n');
    const text = await session.command('check');
    expect(text).toMatch(/✗ .*01-processes-are-cheap\.ts loads/);
    expect(text).toMatch(/SyntaxError: .*\(.*01-processes-are-cheap\.ts:2:\d+\)/);
  });

  it('marks the lesson passed, and stays on it until .next', async () => {
    const { session, stateDir } = setup();
    session.open(1);
    writeFileSync(session.fileOf(session.lesson!), readFileSync(session.lesson!.solutionFile, 'utf8'));
    const text = await session.command('check');
    expect(text).toContain('Lesson 1 passed! When you are ready, .next opens lesson 2: Messages and mailboxes.');
    expect(session.lesson!.number).toBe(1);
    const saved = JSON.parse(readFileSync(path.join(stateDir, PROGRESS_FILE), 'utf8'));
    expect(saved.lessons['01-processes-are-cheap'].passed).toMatch(/^\d{4}-/);
    expect((await session.command('next')).split('\n')[0]).toBe('Messages and mailboxes');
  });
});

describe('TutorialSession .hint and .solution', () => {
  it('gives hints one at a time, then says there are no more', async () => {
    const { session } = setup();
    session.open(3);
    const n = session.lesson!.hints.length;
    expect(n).toBeGreaterThan(1);
    expect(await session.command('hint')).toContain(`Hint 1 of ${n}`);
    for (let i = 2; i <= n; i++) expect(await session.command('hint')).toContain(`Hint ${i} of ${n}`);
    expect(await session.command('hint')).toBe(`No more hints (you have seen all ${n}). .solution shows a solution.`);
  });

  it('keeps the solution until the hints run out', async () => {
    const { session } = setup();
    session.open(2);
    expect(await session.command('solution')).toBe('Not yet: the solution opens once the lesson passes, or after the last hint (3 hints left: .hint).');
    for (let i = 0; i < 3; i++) await session.command('hint');
    const text = await session.command('solution');
    expect(text).toContain('A solution to lesson 2');
    expect(text).toContain(readFileSync(session.lesson!.solutionFile, 'utf8').trimEnd());
  });

  it('shows the solution once the lesson passes', async () => {
    const { session } = setup();
    session.open(9);
    writeFileSync(session.fileOf(session.lesson!), readFileSync(session.lesson!.solutionFile, 'utf8'));
    expect(await session.command('check')).toContain('passed');
    expect(await session.command('solution')).toContain('A solution to lesson 9');
  });
});

describe('TutorialSession moving between lessons', () => {
  it('.next and .prev stop at the ends of the course', async () => {
    const { session } = setup();
    session.open(0);
    expect(await session.command('prev')).toBe('This is the first lesson.');
    session.open(13);
    expect(await session.command('next')).toContain('This is the last lesson');
  });

  it('.tutorial N opens lesson N; .tutorial alone shows the open lesson again', async () => {
    const { session } = setup();
    expect((await session.command('tutorial', '7')).split('\n')[0]).toBe('Supervision trees');
    expect((await session.command('tutorial')).split('\n')[0]).toBe('Supervision trees');
    expect(await session.command('tutorial', 'seven')).toBe('.tutorial N opens lesson N (a number, such as .tutorial 3); got seven.');
  });

  it('a new session resumes at the lesson open last', () => {
    const { session, make } = setup();
    session.open(6);
    expect(make().resumeAt()).toBe(6);
  });

  it('.progress lists every lesson, marking those passed and the one open', async () => {
    const { session } = setup();
    session.open(1);
    writeFileSync(session.fileOf(session.lesson!), readFileSync(session.lesson!.solutionFile, 'utf8'));
    await session.command('check');
    await session.command('next');
    const lines = (await session.command('progress')).split('\n');
    expect(lines[0]).toBe('beamish tutorial: OTP at the prompt (1 of 14 lessons passed)');
    expect(lines.slice(2, 6)).toEqual([
      '     0  The shell is a process',
      '  ✓  1  Processes are cheap',
      '  ▸  2  Messages and mailboxes   ← you are here',
      '     3  A process that listens: state in a loop',
    ]);
    expect(lines).toHaveLength(16);
  });
});

describe('TutorialSession and the runtime', () => {
  it('gives a check the runtime events since the lesson opened (processes, not messages)', async () => {
    const course = mkdtempSync(path.join(tmpdir(), 'beamish-course-'));
    const lesson = path.join(course, '00-watch');
    mkdirSync(lesson);
    writeFileSync(path.join(lesson, 'lesson.md'), '# Watch\n');
    writeFileSync(path.join(lesson, 'exercise.ts'), 'export {};\n');
    writeFileSync(
      path.join(lesson, 'check.ts'),
      `export default async function check(ex, t) {
        await t.step('a worker was spawned at the prompt, and no message is recorded', () => {
          t.ok(t.prompt.events.some((e) => e.type === 'spawn' && e.label === 'worker'), 'spawn a worker', t.show(t.prompt.events.map((e) => e.type)));
          t.ok(t.prompt.events.every((e) => e.type !== 'send' && e.type !== 'receive'), 'no messages');
        });
      }\n`,
    );
    const dir = mkdtempSync(path.join(tmpdir(), 'beamish-session-'));
    const session = new TutorialSession({ workDir: dir, stateDir: dir, lessonsDir: course });
    sessions.push(session);
    await run(() => spawn(function worker() {}));
    session.open(0);
    expect(await session.command('check')).toContain('✗ a worker was spawned at the prompt');
    await run(() => {
      spawn(function worker() {});
      send(self(), 'hello');
    });
    expect(await session.command('check')).toContain('✓ a worker was spawned at the prompt, and no message is recorded');
  });
});

describe('TutorialSession with colors', () => {
  it('shows headings bold and code in color, and only then', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'beamish-color-'));
    const colored = new TutorialSession({ workDir: dir, stateDir: dir, color: true });
    const plain = new TutorialSession({ workDir: dir, stateDir: dir, color: false });
    sessions.push(colored, plain);
    expect(colored.open(0).split('\n')[0]).toBe('\x1b[1mThe shell is a process\x1b[22m');
    expect(colored.open(0)).toContain('\x1b[36mself()\x1b[39m');
    expect(plain.open(0)).not.toContain('\x1b[');
  });
});
