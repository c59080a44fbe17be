/**
 * Workload 5 (shared/bench/beam/sup_bench.erl): a one_for_one supervisor with W GenServer
 * workers, each of whose init tells the bench process it started.
 *  batch: kill all W workers (Process.exit(pid, 'kill')) in a loop, then wait until all are
 *         restarted (every init reported, then confirmed with whichChildren/countChildren).
 *  seq:   kill one worker, wait for its replacement's init, next worker.
 * The second argument is the BEAM program's: `log` keeps reports on (beamish's default: every
 * child_terminated and child_restarted report is formatted and written to stderr), `nosasl`
 * quiets them (Reports.level('none'); Elixir's Logger drops supervisor reports by default).
 * The target compares beamish with reports on against the BEAM with them off. Before the
 * measured phases, three batches and three sequences warm the JIT up (sup_start_s stays cold).
 */
import { atMost, ratioAtLeast } from '../lib/targets.mjs';
import { beamish, implFields, loopProbe, nowNs, peakRssMb, print, secs } from '../lib/common.mjs';

const rows = (judged) => [
  { metric: 'batch_restarts_per_sec', unit: 'restarts/s', target: judged ? ratioAtLeast(1) : undefined },
  { metric: 'seq_restarts_per_sec', unit: 'restarts/s', target: judged ? ratioAtLeast(1) : undefined },
  { metric: 'seq_us_per_restart', unit: 'µs' },
  { metric: 'seq_cpu_us_per_restart', unit: 'µs', beam: false },
  { metric: 'sup_start_s', unit: 's' },
  { metric: 'loop_max_block_ms', unit: 'ms', beam: false, target: judged ? atMost(20, 'ms') : undefined },
];

export const workloads = [
  {
    name: 'supervisor',
    group: 'supervisor',
    title: ([w]) => `supervisor ${w}`,
    args: { full: [1000, 'log'], quick: [200, 'log'] },
    beam: { module: 'sup_bench', args: { full: [1000, 'nosasl'], quick: [200, 'nosasl'] } },
    requires: ['Supervisor', 'GenServer'],
    rows: rows(true),
  },
  {
    name: 'supervisor_quiet',
    group: 'supervisor',
    title: ([w]) => `supervisor ${w} quiet`,
    args: { full: [1000, 'nosasl'], quick: [200, 'nosasl'] },
    beam: { module: 'sup_bench' },
    requires: ['Supervisor', 'GenServer'],
    rows: rows(false),
  },
];

const WARM_ROUNDS = 3;

export async function run([wArg, logMode]) {
  const W = Number(wArg);
  if (logMode !== 'log' && logMode !== 'nosasl') throw new Error(`supervisor: the log mode is log or nosasl, got ${logMode}`);
  const { GenServer, Supervisor, Process, Reports, receive, send, self, _, run: runProcess } = await beamish();
  if (logMode === 'nosasl') Reports.level('none');

  const Worker = {
    name: 'sup_bench',
    init([id, collector]) {
      send(collector, ['started', id, self()]);
      return ['ok', id];
    },
    handleCall: (_req, _from, s) => ['reply', 'ok', s],
    handleCast: (_msg, s) => ['noreply', s],
  };

  const fields = await runProcess(async () => {
    const me = self();
    const pids = async (sup) => (await Supervisor.whichChildren(sup)).map((c) => c[1]).filter((p) => typeof p === 'object');
    const drainStarted = async (n) => {
      for (let i = 0; i < n; i++) await receive(['started', _, _]);
    };
    const children = [];
    for (let i = 1; i <= W; i++) {
      children.push({ id: i, start: [GenServer, 'startLink', [Worker, [i, me]]], restart: 'permanent', shutdown: 'brutal_kill', type: 'worker' });
    }
    const probe = loopProbe();
    const t0 = nowNs();
    const [ok, sup] = await Supervisor.startLink(children, { strategy: 'one_for_one', maxRestarts: 10000000, maxSeconds: 1 });
    if (ok !== 'ok') throw new Error(`supervisor: start failed: ${ok}`);
    await drainStarted(W);
    const t1 = nowNs();

    // Warm up (unlike the BEAM, a JIT runs the first thousand restarts in its interpreter,
    // and optimises the code paths in turn over the next ones): three batches and three
    // sequences, unmeasured, so the figures are the steady state. With only one of each, the
    // sequence measured V8 still optimising and collecting what the batch left.
    for (let round = 0; round < WARM_ROUNDS; round++) {
      for (const p of await pids(sup)) Process.exit(p, 'kill');
      await drainStarted(W);
      for (const p of await pids(sup)) {
        Process.exit(p, 'kill');
        await receive(['started', _, _]);
      }
    }

    // ---- batch kill / restart ----
    const old = await pids(sup);
    if (old.length !== W) throw new Error(`supervisor: expected ${W} children, found ${old.length}`);
    const t2 = nowNs();
    for (const p of old) Process.exit(p, 'kill');
    const t3 = nowNs();
    await drainStarted(W);
    const t4 = nowNs();
    const oldSet = new Set(old.map(String));
    let polls = 0;
    for (;;) {
      polls++;
      const fresh = (await pids(sup)).filter((p) => !oldSet.has(String(p)));
      if (fresh.length === W) break;
    }
    const t5 = nowNs();
    if ((await Supervisor.countChildren(sup)).active !== W) throw new Error('supervisor: not every child is active after the batch');

    // ---- sequential kill / restart ----
    const old2 = await pids(sup);
    const t6 = nowNs();
    const cpu6 = process.cpuUsage();
    for (const p of old2) {
      Process.exit(p, 'kill');
      await receive(['started', _, _]);
    }
    const t7 = nowNs();
    const cpu7 = process.cpuUsage(cpu6);
    if ((await Supervisor.countChildren(sup)).active !== W) throw new Error('supervisor: not every child is active after the sequence');
    const loop = probe.stop();
    const batchS = secs(t2, t5);
    return {
      workers: W,
      log: logMode,
      sup_start_s: secs(t0, t1),
      batch_kill_loop_s: secs(t2, t3),
      batch_all_inited_s: secs(t2, t4),
      batch_all_confirmed_s: batchS,
      batch_restarts_per_sec: W / batchS,
      confirm_polls: polls,
      seq_s: secs(t6, t7),
      seq_restarts_per_sec: W / secs(t6, t7),
      seq_us_per_restart: Number(t7 - t6) / 1000 / W,
      // CPU time of this (single-threaded) program per restart: below seq_us_per_restart when
      // a restart waits on the event loop or the machine is busy with other work.
      seq_cpu_us_per_restart: (cpu7.user + cpu7.system) / W,
      ...loop,
    };
  });
  print({ bench: 'supervisor', ...(await implFields()), ...fields, peak_rss_mb: peakRssMb() });
}
