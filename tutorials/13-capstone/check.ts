import { DynamicSupervisor, isPid, Process, Supervisor, type Pid } from 'beamish';
import type { Check } from '../../src/repl/tutorial/check_api.js';
import type * as Exercise from './exercise.js';

// Names of the check's own, so a KV tree you started at the prompt is left alone.
const names = { buckets: 'KV.BucketSupervisor (capstone)', registry: 'KV.Registry (capstone)' };
const OPS = 200;
const BUCKETS = ['shopping', 'books', 'music'];
/** What the check kills, in turn, every 10 operations. */
const VICTIMS = ['the registry', 'a bucket', 'the bucket supervisor'] as const;

export default async function check(ex: typeof Exercise, t: Check): Promise<void> {
  let kv: any;
  await t.step('startKV(names) starts the tree', async () => {
    kv = await t.within(ex.startKV(names), 1000, 'startKV(names)');
    t.ok(isPid(kv) && Process.info(kv)?.meta?.behaviour === 'Supervisor', "startKV should resolve to the top supervisor's pid", t.show(kv));
  });
  const kill = async (victim: (typeof VICTIMS)[number]): Promise<string> => {
    if (victim === 'a bucket') {
      const children = await t.within(DynamicSupervisor.whichChildren(names.buckets), 5000, 'the buckets');
      const pid = children[0]?.[1];
      if (isPid(pid)) Process.exit(pid, 'kill');
      return `a bucket (${pid})`;
    }
    const pid = Process.whereis(victim === 'the registry' ? names.registry : names.buckets);
    if (pid !== undefined) Process.exit(pid, 'kill');
    return `${victim} (${pid})`;
  };
  await t.step(`${OPS} puts and gets all answer while a process of the tree is killed every 10 operations`, async () => {
    let killed = 'nothing yet';
    for (let i = 0; i < OPS; i++) {
      if (i % 10 === 9) {
        // Spread the kills over time, as the top supervisor allows 3 restarts in 5 seconds.
        await t.clock.advance(2000);
        killed = await kill(VICTIMS[Math.floor(i / 10) % VICTIMS.length]!);
      }
      const bucket = BUCKETS[i % BUCKETS.length]!;
      const key = `key ${i}`;
      const when = `operation ${i + 1} of ${OPS}, just after killing ${killed}`;
      const put = await t.within(ex.kvPut(names, bucket, key, i), 10_000, `kvPut(names, ${t.show(bucket)}, ${t.show(key)}, ${i}) (${when})`);
      t.equal(put, 'ok', `kvPut(names, ${t.show(bucket)}, ${t.show(key)}, ${i}) (${when})`);
      const got = await t.within(ex.kvGet(names, bucket, key), 10_000, `kvGet(names, ${t.show(bucket)}, ${t.show(key)}) (${when})`);
      t.equal(got, i, `kvGet(names, ${t.show(bucket)}, ${t.show(key)}) right after putting ${i} (${when})`);
    }
  });
  await t.step('the tree healed: the top supervisor, the bucket supervisor and the registry all run', async () => {
    await t.clock.advance(1000);
    t.ok(Process.isAlive(kv), 'the top supervisor should still run', 'it gave up');
    const children = await t.within(Supervisor.whichChildren(kv), 1000, 'Supervisor.whichChildren(kv)');
    t.ok(children.length === 2 && children.every(([, pid]) => isPid(pid) && Process.isAlive(pid as Pid)), 'both children should run', t.show(children));
    t.ok(isPid(Process.whereis(names.registry)) && isPid(Process.whereis(names.buckets)), 'both names should be registered again', t.show(children));
  });
}
