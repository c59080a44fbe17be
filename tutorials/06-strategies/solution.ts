// Lesson 6: strategies, restart types and intensity.
import { receive, spawnLink, Supervisor, type ChildSpecInput, type Pid } from 'beamish';

/** A musician's child spec: a process that plays (waits) forever. */
export function member(id: string): ChildSpecInput {
  return { id, start: () => ['ok', spawnLink(async () => { for (;;) await receive(); })] };
}

/** Starts the band: roadie, drummer, bassist, guitarist (see the lesson for the rules). */
export async function startBand(): Promise<Pid> {
  const [, band] = (await Supervisor.startLink(
    [{ ...member('roadie'), restart: 'temporary' }, member('drummer'), member('bassist'), member('guitarist')],
    { strategy: 'rest_for_one', maxRestarts: 2, maxSeconds: 10 },
  )) as ['ok', Pid];
  return band;
}
