import { DynamicSupervisor, isPid, Process, Supervisor, type Pid } from 'beamish';
import type { Check } from '../../src/repl/tutorial/check_api.js';
import type * as Exercise from './exercise.js';

// Names of the check's own, so a KV tree you started at the prompt is left alone.
const names = { buckets: 'KV.BucketSupervisor (check)', registry: 'KV.Registry (check)' };

export default async function check(ex: typeof Exercise, t: Check): Promise<void> {
  let kv: any;
  const lookup = (name: string) => t.within(ex.lookup(names.registry, name), 6000, `lookup(registry, ${t.show(name)})`);
  const bucketOf = async (name: string): Promise<Pid> => {
    const found = await lookup(name);
    t.ok(Array.isArray(found) && found[0] === 'ok' && isPid(found[1]), `lookup(registry, ${t.show(name)}) should answer ['ok', bucket]`, t.show(found));
    return found[1];
  };
  const buckets = async (): Promise<Pid[]> =>
    (await t.within(DynamicSupervisor.whichChildren(names.buckets), 1000, 'DynamicSupervisor.whichChildren(the bucket supervisor)')).map(([, pid]) => pid as Pid);

  await t.step('startKV(names) starts the bucket supervisor first, then the registry', async () => {
    kv = await t.within(ex.startKV(names), 1000, 'startKV(names)');
    t.ok(isPid(kv) && Process.info(kv)?.meta?.behaviour === 'Supervisor', "startKV should resolve to the top supervisor's pid", t.show(kv));
    const children = await t.within(Supervisor.whichChildren(kv), 1000, 'Supervisor.whichChildren(kv)');
    t.equal(children.map(([id, , type]) => [id, type]).reverse(), [['KV.BucketSupervisor', 'supervisor'], ['KV.Registry', 'worker']], 'the children in start order, [id, type]');
    t.equal(Process.info(Process.whereis(names.buckets)!)?.meta?.behaviour, 'DynamicSupervisor', `what runs under the name ${t.show(names.buckets)}`);
  });
  await t.step("its strategy is 'one_for_all'", async () => {
    t.equal(Process.info(kv)?.meta?.strategy, 'one_for_all', "the top supervisor's strategy");
  });
  await t.step('created buckets are children of the bucket supervisor', async () => {
    ex.create(names.registry, 'shopping');
    const bucket = await bucketOf('shopping');
    t.equal((await buckets()).map(String), [String(bucket)], "the bucket supervisor's children after creating 'shopping'");
    t.ok(!Process.info(bucket)!.links.some((l) => String(l) === String(Process.whereis(names.registry))), 'a bucket should not be linked to the registry', 'it is');
  });
  await t.step('a crashed bucket is not restarted, and its name is forgotten', async () => {
    const bucket = await bucketOf('shopping');
    Process.exit(bucket, 'kill');
    t.equal(await lookup('shopping'), 'error', "lookup of 'shopping' after its bucket crashed");
    t.equal((await buckets()).length, 0, "the bucket supervisor's children after the crash (buckets are temporary)");
  });
  await t.step('a crashed registry restarts with a new bucket supervisor; the old buckets are gone', async () => {
    ex.create(names.registry, 'groceries');
    const bucket = await bucketOf('groceries');
    const registry = Process.whereis(names.registry)!;
    const supervisor = Process.whereis(names.buckets)!;
    Process.exit(registry, 'kill');
    await t.eventually(() => isPid(Process.whereis(names.registry)) && isPid(Process.whereis(names.buckets)), 1000, 'a registry and a bucket supervisor back under their names');
    t.ok(String(Process.whereis(names.buckets)) !== String(supervisor), 'the bucket supervisor should be a new one too (one_for_all)', 'it is the same');
    t.ok(!Process.isAlive(bucket), "the old bucket of 'groceries' should be gone", 'it still runs, unreachable');
    t.equal(await lookup('groceries'), 'error', "lookup of 'groceries' in the new registry");
  });
}
