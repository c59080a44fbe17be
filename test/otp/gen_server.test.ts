import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GenServer, type From, type GenServerModule } from '../../src/otp/gen_server.js';
import {
  _,
  ArgumentError,
  exit,
  ExitError,
  Pid,
  Process,
  receive,
  run,
  self,
  send,
  spawn,
  spawnLink,
  subscribe,
  type ViaModule,
} from '../../src/runtime/index.js';
import { sys } from '../../src/otp/sys.js';
import { captureReports, downReason, exitMessage, exitOf, exitReason, mailbox, manualClock, turns } from './helpers.js';

let cap: ReturnType<typeof captureReports>;
beforeEach(() => {
  cap = captureReports();
});
afterEach(() => cap.restore());

/** A server that keeps a value and answers 'get'; handy for most tests. */
const Keeper = {
  name: 'Keeper',
  init: (v: unknown) => ['ok', v],
  handleCall: (req: unknown, _from: From, s: unknown) => (req === 'get' ? ['reply', s, s] : ['reply', ['echo', req], s]),
  handleCast: (msg: unknown) => ['noreply', msg],
};

async function started(mod: unknown, arg?: unknown, opts?: object): Promise<Pid> {
  const r = await GenServer.start(mod as GenServerModule, arg, opts);
  if (!Array.isArray(r) || r[0] !== 'ok') throw new Error(`start failed: ${String(r)}`);
  return r[1] as Pid;
}

describe('Speakers (the seed example)', () => {
  const Speakers = {
    name: 'Speakers',
    init: (names: string[]) => ['ok', names],
    handleCast: ([op, name]: [string, string], team: string[]) =>
      op === 'add' ? ['noreply', [...team, name]] : ['noreply', team.filter((n) => n !== name)],
    handleCall: (req: string, _from: From, team: string[]) => ['reply', team, team],
  };

  it('adds and removes speakers with casts and reports the team with a call', () =>
    run(async () => {
      const [ok, pid] = (await GenServer.startLink(Speakers, ['Ada'])) as [string, Pid];
      expect(ok).toBe('ok');
      expect(GenServer.cast(pid, ['add', 'Grace'])).toBe('ok');
      GenServer.cast(pid, ['add', 'Barbara']);
      GenServer.cast(pid, ['remove', 'Ada']);
      expect(await GenServer.call(pid, 'team')).toEqual(['Grace', 'Barbara']);
    }));
});

describe('GenServer.start', () => {
  it('runs init before it returns and gives ["ok", pid]', () =>
    run(async () => {
      const log: string[] = [];
      const r = await GenServer.start({ init: (a: string) => (log.push(`init ${a}`), ['ok', a]) }, 'x');
      expect(r[0]).toBe('ok');
      expect(r[1]).toBeInstanceOf(Pid);
      expect(log).toEqual(['init x']);
      expect(Process.isAlive(r[1] as Pid)).toBe(true);
    }));

  it('accepts a class module and gives each server its own instance as `this`', () =>
    run(async () => {
      class Counter {
        calls = 0;
        init(n: number) {
          return ['ok', n];
        }
        handleCall(_req: unknown, _from: From, n: number) {
          this.calls++;
          return ['reply', [n, this.calls], n];
        }
      }
      const a = await started(Counter, 1);
      const b = await started(Counter, 2);
      await GenServer.call(a, 'x');
      expect(await GenServer.call(a, 'x')).toEqual([1, 2]);
      expect(await GenServer.call(b, 'x')).toEqual([2, 1]);
    }));

  it('waits for an async init', () =>
    run(async () => {
      const pid = await started({ init: async (v: number) => (await Process.sleep(1), ['ok', v * 2]) }, 21);
      expect(await sysState(pid)).toBe(42);
    }));

  it('returns ["error", reason] when init returns ["stop", reason], and the server exits with it', () =>
    run(async () => {
      const seen: Pid[] = [];
      const r = await GenServer.start({ init: () => (seen.push(self()), ['stop', 'bad']) }, null);
      expect(r).toEqual(['error', 'bad']);
      expect(Process.isAlive(seen[0])).toBe(false);
    }));

  it('returns ["error", error] when init throws, keeping the Error (Elixir: {:error, {%RuntimeError{}, stack}})', () =>
    run(async () => {
      const boom = new Error('boom');
      expect(await GenServer.start({ init: () => { throw boom; } }, null)).toEqual(['error', boom]);
    }));

  it('returns ["error", reason] when init calls exit(reason) (Elixir: {:error, :myexit})', () =>
    run(async () => {
      expect(await GenServer.start({ init: () => exit('myexit') }, null)).toEqual(['error', 'myexit']);
    }));

  it('returns "ignore" when init returns "ignore", and the server exits normally', () =>
    run(async () => {
      let pid: Pid | undefined;
      expect(await GenServer.start({ init: () => ((pid = self()), 'ignore') }, null)).toBe('ignore');
      expect(Process.isAlive(pid!)).toBe(false);
    }));

  it('returns ["error", ["bad_return_value", value]] when init returns an unknown shape', () =>
    run(async () => {
      expect(await GenServer.start({ init: () => ['okay', 1] }, null)).toEqual(['error', ['bad_return_value', ['okay', 1]]]);
      expect(await GenServer.start({ init: () => ['ok', 1, 'soon'] }, null)).toEqual(['error', ['bad_return_value', ['ok', 1, 'soon']]]);
    }));

  it('registers the name before init runs', () =>
    run(async () => {
      let seen: Pid | undefined;
      const pid = await started({ ...Keeper, init: () => ((seen = Process.whereis('keeper')), ['ok', 0]) }, null, { name: 'keeper' });
      expect(seen).toBe(pid);
      expect(await GenServer.call('keeper', 'get')).toBe(0);
      expect(GenServer.whereis('keeper')).toBe(pid);
    }));

  it('gives ["error", ["already_started", pid]] when the name is taken (checked with Elixir)', () =>
    run(async () => {
      const first = await started(Keeper, 1, { name: 'taken' });
      expect(await GenServer.start(Keeper, 2, { name: 'taken' })).toEqual(['error', ['already_started', first]]);
      expect(await GenServer.call('taken', 'get')).toBe(1);
    }));

  it('frees the name when init fails', () =>
    run(async () => {
      expect(await GenServer.start({ init: () => ['stop', 'no'] }, null, { name: 'brief' })).toEqual(['error', 'no']);
      expect(Process.whereis('brief')).toBeUndefined();
    }));

  it('registers and resolves via names through the module (whereisName/registerName/unregisterName)', () =>
    run(async () => {
      const names = new Map<unknown, Pid>();
      const Reg: ViaModule = {
        whereisName: (k) => names.get(k),
        registerName: (k, pid) => (names.has(k) ? 'no' : (names.set(k, pid), 'yes')),
        unregisterName: (k) => void names.delete(k),
      };
      const via = ['via', Reg, 'k1'] as const;
      const pid = await started(Keeper, 'v', { name: via });
      expect(names.get('k1')).toBe(pid);
      expect(await GenServer.call(via, 'get')).toBe('v');
      GenServer.cast(via, 'w');
      expect(await GenServer.call(via, 'get')).toBe('w');
      expect(await GenServer.start(Keeper, 'x', { name: via })).toEqual(['error', ['already_started', pid]]);
      expect(await GenServer.start({ init: () => ['stop', 'no'] }, null, { name: ['via', Reg, 'k2'] })).toEqual(['error', 'no']);
      expect(names.has('k2')).toBe(false);
      await GenServer.stop(via, 'boom');
      expect(cap.texts()[0].split('\n')[0]).toBe(`[error] GenServer ${pid} (via 'k1') terminating`);
    }));

  it('fails with ["error", "timeout"] and kills the server when init outlasts the timeout option', async () => {
    const { clock, restore } = manualClock();
    try {
      let pid: Pid | undefined;
      const result = run(async () => {
        Process.flag('trap_exit', true);
        const r = await GenServer.startLink({ init: async () => { pid = self(); await receive(); return ['ok', 0]; } }, null, { timeout: 50 });
        return [r, await mailbox()];
      });
      await clock.advance(50);
      expect(await result).toEqual([['error', 'timeout'], []]);
      expect(Process.isAlive(pid!)).toBe(false);
    } finally {
      restore();
    }
  });

  it('does not link: a crash of the server leaves the caller running', () =>
    run(async () => {
      const pid = await started({ init: () => ['ok', 0], handleCast: () => { throw new Error('crash'); } });
      const ref = Process.monitor(pid);
      GenServer.cast(pid, 'x');
      expect(await downReason(ref)).toBeInstanceOf(Error);
    }));

  it('rejects a value that is not a module, naming init', () =>
    run(async () => {
      await expect(GenServer.start({ handleCall: () => 1 } as unknown as GenServerModule, null)).rejects.toThrow(/init\(arg\) callback/);
      await expect(GenServer.start(42 as unknown as GenServerModule)).rejects.toBeInstanceOf(ArgumentError);
    }));

  it('rejects unknown options and bad names', () =>
    run(async () => {
      await expect(GenServer.start(Keeper, 1, { nmae: 'x' } as object)).rejects.toThrow(/unknown option 'nmae'/);
      await expect(GenServer.start(Keeper, 1, { name: 42 } as unknown as object)).rejects.toThrow(/name option/);
    }));
});

describe('GenServer.startLink', () => {
  it('links the server to the caller: its crash kills a non-trapping caller', () =>
    run(async () => {
      const reason = await exitReason(async () => {
        const [, pid] = (await GenServer.startLink(Keeper, 0)) as [string, Pid];
        GenServer.cast(pid, 'x');
        await GenServer.call(pid, 'get');
        Process.exit(pid, 'boom');
        await receive();
      });
      expect(reason).toBe('boom');
    }));

  it('gives a trapping caller ["error", reason] and then ["EXIT", pid, reason] when init stops (checked with Elixir)', () =>
    run(async () => {
      Process.flag('trap_exit', true);
      let pid: Pid | undefined;
      expect(await GenServer.startLink({ init: () => ((pid = self()), ['stop', 'bad']) }, null)).toEqual(['error', 'bad']);
      expect(await exitMessage(pid!)).toBe('bad');
    }));

  it('kills a non-trapping caller with the reason when init stops (the exit signal OTP sends)', () =>
    run(async () => {
      const log: string[] = [];
      const reason = await exitReason(async () => {
        await GenServer.startLink({ init: () => ['stop', 'bad'] }, null);
        log.push('went on');
      });
      expect(reason).toBe('bad');
      expect(log).toEqual([]);
    }));

  it('leaves a non-trapping caller alive when init stops with "normal", returning ["error", "normal"] (checked with Elixir)', () =>
    run(async () => {
      expect(await GenServer.startLink({ init: () => ['stop', 'normal'] }, null)).toEqual(['error', 'normal']);
      await turns();
      expect(Process.isAlive(self())).toBe(true);
    }));

  it('sends a trapping caller ["EXIT", pid, "normal"] after "ignore" and a non-trapping caller survives', () =>
    run(async () => {
      Process.flag('trap_exit', true);
      let pid: Pid | undefined;
      expect(await GenServer.startLink({ init: () => ((pid = self()), 'ignore') }, null)).toBe('ignore');
      expect(await exitMessage(pid!)).toBe('normal');
      expect(await exitReason(async () => void (await GenServer.startLink({ init: () => 'ignore' }, null)))).toBe('normal');
    }));
});

describe('GenServer.call', () => {
  it('returns the reply of handleCall', () =>
    run(async () => {
      const pid = await started(Keeper, 7);
      expect(await GenServer.call(pid, 'get')).toBe(7);
      expect(await GenServer.call(pid, { q: 1 })).toEqual(['echo', { q: 1 }]);
    }));

  it('passes from as [callerPid, ref]', () =>
    run(async () => {
      const pid = await started({ init: () => ['ok', 0], handleCall: (_r: unknown, from: From, s: number) => ['reply', from, s] });
      const from = (await GenServer.call(pid, 'x')) as From;
      expect(from[0]).toBe(self());
      expect(String(from[1])).toMatch(/^#Reference</);
    }));

  it('waits for an async handleCall', () =>
    run(async () => {
      const pid = await started({
        init: () => ['ok', 1],
        handleCall: async (_r: unknown, _f: From, s: number) => {
          await Process.sleep(2);
          return ['reply', s + 1, s];
        },
      });
      expect(await GenServer.call(pid, 'x')).toBe(2);
    }));

  it('isolates the request and the reply: later changes by either side are not seen', () =>
    run(async () => {
      const pid = await started({ init: () => ['ok', { items: [1] }], handleCall: (_r: unknown, _f: From, s: { items: number[] }) => ['reply', s, s] });
      const got = (await GenServer.call(pid, 'x')) as { items: number[] };
      got.items.push(99);
      expect(await GenServer.call(pid, 'x')).toEqual({ items: [1] });
    }));

  it('exits the caller with a timeout reason after the timeout', async () => {
    const { clock, restore } = manualClock();
    try {
      const r = run(async () => {
        const pid = await started({ init: () => ['ok', 0], handleCall: () => ['noreply', 0] });
        return [pid, await exitOf(GenServer.call(pid, 'hello', 1000))];
      });
      await clock.advance(999);
      await clock.advance(1);
      const [pid, reason] = (await r) as [Pid, unknown];
      expect(reason).toEqual(['timeout', ['GenServer', 'call', [pid, 'hello', 1000]]]);
    } finally {
      restore();
    }
  });

  it('times out each of many pending calls at its own deadline, and only those left without a reply', async () => {
    const { clock, restore } = manualClock();
    try {
      const outcomes: unknown[] = [];
      const r = run(async () => {
        const pid = await started({
          init: () => ['ok', null],
          handleCall: (req: string, _f: From, s: unknown) => (req === 'answer me' ? ['reply', 'answered', s] : ['noreply', s]),
        });
        const caller = (req: string, at: number, timeout: number) =>
          spawn(async () => {
            await Process.sleep(at);
            try {
              outcomes.push([req, await GenServer.call(pid, req, timeout), clock.now()]);
            } catch (e) {
              outcomes.push([req, ((e as ExitError).reason as unknown[])[0], clock.now()]);
            }
          });
        caller('first', 0, 1000);
        caller('answer me', 100, 1000);
        caller('third', 200, 1000);
        caller('short', 300, 50);
        await Process.sleep(5000);
      });
      await clock.advance(5000);
      await r;
      expect(outcomes).toEqual([
        ['answer me', 'answered', 100],
        ['short', 'timeout', 350],
        ['first', 'timeout', 1000],
        ['third', 'timeout', 1200],
      ]);
    } finally {
      restore();
    }
  });

  it('drops a reply that comes after the timeout (no stray message in the mailbox)', async () => {
    const { clock, restore } = manualClock();
    try {
      const r = run(async () => {
        const pid = await started({
          init: () => ['ok', null],
          handleCall: (_r: unknown, from: From, s: unknown) => (send(self(), ['later', from]), ['noreply', s]),
          handleInfo: async ([, from]: [string, From], s: unknown) => {
            await Process.sleep(500);
            GenServer.reply(from, 'late');
            return ['noreply', s];
          },
        });
        const reason = await exitOf(GenServer.call(pid, 'q', 100));
        await Process.sleep(1000);
        return [reason, await mailbox()];
      });
      await clock.advance(2000);
      const [reason, left] = (await r) as [unknown[], unknown[]];
      expect(reason[0]).toBe('timeout');
      expect(left).toEqual([]);
    } finally {
      restore();
    }
  });

  it('exits with ["noproc", ["GenServer", "call", [server, request, timeout]]] for a dead pid or a free name (checked with Elixir)', () =>
    run(async () => {
      const pid = await started(Keeper, 0);
      await GenServer.stop(pid);
      expect(await exitOf(GenServer.call(pid, 'get'))).toEqual(['noproc', ['GenServer', 'call', [pid, 'get', 5000]]]);
      expect(await exitOf(GenServer.call('nonexist', 'x'))).toEqual(['noproc', ['GenServer', 'call', ['nonexist', 'x', 5000]]]);
    }));

  it('exits with calling_self when a server calls itself (checked with Elixir)', () =>
    run(async () => {
      const me = self();
      expect(await exitOf(GenServer.call(me, 'x'))).toEqual(['calling_self', ['GenServer', 'call', [me, 'x', 5000]]]);
    }));

  it('exits with the server\'s exit reason when the server dies during the call', () =>
    run(async () => {
      const err = new Error('crashcall');
      const pid = await started({ init: () => ['ok', 1], handleCall: () => { throw err; } });
      expect(await exitOf(GenServer.call(pid, 'crash'))).toEqual([err, ['GenServer', 'call', [pid, 'crash', 5000]]]);
    }));

  it('exits with bad_return_value when handleCall returns an unknown shape (checked with Elixir)', () =>
    run(async () => {
      const pid = await started({ init: () => ['ok', 1], handleCall: (_r: unknown, _f: From, s: number) => ['what', s] });
      expect(await exitOf(GenServer.call(pid, 'bad'))).toEqual([['bad_return_value', ['what', 1]], ['GenServer', 'call', [pid, 'bad', 5000]]]);
    }));

  it('replies and then stops for ["stop", reason, reply, state], after terminate ran', () =>
    run(async () => {
      const log: string[] = [];
      const pid = await started({
        init: () => ['ok', 1],
        handleCall: (_r: unknown, _f: From, s: number) => ['stop', 'byebye', 'reply_stop', s],
        terminate: (reason: unknown) => void log.push(`terminate ${String(reason)}`),
      });
      const ref = Process.monitor(pid);
      expect(await GenServer.call(pid, 'stopme')).toBe('reply_stop');
      expect(log).toEqual(['terminate byebye']);
      expect(await downReason(ref)).toBe('byebye');
    }));

  it('exits the caller with the stop reason for ["stop", reason, state] without a reply (also "normal", checked with Elixir)', () =>
    run(async () => {
      const mod = { init: () => ['ok', 1], handleCall: (r: unknown, _f: From, s: number) => ['stop', r, s] };
      const a = await started(mod);
      expect(await exitOf(GenServer.call(a, 'byebye'))).toEqual(['byebye', ['GenServer', 'call', [a, 'byebye', 5000]]]);
      const b = await started(mod);
      expect(await exitOf(GenServer.call(b, 'normal'))).toEqual(['normal', ['GenServer', 'call', [b, 'normal', 5000]]]);
    }));

  it('crashes the server with Elixir\'s message when the module has no handleCall', () =>
    run(async () => {
      const pid = await started({ init: () => ['ok', 1] });
      const [err] = (await exitOf(GenServer.call(pid, 'x'))) as [Error];
      expect(err.message).toBe(`attempted to call GenServer ${pid} but no handleCall callback was provided`);
    }));

  it('ends an uncaught caller with the call\'s exit reason', () =>
    run(async () => {
      const reason = await exitReason(async () => {
        await GenServer.call('nobody', 'x', 10);
      });
      expect(reason).toEqual(['noproc', ['GenServer', 'call', ['nobody', 'x', 10]]]);
    }));

  it('leaves unrelated messages in the caller\'s mailbox, in order', () =>
    run(async () => {
      const pid = await started(Keeper, 3);
      for (let i = 0; i < 1000; i++) send(self(), ['noise', i]);
      expect(await GenServer.call(pid, 'get')).toBe(3);
      const left = await mailbox();
      expect(left.length).toBe(1000);
      expect(left[0]).toEqual(['noise', 0]);
      expect(left[999]).toEqual(['noise', 999]);
    }));

  it('accepts "infinity" and Infinity as timeouts and rejects other values', () =>
    run(async () => {
      const pid = await started(Keeper, 1);
      expect(await GenServer.call(pid, 'get', 'infinity')).toBe(1);
      expect(await GenServer.call(pid, 'get', Infinity)).toBe(1);
      expect(() => GenServer.call(pid, 'get', -1)).toThrow(ArgumentError);
      expect(() => GenServer.call(42 as unknown as Pid, 'get')).toThrow(/pid, a registered name/);
    }));
});

describe('GenServer.cast', () => {
  it('returns "ok" and the server handles casts in order', () =>
    run(async () => {
      const pid = await started({ init: () => ['ok', []], handleCast: (m: number, s: number[]) => ['noreply', [...s, m]], handleCall: (_r: unknown, _f: From, s: unknown) => ['reply', s, s] });
      for (let i = 0; i < 5; i++) expect(GenServer.cast(pid, i)).toBe('ok');
      expect(await GenServer.call(pid, 'get')).toEqual([0, 1, 2, 3, 4]);
    }));

  it('returns "ok" for a dead pid and for a name nobody holds (checked with Elixir)', () =>
    run(async () => {
      const pid = await started(Keeper, 0);
      await GenServer.stop(pid);
      expect(GenServer.cast(pid, 'x')).toBe('ok');
      expect(GenServer.cast('nonexist', 'x')).toBe('ok');
    }));

  it('crashes the server with Elixir\'s message when the module has no handleCast', () =>
    run(async () => {
      const pid = await started({ init: () => ['ok', 1] });
      const ref = Process.monitor(pid);
      GenServer.cast(pid, 'zz');
      const reason = (await downReason(ref)) as Error;
      expect(reason.message).toBe(`attempted to cast GenServer ${pid} but no handleCast callback was provided`);
      expect(cap.texts()[0]).toContain("Last message: ['$gen_cast', 'zz']");
    }));
});

describe('GenServer.reply', () => {
  it('answers a call whose handleCall returned noreply, from another process', () =>
    run(async () => {
      const pid = await started({
        init: () => ['ok', null],
        handleCall: (req: number, from: From, s: unknown) => {
          spawn(() => GenServer.reply(from, req * 2));
          return ['noreply', s];
        },
      });
      expect(await GenServer.call(pid, 21)).toBe(42);
    }));

  it('returns "ok" and rejects something that is not a from', () =>
    run(async () => {
      expect(() => GenServer.reply(['x', 'y'] as unknown as From, 1)).toThrow(/the from that handleCall received/);
    }));
});

describe('GenServer.stop', () => {
  it('runs terminate with the reason, waits for the exit and returns "ok"', () =>
    run(async () => {
      const log: unknown[] = [];
      const pid = await started({ init: () => ['ok', 2], terminate: (r: unknown, s: unknown) => void log.push([r, s]) });
      expect(await GenServer.stop(pid)).toBe('ok');
      expect(log).toEqual([['normal', 2]]);
      expect(Process.isAlive(pid)).toBe(false);
      const other = await started({ init: () => ['ok', 3], terminate: (r: unknown, s: unknown) => void log.push([r, s]) });
      await GenServer.stop(other, ['shutdown', 'x']);
      expect(log[1]).toEqual([['shutdown', 'x'], 3]);
      expect(cap.reports).toEqual([]);
    }));

  it('reports a stop with an abnormal reason and still returns "ok" (checked with Elixir)', () =>
    run(async () => {
      const pid = await started(Keeper, 5);
      expect(await GenServer.stop(pid, 'weird')).toBe('ok');
      expect(cap.texts()[0].split('\n')).toEqual([`[error] GenServer ${pid} terminating`, "** (stop) 'weird'", 'Last message: []', 'State: 5']);
    }));

  it('exits the caller with the terminate error when terminate throws (checked with Elixir)', () =>
    run(async () => {
      const err = new Error('in terminate');
      const pid = await started({ init: () => ['ok', 1], terminate: () => { throw err; } });
      expect(await exitOf(GenServer.stop(pid, 'crashterm'))).toEqual([err, ['GenServer', 'stop', [pid, 'crashterm', Infinity]]]);
    }));

  it('exits with noproc for a server that is not there (checked with Elixir)', () =>
    run(async () => {
      const pid = await started(Keeper, 0);
      await GenServer.stop(pid);
      expect(await exitOf(GenServer.stop(pid))).toEqual(['noproc', ['GenServer', 'stop', [pid, 'normal', Infinity]]]);
    }));

  it('exits with timeout when the server takes longer than the timeout to stop', async () => {
    const { clock, restore } = manualClock();
    try {
      const r = run(async () => {
        const pid = await started({ init: () => ['ok', 0], terminate: () => Process.sleep(10_000) });
        return [pid, await exitOf(GenServer.stop(pid, 'normal', 100))];
      });
      await clock.advance(100);
      const [pid, reason] = (await r) as [Pid, unknown];
      expect(reason).toEqual(['timeout', ['GenServer', 'stop', [pid, 'normal', 100]]]);
      await clock.advance(10_000);
    } finally {
      restore();
    }
  });
});

describe('GenServer timeouts', () => {
  it('calls handleInfo("timeout") when no message comes within the timeout of init', async () => {
    const { clock, restore } = manualClock();
    try {
      const seen: unknown[] = [];
      const r = run(async () => {
        const pid = await started({ init: () => ['ok', 0, 1000], handleInfo: (m: unknown, s: number) => (seen.push(m), ['noreply', s]) });
        await Process.sleep(5000);
        return pid;
      });
      await clock.advance(999);
      expect(seen).toEqual([]);
      await clock.advance(1);
      expect(seen).toEqual(['timeout']);
      await clock.advance(5000);
      expect(seen).toEqual(['timeout']); // the timeout is not re-armed
      await r;
    } finally {
      restore();
    }
  });

  it('cancels the timeout when a message comes first; noreply and reply timeouts re-arm it', async () => {
    const { clock, restore } = manualClock();
    try {
      const seen: unknown[] = [];
      let pid: Pid | undefined;
      const r = run(async () => {
        pid = await started({
          init: () => ['ok', 0, 1000],
          handleCast: (m: unknown, s: number) => (seen.push(['cast', m]), ['noreply', s, 300]),
          handleCall: (_r: unknown, _f: From, s: number) => ['reply', s, s, 200],
          handleInfo: (m: unknown, s: number) => (seen.push(m), ['noreply', s]),
        });
        await Process.sleep(500);
        GenServer.cast(pid, 'a');
        await Process.sleep(1000);
        await GenServer.call(pid, 'q');
        await Process.sleep(1000);
      });
      await clock.advance(3000);
      await r;
      expect(seen).toEqual([['cast', 'a'], 'timeout', 'timeout']);
    } finally {
      restore();
    }
  });

  it('treats a timeout of 0 as: the next message if one is queued, else "timeout" at once', () =>
    run(async () => {
      const seen: unknown[] = [];
      const pid = await started({
        init: () => ['ok', 0],
        handleCast: (m: unknown, s: number) => (seen.push(m), ['noreply', s, 0]),
        handleInfo: (m: unknown, s: number) => (seen.push(m), ['noreply', s]),
      });
      GenServer.cast(pid, 'a');
      GenServer.cast(pid, 'b');
      await turns();
      expect(seen).toEqual(['a', 'b', 'timeout']);
    }));

  it('crashes with bad_return_value on a timeout that is not a number (checked with Elixir)', () =>
    run(async () => {
      const pid = await started({ init: () => ['ok', 0], handleCast: (_m: unknown, s: number) => ['noreply', s + 1, 'foo'] });
      const ref = Process.monitor(pid);
      GenServer.cast(pid, 'c');
      expect(await downReason(ref)).toEqual(['bad_return_value', ['noreply', 1, 'foo']]);
      expect(cap.texts()[0]).toContain("** (stop) bad return value: ['noreply', 1, 'foo']");
      expect(cap.reports[0].state).toBe(0); // the state before the bad return, as OTP's terminate gets it
    }));
});

describe('GenServer continue', () => {
  const Cont = {
    init: () => ['ok', [], ['continue', 'c1']],
    handleContinue: (c: string, s: string[]) => ['noreply', [...s, c]],
    handleCall: (r: string, _f: From, s: string[]) => (r === 'get' ? ['reply', s, s] : ['reply', 'r', s, ['continue', 'c2']]),
    handleCast: (_m: unknown, s: string[]) => ['noreply', s, ['continue', 'c3']],
  };

  it('runs handleContinue after init, before any message (checked with Elixir)', () =>
    run(async () => {
      const pid = await started(Cont);
      expect(await GenServer.call(pid, 'get')).toEqual(['c1']);
    }));

  it('runs handleContinue after a reply and after a noreply, before the next message', () =>
    run(async () => {
      const pid = await started(Cont);
      expect(await GenServer.call(pid, 'cont')).toBe('r');
      GenServer.cast(pid, 'x');
      expect(await GenServer.call(pid, 'get')).toEqual(['c1', 'c2', 'c3']);
    }));

  it('crashes with a clear reason when the module has no handleContinue', () =>
    run(async () => {
      Process.flag('trap_exit', true);
      const [, pid] = (await GenServer.startLink({ name: 'NoCont', init: () => ['ok', 0, ['continue', 'x']] }, null)) as [string, Pid];
      const reason = await exitMessage(pid);
      expect((reason as Error).message).toBe("NoCont returned ['continue', …] but has no handleContinue callback");
    }));
});

describe('GenServer handleInfo', () => {
  it('gets every message that is not a call or a cast', () =>
    run(async () => {
      const seen: unknown[] = [];
      const pid = await started({ init: () => ['ok', 0], handleInfo: (m: unknown, s: number) => (seen.push(m), ['noreply', s]) });
      send(pid, 'hello');
      send(pid, ['tick', 1]);
      await turns();
      expect(seen).toEqual(['hello', ['tick', 1]]);
    }));

  it('logs an unexpected message when the module has no handleInfo, and keeps running (checked with Elixir)', () =>
    run(async () => {
      const pid = await started({ name: 'D', init: () => ['ok', 1] });
      send(pid, 'hello');
      await turns();
      expect(Process.isAlive(pid)).toBe(true);
      expect(cap.reports.map((r) => r.kind)).toEqual(['unexpected_message']);
      expect(cap.texts()[0]).toBe(`[error] D ${pid} received unexpected message in handleInfo: 'hello'`);
    }));

  it('handles one message at a time, even with async callbacks', () =>
    run(async () => {
      const log: string[] = [];
      const pid = await started({
        init: () => ['ok', 0],
        handleCast: async (m: string, s: number) => {
          log.push(`start ${m}`);
          await Process.sleep(3);
          log.push(`end ${m}`);
          return ['noreply', s];
        },
        handleCall: (_r: unknown, _f: From, s: number) => ['reply', s, s],
      });
      GenServer.cast(pid, 'a');
      GenServer.cast(pid, 'b');
      await GenServer.call(pid, 'sync');
      expect(log).toEqual(['start a', 'end a', 'start b', 'end b']);
    }));
});

describe('GenServer terminate', () => {
  function recorder(log: unknown[], trap = false) {
    return {
      init: (s: unknown) => (trap && Process.flag('trap_exit', true), ['ok', s]),
      handleCast: (m: string, s: unknown) => {
        if (m === 'throw') throw new Error('cast crash');
        return m === 'bad' ? 'nonsense' : ['noreply', s];
      },
      handleInfo: (m: unknown, s: unknown) => (log.push(['info', m]), ['noreply', s]),
      terminate: (r: unknown, s: unknown) => void log.push(['terminate', r instanceof Error ? r.message : r, s]),
    };
  }

  it('runs when a callback throws, with the error as the reason', () =>
    run(async () => {
      const log: unknown[] = [];
      const pid = await started(recorder(log), 's');
      const ref = Process.monitor(pid);
      GenServer.cast(pid, 'throw');
      await downReason(ref);
      expect(log).toEqual([['terminate', 'cast crash', 's']]);
    }));

  it('runs with ["bad_return_value", value] after a bad return, with the last good state', () =>
    run(async () => {
      const log: unknown[] = [];
      const pid = await started(recorder(log), 's');
      const ref = Process.monitor(pid);
      GenServer.cast(pid, 'bad');
      expect(await downReason(ref)).toEqual(['bad_return_value', 'nonsense']);
      expect(log).toEqual([['terminate', ['bad_return_value', 'nonsense'], 's']]);
    }));

  it('runs when the parent exits while the server traps exits, with the parent\'s reason (checked with Elixir)', () =>
    run(async () => {
      const log: unknown[] = [];
      const me = self();
      const parent = spawn(async () => {
        const [, pid] = (await GenServer.startLink(recorder(log, true), 'trap')) as [string, Pid];
        send(me, ['child', pid]);
        await receive();
      });
      const [, child] = (await receive(['child', _])) as [string, Pid];
      const ref = Process.monitor(child);
      Process.exit(parent, 'boom');
      expect(await downReason(ref)).toBe('boom');
      expect(log).toEqual([['terminate', 'boom', 'trap']]);
      expect(cap.texts()[0]).toContain(`Last message: ['EXIT', ${parent}, 'boom']`);
    }));

  it('does not run when the server is killed, nor when a non-trapping server gets its parent\'s exit', () =>
    run(async () => {
      const log: unknown[] = [];
      const pid = await started(recorder(log, true), 'k');
      const ref = Process.monitor(pid);
      Process.exit(pid, 'kill');
      expect(await downReason(ref)).toBe('killed');
      const me = self();
      const parent = spawn(async () => {
        const [, c] = (await GenServer.startLink(recorder(log), 'nt')) as [string, Pid];
        send(me, ['child', c]);
        await receive();
      });
      const [, child] = (await receive(['child', _])) as [string, Pid];
      const ref2 = Process.monitor(child);
      Process.exit(parent, 'boom');
      expect(await downReason(ref2)).toBe('boom');
      expect(log).toEqual([]);
    }));

  it('passes an EXIT from a process other than the parent to handleInfo (checked with Elixir)', () =>
    run(async () => {
      const log: unknown[] = [];
      const pid = await started(recorder(log, true), 't');
      const other = spawn(async () => {
        Process.link(pid);
        exit('other');
      });
      await turns();
      expect(Process.isAlive(pid)).toBe(true);
      expect(log).toEqual([['info', ['EXIT', other, 'other']]]);
    }));
});

describe('GenServer crash reports', () => {
  it('prints what Elixir prints for a crash in handleCall: reason with stack, last message with client, state', () =>
    run(async () => {
      const pid = await started({ init: () => ['ok', { n: 1 }], handleCall: () => { throw new Error('crashcall'); } });
      await exitOf(GenServer.call(pid, 'crash'));
      const lines = cap.texts()[0].split('\n');
      expect(lines[0]).toBe(`[error] GenServer ${pid} terminating`);
      expect(lines[1]).toBe('** (Error) crashcall');
      expect(lines[2]).toMatch(/^ {4}at /);
      const rest = lines.filter((l) => !/^ {4}at /.test(l)).slice(2);
      expect(rest).toEqual([`Last message (from ${self()}): 'crash'`, 'State: { n: 1 }', `Client ${self()} is alive`]);
      expect(cap.reports[0]).toMatchObject({ kind: 'crash', level: 'error', pid, state: { n: 1 }, client: self() });
    }));

  it('names a registered server by its name', () =>
    run(async () => {
      await started({ init: () => ['ok', 0], handleCast: () => exit('boom') }, null, { name: 'foo' });
      const ref = Process.monitor('foo');
      GenServer.cast('foo', 'x');
      await downReason(ref);
      expect(cap.texts()[0].split('\n').slice(0, 2)).toEqual(["[error] GenServer 'foo' terminating", "** (stop) 'boom'"]);
    }));

  it('shows an exit from a call inside a callback as "exited in: GenServer.call(...)" (checked with Elixir)', () =>
    run(async () => {
      const pid = await started({ init: () => ['ok', 1], handleCall: async () => ['reply', await GenServer.call('nobody', 'x'), 1] });
      await exitOf(GenServer.call(pid, 't'));
      expect(cap.texts()[0].split('\n').slice(1, 3)).toEqual([
        "** (stop) exited in: GenServer.call('nobody', 'x', 5000)",
        "    ** (EXIT) no process: the process is not alive or there's no process currently associated with the given name",
      ]);
    }));

  it('reports nothing for normal, shutdown and ["shutdown", term] (checked with Elixir)', () =>
    run(async () => {
      for (const reason of ['normal', 'shutdown', ['shutdown', 'x']]) {
        const pid = await started({ init: () => ['ok', 0], handleCast: (r: unknown, s: number) => ['stop', r, s] });
        const ref = Process.monitor(pid);
        GenServer.cast(pid, reason);
        expect(await downReason(ref)).toEqual(reason);
      }
      expect(cap.reports).toEqual([]);
    }));
});

describe('GenServer.childSpec', () => {
  it('defaults the id to the module name and start to module.startLink(arg)', () =>
    run(async () => {
      const Mod = { name: 'Mod', init: () => ['ok', 0], startLink: (a: unknown) => GenServer.startLink(Mod, a) };
      expect(GenServer.childSpec(Mod, 5)).toEqual({ id: 'Mod', start: [Mod, 'startLink', [5]], modules: ['Mod'] });
    }));

  it('starts through GenServer.startLink(module, arg) when the module has no startLink', () =>
    run(async () => {
      class Counter {
        init(n: number) {
          return ['ok', n];
        }
      }
      expect(GenServer.childSpec(Counter, 5)).toEqual({ id: 'Counter', start: [GenServer, 'startLink', [Counter, 5]], modules: ['Counter'] });
    }));
});

async function sysState(pid: Pid): Promise<unknown> {
  const { sys } = await import('../../src/otp/sys.js');
  return sys.getState(pid);
}

describe('links from spawnLink still work with servers', () => {
  it('a trapping server sees a linked worker die as handleInfo(["EXIT", pid, reason])', () =>
    run(async () => {
      const seen: unknown[] = [];
      const pid = await started({
        init: () => (Process.flag('trap_exit', true), ['ok', null]),
        handleCast: (_m: unknown, s: unknown) => (spawnLink(() => exit('w')), ['noreply', s]),
        handleInfo: (m: unknown[], s: unknown) => (seen.push(m[2]), ['noreply', s]),
      });
      GenServer.cast(pid, 'go');
      await turns();
      expect(seen).toEqual(['w']);
    }));
});

describe('GenServer state reports', () => {
  it('reports its state after each call, cast and info it handles (for trace), not after system requests', async () => {
    const states: unknown[] = [];
    const stop = subscribe((e) => {
      if (e.type === 'report' && e.kind === 'state') states.push(e.state);
    });
    try {
      await run(async () => {
        const [, pid] = (await GenServer.start(
          {
            init: () => ['ok', 0],
            handleCall: (_m: unknown, _f: unknown, n: number) => ['reply', n, n + 10],
            handleCast: (_m: unknown, n: number) => ['noreply', n + 1],
            handleInfo: (_m: unknown, n: number) => ['noreply', n * 2],
          },
          null,
        )) as ['ok', Pid];
        GenServer.cast(pid, 'inc');
        await GenServer.call(pid, 'get');
        send(pid, 'double');
        await sys.getState(pid);
      });
    } finally {
      stop();
    }
    expect(states).toEqual([1, 11, 22]);
  });
});

describe('GenServer draining a long mailbox', () => {
  it('takes queued messages without a promise each, yet gives the event loop its turns', async () => {
    let turns = 0;
    let ticking = true;
    const tick = (): void => {
      if (!ticking) return;
      turns++;
      setImmediate(tick);
    };
    const count = await run(async () => {
      const [, pid] = (await GenServer.start(
        {
          init: () => ['ok', 0],
          handleCast: (_m: unknown, n: number) => ['noreply', n + 1],
          handleCall: (_m: unknown, _f: unknown, n: number) => ['reply', n, n],
        },
        null,
      )) as ['ok', Pid];
      for (let i = 0; i < 200_000; i++) GenServer.cast(pid, 'inc');
      setImmediate(tick);
      const n = await GenServer.call(pid, 'count', Infinity);
      ticking = false;
      return n;
    });
    expect(count).toBe(200_000);
    // 200k casts take tens of milliseconds; handled in 4 ms slices, the loop turns many times.
    expect(turns).toBeGreaterThan(2);
  });
});
