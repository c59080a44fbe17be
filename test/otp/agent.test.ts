/**
 * Agent, checked against Elixir 1.14 (`elixir -e`): start results (ok, already_started,
 * error with the init failure), get/update/get_and_update/cast return values, the
 * bad_return_value stop of get_and_update, the exits of get on a dead or slow agent, and
 * Agent.child_spec.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Agent } from '../../src/otp/agent.js';
import { Registry } from '../../src/otp/registry.js';
import { Supervisor } from '../../src/otp/supervisor.js';
import { _, ArgumentError, Process, receive, run, self, type Pid } from '../../src/runtime/index.js';
import { captureReports, exitOf, manualClock } from './helpers.js';

let restoreClock: (() => void) | undefined;
afterEach(() => {
  restoreClock?.();
  restoreClock = undefined;
});

async function agent<S>(fn: () => S): Promise<Pid> {
  const r = await Agent.startLink(fn);
  if (r === 'ignore' || r[0] !== 'ok') throw new Error(`agent did not start: ${String(r)}`);
  return r[1] as Pid;
}

/** The key-value bucket of Elixir's Mix & OTP guide (KV.Bucket), on an Agent. */
const Bucket = {
  startLink: () => Agent.startLink(() => new Map<string, number>()),
  get: (bucket: Pid, key: string) => Agent.get(bucket, (m: Map<string, number>) => m.get(key)),
  put: (bucket: Pid, key: string, value: number) => Agent.update(bucket, (m: Map<string, number>) => m.set(key, value)),
  delete: (bucket: Pid, key: string) =>
    Agent.getAndUpdate(bucket, (m: Map<string, number>) => {
      const v = m.get(key);
      m.delete(key);
      return [v, m];
    }),
};

describe('Agent as the Mix & OTP guide key-value bucket', () => {
  it('stores values by key', () =>
    run(async () => {
      const [, bucket] = (await Bucket.startLink()) as ['ok', Pid];
      expect(await Bucket.get(bucket, 'milk')).toBeUndefined();
      await Bucket.put(bucket, 'milk', 3);
      expect(await Bucket.get(bucket, 'milk')).toBe(3);
    }));

  it('deletes a key and returns its value', () =>
    run(async () => {
      const [, bucket] = (await Bucket.startLink()) as ['ok', Pid];
      await Bucket.put(bucket, 'eggs', 12);
      expect(await Bucket.delete(bucket, 'eggs')).toBe(12);
      expect(await Bucket.get(bucket, 'eggs')).toBeUndefined();
    }));
});

describe('Agent.start / Agent.startLink', () => {
  it("returns ['ok', pid] of an agent whose state fn() made, run in the agent", () =>
    run(async () => {
      const [ok, pid] = (await Agent.startLink(() => ['made in', self()])) as ['ok', Pid];
      expect(ok).toBe('ok');
      expect(await Agent.get(pid, (s) => s)).toEqual(['made in', pid]);
    }));

  it('links with startLink, not with start', () =>
    run(async () => {
      const linked = await agent(() => 0);
      const [, free] = (await Agent.start(() => 0)) as ['ok', Pid];
      expect(Process.info(linked)!.links).toContain(self());
      expect(Process.info(free)!.links).not.toContain(self());
    }));

  it('awaits an async initial function', () =>
    run(async () => {
      const pid = await agent(async () => {
        await Process.sleep(1);
        return 'ready';
      });
      expect(await Agent.get(pid, (s) => s)).toBe('ready');
    }));

  it("registers a name; the same name again gives ['error', ['already_started', pid]]", () =>
    run(async () => {
      const [, pid] = (await Agent.start(() => 1, { name: 'agent_test_named' })) as ['ok', Pid];
      expect(await Agent.get('agent_test_named', (n) => n)).toBe(1);
      expect(await Agent.start(() => 1, { name: 'agent_test_named' })).toEqual(['error', ['already_started', pid]]);
    }));

  it('takes a Registry via name', () =>
    run(async () => {
      await Registry.startLink({ keys: 'unique', name: 'AgentNames' });
      const [, pid] = (await Agent.start(() => 'via', { name: Registry.via('AgentNames', 'a1') })) as ['ok', Pid];
      expect(Registry.lookup('AgentNames', 'a1')).toEqual([[pid, undefined]]);
      expect(await Agent.get(Registry.via('AgentNames', 'a1'), (s) => s)).toBe('via');
    }));

  it("gives ['error', reason] when the initial function exits or throws (Elixir: {:error, :nope})", () =>
    run(async () => {
      Process.flag('trap_exit', true);
      expect(await Agent.start(() => Process.exit(self(), 'nope'))).toEqual(['error', 'nope']);
      const err = new Error('x');
      expect(
        await Agent.start(() => {
          throw err;
        }),
      ).toEqual(['error', err]);
    }));

  it('refuses something that is not a function', () =>
    run(async () => {
      await expect(Agent.startLink({} as never)).rejects.toThrow(ArgumentError);
      await expect(Agent.startLink(42 as never)).rejects.toThrow(/Agent\.startLink: expected a function, got 42\. Write Agent\.startLink\(\(\) => initialState\)/);
    }));

  it("is a supervisor child spec started with startLink (Elixir's Agent.child_spec)", () => {
    const fn = () => 0;
    expect(Agent.childSpec(fn)).toEqual({ id: 'Agent', start: [Agent, 'startLink', [fn]] });
  });
});

describe('Agent.get / update / getAndUpdate / cast', () => {
  it('runs every function inside the agent process', () =>
    run(async () => {
      const pid = await agent(() => null);
      const where: Pid[] = [];
      await Agent.get(pid, () => where.push(self()));
      await Agent.update(pid, (s) => (where.push(self()), s));
      await Agent.getAndUpdate(pid, (s) => (where.push(self()), [null, s]));
      Agent.cast(pid, (s) => (where.push(self()), s));
      await Agent.get(pid, () => null);
      expect(where).toEqual([pid, pid, pid, pid]);
    }));

  it("returns 'ok' from update and cast, the reply from getAndUpdate", () =>
    run(async () => {
      const pid = await agent(() => 1);
      expect(await Agent.update(pid, (n: number) => n + 1)).toBe('ok');
      expect(Agent.cast(pid, (n: number) => n * 10)).toBe('ok');
      expect(await Agent.getAndUpdate(pid, (n: number) => [n, 0])).toBe(20);
      expect(await Agent.get(pid, (n) => n)).toBe(0);
    }));

  it('applies functions one at a time, in the order they were sent', () =>
    run(async () => {
      const pid = await agent(() => [] as number[]);
      for (let i = 0; i < 5; i++) Agent.cast(pid, async (l: number[]) => {
        await Process.sleep(5 - i);
        return [...l, i];
      });
      expect(await Agent.get(pid, (l) => l)).toEqual([0, 1, 2, 3, 4]);
    }));

  it("stops the agent with ['bad_return_value', v] when getAndUpdate's function returns no pair", () =>
    run(async () => {
      const reports = captureReports();
      const [, pid] = (await Agent.start(() => 1)) as ['ok', Pid];
      const fn = (s: number) => s as never;
      expect(await exitOf(Agent.getAndUpdate(pid, fn))).toEqual([['bad_return_value', 1], ['GenServer', 'call', [pid, ['get_and_update', fn], 5000]]]);
      expect(Process.isAlive(pid)).toBe(false);
      reports.restore();
      expect(reports.texts()[0]).toMatch(/^\[error\] GenServer #PID<[\d.]+> terminating\n\*\* \(stop\) bad return value: 1/);
    }));

  it("exits the caller with ['noproc', ['GenServer', 'call', …]] for an agent that is gone", () =>
    run(async () => {
      const [, pid] = (await Agent.start(() => 1)) as ['ok', Pid];
      await Agent.stop(pid);
      const fn = (s: unknown) => s;
      expect(await exitOf(Agent.get(pid, fn))).toEqual(['noproc', ['GenServer', 'call', [pid, ['get', fn], 5000]]]);
    }));

  it("exits the caller with ['timeout', ['GenServer', 'call', …]] when the function outlasts the timeout", async () => {
    const { clock, restore } = manualClock();
    restoreClock = restore;
    const done = run(async () => {
      const [, pid] = (await Agent.start(() => 1)) as ['ok', Pid];
      const fn = () => Process.sleep(100);
      return [pid, fn, await exitOf(Agent.get(pid, fn, 10))];
    });
    await clock.advance(100);
    const [pid, fn, reason] = (await done) as [Pid, unknown, unknown];
    expect(reason).toEqual(['timeout', ['GenServer', 'call', [pid, ['get', fn], 10]]]);
  });

  it('crashes the agent when a function throws, and the caller with it through the call', () =>
    run(async () => {
      const reports = captureReports();
      const [, pid] = (await Agent.start(() => 1)) as ['ok', Pid];
      const err = new Error('oops');
      const reason = await exitOf(
        Agent.update(pid, () => {
          throw err;
        }),
      );
      reports.restore();
      expect((reason as unknown[])[0]).toBe(err);
      expect(Process.isAlive(pid)).toBe(false);
    }));
});

describe('Agent.stop', () => {
  it("stops the agent with the reason given and returns 'ok'", () =>
    run(async () => {
      Process.flag('trap_exit', true);
      const pid = await agent(() => 0);
      expect(await Agent.stop(pid, 'shutdown')).toBe('ok');
      expect(await receive(['EXIT', pid, _])).toEqual(['EXIT', pid, 'shutdown']);
    }));
});

describe('Agent under a Supervisor', () => {
  it('starts from [Agent, fn] and is restarted with a fresh state after a crash', () =>
    run(async () => {
      const reports = captureReports();
      const [, top] = (await Supervisor.startLink([[Agent, () => 0] as never], { strategy: 'one_for_one' })) as ['ok', Pid];
      const [[id, first]] = await Supervisor.whichChildren(top);
      expect(id).toBe('Agent');
      await Agent.update(first as Pid, (n: number) => n + 5);
      Process.exit(first as Pid, 'kill');
      const [[, second]] = await Supervisor.whichChildren(top);
      expect(second).not.toBe(first);
      expect(await Agent.get(second as Pid, (n) => n)).toBe(0);
      reports.restore();
      expect(reports.reports.map((r) => r.kind)).toContain('child_restarted');
    }));
});
