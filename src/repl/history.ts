/**
 * The prompt's history, kept across sessions in a file, one input line a line (as node's
 * REPL and bash keep it): `~/.beamish_history`, moved by BEAMISH_HISTORY=path, switched off
 * by BEAMISH_HISTORY=''. iex keeps none by default; learners retype less with one.
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const HISTORY_SIZE = 1000;

/** The history file, or undefined when history is off. */
export function historyFile(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const v = env.BEAMISH_HISTORY;
  if (v === undefined) return join(homedir(), '.beamish_history');
  return v === '' ? undefined : v;
}

/** The saved lines, newest first (readline's order). */
export function loadHistory(file: string | undefined): string[] {
  if (file === undefined) return [];
  try {
    const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
    return lines.slice(-HISTORY_SIZE).reverse();
  } catch {
    return [];
  }
}

/** Appends one line; a history that cannot be written is not worth an error at each line. */
export function appendHistory(file: string | undefined, line: string): void {
  if (file === undefined || line.trim() === '') return;
  try {
    appendFileSync(file, `${line.replace(/\n/g, ' ')}\n`);
  } catch {
    // read-only home, full disk: the session goes on without saving
  }
}

/** Keeps the file from growing forever: rewrites it with the newest lines. */
export function trimHistory(file: string | undefined): void {
  if (file === undefined) return;
  try {
    const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
    if (lines.length > HISTORY_SIZE * 2) writeFileSync(file, `${lines.slice(-HISTORY_SIZE).join('\n')}\n`);
  } catch {
    // nothing to trim
  }
}

/**
 * Reverse incremental search (Ctrl+R) over `history` (newest first): the newest entry at
 * or after `from` that contains `query`, or -1.
 */
export function searchHistory(history: readonly string[], query: string, from: number): number {
  for (let k = Math.max(0, from); k < history.length; k++) if (history[k]!.includes(query)) return k;
  return -1;
}
