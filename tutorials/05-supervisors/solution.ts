// Lesson 5: supervisors restart with fresh state.
import { Process, receive, send, spawnLink, Supervisor, type Pid } from 'beamish';

/** The speakers loop of lesson 3. */
export async function speakersLoop(initial: string[]): Promise<void> {
  let team = initial;
  for (;;) {
    const msg = await receive();
    if (msg[0] === 'add') team = [...team, msg[1]];
    if (msg[0] === 'remove') team = team.filter((n) => n !== msg[1]);
    if (msg[0] === 'team') send(msg[1], ['team', team]);
  }
}

/**
 * Starts a one_for_one supervisor whose one child, id 'speakers', runs speakersLoop([])
 * registered as `name`; returns the supervisor's pid.
 */
export async function startSupervisedSpeakers(name = 'speakers'): Promise<Pid> {
  const spec = {
    id: 'speakers',
    start: () => {
      const pid = spawnLink(() => speakersLoop([]));
      Process.register(pid, name);
      return ['ok', pid];
    },
  };
  const [, sup] = (await Supervisor.startLink([spec], { strategy: 'one_for_one' })) as ['ok', Pid];
  return sup;
}
