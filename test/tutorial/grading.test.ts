/**
 * Every exercise stub fails its check and every solution passes it: the course can be
 * done, and cannot be passed by doing nothing.
 */
import { describe, expect, it } from 'vitest';
import { loadCourse } from '../../src/repl/tutorial/course.js';
import { grade, gradeSolution } from '../../src/repl/tutorial/grade.js';

const lessons = loadCourse();

describe('the course', () => {
  it('has the lessons 0 to 13 of issue #6, in order', () => {
    expect(lessons.map((l) => l.number)).toEqual([...Array(14).keys()]);
  });
});

describe.each(lessons.map((l) => [l.id, l] as const))('lesson %s', (_id, lesson) => {
  it('fails its check with the exercise stub as it is, saying why', async () => {
    const result = await grade(lesson, lesson.exerciseFile, { inputs: [], events: [] });
    expect(result.ok).toBe(false);
    const failed = result.steps.find((s) => !s.ok)!;
    // The stub loads: it fails a step of the check, not its own loading.
    expect(failed.title).not.toMatch(/ loads$/);
    expect(failed.detail).toBeTruthy();
  });

  it('passes its check with the solution', async () => {
    const result = await gradeSolution(lesson);
    expect(result.steps.filter((s) => !s.ok)).toEqual([]);
    expect(result.ok).toBe(true);
  });
});
