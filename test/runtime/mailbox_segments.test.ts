/**
 * A flooded mailbox (mailbox.ts, SEGMENT): past SEGMENT queued messages, new ones go to
 * further arrays of at most SEGMENT, so that no push has to copy one huge array. Every way
 * of reading the mailbox must see one queue, in order, across those arrays.
 */
import { describe, expect, it } from 'vitest';
import { _, after, makeRef, on, Process, receive, run, self, send } from '../../src/runtime/index.js';
import { currentProc } from '../../src/runtime/internal.js';
import { SEGMENT } from '../../src/runtime/mailbox.js';
import type { Proc } from '../../src/runtime/proc.js';

const N = 2 * SEGMENT + 100; // three arrays: mq, then two spilled segments

/** The sizes of the arrays `p`'s mailbox is made of. */
function arrays(p: Proc): number[] {
  return [p.mq?.length ?? 0, ...(p.spill ?? []).map((s) => s.length)];
}

describe('a mailbox flooded past one segment', () => {
  it('never grows one array past SEGMENT, and gives every message back in order', () =>
    run(async () => {
      const me = currentProc()!;
      for (let i = 0; i < N; i++) send(self(), i);
      expect(arrays(me).length).toBe(3);
      expect(Math.max(...arrays(me))).toBeLessThanOrEqual(SEGMENT);
      expect(me.queueLength).toBe(N);
      const got: number[] = [];
      for (let i = 0; i < N; i++) got.push(await receive());
      expect(got.every((v, i) => v === i)).toBe(true);
      expect(me.queueLength).toBe(0);
      expect(me.spill).toBe(null);
    }));

  it('keeps the order when messages keep coming while the first segment drains', () =>
    run(async () => {
      const me = currentProc()!;
      let sent = 0;
      let next = 0;
      for (; sent < SEGMENT + 10; sent++) send(self(), sent);
      // Take a few, queue more (they must go behind the spilled ones), take all.
      for (let i = 0; i < 20; i++) expect(await receive()).toBe(next++);
      for (let i = 0; i < SEGMENT; i++) send(self(), sent++);
      expect(Math.max(...arrays(me))).toBeLessThanOrEqual(SEGMENT);
      while (next < sent) expect(await receive()).toBe(next++);
      expect(await receive({ after: 0 })).toBe('timeout');
    }));

  it('finds a selective match in a spilled segment and leaves the rest in order', () =>
    run(async () => {
      for (let i = 0; i < N; i++) send(self(), i === N - 50 ? ['match', i] : i);
      expect(await receive(['match', _])).toEqual(['match', N - 50]);
      expect(await receive(['match', _], { after: 0 })).toBe('timeout');
      let expected = 0;
      for (let i = 0; i < N - 1; i++) {
        if (expected === N - 50) expected++;
        expect(await receive()).toBe(expected++);
      }
    }));

  it('finds a literal, a predicate and a clause match across segments', () =>
    run(async () => {
      for (let i = 0; i < N; i++) send(self(), i);
      send(self(), 'last');
      expect(await receive('last')).toBe('last');
      expect(await receive((m: unknown) => m === SEGMENT + 7)).toBe(SEGMENT + 7);
      expect(await receive(on(2 * SEGMENT + 3, (m) => ['clause', m]), after(0, () => 'none'))).toEqual(['clause', 2 * SEGMENT + 3]);
      expect(currentProc()!.queueLength).toBe(N - 2);
    }));

  it('lets a reply with a fresh ref skip the flood (receive marker) and shows it all to Process.info', () =>
    run(async () => {
      for (let i = 0; i < N; i++) send(self(), i);
      const ref = makeRef();
      send(self(), ['reply', ref, 'ok']);
      expect(await receive(['reply', ref, _])).toEqual(['reply', ref, 'ok']);
      const info = Process.info(self())!;
      expect(info.messageQueueLen).toBe(N);
      expect(info.messages.length).toBe(N);
      expect(info.messages[N - 1]).toBe(N - 1);
      expect((info.messages as number[]).every((v, i) => v === i)).toBe(true);
    }));

  it('flushes a DOWN out of a spilled segment (Process.demonitor with flush)', () =>
    run(async () => {
      for (let i = 0; i < N; i++) send(self(), i);
      const ref = Process.monitor('nobody');
      // The DOWN for a name nobody holds is queued at once, behind the flood.
      expect(currentProc()!.queueLength).toBe(N + 1);
      Process.demonitor(ref, { flush: true });
      expect(currentProc()!.queueLength).toBe(N);
      expect(await receive(['DOWN', _, _, _, _], { after: 0 })).toBe('timeout');
      expect(await receive()).toBe(0);
    }));
});
