// Lesson 3: a process that listens, holding its state in a loop.
import { receive, send, spawn, type Pid } from 'beamish';

/**
 * Starts the speakers process: ['add', name], ['remove', name], ['team', pid] (answered with
 * ['team', team]); any other message is dropped. The team starts as `initial`.
 */
export function startSpeakers(initial: string[] = []): Pid {
  return spawn(async () => {
    let team = initial;
    const msg = await receive();
    if (msg[0] === 'add') team = [...team, msg[1]];
    // Handle 'remove' and 'team' too, and keep listening: one message is not a conversation.
  });
}
