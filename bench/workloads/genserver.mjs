/**
 * Workload 4 (shared/bench/beam/gs_bench.erl): one GenServer; the client does N sequential
 * calls, then C casts followed by one call (which sees all C casts counted), then that once
 * more, warm (`casts_then_call_warm_s`, beamish only).
 * `loop_max_block_ms` covers the calls and the server draining the casts; sending the casts
 * is one synchronous loop of user code, reported apart as `loop_max_block_user_ms`.
 */
import { atMost, isTrue, ratioAtLeast } from '../lib/targets.mjs';
import { beamish, count, implFields, loopProbe, nowNs, peakRssMb, print, secs } from '../lib/common.mjs';

export const workloads = [
  {
    name: 'genserver',
    group: 'genserver',
    title: ([n]) => `genserver ${count(n)}`,
    args: { full: [1000000, 100000], quick: [20000, 2000] },
    beam: { module: 'gs_bench' },
    requires: ['GenServer'],
    rows: [
      { metric: 'calls_per_sec', unit: 'calls/s', target: ratioAtLeast(2) },
      { metric: 'us_per_call', unit: 'µs' },
      { metric: 'casts_then_call_s', unit: 's' },
      { metric: 'casts_per_sec', unit: 'casts/s' },
      { metric: 'casts_then_call_warm_s', unit: 's', beam: false },
      { metric: 'ok', unit: '', target: isTrue() },
      { metric: 'loop_max_block_ms', unit: 'ms', beam: false, target: atMost(20, 'ms') },
      { metric: 'loop_max_block_user_ms', unit: 'ms', beam: false },
      { metric: 'peak_rss_mb', unit: 'MB' },
    ],
  },
];

const Bench = {
  name: 'gs_bench',
  init: () => ['ok', 0],
  handleCall: (req, _from, s) => (req === 'ping' ? ['reply', 'pong', s] : ['reply', s, s]),
  handleCast: (_msg, s) => ['noreply', s + 1],
};

export async function run([nArg, cArg]) {
  const N = Number(nArg);
  const C = Number(cArg);
  const { GenServer, run: runProcess } = await beamish();
  const fields = await runProcess(async () => {
    const [, pid] = await GenServer.startLink(Bench, []);
    const probe = loopProbe();
    const t0 = nowNs();
    for (let i = 0; i < N; i++) {
      if ((await GenServer.call(pid, 'ping')) !== 'pong') throw new Error('GenServer.call: expected pong');
    }
    const t1 = nowNs();
    const callsBlock = probe.stop();
    // Sending the casts is a tight loop of user code: it holds the event loop as any such
    // loop would, so its block is reported apart, as the spawn workload's are.
    const userProbe = loopProbe();
    for (let i = 0; i < C; i++) GenServer.cast(pid, 'inc');
    const t2 = nowNs();
    const userBlock = userProbe.stop();
    const drainProbe = loopProbe();
    const n = await GenServer.call(pid, 'get');
    const t3 = nowNs();
    const drainBlock = drainProbe.stop();
    // The same again, warm: the BEAM program makes one pass, and so is judged against the
    // first; the second shows what the first spent in V8's JIT tiers (not judged).
    const t4 = nowNs();
    for (let i = 0; i < C; i++) GenServer.cast(pid, 'inc');
    const n2 = await GenServer.call(pid, 'get');
    const t5 = nowNs();
    const callS = secs(t0, t1);
    return {
      calls: N,
      call_s: callS,
      calls_per_sec: N / callS,
      us_per_call: Number(t1 - t0) / 1000 / N,
      casts: C,
      cast_send_s: secs(t1, t2),
      casts_then_call_s: secs(t1, t3),
      casts_per_sec: C / secs(t1, t3),
      casts_then_call_warm_s: secs(t4, t5),
      ok: n === C && n2 === 2 * C,
      loop_max_block_ms: Math.max(callsBlock.loop_max_block_ms, drainBlock.loop_max_block_ms),
      loop_max_block_cpu_ms: Math.max(callsBlock.loop_max_block_cpu_ms, drainBlock.loop_max_block_cpu_ms),
      loop_max_block_user_ms: userBlock.loop_max_block_ms,
    };
  });
  print({ bench: 'genserver', ...(await implFields()), ...fields, peak_rss_mb: peakRssMb() });
}
