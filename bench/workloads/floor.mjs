/**
 * Floors: the ring and spawn workloads written with no runtime at all, in the design every
 * runtime of async-function processes shares (beamish's, and any other that runs the code a
 * user writes as `await receive()`): a process is an async function, waiting is awaiting a
 * pending promise of its own, a message wakes it by resolving that promise, and a message
 * is copied as it is sent (isolation). No pids, no process table, no scheduler, no self(),
 * no mailbox beyond an array: what is left is what V8 itself spends.
 *
 * They bound from above what such a runtime can reach on the Node running them, measured as
 * the beamish workloads are, and the table shows them beside beamish's figures and the
 * BEAM's. Not judged. Two choices make each a true upper bound:
 * - ring: the processes are started, and have taken their `next`, before the pass is timed
 *   (beamish starts them inside the pass, when the parent first yields); the pass yields to
 *   the event loop every SLICE_MS, as the 20 ms target asks of any runtime;
 * - spawn: processes start in slices of SLICE_MS with a turn of the event loop between,
 *   with no bound on wake-ups; `loop_max_block_ms` is the start phase's, which no scheduler
 *   can shorten: what it holds is V8's collector at work on a million live async functions.
 */
import { count, gcNow, heapUsed, loopProbe, nowNs, peakRssMb, print, secs } from '../lib/common.mjs';

/** How long code may hold the event loop before it yields, as in src/runtime/scheduler.ts. */
const SLICE_MS = 4;

const ringRows = [
  { metric: 'msgs_per_sec', unit: 'msgs/s' },
  { metric: 'loop_max_block_ms', unit: 'ms', beam: false },
];

export const workloads = [
  { name: 'floor_ring_1000x1000', group: 'ring', title: ([, r, m]) => `ring ${r}x${m} floor`, args: { full: ['ring', 1000, 1000], quick: ['ring', 100, 100] }, beam: { module: 'ring_bench', args: { full: [1000, 1000], quick: [100, 100] } }, rows: ringRows },
  { name: 'floor_ring_10000x100', group: 'ring', title: ([, r, m]) => `ring ${r}x${m} floor`, args: { full: ['ring', 10000, 100], quick: ['ring', 1000, 10] }, beam: { module: 'ring_bench', args: { full: [10000, 100], quick: [1000, 10] } }, rows: ringRows },
  {
    name: 'floor_spawn',
    group: 'spawn',
    title: ([, n]) => `spawn ${count(n)} floor`,
    args: { full: ['spawn', 1000000], quick: ['spawn', 20000] },
    nodeFlags: ['--expose-gc'],
    beam: { module: 'spawn_bench', args: { full: [1000000], quick: [20000] } },
    rows: [
      { metric: 'total_s', unit: 's' },
      { metric: 'start_s', unit: 's' },
      { metric: 'mem_bytes_per_proc', unit: 'B' },
      { metric: 'loop_max_block_ms', unit: 'ms', beam: false },
    ],
  },
];

export async function run([kind, ...args]) {
  if (kind === 'ring') return ring(Number(args[0]), Number(args[1]));
  if (kind === 'spawn') return spawnFloor(Number(args[0]));
  throw new Error(`floor: the first argument is ring or spawn, got ${kind}`);
}

/** A process's mailbox, reduced to what the design needs: queued messages and a waker. */
class Box {
  q = [];
  head = 0;
  wake = null;
}

// A message already queued is returned as it is (`await` on a plain value costs no promise);
// otherwise the process waits on a promise of its own. A moving head, not shift(): the
// parent's box holds a million 'done', and shifting a large array moves all of it.
function recv(box) {
  const q = box.q;
  if (box.head < q.length) {
    const m = q[box.head];
    q[box.head++] = undefined;
    if (box.head === q.length) {
      q.length = 0;
      box.head = 0;
    }
    return m;
  }
  return new Promise((resolve) => {
    box.wake = resolve;
  });
}

// beamish copies a message as it is sent (SPEC: message isolation); a flat array here.
function copy(m) {
  if (!Array.isArray(m)) return m;
  const out = new Array(m.length);
  for (let i = 0; i < m.length; i++) out[i] = m[i];
  return out;
}

// The ring's floor yields as any runtime must to keep the event loop turning (≤ 20 ms): once
// a slice of SLICE_MS is used up, a wake-up waits for the next turn. The spawn floor's
// sending phase does not (its figure there is only speed).
let fair = false;
let sends = 0;
let sliceStart = 0;

function send(box, m) {
  m = copy(m);
  const wake = box.wake;
  if (wake === null) box.q.push(m);
  else {
    box.wake = null;
    if (fair && (++sends & 63) === 0 && performance.now() - sliceStart > SLICE_MS) {
      setImmediate(() => {
        sliceStart = performance.now();
        wake(m);
      });
    } else wake(m);
  }
}

const turn = () => new Promise((resolve) => setImmediate(resolve));


async function ring(R, M) {
  const main = new Box();
  const boxes = [];
  for (let i = 0; i < R; i++) boxes.push(new Box());
  const body = async (me) => {
    const [, next] = await recv(me);
    for (;;) {
      const msg = await recv(me);
      if (msg === 'stop') return;
      const k = msg[1];
      if (k === 1) send(main, 'done');
      else send(next, ['token', k - 1]);
    }
  };
  const t0 = nowNs();
  for (let i = 0; i < R; i++) body(boxes[i]);
  for (let i = 0; i < R; i++) send(boxes[i], ['next', boxes[(i + 1) % R]]);
  await turn(); // every process has taken its `next` and waits: the pass holds no start
  const t1 = nowNs();
  const msgs = R * M;
  const probe = loopProbe();
  fair = true;
  sliceStart = performance.now();
  send(boxes[0], ['token', msgs]);
  await recv(main);
  const t2 = nowNs();
  const loop = probe.stop();
  for (const b of boxes) send(b, 'stop');
  const passS = secs(t1, t2);
  print({
    bench: 'ring', impl: 'floor', node: process.versions.node,
    r: R, m: M, messages: msgs,
    setup_s: secs(t0, t1), pass_s: passS, msgs_per_sec: msgs / passS, ns_per_msg: Number(t2 - t1) / msgs,
    ...loop, peak_rss_mb: peakRssMb(),
  });
}

async function spawnFloor(N) {
  const parent = new Box();
  gcNow();
  const heap0 = heapUsed();
  const t0 = nowNs();
  // Spawning: a mailbox and the process's function (the user's closure), not yet started.
  const boxes = new Array(0);
  const fns = new Array(0);
  for (let i = 0; i < N; i++) {
    const me = new Box();
    boxes.push(me);
    fns.push(async () => {
      await recv(me);
      send(parent, 'done');
    });
  }
  const t1 = nowNs();
  // Starting: each runs to its first await; its end is watched, as a runtime must.
  const ended = () => {};
  const probe = loopProbe();
  for (let i = 0; i < N; ) {
    const s = performance.now();
    do {
      fns[i]().then(ended, ended);
      fns[i] = undefined; // the runtime keeps the function in its process; here the frame does
      i++;
    } while (i < N && ((i & 31) !== 0 || performance.now() - s <= SLICE_MS));
    await turn();
  }
  const t1b = nowNs();
  const start = probe.stop();
  gcNow();
  // As in spawn.mjs: the two arrays of references are the parent's, not the processes'.
  const heap1 = heapUsed();
  const t1c = nowNs();
  for (let i = 0; i < N; i++) send(boxes[i], 'go');
  for (let i = 0; i < N; i++) await recv(parent);
  const t3 = nowNs();
  print({
    bench: 'spawn', impl: 'floor', node: process.versions.node, n: N,
    spawn_s: secs(t0, t1), start_s: secs(t1, t1b), send_and_exit_s: secs(t1c, t3),
    total_s: secs(t0, t1b) + secs(t1c, t3),
    mem_bytes_per_proc: (heap1 - heap0 - 16 * N) / N,
    loop_max_block_ms: start.loop_max_block_ms,
    loop_max_block_cpu_ms: start.loop_max_block_cpu_ms,
    peak_rss_mb: peakRssMb(),
  });
}
