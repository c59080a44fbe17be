// The process control block keeps the fields most processes never use out of line (ProcExt),
// so that a million processes stay small and cheap to create and to end. These tests pin
// the common paths that must not allocate that block, and the values those paths carry.
import { describe, expect, it } from 'vitest';
import { ExitError, Pid, receive, run, self, send, spawn, spawnMonitor } from '../../src/runtime/index.js';
import { Proc, procOf } from '../../src/runtime/internal.js';

const outOfLine = (p: Proc): unknown => (p as unknown as { x: unknown }).x;

describe('the process control block', () => {
  it("a process that ends normally has exit reason 'normal', without a block for it", () =>
    run(async () => {
      // Not monitored itself (a monitor would make the block): processes of one batch start
      // in spawn order, so it has ended by the time the second one's DOWN arrives.
      const pid = spawn(() => undefined);
      const p = procOf(pid)!;
      expect(p.exitReason).toBe(undefined); // not dead yet
      const [, ref] = spawnMonitor(async () => {});
      await receive(['DOWN', ref, 'process', Pid, 'normal']);
      expect(p.dead).toBe(true);
      expect(p.exitReason).toBe('normal');
      expect(outOfLine(p)).toBe(null);
    }));

  it('a process that ends otherwise keeps its reason, undefined and normal-looking ones included', () =>
    run(async () => {
      const reasons: unknown[] = ['boom', undefined, ['normal'], null, 0];
      for (const reason of reasons) {
        const [pid, ref] = spawnMonitor(() => {
          throw new ExitError(reason);
        });
        const p = procOf(pid)!;
        await receive(['DOWN', ref, 'process', pid, reason]);
        expect(p.exitReason).toEqual(reason);
      }
    }));

  it('processes woken past the slice resume with their own values, without a block for them', () =>
    run(async () => {
      // One loop wakes 5,000 waiting processes: past the first few dozen, wake-ups wait in
      // the run queue (scheduler.ts, BURST) with the value each will resume with.
      const N = 5000;
      const me = self();
      const pids: Pid[] = [];
      for (let i = 0; i < N; i++) {
        pids.push(
          spawn(async () => {
            const got = await receive();
            send(me, ['got', self(), got]);
          }),
        );
      }
      await receive({ after: 10 }); // all of them wait now
      const procs = pids.map((pid) => procOf(pid)!);
      for (let i = 0; i < N; i++) send(pids[i], ['value', i]);
      const parkedBlocks = procs.filter((p) => outOfLine(p) !== null).length;
      const seen = new Map<Pid, unknown>();
      for (let i = 0; i < N; i++) {
        const [, from, got] = await receive(['got', Pid, Array]);
        seen.set(from, got);
      }
      expect(pids.every((pid, i) => (seen.get(pid) as [string, number])[1] === i)).toBe(true);
      expect(parkedBlocks).toBe(0);
      expect(procs.filter((p) => outOfLine(p) !== null).length).toBe(0);
    }));
});
