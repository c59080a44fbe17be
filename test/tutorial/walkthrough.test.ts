/**
 * Lessons 0 and 5 walked at the prompt as a person would (fixtures/walkthroughs.ts), in an
 * in-process shell wired to a TutorialSession the way the shell's worker wires them: inputs
 * go to the Shell, dot-commands to the session, and the session reads what the Shell ran.
 * (The shell's own tests drive the same scripts through the real binary in a terminal.)
 */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TutorialSession, type TutorialCommand } from '../../src/repl/tutorial/index.js';
import { lesson0, lesson5, showsInOrder, type Walkthrough } from './fixtures/walkthroughs.js';
import { TestPrompt } from './transcript.js';

async function walk(w: Walkthrough): Promise<void> {
  const workDir = mkdtempSync(path.join(tmpdir(), 'beamish-walk-'));
  const prompt = await TestPrompt.start(workDir);
  const session = new TutorialSession({ workDir, stateDir: path.join(workDir, 'state'), color: false, prompt: prompt.shell });
  try {
    const opened = session.open(w.lesson).split('\n');
    expect(showsInOrder(w.start, opened), `on opening lesson ${w.lesson}, expected\n${w.start.join('\n')}\ngot\n${opened.join('\n')}`).toBe(true);
    for (const step of w.steps) {
      if ('copySolution' in step) {
        copyFileSync(session.lesson!.solutionFile, session.fileOf(session.lesson!));
        continue;
      }
      const lines = step.input.startsWith('.')
        ? await prompt.capture(async (print) => {
            const [name, ...arg] = step.input.slice(1).split(' ');
            print(await session.command(name as TutorialCommand, arg.join(' ')));
          })
        : await prompt.type(step.input);
      expect(showsInOrder(step.expect, lines), `after ${step.input}, expected\n${step.expect.join('\n')}\ngot\n${lines.join('\n')}`).toBe(true);
    }
  } finally {
    session.close();
    await prompt.close();
  }
}

describe('a person walking the tutorial at the prompt', () => {
  it('passes lesson 0 within its first steps: self(), .check, Process.isAlive(self()), the file, .check, .next', async () => {
    await walk(lesson0);
  });

  it('follows lesson 5 line by line, sees the restart and the empty team, then passes its check', async () => {
    await walk(lesson5);
  });
});
