/**
 * Lesson text and check results as the terminal shows them: the Markdown of lesson.md
 * lightly dressed (headings bold, code indented, inline code colored), never reflowed, since
 * lessons are written to fit 80 columns.
 */
import type { Lesson } from './course.js';
import type { CheckResult } from './check_api.js';

const esc = (code: string, text: string, end: string) => `\x1b[${code}m${text}\x1b[${end}m`;

export interface Paint {
  bold(s: string): string;
  dim(s: string): string;
  code(s: string): string;
  good(s: string): string;
  bad(s: string): string;
}

export function paint(color: boolean): Paint {
  if (!color) return { bold: (s) => s, dim: (s) => s, code: (s) => s, good: (s) => s, bad: (s) => s };
  return {
    bold: (s) => esc('1', s, '22'),
    dim: (s) => esc('2', s, '22'),
    code: (s) => esc('36', s, '39'),
    good: (s) => esc('32', s, '39'),
    bad: (s) => esc('31', s, '39'),
  };
}

/** lesson.md for the terminal. */
export function renderMarkdown(text: string, color: boolean): string {
  const p = paint(color);
  const out: string[] = [];
  let fence = false;
  for (const line of text.replace(/\s+$/, '').split('\n')) {
    if (line.startsWith('```')) {
      fence = !fence;
      continue;
    }
    if (fence) {
      out.push(`    ${color && line.startsWith('beamish> ') ? p.dim('beamish> ') + line.slice(9) : line}`);
      continue;
    }
    const heading = /^(#{1,3}) (.*)$/.exec(line);
    if (heading) {
      out.push(p.bold(heading[2]!));
      continue;
    }
    // The first step is shown under the text, where the eye is (session.ts).
    if (/^> Start: /.test(line)) continue;
    const emphasised = line.replace(/\*\*([^*]+)\*\*/g, (_m, b: string) => p.bold(b));
    out.push(color ? emphasised.replace(/`([^`]+)`/g, (_m, c: string) => p.code(c)) : emphasised);
  }
  return out.join('\n');
}

/** The outcome of `.check`: a line per step run, the failure said in full. */
export function renderResult(lesson: Lesson, result: CheckResult, color: boolean): string {
  const p = paint(color);
  const lines = [p.bold(`Lesson ${lesson.number}: ${lesson.title}`)];
  for (const s of result.steps) {
    lines.push(s.ok ? `  ${p.good('✓')} ${s.title}` : `  ${p.bad('✗')} ${s.title}`);
    if (!s.ok && s.detail !== undefined) for (const d of s.detail.split('\n')) lines.push(`      ${d}`);
  }
  return lines.join('\n');
}
