/** Running a lesson's check (check_api.ts): steps, plain-words failures, the manual clock, clean-up. */
import { describe, expect, it } from 'vitest';
import { clock, exit, GenServer, Process, realClock, receive, run, self, send, setReportHandler, settle, spawn, spawnLink, type Pid } from '../../src/index.js';
import { type Check, runCheck } from '../../src/repl/tutorial/check_api.js';

const noPrompt = { inputs: [], events: [] };

describe('runCheck', () => {
  it('reports each step, and says what was expected and what came instead, printed as at the prompt', async () => {
    const r = await runCheck(async (_ex, t: Check) => {
      await t.step('one plus one', () => t.equal(1 + 1, 2, '1 + 1'));
      await t.step('the team', () => t.equal(['Ada'], ['Ada', 'Grace'], "the team after adding 'Grace'"));
    }, {}, noPrompt);
    expect(r).toEqual({
      ok: false,
      steps: [
        { title: 'one plus one', ok: true },
        { title: 'the team', ok: false, detail: "the team after adding 'Grace'\nexpected: ['Ada', 'Grace']\nactual:   ['Ada']" },
      ],
    });
  });

  it('stops at the first failing step', async () => {
    let ran = false;
    const r = await runCheck(async (_ex, t: Check) => {
      await t.step('fails', () => t.fail('no'));
      await t.step('never runs', () => void (ran = true));
    }, {}, noPrompt);
    expect(r.steps.map((s) => s.title)).toEqual(['fails']);
    expect(ran).toBe(false);
  });

  it('turns anything the learner’s code throws into a failed step naming it', async () => {
    const r = await runCheck(async (ex: { f(): void }, t: Check) => {
      await t.step('f() runs', () => ex.f());
    }, { f: () => { throw new TypeError('team is undefined'); } }, noPrompt);
    expect(r.steps[0]).toEqual({ title: 'f() runs', ok: false, detail: 'it threw TypeError: team is undefined' });
  });

  it('waits in clock time, not real time: a server that never answers fails a 60-second wait at once', async () => {
    const started = Date.now();
    const r = await runCheck(async (_ex, t: Check) => {
      const [, pid] = (await GenServer.start({ init: () => ['ok', null], handleCall: () => ['noreply', null] }, null)) as ['ok', Pid];
      await t.step('the server answers', () => t.within(GenServer.call(pid, 'hello', 60_000), 61_000, "GenServer.call(pid, 'hello')"));
    }, {}, noPrompt);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.steps[0]!.detail).toMatch(/^GenServer.call\(pid, 'hello'\)\nexpected: an answer\nactual:   it exited: exited in: GenServer.call/);
    expect(clock()).toBe(realClock);
  });

  it('says what is in the mailbox when the message it waits for does not come', async () => {
    const r = await runCheck(async (_ex, t: Check) => {
      await t.step('a pong comes', async () => {
        send(self(), 'ping');
        await t.receive('pong', 1000, 'after a ping');
      });
    }, {}, noPrompt);
    expect(r.steps[0]!.detail).toBe("after a ping\nexpected: a message like 'pong' within 1000 ms\nactual:   no such message; the mailbox holds ['ping']");
  });

  it('survives a crash the learner’s code links to it', async () => {
    const r = await runCheck(async (_ex, t: Check) => {
      await t.step('a linked crash', async () => {
        spawnLink(() => exit('boom'));
        t.equal(await t.receive(['EXIT', Object, 'boom'], 100, 'the exit'), undefined, 'never');
      });
    }, {}, noPrompt);
    expect(r.steps[0]!.detail).toMatch(/^never\nexpected: undefined\nactual:   \['EXIT', #PID<0\.\d+\.0>, 'boom'\]$/);
  });

  it('stops every process the check started, and everything they started', async () => {
    let pids: Pid[] = [];
    await runCheck(async () => {
      const parent = spawn(async () => {
        pids.push(spawn(() => receive()));
        await receive();
      });
      pids.push(parent, spawn(() => receive()));
      Process.register(parent, 'tutorial-check-leftover');
      await new Promise((r) => setImmediate(r));
    }, {}, noPrompt);
    expect(pids).toHaveLength(3);
    expect(pids.filter((p) => Process.isAlive(p))).toEqual([]);
    expect(Process.whereis('tutorial-check-leftover')).toBe(undefined);
    pids = [];
  });

  it("keeps the crash reports of its own processes, and lets others' through", async () => {
    const shown: string[] = [];
    const previous = setReportHandler((rep) => shown.push(rep.kind));
    const [, outsider] = (await run(() => GenServer.start({ init: () => ['ok', null] }, null))) as ['ok', Pid];
    let kept: string[] = [];
    await runCheck(async (_ex, t: Check) => {
      const [, server] = (await GenServer.start({ init: () => ['ok', null] }, null)) as ['ok', Pid];
      await GenServer.stop(server, 'boom');
      await GenServer.stop(outsider, 'boom');
      kept = t.reports.map((rep) => `${rep.kind} ${rep.pid === server ? 'server' : 'other'}`);
    }, {}, noPrompt);
    setReportHandler(previous);
    expect(kept).toEqual(['crash server']);
    expect(shown).toEqual(['crash']);
  });

  it('fails a check that throws outside any step, under the name of the check', async () => {
    const r = await runCheck(() => { throw new Error('bug in the check'); }, {}, noPrompt);
    expect(r).toEqual({ ok: false, steps: [{ title: 'the check ran', ok: false, detail: 'it threw Error: bug in the check' }] });
  });
});

describe('a check and the processes around it', () => {
  // These two watch real time on purpose: they are about what happens to the real clock's
  // timers, and to timers left on the check's manual clock, once the check is over.
  it('lets a process outside the check keep its timeouts: a receive ended during the check leaves no stale timer behind', async () => {
    const outcomes: unknown[] = [];
    const waiter = spawn(async () => {
      outcomes.push(await receive('first', { after: 30 }));
      outcomes.push(await receive('second', { after: 10_000 }));
    });
    await settle();
    expect(Process.info(waiter)?.status).toBe('waiting');
    await runCheck(async () => send(waiter, 'first'), {}, noPrompt);
    await new Promise((r) => setTimeout(r, 80));
    expect(outcomes).toEqual(['first']);
    Process.exit(waiter, 'kill');
  });

  it('keeps the timers a process outside the check set during it: they fire once the check is over', async () => {
    let ticks = 0;
    const ticker = spawn(async () => {
      for (;;) {
        await Process.sleep(5);
        ticks++;
      }
    });
    await new Promise((r) => setTimeout(r, 20));
    await runCheck(async (_ex, t: Check) => t.clock.advance(1), {}, noPrompt);
    const after = ticks;
    await new Promise((r) => setTimeout(r, 100));
    expect(ticks).toBeGreaterThan(after + 2);
    Process.exit(ticker, 'kill');
  });
});

describe('startedByCheck', () => {
  it('tells the processes of the running check from the others, for the crash log', async () => {
    const { startedByCheck } = await import('../../src/repl/tutorial/index.js');
    const outsider = spawn(() => receive());
    let seen: boolean[] = [];
    let inner: Pid | undefined;
    await runCheck(async () => {
      inner = spawn(() => receive());
      seen = [startedByCheck(inner), startedByCheck(self()), startedByCheck(outsider)];
    }, {}, noPrompt);
    expect(seen).toEqual([true, true, false]);
    expect(startedByCheck(inner!)).toBe(false);
    Process.exit(outsider, 'kill');
  });
});
