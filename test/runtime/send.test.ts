import { describe, expect, it } from 'vitest';
import { ArgumentError, makeRef, Pid, Process, receive, run, self, send, spawn, type ViaModule } from '../../src/runtime/index.js';
import { exitReason, mailbox } from './helpers.js';

describe('send', () => {
  it('returns the message it sent', () =>
    run(async () => {
      const msg = ['hello', 1];
      expect(send(self(), msg)).toBe(msg);
    }));

  it('delivers to a pid', () =>
    run(async () => {
      const parent = self();
      const pid = spawn(async () => send(parent, ['echo', await receive()]));
      send(pid, 'ping');
      expect(await receive()).toEqual(['echo', 'ping']);
    }));

  it('delivers to a registered name', () =>
    run(async () => {
      Process.register(self(), 'send_test_me');
      send('send_test_me', 'by name');
      expect(await receive()).toBe('by name');
    }));

  it('delivers to a via name through its module', () =>
    run(async () => {
      const names = new Map<unknown, Pid>([['k', self()]]);
      const registry: ViaModule = { whereisName: (key) => names.get(key) };
      send(['via', registry, 'k'], 'by via');
      expect(await receive()).toBe('by via');
      expect(() => send(['via', registry, 'missing'], 'x')).toThrow(ArgumentError);
      expect(() => send(['via', registry, 'missing'], 'x')).toThrow(/no process is registered under 'missing'/);
    }));

  it('drops a message to a dead pid silently and still returns it (as Erlang: send(dead, :hi) → :hi)', () =>
    run(async () => {
      const dead = spawn(() => {});
      await Process.sleep(1);
      expect(Process.isAlive(dead)).toBe(false);
      expect(send(dead, 'into the void')).toBe('into the void');
    }));

  it('throws badarg for a name nobody holds, naming the fix (Elixir: ArgumentError, invalid destination)', () =>
    run(async () => {
      let err: unknown;
      try {
        send('nobody_here', 'hi');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ArgumentError);
      expect((err as ArgumentError).reason).toBe('badarg');
      expect((err as Error).message).toMatch(/send: no process is registered as 'nobody_here' \(Erlang's badarg\)\. Register one with Process\.register\(pid, 'nobody_here'\)/);
    }));

  it('ends the sender that does not catch the badarg, not the runtime', () =>
    run(async () => {
      const reason = await exitReason(() => send('nobody_either', 'x'));
      expect(reason).toBeInstanceOf(ArgumentError);
    }));

  it('refuses a destination that is not a pid, name or via', () =>
    run(async () => {
      for (const bad of [42, undefined, null, {}, ['via', {}, 'k'], makeRef()]) {
        expect(() => send(bad as never, 'x')).toThrow(/send: the destination must be a pid, a registered name or Registry\.via\(\.\.\.\)/);
      }
    }));

  it('works from outside every process', async () => {
    let resolve!: (v: unknown) => void;
    const got = new Promise((r) => (resolve = r));
    const pid = spawn(async () => resolve(await receive()));
    send(pid, 'from outside');
    expect(await got).toBe('from outside');
  });

  it('keeps the order of messages from one sender to one receiver', () =>
    run(async () => {
      const parent = self();
      const pid = spawn(async () => {
        const got: number[] = [];
        for (let i = 0; i < 1000; i++) got.push(await receive());
        send(parent, got);
      });
      for (let i = 0; i < 1000; i++) send(pid, i);
      expect(await receive()).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    }));

  it('puts messages to oneself in the mailbox in order', () =>
    run(async () => {
      send(self(), 1);
      send(self(), 2);
      send(self(), 3);
      expect(await mailbox()).toEqual([1, 2, 3]);
    }));
});
