import { _, isPid, Process, self, send } from 'beamish';
import type { Check } from '../../src/repl/tutorial/check_api.js';
import type * as Exercise from './exercise.js';

export default async function check(ex: typeof Exercise, t: Check): Promise<void> {
  let speakers: any;
  const team = async (after: string) => {
    send(speakers, ['team', self()]);
    const [, members] = (await t.receive(['team', _], 1000, `the answer to ['team', ${self()}] ${after}`)) as [string, unknown];
    return members;
  };
  await t.step('startSpeakers() returns the pid of a process waiting for messages', async () => {
    speakers = ex.startSpeakers();
    t.ok(isPid(speakers), 'startSpeakers() should return a pid', t.show(speakers));
    await t.settle();
    t.ok(Process.isAlive(speakers), 'the speakers process should be alive, waiting', 'it has ended');
  });
  await t.step("['add', name] adds to the team, and ['team', pid] answers ['team', theTeam]", async () => {
    send(speakers, ['add', 'Ada']);
    await t.settle();
    t.ok(Process.isAlive(speakers), "the process should still be alive after ['add', 'Ada'] (keep listening)", 'it ended after one message');
    send(speakers, ['add', 'Grace']);
    t.equal(await team("after adding 'Ada' and 'Grace'"), ['Ada', 'Grace'], "the team after adding 'Ada' and 'Grace'");
  });
  await t.step("['remove', name] takes a speaker out", async () => {
    send(speakers, ['remove', 'Ada']);
    t.equal(await team("after removing 'Ada'"), ['Grace'], "the team after removing 'Ada'");
  });
  await t.step('it keeps listening: a thousand messages later it still answers', async () => {
    for (let i = 0; i < 1000; i++) {
      send(speakers, ['add', `s${i}`]);
      send(speakers, ['remove', `s${i}`]);
    }
    t.equal(await team('after 1000 adds and removes'), ['Grace'], 'the team after adding and removing 1000 speakers');
  });
  await t.step('a message it does not know is dropped, and it goes on', async () => {
    send(speakers, 'hello?');
    send(speakers, ['rename', 'Grace', 'Grace Hopper']);
    t.equal(await team('after two unknown messages'), ['Grace'], 'the team after two unknown messages');
    t.equal(Process.info(speakers)?.messageQueueLen, 0, 'messages left in its mailbox');
  });
  await t.step('the team starts as the initial list given', async () => {
    speakers = ex.startSpeakers(['Joe', 'Robert']);
    t.equal(await team("of startSpeakers(['Joe', 'Robert'])"), ['Joe', 'Robert'], "the team of startSpeakers(['Joe', 'Robert'])");
  });
}
