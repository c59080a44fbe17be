// Messages are copied on send (isolate.ts documents why a copy, not a deep freeze): what the
// sender does to a value afterwards is never seen by the receiver, and the other way round.
import { describe, expect, it } from 'vitest';
import { isolate, makeRef, Pid, receive, run, self, send, spawn } from '../../src/runtime/index.js';

/** Sends `msg` to a fresh process, lets `mutate` change the original, returns what arrived. */
async function sendThenMutate<T>(msg: T, mutate: (m: T) => void): Promise<T> {
  const me = self();
  const pid = spawn(async () => {
    const got = await receive();
    await receive('mutated');
    send(me, ['got', got]);
  });
  send(pid, msg);
  mutate(msg);
  send(pid, 'mutated');
  const [, got] = await receive(['got', () => true]);
  return got as T;
}

describe('message isolation', () => {
  it('a change to a sent object after send is invisible to the receiver', () =>
    run(async () => {
      const got = await sendThenMutate({ n: 1, nested: { list: [1, 2] } }, (m) => {
        m.n = 2;
        m.nested.list.push(3);
      });
      expect(got).toEqual({ n: 1, nested: { list: [1, 2] } });
    }));

  it('a change to a sent array, Map, Set or Date is invisible to the receiver', () =>
    run(async () => {
      const msg = { arr: [1, [2]], map: new Map([['k', { v: 1 }]]), set: new Set([1]), date: new Date(0) };
      const got = await sendThenMutate(msg, (m) => {
        (m.arr[1] as number[]).push(3);
        m.map.get('k')!.v = 2;
        m.map.set('new', { v: 0 });
        m.set.add(2);
        m.date.setTime(1000);
      });
      expect(got.arr).toEqual([1, [2]]);
      expect(got.map).toEqual(new Map([['k', { v: 1 }]]));
      expect(got.set).toEqual(new Set([1]));
      expect(got.date.getTime()).toBe(0);
    }));

  it('a change the receiver makes is invisible to the sender', () =>
    run(async () => {
      const me = self();
      const original = { items: ['a'] };
      const pid = spawn(async () => {
        const m = await receive();
        m.items.push('changed by receiver');
        send(me, 'done');
      });
      send(pid, original);
      await receive('done');
      expect(original).toEqual({ items: ['a'] });
    }));

  it('two receivers of one message get separate copies', () =>
    run(async () => {
      const msg = { n: 0 };
      send(self(), msg);
      send(self(), msg);
      const a = await receive();
      const b = await receive();
      expect(a).not.toBe(b);
      a.n = 1;
      expect(b.n).toBe(0);
    }));

  it('pids and refs survive: the same objects, equal and usable', () =>
    run(async () => {
      const ref = makeRef();
      send(self(), { from: self(), ref, list: [self(), ref] });
      const got = await receive();
      expect(got.from).toBe(self());
      expect(got.ref).toBe(ref);
      expect(got.list[0]).toBeInstanceOf(Pid);
      send(got.from, 'through a received pid');
      expect(await receive()).toBe('through a received pid');
    }));

  it('keeps cycles and shared sub-objects', () =>
    run(async () => {
      const shared = { s: 1 };
      const node: { name: string; self?: unknown; a: unknown; b: unknown } = { name: 'n', a: shared, b: shared };
      node.self = node;
      send(self(), node);
      const got = await receive();
      expect(got).not.toBe(node);
      expect(got.self).toBe(got);
      expect(got.a).toBe(got.b);
      expect(got.a).not.toBe(shared);
    }));

  it('copies deep structures (past the fast path depth) correctly', () =>
    run(async () => {
      let deep: { next?: unknown; i: number } = { i: 0 };
      const root = deep;
      for (let i = 1; i < 500; i++) {
        const next = { i };
        deep.next = next;
        deep = next;
      }
      const copy = isolate(root);
      expect(copy).toEqual(root);
      expect(copy).not.toBe(root);
      let a: any = copy;
      let b: any = root;
      for (let i = 0; i < 499; i++) {
        a = a.next;
        b = b.next;
      }
      expect(a).not.toBe(b);
      expect(a.i).toBe(499);
    }));

  it('keeps the prototype of class instances, so methods still work', () =>
    run(async () => {
      class Account {
        constructor(public balance: number) {}
        deposit(n: number) {
          this.balance += n;
          return this.balance;
        }
      }
      const acc = new Account(10);
      const got = await sendThenMutate(acc, (a) => a.deposit(5));
      expect(got).toBeInstanceOf(Account);
      expect(got.balance).toBe(10);
      expect(got.deposit(1)).toBe(11);
    }));

  it('shares what cannot change or cannot be copied: functions and Errors (an exit reason keeps its stack)', () =>
    run(async () => {
      const fn = () => 42;
      const err = new Error('reason');
      send(self(), { fn, err });
      const got = await receive();
      expect(got.fn).toBe(fn);
      expect(got.err).toBe(err);
      expect(got.err.stack).toBe(err.stack);
    }));

  it('copies typed arrays', () =>
    run(async () => {
      const bytes = new Uint8Array([1, 2, 3]);
      const got = await sendThenMutate(bytes, (b) => {
        b[0] = 9;
      });
      expect([...got]).toEqual([1, 2, 3]);
    }));

  it('leaves primitives as they are', () => {
    for (const v of [1, 'a', true, null, undefined, 10n, NaN]) expect(isolate(v)).toBe(v);
  });
});
