/**
 * A tutorial inside a running shell: the lesson open, what the learner does at the prompt
 * since it opened, and the dot-commands `.tutorial [N]`, `.next`, `.prev`, `.check`,
 * `.hint`, `.solution`, `.progress`. It never moves on by itself: a pass says what comes
 * next and waits for `.next`.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Pid, type Stamped, subscribe } from '../../index.js';
import type { PromptRecord } from './check_api.js';
import { type Lesson, loadCourse, tutorialsDir } from './course.js';
import { grade } from './grade.js';
import { defaultStateDir, loadProgress, type Progress, saveProgress } from './progress.js';
import { paint, renderMarkdown, renderResult } from './render.js';

/** The folder, inside the working folder, where the learner's exercise files live. */
export const WORKSPACE = 'beamish-tutorial';

/** The dot-commands a session answers. */
export const TUTORIAL_COMMANDS = ['tutorial', 'next', 'prev', 'check', 'hint', 'solution', 'progress'] as const;
export type TutorialCommand = (typeof TUTORIAL_COMMANDS)[number];

/** What the session needs of the shell it runs in: the inputs that ran, and its process. */
export interface PromptSource {
  /** The inputs that ran without error, oldest first (Shell.accepted). */
  readonly accepted: readonly string[];
  /** The shell's process now (Shell.proc). */
  readonly proc?: { readonly pid: Pid };
}

export interface SessionOptions {
  /** The working folder: the learner's files go in `<workDir>/beamish-tutorial/`. */
  workDir: string;
  /** Where progress is saved (default `$XDG_STATE_HOME/beamish`, else `~/.local/state/beamish`). */
  stateDir?: string;
  color?: boolean;
  /** The shell (for checks that look at what was typed); none outside a shell. */
  prompt?: PromptSource;
  /** The course folder (default: the package's `tutorials/`). */
  lessonsDir?: string;
}

const EVENTS_KEPT = 10_000;

/** The type declarations of this package as loaded now, for the learner's editor. */
function typesEntry(): string {
  const js = new URL(import.meta.url.endsWith('.ts') ? '../../index.ts' : '../../index.d.ts', import.meta.url);
  return fileURLToPath(js);
}

export class TutorialSession {
  readonly lessons: Lesson[];
  private readonly stateDir: string;
  private readonly color: boolean;
  private progress: Progress;
  private current: Lesson | undefined;
  private inputStart = 0;
  private events: Stamped[] = [];
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly opts: SessionOptions) {
    this.lessons = loadCourse(opts.lessonsDir ?? tutorialsDir());
    this.stateDir = opts.stateDir ?? defaultStateDir();
    this.color = opts.color ?? false;
    this.progress = loadProgress(this.stateDir);
  }

  /** The lesson open now, if any. */
  get lesson(): Lesson | undefined {
    return this.current;
  }

  /** The learner's copy of a lesson's exercise. */
  fileOf(lesson: Lesson): string {
    return join(this.opts.workDir, WORKSPACE, `${lesson.id}.ts`);
  }

  /** The lesson the learner is at: the last one open, else the first not passed. */
  resumeAt(): number {
    const last = this.lessons.find((l) => l.id === this.progress.current);
    if (last !== undefined) return last.number;
    return (this.lessons.find((l) => this.progress.lessons[l.id]?.passed === undefined) ?? this.lessons[0]!).number;
  }

  /**
   * Opens lesson `n`: its text, and the learner's exercise file (created from the stub the
   * first time, never overwritten). What the learner types from now on counts for `.check`.
   */
  open(n: number): string {
    const lesson = this.lessons.find((l) => l.number === n);
    if (lesson === undefined) return `There is no lesson ${n}: the lessons are ${this.lessons[0]!.number} to ${this.lessons.at(-1)!.number}. .progress lists them.`;
    this.current = lesson;
    const file = this.ensureFile(lesson);
    this.inputStart = this.opts.prompt?.accepted.length ?? 0;
    this.events = [];
    this.unsubscribe ??= subscribe((e) => {
      // What happened to processes, not every message: a chatty prompt must not fill memory.
      if (e.type === 'send' || e.type === 'receive') return;
      this.events.push(e);
      if (this.events.length > EVENTS_KEPT * 2) this.events = this.events.slice(-EVENTS_KEPT);
    });
    this.progress.current = lesson.id;
    this.save();
    const p = paint(this.color);
    const footer = [
      '',
      p.dim('─'.repeat(60)),
      `Your exercise file: ${p.code(this.shown(file))}`,
      `${p.code('.check')} grades it · ${p.code('.hint')} one hint at a time · ${p.code('.tutorial')} shows this text again`,
      `${p.code('.next')} / ${p.code('.prev')} other lessons · ${p.code('.progress')} all lessons · ${p.code('.solution')} after a pass or the last hint`,
    ];
    // The text may be taller than the terminal: the first step goes where the eye is.
    if (lesson.start !== undefined) footer.push('', `${p.bold('Start:')} ${renderMarkdown(lesson.start, this.color)}`);
    return `${renderMarkdown(lesson.text, this.color)}\n${footer.join('\n')}`;
  }

  /** Runs a dot-command (without its dot); `arg` is the rest of the line. Resolves to the text to print. */
  async command(name: TutorialCommand, arg = ''): Promise<string> {
    const rest = arg.trim();
    switch (name) {
      case 'tutorial': {
        if (rest !== '') {
          const n = Number(rest);
          return Number.isInteger(n) ? this.open(n) : `.tutorial N opens lesson N (a number, such as .tutorial 3); got ${rest}.`;
        }
        return this.open(this.current?.number ?? this.resumeAt());
      }
      case 'next':
      case 'prev': {
        if (this.current === undefined) return this.open(this.resumeAt());
        const i = this.lessons.indexOf(this.current) + (name === 'next' ? 1 : -1);
        if (i < 0) return 'This is the first lesson.';
        if (i >= this.lessons.length) return 'This is the last lesson: the course is done when its check passes. .progress shows where you are.';
        return this.open(this.lessons[i]!.number);
      }
      case 'check':
        return this.check();
      case 'hint':
        return this.hint();
      case 'solution':
        return this.solution();
      case 'progress':
        return this.listing();
      default:
        return `Unknown tutorial command .${String(name)}; the commands are ${TUTORIAL_COMMANDS.map((c) => `.${c}`).join(' ')}.`;
    }
  }

  /** Stops recording runtime events (when the shell goes away). */
  close(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /** The lessons with a mark for each passed one and an arrow at the one open (or to resume). */
  listing(): string {
    const p = paint(this.color);
    const done = this.lessons.filter((l) => this.progress.lessons[l.id]?.passed !== undefined).length;
    const here = this.current?.number ?? this.resumeAt();
    const lines = [p.bold(`beamish tutorial: OTP at the prompt (${done} of ${this.lessons.length} lessons passed)`), ''];
    for (const l of this.lessons) {
      const passed = this.progress.lessons[l.id]?.passed !== undefined;
      const mark = passed ? p.good('✓') : l.number === here ? '▸' : ' ';
      lines.push(`  ${mark} ${String(l.number).padStart(2)}  ${l.title}${l.number === here ? p.dim('   ← you are here') : ''}`);
    }
    return lines.join('\n');
  }

  private async check(): Promise<string> {
    const lesson = this.current;
    if (lesson === undefined) return 'No lesson is open: .tutorial opens where you left off.';
    const file = this.ensureFile(lesson);
    const prompt: PromptRecord = {
      inputs: this.opts.prompt?.accepted.slice(this.inputStart) ?? [],
      events: this.events.slice(-EVENTS_KEPT),
      shell: this.opts.prompt?.proc?.pid,
    };
    const result = await grade(lesson, file, prompt);
    const p = paint(this.color);
    let text = renderResult(lesson, result, this.color);
    if (result.ok) {
      const state = this.state(lesson);
      const first = state.passed === undefined;
      state.passed ??= new Date().toISOString();
      this.save();
      const next = this.lessons[this.lessons.indexOf(lesson) + 1];
      text += `\n\n${p.good(first ? `Lesson ${lesson.number} passed!` : `Lesson ${lesson.number} passes.`)} `;
      text += next === undefined ? 'That was the last lesson: the whole course is done. Well played.' : `When you are ready, .next opens lesson ${next.number}: ${next.title}.`;
      text += ' (.solution shows the course\'s own answer, to compare.)';
    } else {
      text += `\n\nFix the step marked ✗ (your file: ${p.code(this.shown(file))}), then .check again${lesson.hints.length > 0 ? ', or .hint for a hint' : ''}.`;
    }
    return text;
  }

  private hint(): string {
    const lesson = this.current;
    if (lesson === undefined) return 'No lesson is open: .tutorial opens where you left off.';
    if (lesson.hints.length === 0) return 'This lesson has no hints.';
    const state = this.state(lesson);
    if (state.hints >= lesson.hints.length) return `No more hints (you have seen all ${lesson.hints.length}). .solution shows a solution.`;
    const text = lesson.hints[state.hints]!;
    state.hints++;
    this.save();
    const more = state.hints < lesson.hints.length ? '.hint for the next one.' : 'That was the last hint: .solution now shows a solution.';
    return `${paint(this.color).bold(`Hint ${state.hints} of ${lesson.hints.length}`)}\n${renderMarkdown(text, this.color)}\n\n${more}`;
  }

  private solution(): string {
    const lesson = this.current;
    if (lesson === undefined) return 'No lesson is open: .tutorial opens where you left off.';
    const state = this.state(lesson);
    if (state.passed === undefined && state.hints < lesson.hints.length) {
      const left = lesson.hints.length - state.hints;
      return `Not yet: the solution opens once the lesson passes, or after the last hint (${left} hint${left === 1 ? '' : 's'} left: .hint).`;
    }
    state.solutionShown = true;
    this.save();
    return `${paint(this.color).bold(`A solution to lesson ${lesson.number} (${this.shown(lesson.solutionFile)})`)}\n\n${readSolution(lesson)}`;
  }

  private state(lesson: Lesson) {
    return (this.progress.lessons[lesson.id] ??= { hints: 0 });
  }

  private save(): void {
    try {
      saveProgress(this.stateDir, this.progress);
    } catch {
      // A read-only home must not stop the lesson; progress is then kept for this session only.
    }
  }

  private shown(file: string): string {
    const rel = relative(this.opts.workDir, file);
    return rel.startsWith('..') ? file : rel;
  }

  private ensureFile(lesson: Lesson): string {
    const file = this.fileOf(lesson);
    if (!existsSync(file)) {
      const dir = join(this.opts.workDir, WORKSPACE);
      mkdirSync(dir, { recursive: true });
      copyFileSync(lesson.exerciseFile, file);
      const tsconfig = join(dir, 'tsconfig.json');
      // Lets an editor find beamish's types for `import … from 'beamish'` in the exercises.
      if (!existsSync(tsconfig)) writeFileSync(tsconfig, `${JSON.stringify(workspaceTsconfig(), null, 2)}\n`);
    }
    return file;
  }
}

function readSolution(lesson: Lesson): string {
  return readFileSync(lesson.solutionFile, 'utf8').trimEnd();
}

function workspaceTsconfig(): object {
  return {
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      lib: ['ES2023', 'DOM'],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      paths: { beamish: [typesEntry()] },
    },
    include: ['*.ts'],
  };
}
