/**
 * A call to a server that waits idle in its loop is handled in the caller's turn
 * (gen_server.ts, callDirect). These tests pin what must not change when that happens:
 * every test calls an idle server, with nobody watching the event stream, so each one goes
 * the direct way, and each covers a way the handling can end.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import vm from 'node:vm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GenServer, type From, type GenServerModule, trackUnwoundCalls, unwoundCalls } from '../../src/otp/gen_server.js';
import { resetCurrent } from '../../src/runtime/internal.js';
import { _, contextMode, Process, receive, run, self, send, spawn, spawnMonitor, type Pid } from '../../src/runtime/index.js';
import { captureReports, exitOf, manualClock } from './helpers.js';

let cap: ReturnType<typeof captureReports>;
beforeEach(() => {
  cap = captureReports();
});
afterEach(() => cap.restore());

async function started(mod: object, arg?: unknown): Promise<Pid> {
  const r = await GenServer.start(mod as GenServerModule, arg);
  if (!Array.isArray(r) || r[0] !== 'ok') throw new Error(`start failed: ${String(r)}`);
  return r[1] as Pid;
}

/** Lets the runtime run what is queued (a few macrotask turns). */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
}

describe('GenServer.call to an idle server', () => {
  it.runIf(contextMode === 'als')("runs handleCall in the server's own frame: another AsyncLocalStorage of the caller does not follow (Node >= 24)", async () => {
    const other = new AsyncLocalStorage<string>();
    const out = await run(async () => {
      const pid = await started({ init: () => ['ok', null], handleCall: (_r: unknown, _f: From, s: unknown) => ['reply', [String(self()), other.getStore() ?? 'none'], s] });
      const replies = [];
      // The second call and later enter the server through the handle the first one made.
      for (const who of ['caller 1', 'caller 2', 'caller 3']) replies.push(await other.run(who, () => GenServer.call(pid, 'who')));
      return [String(pid), replies];
    });
    const [pid, replies] = out as [string, [string, string][]];
    expect(replies).toEqual([[pid, 'none'], [pid, 'none'], [pid, 'none']]);
  });

  it('runs handleCall as the server: self() is the server, not the caller', async () => {
    const seen = await run(async () => {
      const pid = await started({ init: () => ['ok', null], handleCall: (_r: unknown, _f: From, s: unknown) => ['reply', self(), s] });
      return [await GenServer.call(pid, 'who'), pid, self()];
    });
    expect(seen[0]).toBe(seen[1]);
    expect(seen[0]).not.toBe(seen[2]);
  });

  it('handles a message the server sent itself during the call, right after the call', async () => {
    const log = await run(async () => {
      const pid = await started({
        init: () => ['ok', []],
        handleCall: (req: unknown, _f: From, s: string[]) => {
          if (req === 'log') return ['reply', s, s];
          send(self(), 'tick');
          return ['reply', 'ok', [...s, 'call']];
        },
        handleInfo: (msg: string, s: string[]) => ['noreply', [...s, msg]],
      });
      await GenServer.call(pid, 'go');
      await receive({ after: 10 });
      return GenServer.call(pid, 'log');
    });
    expect(log).toEqual(['call', 'tick']);
  });

  it('handles a message another process sent during the call, after the call', async () => {
    const log = await run(async () => {
      let server: Pid | undefined;
      const other = spawn(async () => {
        await receive('poke');
        send(server!, 'from other');
      });
      server = await started({
        init: () => ['ok', []],
        handleCall: (req: unknown, _f: From, s: string[]) => {
          if (req === 'log') return ['reply', s, s];
          send(other, 'poke');
          return ['reply', 'ok', [...s, 'call']];
        },
        handleInfo: (msg: string, s: string[]) => ['noreply', [...s, msg]],
      });
      await GenServer.call(server, 'go');
      await receive({ after: 10 });
      return GenServer.call(server, 'log');
    });
    expect(log).toEqual(['call', 'from other']);
  });

  it("keeps a reply's timeout: handleInfo('timeout') comes when nothing else does", async () => {
    const { clock, restore } = manualClock();
    try {
      const got = await run(async () => {
        const me = self();
        const pid = await started({
          init: () => ['ok', null],
          handleCall: (_r: unknown, _f: From, s: unknown) => ['reply', 'ok', s, 1000],
          handleInfo: (msg: unknown, s: unknown) => {
            send(me, ['info', msg]);
            return ['noreply', s];
          },
        });
        await GenServer.call(pid, 'arm');
        await clock.advance(999);
        const early = await receive({ after: 0 });
        await clock.advance(1);
        return [early, await receive(['info', _])];
      });
      expect(got).toEqual(['timeout', ['info', 'timeout']]);
    } finally {
      restore();
    }
  });

  it("runs a reply's continue before the next message", async () => {
    const log = await run(async () => {
      const pid = await started({
        init: () => ['ok', []],
        handleCall: (req: unknown, _f: From, s: string[]) => (req === 'log' ? ['reply', s, s] : ['reply', 'ok', [...s, 'call'], ['continue', 'more']]),
        handleContinue: (c: string, s: string[]) => ['noreply', [...s, c]],
      });
      await GenServer.call(pid, 'go');
      return GenServer.call(pid, 'log');
    });
    expect(log).toEqual(['call', 'more']);
  });

  it('waits for an async handleCall, and queues the calls that come meanwhile in order', async () => {
    const replies = await run(async () => {
      const me = self();
      const pid = await started({
        init: () => ['ok', 0],
        handleCall: async (req: unknown, _f: From, n: number) => {
          await Process.sleep(5);
          return ['reply', [req, n], n + 1];
        },
      });
      for (const req of ['a', 'b', 'c']) spawn(async () => send(me, await GenServer.call(pid, req)));
      return [await receive(), await receive(), await receive()];
    });
    expect(replies).toEqual([['a', 0], ['b', 1], ['c', 2]]);
  });

  it('gives a deferred reply (noreply, then GenServer.reply) to the caller', async () => {
    const got = await run(async () => {
      const pid = await started({
        init: () => ['ok', null],
        handleCall: (_r: unknown, from: From, s: unknown) => {
          send(self(), ['later', from]);
          return ['noreply', s];
        },
        handleInfo: ([, from]: [string, From], s: unknown) => {
          GenServer.reply(from, 'deferred');
          return ['noreply', s];
        },
      });
      return GenServer.call(pid, 'q');
    });
    expect(got).toBe('deferred');
  });

  it('times out a call whose reply never comes, with the call timeout', async () => {
    const reason = await run(async () => {
      const pid = await started({ init: () => ['ok', null], handleCall: (_r: unknown, _f: From, s: unknown) => ['noreply', s] });
      return [await exitOf(GenServer.call(pid, 'q', 20)), pid];
    });
    expect(reason[0]).toEqual(['timeout', ['GenServer', 'call', [reason[1], 'q', 20]]]);
  });

  it('gives only the first of two replies (GenServer.reply, then a reply tuple)', async () => {
    const got = await run(async () => {
      const pid = await started({
        init: () => ['ok', null],
        handleCall: (_r: unknown, from: From, s: unknown) => {
          GenServer.reply(from, 'first');
          return ['reply', 'second', s];
        },
      });
      const answer = await GenServer.call(pid, 'q');
      return [answer, await receive({ after: 10 })];
    });
    expect(got).toEqual(['first', 'timeout']);
  });

  it('exits the caller with the reason when handleCall raises, and reports the crash', async () => {
    const [reason, pid, alive] = await run(async () => {
      const server = await started({
        name: 'Crashy',
        init: () => ['ok', 'st'],
        handleCall: () => {
          throw new Error('boom');
        },
      });
      const r = await exitOf(GenServer.call(server, 'q'));
      return [r, server, Process.isAlive(server)];
    });
    expect(alive).toBe(false);
    expect((reason as unknown[])[1]).toEqual(['GenServer', 'call', [pid, 'q', 5000]]);
    expect(((reason as unknown[])[0] as Error).message).toBe('boom');
    expect(cap.texts().join('\n')).toMatch(/GenServer #PID<[\d.]+> terminating[\s\S]*Last message \(from #PID/);
  });

  it("reports the server's frames of a crash, not the caller's that the call ran on", async () => {
    await run(async function theCaller() {
      const server = await started({
        init: () => ['ok', null],
        handleCall: function theHandler() {
          throw new Error('boom');
        },
      });
      await exitOf(GenServer.call(server, 'q'));
    });
    const text = cap.texts().join('\n');
    expect(text).toContain('theHandler');
    expect(text).not.toContain('theCaller');
  });

  it('replies, then terminates, on [stop, reason, reply, state]', async () => {
    const got = await run(async () => {
      const me = self();
      const pid = await started({
        init: () => ['ok', null],
        handleCall: (_r: unknown, _f: From, s: unknown) => ['stop', 'normal', 'bye', s],
        terminate: (reason: unknown) => send(me, ['terminated', reason]),
      });
      const answer = await GenServer.call(pid, 'q');
      return [answer, await receive(['terminated', _]), Process.isAlive(pid)];
    });
    expect(got).toEqual(['bye', ['terminated', 'normal'], false]);
  });

  it('exits the caller with the stop reason on [stop, reason, state] without a reply', async () => {
    const [reason, pid] = await run(async () => {
      const server = await started({ init: () => ['ok', null], handleCall: (_r: unknown, _f: From, s: unknown) => ['stop', 'shutdown', s] });
      return [await exitOf(GenServer.call(server, 'q')), server];
    });
    expect(reason).toEqual(['shutdown', ['GenServer', 'call', [pid, 'q', 5000]]]);
  });

  // Checked with elixir 1.14: a caller linked to the server (start_link), not trapping,
  // is killed by the crash; its `catch :exit` never runs.
  it('does not let a linked caller go on when the server crashes under its call', async () => {
    // Sends of a dead process are dropped, so what ran after the call is noted here instead.
    const ran: string[] = [];
    const down = await run(async () => {
      const pid = spawn(async () => {
        const r = await GenServer.startLink({ init: () => ['ok', null], handleCall: () => { throw new Error('boom'); } } as GenServerModule, null);
        try {
          await GenServer.call((r as [string, Pid])[1], 'crash');
        } catch {
          ran.push('catch');
        }
        ran.push('after');
      });
      const mon = Process.monitor(pid);
      const msg = await receive(['DOWN', mon, 'process', pid, _]);
      await receive({ after: 10 });
      return (msg as unknown[])[4];
    });
    expect(down).toBeInstanceOf(Error);
    expect(ran).toEqual([]);
  });

  it('lets a server call another idle server from its own handleCall', async () => {
    const got = await run(async () => {
      const inner = await started({ init: () => ['ok', 2], handleCall: (x: number, _f: From, s: number) => ['reply', x * s, s] });
      const outer = await started({
        init: () => ['ok', null],
        handleCall: async (x: number, _f: From, s: unknown) => ['reply', (await GenServer.call(inner, x)) + 1, s],
      });
      return GenServer.call(outer, 20);
    });
    expect(got).toBe(41);
  });

  it('still times out a cycle of calls (A calls B, B calls A), as the deadlock it is in OTP', async () => {
    const reason = await run(async () => {
      let a: Pid | undefined;
      const b = await started({
        init: () => ['ok', null],
        handleCall: async (_x: unknown, _f: From, s: unknown) => ['reply', await GenServer.call(a!, 'back', 50), s],
      });
      a = await started({
        init: () => ['ok', null],
        handleCall: async (x: unknown, _f: From, s: unknown) => (x === 'back' ? ['reply', 'never', s] : ['reply', await GenServer.call(b, 'go', 1000), s]),
      });
      return exitOf(GenServer.call(a, 'start', 2000));
    });
    // B's call to A (busy waiting on B) times out; B crashes with that exit, and A's call to B fails with it.
    expect(JSON.stringify(reason)).toContain('"timeout"');
  });

  it('gives the event loop its turns during a long run of calls', async () => {
    const turns = await run(async () => {
      const pid = await started({ init: () => ['ok', 0], handleCall: (_r: unknown, _f: From, n: number) => ['reply', n, n + 1] });
      let ticks = 0;
      let on = true;
      const tick = () => {
        ticks++;
        if (on) setImmediate(tick);
      };
      setImmediate(tick);
      for (let i = 0; i < 200_000; i++) await GenServer.call(pid, 'n');
      on = false;
      return ticks;
    });
    expect(turns).toBeGreaterThan(2);
  });

  it('leaves the caller’s mailbox as it was', async () => {
    const got = await run(async () => {
      send(self(), 'mine');
      const pid = await started({ init: () => ['ok', null], handleCall: (_r: unknown, _f: From, s: unknown) => ['reply', 'ok', s] });
      await GenServer.call(pid, 'q');
      return [await receive({ after: 0 }), await receive({ after: 0 })];
    });
    expect(got).toEqual(['mine', 'timeout']);
    await settle();
  });

  // The shell's Ctrl+C terminates a handler spinning under a direct call (V8's
  // TerminateExecution, no finally runs); a vm timeout terminates the same way, and lets the
  // test look at what is left. On Node 24 the unwound AsyncResource frames corrupt Node's
  // async-id stack unless the termination reaches the top of the job, as the shell's does
  // (test/repl/terminal.test.ts covers it there); here the test catches it half-way.
  it.skipIf(contextMode === 'als')('tells which calls a terminated stack unwound, and calls made afterwards work', async () => {
    trackUnwoundCalls();
    const got = await run(async () => {
      const spinner = await started({ init: () => ['ok', null], handleCall: () => { for (;;); } });
      const counter = await started({ init: () => ['ok', 0], handleCall: (_r: unknown, _f: From, n: number) => ['reply', n + 1, n + 1] });
      let calls: ReturnType<typeof unwoundCalls> = [];
      const [caller, ref] = spawnMonitor(() => {
        try {
          vm.runInContext("call(spinner, 'spin', 'infinity')", vm.createContext({ call: GenServer.call, spinner }), { timeout: 50 });
        } catch {
          // ERR_SCRIPT_EXECUTION_TIMEOUT: the stack up to here is gone.
        }
        resetCurrent();
        calls = unwoundCalls();
      });
      await receive(['DOWN', ref, _, _, _]);
      const left = unwoundCalls().length;
      return { calls, caller, spinner, left, after: [await GenServer.call(counter, 'n'), await GenServer.call(counter, 'n')] };
    });
    expect(got.calls.map((c) => [c.caller.pid, c.target.pid])).toEqual([[got.caller, got.spinner]]);
    expect(got.calls[0].failure('killed').reason).toEqual(['killed', ['GenServer', 'call', [got.spinner, 'spin', 'infinity']]]);
    expect(got.left).toBe(0);
    expect(got.after).toEqual([1, 2]);
  });
});
