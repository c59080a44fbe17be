import { _, isPid, Process, self, send, Supervisor, type Pid } from 'beamish';
import type { Check } from '../../src/repl/tutorial/check_api.js';
import type * as Exercise from './exercise.js';

// A name of the check's own, so a 'speakers' you started at the prompt is left alone.
const NAME = 'speakers (tutorial check)';

export default async function check(ex: typeof Exercise, t: Check): Promise<void> {
  let sup: any;
  const team = async (when: string) => {
    send(NAME, ['team', self()]);
    return ((await t.receive(['team', _], 1000, `the answer to ['team', ${self()}] ${when}`)) as [string, unknown])[1];
  };
  const child = async (): Promise<unknown> => {
    const children = await t.within(Supervisor.whichChildren(sup), 1000, 'Supervisor.whichChildren(sup)');
    return children.find((c) => c[0] === 'speakers')?.[1];
  };
  await t.step("startSupervisedSpeakers(name) returns a supervisor's pid", async () => {
    sup = await t.within(ex.startSupervisedSpeakers(NAME), 1000, `startSupervisedSpeakers(${t.show(NAME)})`);
    t.ok(isPid(sup), 'it should resolve to a pid', t.show(sup));
    const info = Process.info(sup);
    t.ok(info?.meta?.behaviour === 'Supervisor', 'the pid should be the supervisor from Supervisor.startLink', info === undefined ? 'that process is dead' : `a process labelled ${t.show(info.label)}, not a supervisor`);
    t.equal(info.meta!.strategy, 'one_for_one', 'its strategy');
  });
  let speakers: Pid;
  await t.step(`its child 'speakers' is registered under the name given and answers`, async () => {
    const pid = await child();
    t.ok(isPid(pid), "the supervisor should have a running child with id 'speakers'", t.show(await t.within(Supervisor.whichChildren(sup), 1000, 'whichChildren')));
    t.equal(Process.whereis(NAME), pid, `Process.whereis(${t.show(NAME)}) (the child's pid)`);
    speakers = pid as Pid;
    send(NAME, ['add', 'Ada']);
    t.equal(await team("after ['add', 'Ada']"), ['Ada'], "the team after ['add', 'Ada']");
  });
  for (let kill = 1; kill <= 3; kill++) {
    await t.step(`killed (${kill} of 3), the speakers come back as a new process with an empty team`, async () => {
      Process.exit(speakers, 'kill');
      await t.eventually(() => isPid(Process.whereis(NAME)), 1000, `a process registered as ${t.show(NAME)} again after the kill`);
      const fresh = Process.whereis(NAME)!;
      t.ok(String(fresh) !== String(speakers), 'the name should now belong to a new process', `it is still ${speakers}`);
      t.equal(await child(), fresh, "the supervisor's child 'speakers'");
      t.equal(await team('after the restart'), [], 'the team after the restart (fresh state)');
      send(NAME, ['add', `speaker ${kill}`]);
      speakers = fresh;
    });
  }
}
