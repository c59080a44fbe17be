/**
 * The tutorials: what the shell and the command line call. The course itself lives in
 * `tutorials/` (one folder a lesson: course.ts says what is in one).
 *
 * ## The command line: `beamish tutorial [N] [--reset] [--check-all]`
 * ```ts
 * const r = await tutorialCli({ lesson, reset, checkAll, interactive: process.stdin.isTTY }, { write: (s) => process.stdout.write(s) });
 * if ('exit' in r) process.exit(r.exit);
 * else startTheShellWithTutorial(r.open); // the shell opens lesson r.open (see below)
 * ```
 * - `beamish tutorial`: prints the lessons with progress, then `{ open: n }` (the lesson
 *   where the learner left off) when `interactive`, else `{ exit: 0 }`;
 * - `beamish tutorial N`: `{ open: N }`, or `{ exit: 2 }` with a message if there is no lesson N;
 * - `--reset`: forgets the progress (the exercise files stay), `{ exit: 0 }`;
 * - `--check-all`: grades every lesson's solution, a line each, then `N passed, N failed`;
 *   `{ exit: 0 }` when all pass, else `{ exit: 1 }`. No terminal needed.
 *
 * ## In the shell (the runtime side: the worker, or wherever `Shell` runs)
 * ```ts
 * const tutorial = new TutorialSession({ workDir: cwd, color, prompt: shell }); // one per shell
 * print(tutorial.open(n));                                  // when started as `beamish tutorial N`
 * print(await tutorial.command('check'));                   // for `.check`; likewise 'tutorial'
 *                                                           // (with arg 'N' for `.tutorial N`),
 *                                                           // 'next', 'prev', 'hint', 'solution', 'progress'
 * ```
 * `prompt` is the Shell itself (it reads `shell.accepted` and `shell.proc.pid`); the session
 * counts only inputs typed after the lesson opened. `TUTORIAL_COMMANDS` lists the command
 * names, for completion and `.help`. A check runs processes in the shell's runtime under a
 * manual clock for the moment it takes; the prompt should wait for it as for any input.
 * The crash log should skip processes for which `startedByCheck(pid)` is true: a check
 * crashes processes on purpose and collects their reports itself.
 *
 * ## The learner's files
 * Opening lesson N copies its stub to `<working folder>/beamish-tutorial/NN-slug.ts` the
 * first time (never overwriting), with a `tsconfig.json` there so an editor knows
 * `import … from 'beamish'`. `.check` loads that file afresh each time (loader.ts).
 *
 * ## Progress
 * `tutorial-progress.json` in `$XDG_STATE_HOME/beamish/` (else `~/.local/state/beamish/`):
 * passed lessons, hints shown, the lesson open last. `.solution` shows the course's answer
 * only after a pass or after the last hint.
 */
import { loadCourse, tutorialsDir } from './course.js';
import { gradeSolution } from './grade.js';
import { defaultStateDir, resetProgress } from './progress.js';
import { paint } from './render.js';
import { TutorialSession } from './session.js';

export { startedByCheck } from './check_api.js';
export { TutorialSession, TUTORIAL_COMMANDS, WORKSPACE, type TutorialCommand, type SessionOptions, type PromptSource } from './session.js';

export interface TutorialArgs {
  lesson?: number;
  reset?: boolean;
  checkAll?: boolean;
  /** Whether a person is at a terminal (then `beamish tutorial` goes on into the shell). */
  interactive?: boolean;
  /** Overrides for tests: where progress is kept, the working folder, the course. */
  stateDir?: string;
  workDir?: string;
  lessonsDir?: string;
  color?: boolean;
}

export type TutorialCliResult = { exit: number } | { open: number };

/** `beamish tutorial …` (see the header of this file). */
export async function tutorialCli(args: TutorialArgs, io: { write(text: string): void }): Promise<TutorialCliResult> {
  const out = (text: string) => io.write(text.endsWith('\n') ? text : `${text}\n`);
  const stateDir = args.stateDir ?? defaultStateDir();
  const lessonsDir = args.lessonsDir ?? tutorialsDir();
  const p = paint(args.color ?? false);
  if (args.reset) {
    const had = resetProgress(stateDir);
    out(had ? `Tutorial progress forgotten (${stateDir}). Your exercise files in ./beamish-tutorial/ are kept: delete one to start that lesson from its stub.` : 'There was no tutorial progress to forget.');
    return { exit: 0 };
  }
  if (args.checkAll) {
    let passed = 0;
    let failed = 0;
    for (const lesson of loadCourse(lessonsDir)) {
      const result = await gradeSolution(lesson);
      const label = `lesson ${String(lesson.number).padStart(2)} ${lesson.title}`;
      if (result.ok) {
        passed++;
        out(`${p.good('✓')} ${label}`);
      } else {
        failed++;
        const bad = result.steps.find((s) => !s.ok);
        out(`${p.bad('✗')} ${label}: ${bad?.title ?? 'no step ran'}${bad?.detail ? `\n    ${bad.detail.split('\n').join('\n    ')}` : ''}`);
      }
    }
    out(`${passed} passed, ${failed} failed`);
    return { exit: failed === 0 ? 0 : 1 };
  }
  const session = new TutorialSession({ workDir: args.workDir ?? process.cwd(), stateDir, lessonsDir, color: args.color });
  if (args.lesson !== undefined) {
    if (session.lessons.some((l) => l.number === args.lesson)) return { open: args.lesson };
    out(`beamish tutorial: there is no lesson ${args.lesson}; the lessons are ${session.lessons[0]!.number} to ${session.lessons.at(-1)!.number}.`);
    return { exit: 2 };
  }
  out(session.listing());
  if (!args.interactive) {
    out('\n`beamish tutorial N` opens lesson N in the shell.');
    return { exit: 0 };
  }
  return { open: session.resumeAt() };
}
