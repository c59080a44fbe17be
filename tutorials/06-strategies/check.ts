import { _, isPid, Process, Supervisor, type Pid } from 'beamish';
import type { Check } from '../../src/repl/tutorial/check_api.js';
import type * as Exercise from './exercise.js';

const ORDER = ['roadie', 'drummer', 'bassist', 'guitarist'];

export default async function check(ex: typeof Exercise, t: Check): Promise<void> {
  const start = async (): Promise<Pid> => {
    const band = await t.within(ex.startBand(), 1000, 'startBand()');
    t.ok(isPid(band) && Process.info(band)?.meta?.behaviour === 'Supervisor', 'startBand() should resolve to the pid of a supervisor', t.show(band));
    return band;
  };
  const members = async (band: Pid): Promise<Map<string, string>> => {
    const children = await t.within(Supervisor.whichChildren(band), 1000, 'Supervisor.whichChildren(band)');
    return new Map(children.map(([id, pid]) => [String(id), String(pid)]));
  };
  /** Kills `who` and says who has a new pid or is gone, in start order. */
  const crash = async (band: Pid, who: string): Promise<string[]> => {
    const children = await t.within(Supervisor.whichChildren(band), 1000, 'Supervisor.whichChildren(band)');
    const before = new Map(children.map(([id, pid]) => [String(id), String(pid)]));
    const victim = children.find(([id]) => id === who)?.[1];
    t.ok(isPid(victim), `the band should have a running ${who}`, t.show(children));
    Process.exit(victim, 'kill');
    await t.settle();
    if (!Process.isAlive(band)) return ['the whole band'];
    const after = await members(band);
    return ORDER.filter((id) => before.has(id) && after.get(id) !== before.get(id));
  };

  await t.step('startBand() starts roadie, drummer, bassist and guitarist, in that order', async () => {
    const band = await start();
    const children = await t.within(Supervisor.whichChildren(band), 1000, 'whichChildren');
    // whichChildren lists the children last started first, as OTP's which_children does.
    t.equal(children.map(([id]) => id).reverse(), ORDER, 'the children in start order');
  });
  await t.step('when the drummer crashes, drummer, bassist and guitarist restart; the roadie plays on', async () => {
    t.equal(await crash(await start(), 'drummer'), ['drummer', 'bassist', 'guitarist'], 'who restarted after the drummer crashed');
  });
  await t.step('when the guitarist crashes, only the guitarist restarts', async () => {
    t.equal(await crash(await start(), 'guitarist'), ['guitarist'], 'who restarted after the guitarist crashed');
  });
  await t.step('when the roadie quits, nobody replaces them', async () => {
    const band = await start();
    t.equal(await crash(band, 'roadie'), ['roadie'], 'who changed after the roadie crashed (only the roadie, gone)');
    t.equal([...(await members(band)).keys()].reverse(), ['drummer', 'bassist', 'guitarist'], 'the children left');
  });
  await t.step('the band survives two restarts, and breaks up at the third within 10 seconds', async () => {
    const band = await start();
    await crash(band, 'drummer');
    await crash(band, 'drummer');
    t.ok(Process.isAlive(band), 'the band should survive two restarts in a row', 'it broke up');
    await t.clock.advance(6000);
    t.equal(await crash(band, 'drummer'), ['the whole band'], 'what a third crash, 6 seconds later, does');
    t.equal(await t.receive(['EXIT', band, _], 1000, 'the exit of the band'), ['EXIT', band, 'shutdown'], 'the exit signal of the band (it is linked to its starter)');
  });
  await t.step('restarts older than 10 seconds no longer count', async () => {
    const band = await start();
    await crash(band, 'drummer');
    await crash(band, 'drummer');
    await t.clock.advance(10_500);
    await crash(band, 'drummer');
    await crash(band, 'drummer');
    t.ok(Process.isAlive(band), 'two crashes, then 10.5 seconds later two more: the band should still play', 'it broke up');
  });
}
