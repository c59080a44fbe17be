// Lesson 7: supervision trees.
import { receive, spawnLink, Supervisor, type ChildSpecInput, type Pid } from 'beamish';

/** A worker's child spec: a process that works (waits) forever. */
export function member(id: string): ChildSpecInput {
  return { id, start: () => ['ok', spawnLink(async () => { for (;;) await receive(); })] };
}

/** Starts app: config, then pool (a supervisor of worker1 and worker2); returns app's pid. */
export async function startApp(): Promise<Pid> {
  const [, app] = (await Supervisor.startLink([member('config'), member('worker1'), member('worker2')], { strategy: 'one_for_one' })) as ['ok', Pid];
  return app;
}
