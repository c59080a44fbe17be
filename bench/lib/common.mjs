/**
 * What every workload shares: the compiled runtime, clocks, memory figures, the event-loop
 * probe and the one-line JSON output (the same shape as shared/bench/beam/bu.erl prints).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// BEAMISH_BENCH_DIST points a workload at another build (an A/B of a runtime change).
const dist = process.env.BEAMISH_BENCH_DIST ?? join(repoRoot, 'dist');
export const distEntry = join(dist, 'src', 'index.js');
const distInternal = join(dist, 'src', 'runtime', 'internal.js');

/** The public API of beamish, as a user imports it (the compiled build in dist/). */
export function beamish() {
  return import(pathToFileURL(distEntry).href);
}

/** The runtime's internal surface (run-queue length and the like), for measuring only. */
export function beamishInternal() {
  return import(pathToFileURL(distInternal).href);
}

/** 1000000 → '1M', 10000 → '10k': sizes in workload titles. */
export function count(n) {
  n = Number(n);
  if (n >= 1e6 && n % 1e6 === 0) return `${n / 1e6}M`;
  if (n >= 1e3 && n % 1e3 === 0) return `${n / 1e3}k`;
  return String(n);
}

export const nowNs = () => process.hrtime.bigint();
/** Seconds between two nowNs() readings. */
export const secs = (t0, t1) => Number(t1 - t0) / 1e9;

function statusKb(field) {
  const m = new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) : NaN;
}
export const rssMb = () => statusKb('VmRSS') / 1024;
export const peakRssMb = () => statusKb('VmHWM') / 1024;

/** A full collection (the child runs with --expose-gc), so heap figures count live data only. */
export function gcNow() {
  if (typeof globalThis.gc !== 'function') throw new Error('bench: run this workload with node --expose-gc');
  globalThis.gc();
  globalThis.gc();
}

export function heapUsed() {
  return process.memoryUsage().heapUsed;
}

// Taken before the runtime loads and wraps the timer functions: the probe belongs to no process.
const rawSetInterval = globalThis.setInterval;
const rawClearInterval = globalThis.clearInterval;

/**
 * Measures how long the event loop was held at a time: a 1 ms interval notes the widest gap
 * between its ticks. `stop()` gives `loop_max_block_ms`, the worst gap less the interval
 * itself (wall time: what a user at the prompt would feel), and `loop_max_block_cpu_ms`, the
 * CPU time this process used in its worst gap (capped by the gap). On a machine shared with
 * other work the wall figure includes time the OS gave to others; the CPU figure does not.
 */
export function loopProbe() {
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  let maxWall = 0;
  let maxCpu = 0;
  const tick = () => {
    const now = performance.now();
    const cpu = process.cpuUsage(lastCpu);
    const gap = now - last;
    if (gap > maxWall) maxWall = gap;
    const busy = Math.min(gap, (cpu.user + cpu.system) / 1000);
    if (busy > maxCpu) maxCpu = busy;
    last = now;
    lastCpu = process.cpuUsage();
  };
  const t = rawSetInterval(tick, 1);
  return {
    stop() {
      tick();
      rawClearInterval(t);
      return { loop_max_block_ms: Math.max(0, maxWall - 1), loop_max_block_cpu_ms: Math.max(0, maxCpu - 1) };
    },
  };
}

/** Prints the workload's one JSON line: `{"bench":..., "impl":"beamish", ...}`. */
export function print(fields) {
  const out = {};
  for (const [k, v] of Object.entries(fields)) out[k] = typeof v === 'number' && !Number.isInteger(v) ? Number(v.toFixed(4)) : v;
  process.stdout.write(JSON.stringify(out) + '\n');
}

/** Fields every beamish result carries: which Node, and how self() is tracked. */
export async function implFields() {
  const { contextMode } = await beamish();
  return { impl: 'beamish', node: process.versions.node, context_mode: contextMode };
}
