// One process handling 1,000,000 messages in a `for (;;)` loop keeps its memory flat: a loop
// that recursed (`return loop(state)`) would keep a promise chain alive and grow by ~100
// bytes a message, about 90 MB between the two measurements here.
import v8 from 'node:v8';
import vm from 'node:vm';
import { expect, it } from 'vitest';
import { Process, receive, run, self, send, spawn } from '../../src/runtime/index.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

it('a process handling 1,000,000 messages in a for (;;) loop keeps its memory flat', () =>
  run(async () => {
    const me = self();
    const server = spawn(async () => {
      let state = { count: 0, sum: 0 };
      for (;;) {
        const msg = await receive();
        if (Array.isArray(msg)) {
          send(msg[1], ['count', state.count]);
          continue;
        }
        state = { count: state.count + 1, sum: state.sum + msg };
      }
    });
    const BATCH = 1000;
    const heap: Record<number, number> = {};
    for (let sent = 0; sent < 1_000_000; ) {
      for (let i = 0; i < BATCH; i++) send(server, i);
      sent += BATCH;
      send(server, ['sync', me]);
      const [, count] = await receive(['count', Number]);
      expect(count).toBe(sent);
      if (sent === 100_000 || sent === 1_000_000) heap[sent] = heapAfterGc();
    }
    const growth = heap[1_000_000] - heap[100_000];
    console.log(`heap after gc: ${(heap[100_000] / 1e6).toFixed(2)} MB at 100k messages, ${(heap[1_000_000] / 1e6).toFixed(2)} MB at 1M (growth ${(growth / 1e3).toFixed(0)} kB)`);
    expect(growth).toBeLessThan(2_000_000);
    expect(Process.info(server)!.reductions).toBe(1_000_000 + 1000);
    Process.exit(server, 'kill');
  }), 30_000);
