// Lesson 4: let it crash, and restart.
import { Process, receive, send, spawn, type Pid } from 'beamish';

/**
 * Starts a restarter: it traps exits, starts a worker with start() (linked to itself), starts
 * a new one whenever the worker exits abnormally, ends when the worker ends normally, and
 * answers ['which', from] with ['worker', currentWorker].
 */
export function startRestarter(start: () => Pid): Pid {
  return spawn(async () => {
    Process.flag('trap_exit', true);
    let worker = start();
    for (;;) {
      const msg = await receive();
      if (msg[0] === 'which') send(msg[1], ['worker', worker]);
      if (msg[0] === 'EXIT' && msg[1] === worker) {
        if (msg[2] === 'normal') return;
        worker = start();
      }
    }
  });
}
