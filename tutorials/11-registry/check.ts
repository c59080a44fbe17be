import { Agent, GenServer, isPid, Process, send, type Pid } from 'beamish';
import type { Check } from '../../src/repl/tutorial/check_api.js';
import type * as Exercise from './exercise.js';

export default async function check(ex: typeof Exercise, t: Check): Promise<void> {
  let registry: Pid;
  const lookup = (name: string) => t.within(ex.lookup(registry, name), 6000, `lookup(registry, ${t.show(name)})`);
  const bucketOf = async (name: string): Promise<Pid> => {
    const found = await lookup(name);
    t.ok(Array.isArray(found) && found[0] === 'ok' && isPid(found[1]), `lookup(registry, ${t.show(name)}) should answer ['ok', bucket]`, t.show(found));
    return found[1];
  };
  await t.step("a new registry answers 'error' to a lookup, and ['ok', bucket] once the bucket is created", async () => {
    const started = await t.within(GenServer.start(ex.KVRegistry as never, null), 1000, 'GenServer.start(KVRegistry, null)');
    t.ok(Array.isArray(started) && started[0] === 'ok', "GenServer.start(KVRegistry, null) should give ['ok', pid]", t.show(started));
    registry = started[1];
    t.equal(await lookup('shopping'), 'error', "lookup(registry, 'shopping') before it is created");
    ex.create(registry, 'shopping');
    const bucket = await bucketOf('shopping');
    await t.within(ex.Bucket.put(bucket, 'milk', 1), 1000, "Bucket.put(bucket, 'milk', 1)");
    t.equal(await t.within(ex.Bucket.get(bucket, 'milk'), 1000, 'Bucket.get'), 1, "Bucket.get(bucket, 'milk') after putting 1");
  });
  await t.step('creating a name that exists keeps its bucket', async () => {
    const bucket = await bucketOf('shopping');
    ex.create(registry, 'shopping');
    t.equal(await bucketOf('shopping'), bucket, "the bucket of 'shopping' after creating it again");
  });
  await t.step('a bucket that stops is forgotten', async () => {
    const bucket = await bucketOf('shopping');
    await t.within(Agent.stop(bucket), 1000, 'Agent.stop(bucket)');
    const after = await lookup('shopping');
    t.equal(after, 'error', "lookup(registry, 'shopping') after its bucket stopped");
  });
  await t.step('a bucket that crashes is forgotten, and the registry runs on', async () => {
    ex.create(registry, 'groceries');
    const bucket = await bucketOf('groceries');
    Process.exit(bucket, 'kill');
    t.equal(await lookup('groceries'), 'error', "lookup(registry, 'groceries') after its bucket was killed");
    t.ok(Process.isAlive(registry), 'the registry should still be running', 'it died with the bucket');
    ex.create(registry, 'groceries');
    const fresh = await bucketOf('groceries');
    t.ok(String(fresh) !== String(bucket), "creating 'groceries' again should start a new bucket", `it answers the dead one, ${bucket}`);
  });
  await t.step('an unexpected message leaves the registry running', async () => {
    send(registry, 'hello?');
    send(registry, ['DOWN', 'not a ref of mine']);
    await t.settle();
    t.ok(Process.isAlive(registry), 'the registry should ignore messages it does not expect', 'it crashed');
    t.ok(isPid((await bucketOf('groceries'))), "'groceries' should still be there", 'it was dropped');
  });
}
