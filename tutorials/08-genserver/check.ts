import { _, GenServer, Process, type Pid } from 'beamish';
import type { Check } from '../../src/repl/tutorial/check_api.js';
import type * as Exercise from './exercise.js';

export default async function check(ex: typeof Exercise, t: Check): Promise<void> {
  let server: Pid;
  const call = (request: unknown) => t.within(GenServer.call(server, request), 6000, `GenServer.call(server, ${t.show(request)})`);
  await t.step("GenServer.start(GenServerExample, ['Ada']) starts a server whose team is ['Ada']", async () => {
    const started = await t.within(GenServer.start(ex.GenServerExample as never, ['Ada']), 1000, "GenServer.start(GenServerExample, ['Ada'])");
    t.ok(Array.isArray(started) && started[0] === 'ok', "GenServer.start(GenServerExample, ['Ada']) should give ['ok', pid]", t.show(started));
    server = started[1];
    t.equal(await call('team'), ['Ada'], "the answer to the call 'team'");
  });
  await t.step("the casts ['add', name] and ['remove', name] change the team", async () => {
    GenServer.cast(server, ['add', 'Grace']);
    GenServer.cast(server, ['add', 'Joe']);
    t.equal(await call('team'), ['Ada', 'Grace', 'Joe'], "the team after adding 'Grace' and 'Joe'");
    GenServer.cast(server, ['remove', 'Ada']);
    t.equal(await call('team'), ['Grace', 'Joe'], "the team after removing 'Ada'");
  });
  await t.step("the call ['has', name] answers true or false, and changes nothing", async () => {
    t.equal(await call(['has', 'Grace']), true, "the answer to ['has', 'Grace']");
    t.equal(await call(['has', 'Ada']), false, "the answer to ['has', 'Ada']");
    t.equal(await call('team'), ['Grace', 'Joe'], 'the team afterwards');
  });
  await t.step("a cast it does not know, ['remover', 'Joe'], crashes the server", async () => {
    const ref = Process.monitor(server);
    GenServer.cast(server, ['remover', 'Joe']);
    const down = (await t.receive(['DOWN', ref, 'process', _, _], 1000, "after the cast ['remover', 'Joe']").catch(() => undefined)) as unknown[] | undefined;
    t.ok(down !== undefined, 'the server should crash on a message it does not know (let it crash: the typo is a bug)', 'it ignored the message and carried on');
    t.ok(down[4] !== 'normal', 'the server should crash, not stop normally', `it stopped with reason ${t.show(down[4])}`);
  });
}
