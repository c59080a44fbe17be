/**
 * trace(pid): what a process does, line by line, as it happens. The GenServer lines are
 * the wording of :sys.trace in OTP 25 (checked with elixir: `got call get from <0.96.0>`,
 * `sent 10 to <0.96.0>, new state 10`, `got cast inc`, `new state 11`, `got hello`).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { GenServer, setReportHandler, sys } from '../../src/otp/index.js';
import { pid, Process, receive, run, send, spawn, spawnLink, type Pid } from '../../src/runtime/index.js';
import { emit } from '../../src/runtime/internal.js';
import { trace, untrace } from '../../src/inspect/index.js';
import { killOthers } from './fakes.js';

afterEach(() =>
  run(async () => {
    untrace();
    killOthers();
  }),
);

/** Lines written by a trace, without the trailing newlines. */
function collect() {
  const text: string[] = [];
  return { out: (t: string) => void text.push(t), lines: () => text.join('').split('\n').slice(0, -1) };
}

const Counter = {
  name: 'Counter',
  init: (n: number) => ['ok', n],
  handleCall: (_req: unknown, _from: unknown, n: number) => ['reply', n, n],
  handleCast: (msg: unknown, n: number) => {
    if (msg === 'boom') throw new Error('boom');
    return ['noreply', n + 1];
  },
  handleInfo: (_msg: unknown, n: number) => ['noreply', n],
};

describe('trace', () => {
  it('prints the calls, casts and messages a GenServer handles, its replies and new states, and its crash', () =>
    run(async (ctx) => {
      const quiet = setReportHandler(() => {});
      Process.flag('trap_exit', true);
      const [, server] = (await GenServer.startLink(Counter as never, 10)) as ['ok', Pid];
      const log = collect();
      trace(server, { out: log.out });
      await GenServer.call(server, 'get');
      GenServer.cast(server, 'inc');
      send(server, 'hello');
      await GenServer.call(server, 'get');
      GenServer.cast(server, 'boom');
      await receive(['EXIT', server, (r: unknown) => r instanceof Error]);
      const me = ctx.self;
      expect(log.lines()).toEqual([
        `*DBG* ${server} got call 'get' from ${me}`,
        `*DBG* ${server} sent 10 to ${me}`,
        `*DBG* ${server} new state 10`,
        `*DBG* ${server} got cast 'inc'`,
        `*DBG* ${server} new state 11`,
        `*DBG* ${server} got 'hello'`,
        `*DBG* ${server} new state 11`,
        `*DBG* ${server} got call 'get' from ${me}`,
        `*DBG* ${server} sent 11 to ${me}`,
        `*DBG* ${server} new state 11`,
        `*DBG* ${server} got cast 'boom'`,
        `*DBG* ${server} exited with reason Error: boom`,
      ]);
      setReportHandler(quiet);
    }));

  it('prints what a plain process takes in, sends out and spawns, the exit signals it gets and its exit', () =>
    run(async (ctx) => {
      const me = ctx.self;
      let child: Pid | undefined;
      const p = spawn(
        async () => {
          const [from, n] = await receive();
          send(from, ['double', n * 2]);
          child = spawnLink(() => receive(), { label: 'helper' });
          await receive();
        },
        { label: 'doubler' },
      );
      const log = collect();
      trace(p, { out: log.out });
      send(p, [me, 21]);
      expect(await receive()).toEqual(['double', 42]);
      Process.exit(p, 'normal');
      Process.exit(p, 'stop');
      await Process.sleep(0);
      expect(log.lines()).toEqual([
        `*DBG* ${p} got [${me}, 21]`,
        `*DBG* ${p} sent ['double', 42] to ${me}`,
        `*DBG* ${p} spawned ${child} (helper), linked`,
        `*DBG* ${p} got exit signal 'normal' from ${me} (ignored)`,
        `*DBG* ${p} got exit signal 'stop' from ${me}`,
        `*DBG* ${p} exited with reason 'stop'`,
      ]);
    }));

  it('prints the calls a traced process makes and the replies it gets', () =>
    run(async () => {
      const [, server] = (await GenServer.start(Counter as never, 5)) as ['ok', Pid];
      const client = spawn(async () => {
        await receive();
        await GenServer.call(server, 'get');
        GenServer.cast(server, 'inc');
      }, { label: 'client' });
      const log = collect();
      trace(client, { out: log.out });
      send(client, 'go');
      await Process.sleep(0);
      expect(log.lines()).toEqual([
        `*DBG* ${client} got 'go'`,
        `*DBG* ${client} sent call 'get' to ${server}`,
        `*DBG* ${client} got reply 5 from ${server}`,
        `*DBG* ${client} sent cast 'inc' to ${server}`,
        `*DBG* ${client} exited with reason 'normal'`,
      ]);
    }));

  it('leaves out system messages, as sys.trace does', () =>
    run(async () => {
      const [, server] = (await GenServer.start(Counter as never, 1)) as ['ok', Pid];
      const log = collect();
      trace(server, { out: log.out });
      expect(await sys.getState(server)).toBe(1);
      await Process.sleep(0);
      expect(log.lines()).toEqual([]);
    }));

  it('prints the new state the OTP layer reports, when it reports one', () =>
    run(async () => {
      const p = spawn(() => receive(() => false), { label: 'stateful' });
      const log = collect();
      trace(p, { out: log.out });
      emit({ type: 'report', kind: 'state', pid: p, state: { count: 3 } });
      expect(log.lines()).toEqual([`*DBG* ${p} new state { count: 3 }`]);
    }));

  it('resolves a name once: a process registered later under the same name is not traced', () =>
    run(async () => {
      const first = spawn(() => receive(), { label: 'a' });
      Process.register(first, 'named');
      const log = collect();
      const tracer = trace('named', { out: log.out });
      expect(tracer.pid).toBe(first);
      send('named', 'one');
      await Process.sleep(0);
      const second = spawn(() => receive(), { label: 'b' });
      Process.register(second, 'named');
      send('named', 'two');
      await Process.sleep(0);
      expect(log.lines()).toEqual([`*DBG* ${first} got 'one'`, `*DBG* ${first} exited with reason 'normal'`]);
      expect(tracer.active).toBe(false);
    }));
});

describe('untrace', () => {
  it('stops the trace of one process, of every process, or through the handle', () =>
    run(async () => {
      const [a, b, c] = ['a', 'b', 'c'].map((label) => spawn(() => receive(() => false), { label }));
      const log = collect();
      const ta = trace(a!, { out: log.out });
      const tb = trace(b!, { out: log.out });
      const tc = trace(c!, { out: log.out });
      expect(untrace(a!)).toBe('ok');
      expect([ta.active, tb.active, tc.active]).toEqual([false, true, true]);
      tb.stop();
      expect(untrace()).toBe('ok');
      expect(tc.active).toBe(false);
      for (const p of [a, b, c]) send(p!, 'x');
      await Process.sleep(0);
      expect(log.lines()).toEqual([]);
    }));

  it('tracing a process again replaces its trace, so lines are not doubled', () =>
    run(async () => {
      const p = spawn(() => receive(), { label: 'once' });
      const log = collect();
      const first = trace(p, { out: log.out });
      trace(p, { out: log.out });
      expect(first.active).toBe(false);
      send(p, 'x');
      await Process.sleep(0);
      expect(log.lines()).toEqual([`*DBG* ${p} got 'x'`, `*DBG* ${p} exited with reason 'normal'`]);
    }));

  it('refuses to trace a process that is not alive', () =>
    run(async () => {
      expect(() => trace(pid('0.90.0'))).toThrow('trace: #PID<0.90.0> is not alive; only a live process can be traced.');
      expect(() => trace('nobody')).toThrow("trace: no process is registered as 'nobody'; only a live process can be traced.");
      expect(untrace('nobody')).toBe('ok');
    }));
});
