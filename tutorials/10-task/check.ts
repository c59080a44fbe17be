import { Process, receive, self, spawnLink, Task, exit, type Pid } from 'beamish';
import type { Check } from '../../src/repl/tutorial/check_api.js';
import type * as Exercise from './exercise.js';

export default async function check(ex: typeof Exercise, t: Check): Promise<void> {
  const caller = self();
  const ran = new Set<string>();
  let inFlight = 0;
  let most = 0;
  const times: Record<string, number> = { a: 50, b: 10, c: 30, d: 20, e: 40, f: 10 };
  const fetchOne = async (url: string): Promise<string> => {
    ran.add(String(self()));
    inFlight++;
    most = Math.max(most, inFlight);
    await Process.sleep(times[url] ?? 10);
    inFlight--;
    return `page ${url}`;
  };
  const urls = Object.keys(times);
  await t.step('fetchAll answers the pages in the order of the urls', async () => {
    const pages = await t.within(ex.fetchAll(urls, fetchOne, 2), 5000, "fetchAll(['a', 'b', 'c', 'd', 'e', 'f'], fetchOne, 2)");
    t.equal(pages, urls.map((u) => `page ${u}`), "fetchAll(['a', 'b', 'c', 'd', 'e', 'f'], fetchOne, 2)");
  });
  await t.step('fetchAll runs each fetch in a task of its own, never in the caller', async () => {
    t.ok(!ran.has(String(caller)), 'fetchOne should run in tasks, not in the process calling fetchAll', 'it ran in the caller');
    t.ok(ran.size === urls.length, `each of the ${urls.length} fetches should run in its own process`, `they ran in ${ran.size} process(es)`);
  });
  await t.step('fetchAll runs at most maxConcurrency fetches at a time, and uses them all', async () => {
    t.equal(most, 2, 'the most fetches running at the same time with maxConcurrency 2');
    most = 0;
    await t.within(ex.fetchAll(urls, fetchOne, 3), 5000, 'fetchAll(urls, fetchOne, 3)');
    t.equal(most, 3, 'the most fetches running at the same time with maxConcurrency 3');
  });
  const [, sup] = (await t.within(Task.Supervisor.startLink(), 1000, 'Task.Supervisor.startLink()')) as ['ok', Pid];
  await t.step("safely(sup, fn) answers ['ok', result], running fn in another process", async () => {
    let where: Pid | undefined;
    const r = await t.within(ex.safely(sup, () => { where = self(); return 42; }), 6000, 'safely(sup, () => 42)');
    t.equal(r, ['ok', 42], 'safely(sup, () => 42)');
    t.ok(where !== undefined && String(where) !== String(self()), 'fn should run in a task, not in the caller', 'it ran in the caller');
  });
  await t.step("safely answers ['error', reason] when the task crashes, and the caller lives on", async () => {
    const r = await t.within(ex.safely(sup, () => exit('boom')), 6000, "safely(sup, () => exit('boom'))");
    t.equal(r, ['error', 'boom'], "safely(sup, () => exit('boom'))");
    const killed = await t.within(
      ex.safely(sup, async () => {
        spawnLink(() => exit('linked crash'));
        return receive();
      }),
      6000,
      'safely of a function whose process is killed by a linked crash',
    );
    t.equal(killed, ['error', 'linked crash'], 'safely of a function whose process is killed by a linked crash');
  });
  await t.step("safely stops a task that takes more than 5 seconds and answers ['error', 'timeout']", async () => {
    let task: Pid | undefined;
    const r = await t.within(ex.safely(sup, () => { task = self(); return receive(); }), 7000, 'safely(sup, () => receive()) (a task that never finishes)');
    t.equal(r, ['error', 'timeout'], 'safely(sup, () => receive())');
    t.ok(task !== undefined && !Process.isAlive(task), 'the task should be stopped after the timeout', 'it is still running');
  });
}
