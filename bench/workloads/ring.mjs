/**
 * Workload 2 (shared/bench/beam/ring_bench.erl): R processes in a ring, one token passed
 * around M times (R*M messages). The token carries the number of hops still to do.
 */
import { atMost, ratioAtLeast } from '../lib/targets.mjs';
import { beamish, implFields, loopProbe, nowNs, peakRssMb, print, secs } from '../lib/common.mjs';

const rows = [
  { metric: 'msgs_per_sec', unit: 'msgs/s', target: ratioAtLeast(1, 2) },
  { metric: 'loop_max_block_ms', unit: 'ms', beam: false, target: atMost(20, 'ms') },
  { metric: 'loop_max_block_cpu_ms', unit: 'ms', beam: false },
];

export const workloads = [
  { name: 'ring_1000x1000', group: 'ring', title: ([r, m]) => `ring ${r}x${m}`, args: { full: [1000, 1000], quick: [100, 100] }, beam: { module: 'ring_bench' }, rows },
  { name: 'ring_10000x100', group: 'ring', title: ([r, m]) => `ring ${r}x${m}`, args: { full: [10000, 100], quick: [1000, 10] }, beam: { module: 'ring_bench' }, rows },
];

export async function run([rArg, mArg]) {
  const R = Number(rArg);
  const M = Number(mArg);
  const { spawn, receive, send, self, run: runProcess } = await beamish();
  const fields = await runProcess(async () => {
    const main = self();
    const t0 = nowNs();
    const pids = [];
    for (let i = 0; i < R; i++) {
      pids.push(
        spawn(async () => {
          const [, next] = await receive(['next', Object]);
          for (;;) {
            const msg = await receive();
            if (msg === 'stop') return;
            const k = msg[1];
            if (k === 1) send(main, 'done');
            else send(next, ['token', k - 1]);
          }
        }),
      );
    }
    for (let i = 0; i < R; i++) send(pids[i], ['next', pids[(i + 1) % R]]);
    const t1 = nowNs();
    const msgs = R * M;
    const probe = loopProbe();
    send(pids[0], ['token', msgs]);
    await receive('done');
    const t2 = nowNs();
    const loop = probe.stop();
    for (const p of pids) send(p, 'stop');
    const passS = secs(t1, t2);
    return {
      r: R, m: M, messages: msgs,
      setup_s: secs(t0, t1),
      pass_s: passS,
      msgs_per_sec: msgs / passS,
      ns_per_msg: Number(t2 - t1) / msgs,
      ...loop,
    };
  });
  print({ bench: 'ring', ...(await implFields()), ...fields, peak_rss_mb: peakRssMb() });
}
