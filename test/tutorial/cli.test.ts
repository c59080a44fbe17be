/** `beamish tutorial [N] [--reset] [--check-all]`, through tutorialCli (the command line calls it). */
import { cpSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tutorialCli, TutorialSession } from '../../src/repl/tutorial/index.js';
import { tutorialsDir } from '../../src/repl/tutorial/course.js';
import { PROGRESS_FILE } from '../../src/repl/tutorial/progress.js';

function sandbox() {
  const dir = mkdtempSync(path.join(tmpdir(), 'beamish-cli-'));
  let out = '';
  return { stateDir: path.join(dir, 'state'), workDir: path.join(dir, 'work'), dir, io: { write: (s: string) => void (out += s) }, out: () => out };
}

describe('beamish tutorial --check-all', () => {
  it("grades every lesson's solution, a line each, and ends with 'N passed, N failed'", async () => {
    const s = sandbox();
    const r = await tutorialCli({ checkAll: true, stateDir: s.stateDir }, s.io);
    const lines = s.out().trimEnd().split('\n');
    expect(lines).toHaveLength(15);
    expect(lines.slice(0, 14).every((l) => l.startsWith('✓ lesson '))).toBe(true);
    expect(lines[0]).toBe('✓ lesson  0 The shell is a process');
    expect(lines[14]).toBe('14 passed, 0 failed');
    expect(r).toEqual({ exit: 0 });
  });

  it('exits with status 1 and says what failed when a solution does not pass', async () => {
    const s = sandbox();
    const course = path.join(s.dir, 'course');
    cpSync(path.join(tutorialsDir(), '01-processes-are-cheap'), path.join(course, '01-processes-are-cheap'), { recursive: true });
    cpSync(path.join(tutorialsDir(), '01-processes-are-cheap', 'exercise.ts'), path.join(course, '01-processes-are-cheap', 'solution.ts'));
    const r = await tutorialCli({ checkAll: true, lessonsDir: course, stateDir: s.stateDir }, s.io);
    expect(s.out()).toContain('✗ lesson  1 Processes are cheap: spawnMany(1000) returns 1000 pids of distinct, living processes\n    the number of pids spawnMany(1000) returns\n    expected: 1000\n    actual:   0\n');
    expect(s.out().trimEnd().split('\n').at(-1)).toBe('0 passed, 1 failed');
    expect(r).toEqual({ exit: 1 });
  });
});

describe('beamish tutorial --reset', () => {
  it('forgets the progress and keeps the exercise files', async () => {
    const s = sandbox();
    const session = new TutorialSession({ workDir: s.workDir, stateDir: s.stateDir });
    session.open(4);
    session.close();
    const file = session.fileOf(session.lessons[4]!);
    expect(existsSync(path.join(s.stateDir, PROGRESS_FILE))).toBe(true);
    expect(await tutorialCli({ reset: true, stateDir: s.stateDir }, s.io)).toEqual({ exit: 0 });
    expect(s.out()).toContain('Tutorial progress forgotten');
    expect(existsSync(path.join(s.stateDir, PROGRESS_FILE))).toBe(false);
    expect(existsSync(file)).toBe(true);
    expect(new TutorialSession({ workDir: s.workDir, stateDir: s.stateDir }).resumeAt()).toBe(0);
  });

  it('says so when there was nothing to forget', async () => {
    const s = sandbox();
    await tutorialCli({ reset: true, stateDir: s.stateDir }, s.io);
    expect(s.out()).toBe('There was no tutorial progress to forget.\n');
  });
});

describe('beamish tutorial [N]', () => {
  it('lists the lessons with progress, then opens the shell where the learner left off', async () => {
    const s = sandbox();
    new TutorialSession({ workDir: s.workDir, stateDir: s.stateDir }).open(2);
    const r = await tutorialCli({ interactive: true, stateDir: s.stateDir, workDir: s.workDir }, s.io);
    expect(s.out()).toContain('  ▸  2  Messages and mailboxes   ← you are here');
    expect(r).toEqual({ open: 2 });
  });

  it('starts a newcomer at lesson 0', async () => {
    const s = sandbox();
    expect(await tutorialCli({ interactive: true, stateDir: s.stateDir, workDir: s.workDir }, s.io)).toEqual({ open: 0 });
  });

  it('only lists when no terminal is there to open the shell in', async () => {
    const s = sandbox();
    expect(await tutorialCli({ interactive: false, stateDir: s.stateDir, workDir: s.workDir }, s.io)).toEqual({ exit: 0 });
    expect(s.out()).toContain('`beamish tutorial N` opens lesson N in the shell.');
  });

  it('opens lesson N, or says which lessons exist', async () => {
    const s = sandbox();
    expect(await tutorialCli({ lesson: 5, stateDir: s.stateDir, workDir: s.workDir }, s.io)).toEqual({ open: 5 });
    expect(await tutorialCli({ lesson: 14, stateDir: s.stateDir, workDir: s.workDir }, s.io)).toEqual({ exit: 2 });
    expect(s.out()).toBe('beamish tutorial: there is no lesson 14; the lessons are 0 to 13.\n');
  });
});

describe('progress file', () => {
  it('survives a corrupt file by starting afresh', () => {
    const s = sandbox();
    new TutorialSession({ workDir: s.workDir, stateDir: s.stateDir }).open(3);
    writeFileSync(path.join(s.stateDir, PROGRESS_FILE), '{ not json');
    expect(new TutorialSession({ workDir: s.workDir, stateDir: s.stateDir }).resumeAt()).toBe(0);
  });
});
