/**
 * How a selective receive scans the mailbox (mailbox.ts, findMatch): literal patterns and
 * tagged tuples take shortcuts, and a mailbox that ever held a sequence-traced message is
 * scanned through its boxes. Each way must find exactly what `matches` would.
 */
import { describe, expect, it } from 'vitest';
import { _, Pid, receive, run, self, send } from '../../src/runtime/index.js';
import { currentProc } from '../../src/runtime/internal.js';

async function drain(): Promise<unknown[]> {
  const rest: unknown[] = [];
  for (;;) {
    const m = await receive({ after: 0 });
    if (m === 'timeout') return rest;
    rest.push(m);
  }
}

describe('a selective receive', () => {
  it('with a literal pattern finds the identical value among others, and only that', () =>
    run(async () => {
      for (const m of [['pong'], { pong: 1 }, 'ping', 'pong', 'pong']) send(self(), m);
      expect(await receive('pong', { after: 0 })).toBe('pong');
      expect(await drain()).toEqual([['pong'], { pong: 1 }, 'ping', 'pong']);
    }));

  it('with a tagged tuple passes over other lengths and tags, then matches the rest of it', () =>
    run(async () => {
      for (const m of [['reply', 1], ['other', 1, 'x'], ['reply', 2, 'no'], ['reply', 1, 'yes'], { 0: 'reply' }]) send(self(), m);
      expect(await receive(['reply', 1, _], { after: 0 })).toEqual(['reply', 1, 'yes']);
      expect(await drain()).toEqual([['reply', 1], ['other', 1, 'x'], ['reply', 2, 'no'], { 0: 'reply' }]);
    }));

  it('with a tag that is not a literal (a type, NaN, the wildcard) matches as matches() does', () =>
    run(async () => {
      for (const m of [[NaN, 'a'], ['s', 'b'], [1, 'c']]) send(self(), m);
      expect(await receive([Number, 'c'], { after: 0 })).toEqual([1, 'c']);
      expect(await receive([NaN, _], { after: 0 })).toEqual([NaN, 'a']);
      expect(await receive([_, 'b'], { after: 0 })).toEqual(['s', 'b']);
    }));

  it('finds messages in a mailbox that holds sequence-traced ones, and keeps their order', () =>
    run(async () => {
      const me = self();
      send(me, ['plain', 1]);
      const p = currentProc()!;
      p.seqToken = { seq: 'test' };
      p.seqPinned = true;
      send(me, ['traced', 2]);
      send(me, 'traced literal');
      p.seqToken = undefined;
      p.seqPinned = false;
      send(me, ['plain', 3]);
      expect(await receive('traced literal', { after: 0 })).toBe('traced literal');
      expect(await receive(['plain', 3], { after: 0 })).toEqual(['plain', 3]);
      expect(await receive(['traced', Number], { after: 0 })).toEqual(['traced', 2]);
      expect(await receive(Pid, { after: 0 })).toBe('timeout');
      expect(await drain()).toEqual([['plain', 1]]);
    }));
});
