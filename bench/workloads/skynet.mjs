/**
 * Workload 3 (shared/bench/beam/skynet.erl): 1,000,000 leaf processes in a 10-ary tree;
 * each leaf sends its number, parents sum. Expected sum: size*(size-1)/2.
 */
import { atMost, isTrue, ratioAtMost } from '../lib/targets.mjs';
import { count, beamish, implFields, loopProbe, nowNs, peakRssMb, print, secs } from '../lib/common.mjs';

export const workloads = [
  {
    name: 'skynet',
    group: 'skynet',
    title: ([n]) => `skynet ${count(n)}`,
    args: { full: [1000000, 10], quick: [10000, 10] },
    beam: { module: 'skynet' },
    rows: [
      { metric: 'seconds', unit: 's', target: ratioAtMost(0.5) },
      { metric: 'ok', unit: '', target: isTrue() },
      { metric: 'loop_max_block_ms', unit: 'ms', beam: false, target: atMost(20, 'ms') },
      { metric: 'loop_max_block_cpu_ms', unit: 'ms', beam: false },
      { metric: 'peak_rss_mb', unit: 'MB' },
    ],
  },
];

export async function run([sizeArg, divArg]) {
  const size = Number(sizeArg);
  const div = Number(divArg);
  const { spawn, receive, send, self, run: runProcess } = await beamish();

  async function skynet(parent, num, sz) {
    if (sz === 1) {
      send(parent, num);
      return;
    }
    const newSize = sz / div;
    const me = self();
    for (let i = div - 1; i >= 0; i--) {
      const subNum = num + i * newSize;
      spawn(() => skynet(me, subNum, newSize));
    }
    let acc = 0;
    for (let n = div; n > 0; n--) acc += await receive();
    send(parent, acc);
  }

  const fields = await runProcess(async () => {
    const me = self();
    const probe = loopProbe();
    const t0 = nowNs();
    spawn(() => skynet(me, 0, size));
    const sum = await receive();
    const t1 = nowNs();
    return { size, sum, ok: sum === (size * (size - 1)) / 2, seconds: secs(t0, t1), ...probe.stop() };
  });
  print({ bench: 'skynet', ...(await implFields()), ...fields, peak_rss_mb: peakRssMb() });
}
