// Lesson 3: a process that listens, holding its state in a loop.
import { receive, send, spawn, type Pid } from 'beamish';

/**
 * Starts the speakers process: ['add', name], ['remove', name], ['team', pid] (answered with
 * ['team', team]); any other message is dropped. The team starts as `initial`.
 */
export function startSpeakers(initial: string[] = []): Pid {
  return spawn(async () => {
    let team = initial;
    for (;;) {
      const msg = await receive();
      switch (msg[0]) {
        case 'add':
          team = [...team, msg[1]];
          break;
        case 'remove':
          team = team.filter((name) => name !== msg[1]);
          break;
        case 'team':
          send(msg[1], ['team', team]);
          break;
      }
    }
  });
}
