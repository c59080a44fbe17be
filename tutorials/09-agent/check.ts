import { Agent, isPid, Process, run, type Pid } from 'beamish';
import type { Check } from '../../src/repl/tutorial/check_api.js';
import type * as Exercise from './exercise.js';

export default async function check(ex: typeof Exercise, t: Check): Promise<void> {
  const { Bucket } = ex;
  const start = async (): Promise<Pid> => {
    const r = await t.within(Bucket.startLink(), 1000, 'Bucket.startLink()');
    t.ok(Array.isArray(r) && r[0] === 'ok' && isPid(r[1]) && Process.isAlive(r[1]), 'Bucket.startLink() should give [\'ok\', pid] of a living agent', t.show(r));
    return r[1] as Pid;
  };
  const op = <T>(what: string, work: Promise<T>) => t.within(work, 6000, what);
  let bucket: Pid;
  await t.step("get answers undefined for a missing key, and what put stored", async () => {
    bucket = await start();
    t.equal(await op("Bucket.get(bucket, 'milk')", Bucket.get(bucket, 'milk')), undefined, "Bucket.get(bucket, 'milk') in a new bucket");
    t.equal(await op("Bucket.put(bucket, 'milk', 3)", Bucket.put(bucket, 'milk', 3)), 'ok', "Bucket.put(bucket, 'milk', 3)");
    t.equal(await op("Bucket.get(bucket, 'milk')", Bucket.get(bucket, 'milk')), 3, "Bucket.get(bucket, 'milk') after putting 3");
    await op("Bucket.put(bucket, 'milk', 4)", Bucket.put(bucket, 'milk', 4));
    t.equal(await op("Bucket.get(bucket, 'milk')", Bucket.get(bucket, 'milk')), 4, "Bucket.get(bucket, 'milk') after putting 4");
  });
  await t.step('the data is in the bucket process: another process reads the same value', async () => {
    t.equal(await op('a get from another process', run(() => Bucket.get(bucket, 'milk'))), 4, "Bucket.get(bucket, 'milk') from another process");
    t.equal(await op('Agent.get on the bucket', Agent.get(bucket, (m: unknown) => (m instanceof Map ? m.get('milk') : m))), 4, "the value under 'milk' in the agent's own state (a Map)");
  });
  await t.step('delete removes the key and answers the value it had', async () => {
    t.equal(await op("Bucket.delete(bucket, 'milk')", Bucket.delete(bucket, 'milk')), 4, "Bucket.delete(bucket, 'milk')");
    t.equal(await op("Bucket.get(bucket, 'milk')", Bucket.get(bucket, 'milk')), undefined, "Bucket.get(bucket, 'milk') after the delete");
    t.equal(await op("Bucket.delete(bucket, 'eggs')", Bucket.delete(bucket, 'eggs')), undefined, "Bucket.delete of a key never stored");
  });
  await t.step('each bucket has its own data', async () => {
    const other = await start();
    await op('put', Bucket.put(bucket, 'eggs', 12));
    t.equal(await op('get', Bucket.get(other, 'eggs')), undefined, "'eggs' in another bucket");
    t.equal(await op('get', Bucket.get(bucket, 'eggs')), 12, "'eggs' in the bucket it was put in");
  });
}
