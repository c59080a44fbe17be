/**
 * settleHead (queue.ts), under the mailbox, the run queue and the call-timeout lanes: what a
 * queue looks like once the taken entries up to `head` are settled.
 */
import { describe, expect, it } from 'vitest';
import { settleHead } from '../../src/runtime/queue.js';

/** A queue of `n` entries whose first `taken` were taken (set to undefined, as the takers do). */
function queue(n: number, taken: number): unknown[] {
  const q = Array.from({ length: n }, (_, i) => (i < taken ? undefined : i));
  return q;
}

describe('settleHead', () => {
  it('empties a queue whose every entry was taken, and the head goes back to 0', () => {
    for (const keepStore of [false, true]) {
      for (const n of [1, 5, 16, 17, 5000]) {
        const q = queue(n, n);
        expect(settleHead(q, n, keepStore)).toBe(0);
        expect(q).toEqual([]);
        q.push('next');
        expect(q).toEqual(['next']);
      }
    }
  });

  it('keeps the head where it is while the taken prefix is small', () => {
    const q = queue(10, 3);
    expect(settleHead(q, 3, true)).toBe(3);
    expect(q.slice(3)).toEqual([3, 4, 5, 6, 7, 8, 9]);
  });

  it('cuts the taken prefix off once it is over 1,024 entries and half the queue', () => {
    const q = queue(3000, 2000);
    expect(settleHead(q, 2000)).toBe(0);
    expect(q.length).toBe(1000);
    expect(q[0]).toBe(2000);
    expect(q[999]).toBe(2999);
  });
});
