import { _, isPid, Process, receive, self, send, spawnLink, type Pid } from 'beamish';
import type { Check } from '../../src/repl/tutorial/check_api.js';
import type * as Exercise from './exercise.js';

export default async function check(ex: typeof Exercise, t: Check): Promise<void> {
  let started = 0;
  // The worker the check hands over: it waits; 'finish' makes it end normally.
  const start = () => {
    started++;
    return spawnLink(async () => {
      for (;;) if ((await receive()) === 'finish') return;
    });
  };
  let restarter: any;
  let ref: unknown;
  const which = async (when: string): Promise<Pid> => {
    send(restarter, ['which', self()]);
    const [, worker] = (await t.receive(['worker', _], 1000, `the answer to ['which', ${self()}] ${when}`)) as [string, Pid];
    return worker;
  };
  let worker: Pid;
  await t.step('startRestarter(start) starts the restarter, which calls start() once', async () => {
    restarter = ex.startRestarter(start);
    t.ok(isPid(restarter), 'startRestarter(start) should return a pid', t.show(restarter));
    ref = Process.monitor(restarter);
    await t.settle();
    t.equal(started, 1, 'times start() was called once the restarter started');
    worker = await which('once started');
    t.ok(Process.isAlive(worker), 'the worker should be alive', `${t.show(worker)} is not alive`);
    t.ok(Process.info(worker)!.links.some((l) => String(l) === String(restarter)), 'the worker should be linked to the restarter', `its links: ${t.show(Process.info(worker)!.links)}`);
  });
  for (const reason of ['kill', 'boom']) {
    await t.step(`when the worker is killed with reason ${t.show(reason)}, a new worker is started`, async () => {
      const before = started;
      Process.exit(worker, reason);
      await t.settle();
      t.ok(Process.isAlive(restarter), 'the restarter should survive the crash of its worker (trap exits)', 'it died with its worker');
      t.equal(started - before, 1, 'times start() was called after the crash');
      const fresh = await which('after the crash');
      t.ok(String(fresh) !== String(worker) && Process.isAlive(fresh), "['which', from] should answer the new, living worker", t.show(fresh));
      worker = fresh;
    });
  }
  await t.step('when the worker ends normally, the restarter ends too, normally', async () => {
    const before = started;
    send(worker, 'finish');
    const down = await t.receive(['DOWN', ref, 'process', _, _], 1000, 'after the worker ended normally');
    t.equal(down, ['DOWN', ref, 'process', restarter, 'normal'], 'the DOWN message of the restarter');
    t.equal(started - before, 0, 'times start() was called after a normal end');
  });
}
