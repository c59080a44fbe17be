/**
 * The receive marker (mailbox.ts, `mark`): a ref made by a process marks its mailbox, and a
 * receive whose pattern holds that ref starts after the messages queued before it. These
 * tests pin that it never skips a message it should find, however the mailbox moves.
 */
import { describe, expect, it } from 'vitest';
import { _, makeRef, Process, receive, run, self, send, spawn } from '../../src/runtime/index.js';

function queueJunk(n: number): void {
  for (let i = 0; i < n; i++) send(self(), ['junk', i]);
}

describe('receive with a ref made just before', () => {
  it('finds a reply that comes while 10,000 unrelated messages wait, and leaves them queued', () =>
    run(async () => {
      queueJunk(10_000);
      const echo = spawn(async () => {
        const [from, ref] = await receive();
        send(from, [ref, 'pong']);
      });
      const ref = makeRef();
      send(echo, [self(), ref]);
      expect(await receive([ref, _])).toEqual([ref, 'pong']);
      expect(Process.info(self())!.messageQueueLen).toBe(10_000);
      expect(await receive()).toEqual(['junk', 0]);
    }));

  it('finds a message holding the ref that was queued after the mark', () =>
    run(async () => {
      queueJunk(3);
      const ref = makeRef();
      send(self(), { answer: [ref, 42] });
      expect(await receive({ answer: [ref, Number] })).toEqual({ answer: [ref, 42] });
    }));

  it('still finds it after the messages before the mark were taken and the queue compacted', () =>
    run(async () => {
      queueJunk(2000);
      const ref = makeRef();
      send(self(), [ref, 'mine']);
      // Taking 1,500 from the head makes the mailbox cut off its taken prefix.
      for (let i = 0; i < 1500; i++) await receive(['junk', _]);
      expect(await receive([ref, _], { after: 0 })).toEqual([ref, 'mine']);
    }));

  it('still finds it after a message before the mark was taken from the middle', () =>
    run(async () => {
      send(self(), 'a');
      send(self(), 'b');
      const ref = makeRef();
      send(self(), [ref, 'mine']);
      expect(await receive('b')).toBe('b');
      expect(await receive([ref, _], { after: 0 })).toEqual([ref, 'mine']);
      expect(await receive()).toBe('a');
    }));

  it('still finds a message for an older ref (only the latest ref marks)', () =>
    run(async () => {
      const first = makeRef();
      send(self(), [first, 1]);
      const second = makeRef();
      send(self(), [second, 2]);
      expect(await receive([first, _], { after: 0 })).toEqual([first, 1]);
      expect(await receive([second, _], { after: 0 })).toEqual([second, 2]);
    }));

  it('still finds it after Process.flush-like dropping rebuilt the mailbox', () =>
    run(async () => {
      queueJunk(5);
      const ref = makeRef();
      send(self(), [ref, 'kept']);
      const pid = spawn(() => undefined);
      const mon = Process.monitor(pid);
      await receive(['DOWN', mon, _, _, _]);
      Process.demonitor(mon, { flush: true });
      expect(await receive([ref, _], { after: 0 })).toEqual([ref, 'kept']);
    }));

  it('finds the DOWN of a monitor whose target was already gone (queued as the monitor is set)', () =>
    run(async () => {
      queueJunk(100);
      const dead = spawn(() => undefined);
      await Process.sleep(1);
      const mon = Process.monitor(dead);
      expect(await receive(['DOWN', mon, _, _, _], { after: 0 })).toEqual(['DOWN', mon, 'process', dead, 'noproc']);
    }));
});
