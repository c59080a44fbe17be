/**
 * Workload 1 (shared/bench/beam/spawn_bench.erl): spawn N processes that each wait for one
 * message, then send each a message and wait for all to exit (each child sends 'done' to the
 * parent just before returning). Then the warm lifecycle: 100 batches of 10,000.
 *
 * beamish differs in one step: a spawned process starts when its parent yields (the BEAM may
 * start it at once on another scheduler). So the memory of idle processes is measured after
 * the parent has yielded until every child waits in its receive (`start_s`, inside total_s).
 * The spawning and sending loops are user code holding the event loop (as any tight loop
 * would): their worst block is reported apart (`loop_max_block_user_ms`) from the runtime's
 * while the children start, run and exit (`loop_max_block_ms`; start and exit apart too).
 */
import { atMost, ratioAtMost } from '../lib/targets.mjs';
import { count, beamish, beamishInternal, gcNow, heapUsed, implFields, loopProbe, nowNs, peakRssMb, print, rssMb, secs } from '../lib/common.mjs';

export const workloads = [
  {
    name: 'spawn',
    group: 'spawn',
    title: ([n]) => `spawn ${count(n)}`,
    args: { full: [1000000], quick: [20000] },
    nodeFlags: ['--expose-gc'],
    beam: { module: 'spawn_bench' },
    rows: [
      { metric: 'total_s', unit: 's', target: ratioAtMost(0.5) },
      { metric: 'spawn_us_per_proc', unit: 'µs' },
      { metric: 'mem_bytes_per_proc', unit: 'B', target: atMost(1000, 'B') },
      { metric: 'warm_lifecycle_us_per_proc', unit: 'µs' },
      { metric: 'loop_max_block_ms', unit: 'ms', beam: false, target: atMost(20, 'ms') },
      // Beside the floor's (floor.mjs): the start phase alone, its time and its worst block.
      { metric: 'start_s', unit: 's', beam: false },
      { metric: 'loop_max_block_start_ms', unit: 'ms', beam: false },
      { metric: 'loop_max_block_user_ms', unit: 'ms', beam: false },
      { metric: 'peak_rss_mb', unit: 'MB' },
    ],
  },
  {
    // The same, with V8's first old-generation limit at 2 GB: no incremental marking while the
    // million grow the heap, which is what makes the start phase's scavenges long (see
    // bench/README, session 6). A start-up flag (refused in NODE_OPTIONS): shown, not judged,
    // as it costs memory elsewhere (a program churning its old generation grows to the limit
    // before its first full GC).
    name: 'spawn_heap',
    group: 'spawn',
    title: ([n]) => `spawn ${count(n)} initial-old-space 2G`,
    args: { full: [1000000], quick: [20000] },
    nodeFlags: ['--expose-gc', '--initial-old-space-size=2048'],
    beam: { module: 'spawn_bench' },
    rows: [
      { metric: 'total_s', unit: 's' },
      { metric: 'loop_max_block_ms', unit: 'ms', beam: false },
      { metric: 'peak_rss_mb', unit: 'MB' },
    ],
  },
];

export async function run([nArg]) {
  const N = Number(nArg);
  const { spawn, receive, send, self, run: runProcess, Process } = await beamish();
  const { runQueueLength } = await beamishInternal();

  function spawnN(n, parent, acc) {
    for (let i = 0; i < n; i++) {
      acc.push(
        spawn(async () => {
          await receive('go');
          send(parent, 'done');
        }),
      );
    }
    return acc;
  }
  function sendAll(pids) {
    for (let i = 0; i < pids.length; i++) send(pids[i], 'go');
  }
  async function waitN(n) {
    for (let i = 0; i < n; i++) await receive('done');
  }
  async function allWaiting() {
    while (runQueueLength() > 0) await Process.sleep(0);
  }

  const fields = await runProcess(async () => {
    const parent = self();
    gcNow();
    const heap0 = heapUsed();
    const userProbe = loopProbe();
    const t0 = nowNs();
    const pids = spawnN(N, parent, new Array(0));
    const t1 = nowNs();
    const userBlockSpawn = userProbe.stop();
    const startProbe = loopProbe();
    await allWaiting();
    const t1b = nowNs();
    const startBlock = startProbe.stop();
    gcNow();
    // The parent's own growth (the array of pids) is not the children's memory: an array of
    // N references costs 8 bytes each (the Pid objects themselves belong to the processes).
    const pidsArrayBytes = 8 * pids.length;
    const heap1 = heapUsed();
    const rssFull = rssMb();
    const userProbe2 = loopProbe();
    const t1c = nowNs();
    sendAll(pids);
    const t2 = nowNs();
    const userBlockSend = userProbe2.stop();
    const probe = loopProbe();
    await waitN(N);
    const t3 = nowNs();
    const loop = probe.stop();
    const hwm = peakRssMb();
    pids.length = 0;

    const batches = 100;
    const batchN = 10000;
    const w0 = nowNs();
    for (let b = 0; b < batches; b++) {
      sendAll(spawnN(batchN, parent, []));
      await waitN(batchN);
    }
    const w1 = nowNs();
    return {
      n: N,
      spawn_us_per_proc: Number(t1 - t0) / 1000 / N,
      spawn_s: secs(t0, t1),
      start_s: secs(t1, t1b),
      send_s: secs(t1c, t2),
      exit_wait_s: secs(t2, t3),
      // The gc and heap readings between start and send are the bench's, not the workload's.
      total_s: secs(t0, t1b) + secs(t1c, t3),
      mem_bytes_per_proc: (heap1 - heap0 - pidsArrayBytes) / N,
      mem_bytes_per_proc_raw: (heap1 - heap0) / N,
      rss_mb_with_all_alive: rssFull,
      peak_rss_mb: hwm,
      warm_lifecycle_us_per_proc: Number(w1 - w0) / 1000 / (batches * batchN),
      // The runtime runs on its own while the processes start and while they exit.
      loop_max_block_ms: Math.max(startBlock.loop_max_block_ms, loop.loop_max_block_ms),
      loop_max_block_cpu_ms: Math.max(startBlock.loop_max_block_cpu_ms, loop.loop_max_block_cpu_ms),
      loop_max_block_start_ms: startBlock.loop_max_block_ms,
      loop_max_block_exit_ms: loop.loop_max_block_ms,
      loop_max_block_user_ms: Math.max(userBlockSpawn.loop_max_block_ms, userBlockSend.loop_max_block_ms),
    };
  });
  print({ bench: 'spawn', ...(await implFields()), ...fields });
}
