/**
 * Grading a lesson: load a module (the learner's file, the stub, the solution), load the
 * lesson's check, run it. Shared by `.check` in the shell, `beamish tutorial --check-all`
 * and the tests.
 */
import type { Lesson } from './course.js';
import { type CheckFn, type CheckResult, type PromptRecord, runCheck } from './check_api.js';
import { loadModule } from './loader.js';

function loadFailure(what: string, e: unknown): CheckResult {
  const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return { ok: false, steps: [{ title: what, ok: false, detail: message }] };
}

/** Runs the lesson's check on the module in `file`, with what was done at the prompt. */
export async function grade(lesson: Lesson, file: string, prompt: PromptRecord): Promise<CheckResult> {
  let exercise: unknown;
  try {
    exercise = await loadModule(file);
  } catch (e) {
    return loadFailure(`${file} loads`, e);
  }
  let check: CheckFn;
  try {
    check = (await loadModule<{ default: CheckFn }>(lesson.checkFile)).default;
  } catch (e) {
    return loadFailure(`the check of lesson ${lesson.number} loads (a bug in the tutorial)`, e);
  }
  return runCheck(check, exercise, prompt);
}

/**
 * What a learner who typed `inputs` at a fresh prompt would have done: each input runs in
 * a shell of its own (the prompt's globals, the shell process), and those that ran without
 * error are the record. For solutions that export `atThePrompt`.
 */
export async function replayPrompt(inputs: readonly string[]): Promise<PromptRecord> {
  if (inputs.length === 0) return { inputs: [], events: [] };
  const [{ Shell }, { installGlobals }] = await Promise.all([import('../shell.js'), import('../globals.js')]);
  installGlobals();
  const shell = new Shell({ color: false, cwd: process.cwd(), print: () => {}, startupFile: false, restart: false });
  await shell.start();
  for (const input of inputs) await new Promise<void>((resolve) => void shell.evaluate(input, {}, () => resolve()));
  return { inputs: [...shell.accepted], events: [], shell: shell.proc.pid };
}

/** Grades a lesson's own solution (what `--check-all` does for each lesson). */
export async function gradeSolution(lesson: Lesson): Promise<CheckResult> {
  let atThePrompt: readonly string[] = [];
  try {
    atThePrompt = ((await loadModule<{ atThePrompt?: string[] }>(lesson.solutionFile)).atThePrompt ?? []);
  } catch (e) {
    return loadFailure(`the solution of lesson ${lesson.number} loads`, e);
  }
  return grade(lesson, lesson.solutionFile, await replayPrompt(atThePrompt));
}
