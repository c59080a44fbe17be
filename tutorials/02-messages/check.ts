import { isPid, Process, run, self, send, type Pid } from 'beamish';
import type { Check } from '../../src/repl/tutorial/check_api.js';
import type * as Exercise from './exercise.js';

export default async function check(ex: typeof Exercise, t: Check): Promise<void> {
  let ponger: unknown;
  await t.step('startPonger() returns the pid of a living process', async () => {
    ponger = ex.startPonger();
    t.ok(isPid(ponger), 'startPonger() should return a pid', t.show(ponger));
    await t.settle();
    t.ok(Process.isAlive(ponger), 'the ponger should wait for a ping, alive', 'it has already ended');
  });
  await t.step("the ponger answers ['ping', from] with ['pong', its own pid]", async () => {
    send(ponger as never, ['ping', self()]);
    const answer = await t.receive(() => true, 1000, `after sending ['ping', ${self()}] to the ponger`);
    t.equal(answer, ['pong', ponger], 'the answer');
  });
  await t.step('the ponger ends after answering', async () => {
    await t.settle();
    t.ok(!Process.isAlive(ponger as Pid), 'the ponger should have ended (its function returned)', 'it is still alive');
  });
  await t.step("takeUrgent() takes the first ['urgent', x] and returns x, leaving the rest in order", async () => {
    const [got, left] = await t.within(
      run(async () => {
        for (const m of ['a', ['urgent', 1], 'b', ['urgent', 2]]) send(self(), m);
        const got = await ex.takeUrgent();
        return [got, Process.info(self())!.messages];
      }),
      1000,
      "takeUrgent() with 'a', ['urgent', 1], 'b', ['urgent', 2] in the mailbox",
    );
    t.equal(got, 1, "takeUrgent() with 'a', ['urgent', 1], 'b', ['urgent', 2] in the mailbox");
    t.equal(left, ['a', 'b', ['urgent', 2]], 'the mailbox afterwards');
  });
  await t.step('takeUrgent() waits up to 100 ms for an urgent message', async () => {
    const got = await t.within(
      run(async () => {
        Process.sendAfter(self(), ['urgent', 'late'], 60);
        return ex.takeUrgent();
      }),
      1000,
      "takeUrgent() when ['urgent', 'late'] arrives after 60 ms",
    );
    t.equal(got, 'late', "takeUrgent() when ['urgent', 'late'] arrives after 60 ms");
  });
  await t.step("takeUrgent() returns 'none' when no urgent message comes within 100 ms", async () => {
    const got = await t.within(
      run(async () => {
        send(self(), 'not urgent');
        return ex.takeUrgent();
      }),
      1000,
      "takeUrgent() with only 'not urgent' in the mailbox",
    );
    t.equal(got, 'none', "takeUrgent() with only 'not urgent' in the mailbox");
  });
}
