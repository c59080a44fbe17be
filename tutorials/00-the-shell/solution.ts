// Lesson 0: the shell is a process.
import { self, type Pid } from 'beamish';

/** What a learner types at the prompt in this lesson (the check looks at the prompt too). */
export const atThePrompt = ['self()', 'Process.isAlive(self())'];

/** The pid of the process calling this function. */
export function me(): Pid | undefined {
  return self();
}
