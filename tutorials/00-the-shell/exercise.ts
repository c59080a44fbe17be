// Lesson 0: the shell is a process.
// Make me() return the pid of the process that calls it, then type .check at the prompt.
import { self, type Pid } from 'beamish';

/** The pid of the process calling this function. */
export function me(): Pid | undefined {
  return undefined;
}
