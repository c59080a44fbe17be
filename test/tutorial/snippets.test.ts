/**
 * Every code snippet in every lesson's text runs and prints what the text says: the
 * ```beamish transcripts of each lesson.md run in one shell, in order (course.ts says how a
 * transcript is written, and what `…` stands for).
 */
import { describe, expect, it } from 'vitest';
import { loadCourse, matchesTranscript, transcripts } from '../../src/repl/tutorial/course.js';
import { runTranscript } from './transcript.js';

describe('matchesTranscript', () => {
  it('matches a line exactly, or with … standing for any text within the line', () => {
    expect(matchesTranscript(['#PID<0.…>'], ['#PID<0.108.0>'])).toBe(true);
    expect(matchesTranscript(['true'], ['false'])).toBe(false);
  });

  it('lets a line of … stand for any number of lines, and ignores blank lines', () => {
    expect(matchesTranscript(['a', '…', 'z'], ['a', 'b', '', 'c', 'z'])).toBe(true);
    expect(matchesTranscript(['a', '…', 'z'], ['a', 'z'])).toBe(true);
    expect(matchesTranscript(['a', 'z'], ['a', 'b', 'z'])).toBe(false);
  });
});

describe('the lessons’ transcripts', () => {
  for (const lesson of loadCourse()) {
    it(`lesson ${lesson.number} (${lesson.id}) prints what its text says`, async () => {
      const blocks = transcripts(lesson.text);
      const ran = await runTranscript(blocks);
      const wrong = ran
        .filter((r) => !matchesTranscript(r.step.output, r.lines))
        .map((r) => `lesson.md line ${r.step.line}: beamish> ${r.step.input}\n  the text says:\n    ${r.step.output.join('\n    ')}\n  it printed:\n    ${r.lines.join('\n    ')}`);
      expect(wrong.join('\n\n')).toBe('');
    });
  }
});
