import { isPid, Process, send, spawn } from 'beamish';
import type { Check } from '../../src/repl/tutorial/check_api.js';
import type * as Exercise from './exercise.js';

export default async function check(ex: typeof Exercise, t: Check): Promise<void> {
  let pids: unknown[] = [];
  await t.step('spawnMany(1000) returns 1000 pids of distinct, living processes', async () => {
    pids = ex.spawnMany(1000);
    t.ok(Array.isArray(pids), 'spawnMany(1000) should return an array of pids', t.show(pids));
    t.equal(pids.length, 1000, 'the number of pids spawnMany(1000) returns');
    const notPid = pids.find((p) => !isPid(p));
    t.ok(notPid === undefined, 'every element should be a pid', `found ${t.show(notPid)}`);
    t.equal(new Set(pids.map(String)).size, 1000, 'distinct pids among the 1000');
    await t.settle();
    const alive = pids.filter((p) => Process.isAlive(p as never)).length;
    t.equal(alive, 1000, 'processes still alive after they started (each should wait for a message)');
  });
  await t.step('each of those processes ends once it gets a message', async () => {
    for (const p of pids.slice(0, 500)) send(p as never, 'stop');
    await t.settle();
    const alive = pids.filter((p) => Process.isAlive(p as never)).length;
    t.equal(alive, 500, 'processes alive after sending a message to 500 of the 1000');
  });
  await t.step('countAlive(pids) counts the living ones', async () => {
    t.equal(ex.countAlive(pids as never), 500, 'countAlive of the 1000 pids, 500 of them ended');
    const done = spawn(() => {});
    await t.settle();
    t.equal(ex.countAlive([done]), 0, 'countAlive of a process that has returned');
  });
}
