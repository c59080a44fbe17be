// Lesson 2: messages and mailboxes.
import { _, Pid, receive, self, send, spawn } from 'beamish';

/** Spawns a process that answers one ['ping', from] with ['pong', itsOwnPid], then ends. */
export function startPonger(): Pid {
  return spawn(async () => {
    const [, from] = await receive(['ping', Pid]);
    send(from, ['pong', self()]);
  });
}

/** The x of the first ['urgent', x] in the caller's mailbox (waiting up to 100 ms), else 'none'. */
export async function takeUrgent(): Promise<unknown> {
  const msg = await receive(['urgent', _], { after: 100 });
  return msg === 'timeout' ? 'none' : msg[1];
}
