import { describe, expect, it } from 'vitest';
import { emit, exit, makeRef, Pid, Process, receive, Ref, run, self, send, spawn, spawnLink, spawnMonitor, subscribe, type Stamped } from '../../src/runtime/index.js';
import { observed } from '../../src/runtime/internal.js';
import { downReason, recordEvents } from './helpers.js';

const of = (events: Stamped[], type: string) => events.filter((e) => e.type === type) as any[];

describe('the event stream', () => {
  it('reports spawn with pid, parent, label and whether it was linked', () =>
    run(async () => {
      const { events, stop } = recordEvents();
      const a = spawn(function plain() {});
      const b = spawnLink(() => receive(), { label: 'linked one' });
      stop();
      expect(of(events, 'spawn')).toEqual([
        expect.objectContaining({ type: 'spawn', pid: a, parent: self(), label: 'plain', link: false }),
        expect.objectContaining({ type: 'spawn', pid: b, parent: self(), label: 'linked one', link: true }),
      ]);
    }));

  it('reports exit with the reason', () =>
    run(async () => {
      const { events, stop } = recordEvents();
      const [pid, ref] = spawnMonitor(() => exit('why'));
      await downReason(ref);
      stop();
      expect(of(events, 'exit')).toEqual([expect.objectContaining({ pid, reason: 'why' })]);
    }));

  it('reports link and unlink with both ends', () =>
    run(async () => {
      const other = spawn(() => receive());
      const { events, stop } = recordEvents();
      Process.link(other);
      Process.unlink(other);
      stop();
      expect(of(events, 'link')).toEqual([expect.objectContaining({ from: self(), to: other })]);
      expect(of(events, 'unlink')).toEqual([expect.objectContaining({ from: self(), to: other })]);
    }));

  it('reports monitor and demonitor with the ref, watcher and target', () =>
    run(async () => {
      const other = spawn(() => receive());
      const { events, stop } = recordEvents();
      const ref = Process.monitor(other);
      Process.demonitor(ref);
      stop();
      expect(of(events, 'monitor')).toEqual([expect.objectContaining({ ref, watcher: self(), target: other })]);
      expect(of(events, 'demonitor')).toEqual([expect.objectContaining({ ref, watcher: self() })]);
    }));

  it('reports send (with the copy that was delivered) and receive', () =>
    run(async () => {
      const { events, stop } = recordEvents();
      const msg = { hello: 'world' };
      send(self(), msg);
      const got = await receive();
      stop();
      const [sent] = of(events, 'send');
      expect(sent).toEqual(expect.objectContaining({ from: self(), to: self(), msg: { hello: 'world' } }));
      expect(sent.msg).not.toBe(msg);
      expect(of(events, 'receive')).toEqual([expect.objectContaining({ pid: self(), msg: got })]);
    }));

  it('reports a send from outside every process with no sender', async () => {
    const target = spawn(() => receive());
    const { events, stop } = recordEvents();
    send(target, 'x');
    stop();
    expect(of(events, 'send')).toEqual([expect.objectContaining({ from: undefined, to: target, msg: 'x' })]);
  });

  it('reports exit signals with sender, target and reason', () =>
    run(async () => {
      const [target, ref] = spawnMonitor(() => receive());
      const { events, stop } = recordEvents();
      Process.exit(target, 'kill');
      await downReason(ref);
      stop();
      expect(of(events, 'signal')).toEqual([expect.objectContaining({ from: self(), to: target, reason: 'kill' })]);
    }));

  it('reports register, unregister, and the release of a name on death', () =>
    run(async () => {
      const [other, ref] = spawnMonitor(() => receive('stop'));
      const { events, stop } = recordEvents();
      Process.register(self(), 'ev_me');
      Process.unregister('ev_me');
      Process.register(other, 'ev_other');
      send(other, 'stop');
      await downReason(ref);
      stop();
      expect(of(events, 'register')).toEqual([
        expect.objectContaining({ name: 'ev_me', pid: self() }),
        expect.objectContaining({ name: 'ev_other', pid: other }),
      ]);
      expect(of(events, 'unregister')).toEqual([
        expect.objectContaining({ name: 'ev_me', pid: self() }),
        expect.objectContaining({ name: 'ev_other', pid: other }),
      ]);
    }));

  it('reports a label change', () =>
    run(async () => {
      const { events, stop } = recordEvents();
      Process.setLabel('relabelled');
      stop();
      expect(of(events, 'label')).toEqual([expect.objectContaining({ pid: self(), label: 'relabelled' })]);
    }));

  it('carries report events of higher layers', () => {
    const { events, stop } = recordEvents();
    emit({ type: 'report', kind: 'crash', pid: undefined, detail: 42 });
    stop();
    expect(events).toEqual([expect.objectContaining({ type: 'report', kind: 'crash', detail: 42 })]);
  });

  it('stamps every event with a growing seq and a time', () =>
    run(async () => {
      const { events, stop } = recordEvents();
      for (let i = 0; i < 5; i++) send(self(), i);
      stop();
      const seqs = events.map((e) => e.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(new Set(seqs).size).toBe(seqs.length);
      expect(events.every((e) => typeof e.time === 'number' && e.time > 0)).toBe(true);
    }));

  it('emits in the order things happen: send before the receive, exit before the DOWN is taken', () =>
    run(async () => {
      const { events, stop } = recordEvents();
      const [pid, ref] = spawnMonitor(() => receive());
      send(pid, 'go');
      await downReason(ref);
      stop();
      const types = events.filter((e) => ['spawn', 'send', 'receive', 'exit'].includes(e.type) && ('pid' in e ? e.pid === pid : true)).map((e) => e.type);
      expect(types.slice(0, 4)).toEqual(['spawn', 'send', 'receive', 'exit']);
    }));
});

describe('subscribe', () => {
  it('returns the function that unsubscribes: no event after it', () =>
    run(async () => {
      const seen: Stamped[] = [];
      const stop = subscribe((e) => seen.push(e));
      send(self(), 1);
      stop();
      send(self(), 2);
      expect(of(seen, 'send').map((e) => e.msg)).toEqual([1]);
    }));

  it('turns `observed` on while someone listens and off when the last one leaves', () => {
    expect(observed).toBe(false);
    const a = subscribe(() => {});
    const b = subscribe(() => {});
    expect(observed).toBe(true);
    a();
    expect(observed).toBe(true);
    b();
    expect(observed).toBe(false);
  });

  it('emits nothing while nobody listens: the sequence goes on where it stopped', () =>
    run(async () => {
      const first: Stamped[] = [];
      subscribe((e) => first.push(e))();
      let stop = subscribe((e) => first.push(e));
      send(self(), 'a');
      stop();
      const lastSeq = first[first.length - 1].seq;
      for (let i = 0; i < 100; i++) {
        send(self(), i);
        await receive();
      }
      spawn(() => {});
      const after: Stamped[] = [];
      stop = subscribe((e) => after.push(e));
      send(self(), 'b');
      stop();
      expect(after[0].seq).toBe(lastSeq + 1);
    }));

  it('removes a listener that throws, with a warning, and keeps the runtime and other listeners going', () =>
    run(async () => {
      const warnings: string[] = [];
      const onWarning = (w: Error) => warnings.push(w.message);
      process.on('warning', onWarning);
      const good: Stamped[] = [];
      const stopBad = subscribe(() => {
        throw new Error('bad listener');
      });
      const stopGood = subscribe((e) => good.push(e));
      send(self(), 1);
      send(self(), 2);
      expect(await receive()).toBe(1);
      stopGood();
      stopBad();
      await new Promise((r) => setImmediate(r));
      process.off('warning', onWarning);
      expect(of(good, 'send')).toHaveLength(2);
      expect(warnings.filter((w) => w.includes('an event listener threw and was removed'))).toHaveLength(1);
    }));

  it('gives listeners pids and refs as they are', () =>
    run(async () => {
      const { events, stop } = recordEvents();
      const ref = Process.monitor(spawn(() => {}));
      stop();
      const [m] = of(events, 'monitor');
      expect(m.ref).toBe(ref);
      expect(m.ref).toBeInstanceOf(Ref);
      expect(m.watcher).toBeInstanceOf(Pid);
      expect(makeRef()).not.toBe(ref);
    }));
});
