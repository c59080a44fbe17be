/**
 * The course on disk: `tutorials/NN-slug/` folders, one a lesson, each with
 * - `lesson.md`: the text; its first `# ` heading is the title. Code the learner types at
 *   the prompt is shown in ```` ```beamish ```` fences as a transcript (see {@link transcripts});
 *   a line `> Start: …` says what to do first (repeated below the text, where the eye is);
 * - `exercise.ts`: the stub the learner's copy starts from (it fails the check);
 * - `check.ts`: the check (default export, see check_api.ts);
 * - `solution.ts`: a solution (it passes the check); it may export `atThePrompt`, the inputs
 *   a learner would type at the prompt, for checks that look at the prompt (lesson 0);
 * - `hints.md`: the hints, shown one at a time, separated by lines of `---`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Lesson {
  /** 0, 1, 2, … from the folder name. */
  number: number;
  /** The folder name, `03-listening-loop`: the key of its progress. */
  id: string;
  title: string;
  /** The first thing to do, from a `> Start: …` line of lesson.md: shown last when the lesson opens. */
  start?: string;
  dir: string;
  /** lesson.md as written. */
  text: string;
  hints: string[];
  exerciseFile: string;
  checkFile: string;
  solutionFile: string;
}

/** The `tutorials/` folder of this package, found upwards from this file (in src or in dist). */
export function tutorialsDir(): string {
  for (let url = new URL('./', import.meta.url); url.pathname !== '/'; url = new URL('../', url)) {
    const candidate = fileURLToPath(new URL('tutorials/', url));
    if (existsSync(join(candidate, '00-the-shell', 'lesson.md'))) return candidate;
  }
  throw new Error('beamish: the tutorials folder is missing from this installation (it ships next to package.json).');
}

function parseLesson(dir: string, id: string): Lesson {
  const text = readFileSync(join(dir, 'lesson.md'), 'utf8');
  const title = /^# (.+)$/m.exec(text)?.[1]?.trim() ?? id;
  const start = /^> Start: (.+)$/m.exec(text)?.[1]?.trim();
  const hintsFile = join(dir, 'hints.md');
  const hints = existsSync(hintsFile)
    ? readFileSync(hintsFile, 'utf8')
        .split(/^---\s*$/m)
        .map((h) => h.trim())
        .filter((h) => h !== '')
    : [];
  return {
    number: Number(id.slice(0, id.indexOf('-'))),
    id,
    title,
    start,
    dir,
    text,
    hints,
    exerciseFile: join(dir, 'exercise.ts'),
    checkFile: join(dir, 'check.ts'),
    solutionFile: join(dir, 'solution.ts'),
  };
}

/** Every lesson, in order. */
export function loadCourse(dir = tutorialsDir()): Lesson[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && /^\d+-[a-z0-9-]+$/.test(e.name))
    .map((e) => parseLesson(join(dir, e.name), e.name))
    .sort((a, b) => a.number - b.number);
}

/** One input of a transcript and what the text says it prints. */
export interface TranscriptStep {
  /** The input, continuation lines (`...> `) joined with newlines. */
  input: string;
  /** The lines printed after it, as written (may hold `…` placeholders). */
  output: string[];
  /** 1-based line of the input in lesson.md. */
  line: number;
}

export const PROMPT = 'beamish> ';
export const CONTINUATION = '...> ';

/**
 * The transcripts of a lesson: every ```` ```beamish ```` fence, in order. In a fence, a line
 * starting with `beamish> ` is an input (following lines starting with `...> ` continue it);
 * the lines after it, up to the next input or the end of the fence, are what it prints. Other
 * fences (```` ```ts ````, ```` ```text ````) are shown to the reader and never run.
 */
export function transcripts(text: string): TranscriptStep[][] {
  const blocks: TranscriptStep[][] = [];
  const lines = text.split('\n');
  let block: TranscriptStep[] | undefined;
  let step: TranscriptStep | undefined;
  let continuing = false;
  lines.forEach((raw, i) => {
    const line = raw.replace(/\s+$/, '');
    if (block === undefined) {
      if (/^```beamish\s*$/.test(line)) block = [];
      return;
    }
    if (line.startsWith('```')) {
      blocks.push(block);
      block = undefined;
      step = undefined;
      return;
    }
    if (line.startsWith(PROMPT) || line === PROMPT.trimEnd()) {
      step = { input: line.slice(PROMPT.length), output: [], line: i + 1 };
      block.push(step);
      continuing = true;
    } else if (continuing && step !== undefined && (line.startsWith(CONTINUATION) || line === CONTINUATION.trimEnd())) {
      step.input += `\n${line.slice(CONTINUATION.length)}`;
    } else if (step !== undefined) {
      continuing = false;
      step.output.push(line);
    }
  });
  return blocks;
}

/** Whether one printed line matches one expected line, where `…` stands for any text. */
export function lineMatches(pattern: string, line: string): boolean {
  const re = new RegExp(`^${pattern.split('…').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(line.trimEnd());
}

/**
 * Whether printed text matches what a transcript says. `…` in an expected line stands for
 * any text within that line (a pid's numbers, a stack frame); a line that is only `…` stands
 * for any number of lines. Blank lines are ignored on both sides (where a report puts a
 * blank line before itself is the shell's business, not the lesson's).
 */
export function matchesTranscript(expected: readonly string[], actual: readonly string[]): boolean {
  const want = expected.map((l) => l.trimEnd()).filter((l) => l !== '');
  const got = actual.map((l) => l.trimEnd()).filter((l) => l !== '');
  const match = (i: number, j: number): boolean => {
    if (i === want.length) return j === got.length;
    if (want[i] === '…') {
      for (let k = j; k <= got.length; k++) if (match(i + 1, k)) return true;
      return false;
    }
    return j < got.length && lineMatches(want[i]!, got[j]!) && match(i + 1, j + 1);
  };
  return match(0, 0);
}
