// Lesson 6: strategies, restart types and intensity.
import { receive, spawnLink, Supervisor, type ChildSpecInput, type Pid } from 'beamish';

/** A musician's child spec: a process that plays (waits) forever. */
export function member(id: string): ChildSpecInput {
  return { id, start: () => ['ok', spawnLink(async () => { for (;;) await receive(); })] };
}

/** Starts the band: roadie, drummer, bassist, guitarist (see the lesson for the rules). */
export async function startBand(): Promise<Pid> {
  const [, band] = (await Supervisor.startLink(
    [member('roadie'), member('drummer'), member('bassist'), member('guitarist')],
    { strategy: 'one_for_one' },
  )) as ['ok', Pid];
  return band;
}
