/**
 * Workload 6 (shared/bench/beam/sel_bench.erl): mailbox selective receive.
 *  A: J non-matching messages in the mailbox, then 1 matching one; time the selective receive
 *     (single shot, and averaged over K repeats with the junk still queued).
 *  B: request/reply to an echo server with the junk still queued: a fresh-ref receive
 *     (the BEAM's receive marker skips the old messages), a naive atom-tagged reply (must scan
 *     the whole queue each time), GenServer.call when src/otp has it; and each with an empty
 *     mailbox as the baseline.
 */
import { atMost, atMostTimes } from '../lib/targets.mjs';
import { count, beamish, implFields, loopProbe, nowNs, print, secs } from '../lib/common.mjs';

export const workloads = [
  {
    name: 'selective',
    group: 'selective',
    title: ([j]) => `selective ${count(j)}`,
    args: { full: [10000, 1000, 10000], quick: [10000, 100, 1000] },
    beam: { module: 'sel_bench' },
    rows: [
      { metric: 'single_match_recv_us', unit: 'µs' },
      { metric: 'avg_match_recv_us_over_junk', unit: 'µs' },
      { metric: 'ref_rt_us_empty', unit: 'µs' },
      { metric: 'ref_rt_us_junk', unit: 'µs' },
      { metric: 'naive_rt_us_empty', unit: 'µs' },
      { metric: 'naive_rt_us_junk', unit: 'µs' },
      { metric: 'gen_call_us_empty', unit: 'µs' },
      { metric: 'gen_call_us_junk', unit: 'µs', target: atMostTimes(2, 'gen_call_us_empty') },
      { metric: 'loop_max_block_ms', unit: 'ms', beam: false, target: atMost(20, 'ms') },
      { metric: 'loop_max_block_cpu_ms', unit: 'ms', beam: false },
    ],
  },
];

export async function run([jArg, kArg, rtArg]) {
  const J = Number(jArg);
  const K = Number(kArg);
  const Rt = Number(rtArg);
  const api = await beamish();
  const { spawnLink, receive, send, self, makeRef, Process, run: runProcess } = api;
  const GenServer = api.GenServer;

  const fields = await runProcess(async () => {
    const probe = loopProbe();
    const echo = spawnLink(async () => {
      for (;;) {
        const m = await receive();
        if (m.length === 3) send(m[0], [m[1], 'pong']);
        else send(m[0], 'pong');
      }
    });
    let gs;
    if (GenServer !== undefined) {
      const started = await GenServer.startLink({
        init: () => ['ok', []],
        handleCall: (req, _from, state) => ['reply', 'pong', state],
      }, []);
      gs = started[1];
    }

    // µs per round trip
    async function rtRef(n) {
      const t0 = nowNs();
      for (let i = 0; i < n; i++) {
        const ref = makeRef();
        send(echo, [self(), ref, 'ping']);
        await receive([ref, 'pong']);
      }
      return Number(nowNs() - t0) / 1000 / n;
    }
    async function rtNaive(n) {
      const t0 = nowNs();
      for (let i = 0; i < n; i++) {
        send(echo, [self(), 'ping']);
        await receive('pong');
      }
      return Number(nowNs() - t0) / 1000 / n;
    }
    async function rtGs(n) {
      if (gs === undefined) return undefined;
      const t0 = nowNs();
      for (let i = 0; i < n; i++) {
        if ((await GenServer.call(gs, 'ping')) !== 'pong') throw new Error('GenServer.call: unexpected reply');
      }
      return Number(nowNs() - t0) / 1000 / n;
    }

    // Warm up first (unlike the BEAM, a JIT's first thousands of round trips are slower), so
    // the empty-mailbox figures are baselines and not compile time.
    await rtRef(Rt);
    await rtNaive(Rt);
    await rtGs(Rt);
    // empty-mailbox baselines
    const refEmpty = await rtRef(Rt);
    const naiveEmpty = await rtNaive(Rt);
    const gsEmpty = await rtGs(Rt);

    // A: fill the mailbox with junk
    const me = self();
    const ta0 = nowNs();
    for (let n = J; n > 0; n--) send(me, ['junk', n]);
    const ta1 = nowNs();
    send(me, ['match', 0]);
    const ta2 = nowNs();
    await receive(['match', 0]);
    const ta3 = nowNs();
    const tr0 = nowNs();
    for (let n = K; n > 0; n--) {
      send(me, ['match', n]);
      await receive(['match', n]);
    }
    const tr1 = nowNs();
    const ql = Process.info(me).messageQueueLen;
    if (ql !== J) throw new Error(`selective: expected ${J} junk messages still queued, found ${ql}`);

    // B: with the junk still queued
    const refJunk = await rtRef(Rt);
    const naiveJunk = await rtNaive(Rt);
    const gsJunk = await rtGs(Rt);
    return {
      junk: J,
      fill_s: secs(ta0, ta1),
      single_match_recv_us: Number(ta3 - ta2) / 1000,
      repeat_k: K,
      avg_match_recv_us_over_junk: Number(tr1 - tr0) / 1000 / K,
      roundtrips: Rt,
      ref_rt_us_empty: refEmpty,
      ref_rt_us_junk: refJunk,
      naive_rt_us_empty: naiveEmpty,
      naive_rt_us_junk: naiveJunk,
      ...(gsEmpty === undefined ? {} : { gen_call_us_empty: gsEmpty, gen_call_us_junk: gsJunk }),
      ...probe.stop(),
    };
  });
  print({ bench: 'selective_receive', ...(await implFields()), ...fields });
}
