import { run, self } from 'beamish';
import type { Check } from '../../src/repl/tutorial/check_api.js';
import type * as Exercise from './exercise.js';

const typed = (t: Check, pattern: RegExp) => t.prompt.inputs.some((input) => pattern.test(input));

function sawInputs(t: Check): string {
  const n = t.prompt.inputs.length;
  return n === 0 ? 'nothing typed at the prompt since the lesson opened' : `what you typed: ${t.prompt.inputs.slice(-3).join(' ; ')}`;
}

export default async function check(ex: typeof Exercise, t: Check): Promise<void> {
  await t.step('at the prompt, you asked the shell for its pid with self()', () => {
    t.ok(typed(t, /\bself\s*\(\s*\)/), 'type self() at the prompt (then Enter)', sawInputs(t));
  });
  await t.step('at the prompt, you asked whether the shell is alive with Process.isAlive(self())', () => {
    t.ok(typed(t, /\bProcess\.isAlive\s*\(/), 'type Process.isAlive(self()) at the prompt', sawInputs(t));
  });
  await t.step('me() in your file returns the pid of the process that calls it', async () => {
    t.equal(ex.me(), self(), `me() called by the process ${self()}`);
    const [caller, answer] = await run(() => [self(), ex.me()]);
    t.equal(answer, caller, `me() called by another process, ${caller}`);
  });
}
