/**
 * The learner's progress: which lessons passed, how many hints each has shown, where they
 * are. One JSON file, `tutorial-progress.json`, in `$XDG_STATE_HOME/beamish/` (or
 * `~/.local/state/beamish/`), as the XDG base directory spec places state that should
 * survive restarts but is not worth backing up. Lessons are keyed by folder name
 * (`03-listening-loop`), so renumbering the course keeps what was done.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface LessonProgress {
  /** When the check first passed (ISO time). */
  passed?: string;
  /** Hints shown so far. */
  hints: number;
  /** Whether the solution was shown. */
  solutionShown?: boolean;
}

export interface Progress {
  version: 1;
  /** The lesson open last (its folder name). */
  current?: string;
  lessons: Record<string, LessonProgress>;
}

export const PROGRESS_FILE = 'tutorial-progress.json';

/** Where progress is kept: `$XDG_STATE_HOME/beamish`, else `~/.local/state/beamish`. */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_STATE_HOME;
  // The spec says a relative path in the variable is invalid and must be ignored.
  const base = xdg !== undefined && xdg.startsWith('/') ? xdg : join(homedir(), '.local', 'state');
  return join(base, 'beamish');
}

export function emptyProgress(): Progress {
  return { version: 1, lessons: {} };
}

/** The saved progress, or none yet (a missing or unreadable file starts afresh). */
export function loadProgress(stateDir: string): Progress {
  try {
    const p = JSON.parse(readFileSync(join(stateDir, PROGRESS_FILE), 'utf8')) as Progress;
    if (p === null || typeof p !== 'object' || p.version !== 1 || typeof p.lessons !== 'object' || p.lessons === null) return emptyProgress();
    return p;
  } catch {
    return emptyProgress();
  }
}

/** Saves atomically (a crash mid-write leaves the old file, never half a file). */
export function saveProgress(stateDir: string, progress: Progress): void {
  mkdirSync(stateDir, { recursive: true });
  const file = join(stateDir, PROGRESS_FILE);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(progress, null, 2)}\n`);
  renameSync(temp, file);
}

/** Forgets all progress; true when there was some. */
export function resetProgress(stateDir: string): boolean {
  const file = join(stateDir, PROGRESS_FILE);
  try {
    readFileSync(file);
  } catch {
    return false;
  }
  rmSync(file, { force: true });
  return true;
}
