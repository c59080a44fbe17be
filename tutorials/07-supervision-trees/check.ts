import { isPid, Process, Supervisor, type Pid } from 'beamish';
import type { Check } from '../../src/repl/tutorial/check_api.js';
import type * as Exercise from './exercise.js';

export default async function check(ex: typeof Exercise, t: Check): Promise<void> {
  const children = async (sup: Pid, name: string) => {
    const list = await t.within(Supervisor.whichChildren(sup), 1000, `Supervisor.whichChildren(${name})`);
    return new Map(list.map(([id, pid, type]) => [String(id), { pid: pid as Pid, type }]));
  };
  let app: any;
  let config: Pid;
  let pool: Pid;
  await t.step('startApp() starts app, a supervisor with children config (a worker) then pool (a supervisor)', async () => {
    app = await t.within(ex.startApp(), 1000, 'startApp()');
    t.ok(isPid(app) && Process.info(app)?.meta?.behaviour === 'Supervisor', "startApp() should resolve to the root supervisor's pid", t.show(app));
    const list = await t.within(Supervisor.whichChildren(app), 1000, 'Supervisor.whichChildren(app)');
    t.equal(list.map(([id, , type]) => [id, type]).reverse(), [['config', 'worker'], ['pool', 'supervisor']], "app's children in start order, [id, type]");
    const c = await children(app, 'app');
    config = c.get('config')!.pid;
    pool = c.get('pool')!.pid;
    t.equal(Process.info(pool)?.meta?.strategy, 'one_for_one', "the pool's strategy");
  });
  let worker1: Pid;
  await t.step('the pool supervises worker1 then worker2; everything started depth first, in order', async () => {
    const list = await t.within(Supervisor.whichChildren(pool), 1000, 'Supervisor.whichChildren(pool)');
    t.equal(list.map(([id, , type]) => [id, type]).reverse(), [['worker1', 'worker'], ['worker2', 'worker']], "the pool's children in start order, [id, type]");
    const c = await children(pool, 'pool');
    worker1 = c.get('worker1')!.pid;
    // Pids are numbered in spawn order.
    const order = [config, pool, worker1, c.get('worker2')!.pid].map((p) => p.id);
    t.ok(order.every((n, i) => i === 0 || n > order[i - 1]!), 'config, pool, worker1, worker2 should start in this order', `pids ${[config, pool, worker1, c.get('worker2')!.pid].join(', ')}`);
  });
  await t.step('a first crash of worker1 is handled by the pool: a new worker1, the same pool', async () => {
    Process.exit(worker1, 'kill');
    await t.settle();
    t.ok(Process.isAlive(pool), 'the pool should survive one restart', 'it gave up');
    const c = await children(pool, 'pool');
    t.ok(isPid(c.get('worker1')?.pid) && String(c.get('worker1')!.pid) !== String(worker1), 'worker1 should be a new process', t.show(c.get('worker1')?.pid));
    worker1 = c.get('worker1')!.pid;
  });
  await t.step('a second crash within 5 seconds: the pool gives up, app starts a new pool, config is untouched', async () => {
    Process.exit(worker1, 'kill');
    await t.settle();
    t.ok(!Process.isAlive(pool), 'the pool should give up at its second restart within 5 seconds (maxRestarts: 1)', 'it is still the same pool');
    const c = await children(app, 'app');
    t.ok(isPid(c.get('pool')?.pid) && Process.isAlive(c.get('pool')!.pid), 'app should have restarted the pool', t.show(c.get('pool')?.pid));
    t.equal(c.get('config')!.pid, config, "config's pid (app is one_for_one: config keeps running)");
    const fresh = await children(c.get('pool')!.pid, 'the new pool');
    t.equal([...fresh.keys()].sort(), ['worker1', 'worker2'], "the new pool's children");
    pool = c.get('pool')!.pid;
  });
  await t.step('stopping app stops the tree in reverse start order: worker2, worker1, pool, config', async () => {
    const c = await children(pool, 'pool');
    const names = new Map([
      [String(c.get('worker2')!.pid), 'worker2'],
      [String(c.get('worker1')!.pid), 'worker1'],
      [String(pool), 'pool'],
      [String(config), 'config'],
    ]);
    const from = t.events.length;
    await t.within(Supervisor.stop(app), 5000, 'Supervisor.stop(app)');
    const stopped = t.events.slice(from).flatMap((e) => (e.type === 'exit' && names.has(String(e.pid)) ? [names.get(String(e.pid))] : []));
    t.equal(stopped, ['worker2', 'worker1', 'pool', 'config'], 'the order in which they stopped');
  });
}
