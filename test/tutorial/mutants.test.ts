/**
 * Each rule a lesson teaches is checked: a solution with that one rule broken fails the
 * check, at the step that names the rule. (The stubs fail early; these break the solutions
 * late, where a check could have been too lenient.)
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourse } from '../../src/repl/tutorial/course.js';
import { grade } from '../../src/repl/tutorial/grade.js';

const lessons = loadCourse();
const dir = mkdtempSync(path.join(tmpdir(), 'beamish-mutants-'));

/** [lesson, what is broken, text of the solution → broken text, the step that must fail]. */
const MUTANTS: [number, string, [string, string], RegExp][] = [
  [2, 'takeUrgent does not wait', ["{ after: 100 }", '{ after: 0 }'], /takeUrgent\(\) waits up to 100 ms/],
  [3, 'unknown messages are kept in the mailbox', ['const msg = await receive();', "const msg = await receive((m) => ['add', 'remove', 'team'].includes(m[0]));"], /a message it does not know is dropped/],
  [4, 'the restarter restarts after a normal end', ["if (msg[2] === 'normal') return;", ''], /when the worker ends normally, the restarter ends too/],
  [5, 'the speakers do not start empty', ['spawnLink(() => speakersLoop([]))', "spawnLink(() => speakersLoop(['Ada']))"], /registered under the name given and answers/],
  [5, 'the speakers are not registered again after a restart', ['Process.register(pid, name);', "if (Process.whereis(name) === undefined && !(globalThis as any).once) { (globalThis as any).once = true; Process.register(pid, name); }"], /come back as a new process/],
  [6, 'the roadie is permanent', ["{ ...member('roadie'), restart: 'temporary' }", "member('roadie')"], /when the roadie quits, nobody replaces them/],
  [6, 'restarts are counted over 5 seconds', ['maxSeconds: 10', 'maxSeconds: 5'], /breaks up at the third within 10 seconds/],
  [6, 'restarts are counted forever', ['maxSeconds: 10', 'maxSeconds: 100'], /restarts older than 10 seconds no longer count/],
  [7, 'the pool allows the default 3 restarts', ['maxRestarts: 1, maxSeconds: 5', 'maxSeconds: 5'], /the pool gives up/],
  [7, 'config starts after the pool', ['[member(\'config\'), pool]', "[pool, member('config')]"], /config \(a worker\) then pool/],
  [8, 'unknown casts are ignored', ['throw new Error(`unknown cast: ${op}`);', "return ['noreply', team];"], /a cast it does not know/],
  [8, "'has' changes the team", ["return ['reply', team.includes(request[1]), team];", "return ['reply', team.includes(request[1]), []];"], /answers true or false, and changes nothing/],
  [9, 'delete answers nothing', ['return [value, map];', 'return [undefined, map];'], /delete removes the key and answers the value it had/],
  [10, 'safely never times out', ['Task.yield(task, 5000)', 'Task.yield(task, Infinity)'], /more than 5 seconds/],
  [11, 'stray messages crash the registry', ['return [\'noreply\', state];\n  },\n};', "if (!Array.isArray(msg)) throw new Error('what?');\n    return ['noreply', state];\n  },\n};"], /an unexpected message leaves the registry running/],
  [12, 'one_for_one at the top', ["strategy: 'one_for_all'", "strategy: 'one_for_one'"], /its strategy is 'one_for_all'/],
  [12, 'permanent buckets', ["restart: 'temporary'", "restart: 'permanent'"], /a crashed bucket is not restarted/],
  [13, 'the client gives up at once', ['attempts = 20', 'attempts = 1'], /puts and gets all answer/],
];

describe.each(MUTANTS.map((m) => [`lesson ${m[0]}`, m[1], m] as const))('%s, when %s', (_l, _what, [number, what, [from, to], step]) => {
  it(`fails at the step ${step.source.replace(/\\/g, '')}`, async () => {
    const lesson = lessons[number]!;
    const solution = readFileSync(lesson.solutionFile, 'utf8');
    expect(solution, `the mutation of lesson ${number} (${what}) no longer applies`).toContain(from);
    const file = path.join(dir, `${lesson.id}-${MUTANTS.findIndex((m) => m[1] === what)}.ts`);
    writeFileSync(file, solution.replace(from, to));
    const result = await grade(lesson, file, { inputs: [], events: [] });
    const failed = result.steps.find((s) => !s.ok);
    expect(failed?.title).toMatch(step);
  });
});
