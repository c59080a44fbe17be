#!/usr/bin/env node
/**
 * Where the time goes in a V8 CPU profile (from `npm run bench -- --cpu-prof DIR`):
 * self time by function, and total (inclusive) time of the runtime's own functions.
 *
 *   node bench/profile.mjs DIR/skynet-node20-….cpuprofile [top=25]
 */
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/profile.mjs FILE.cpuprofile [top]');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const prof = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

// Time per sample: the gaps between timestamps.
const selfUs = new Map();
for (let i = 0; i < prof.samples.length; i++) {
  const dt = prof.timeDeltas[i + 1] ?? 0;
  selfUs.set(prof.samples[i], (selfUs.get(prof.samples[i]) ?? 0) + dt);
}
const name = (n) => {
  const f = n.callFrame;
  const where = f.url ? `${f.url.replace(/^.*\/(dist|bench|node:)/, '$1')}:${f.lineNumber + 1}` : '';
  return `${f.functionName || '(anonymous)'} ${where}`.trim();
};
let total = 0;
const selfBy = new Map();
const inclBy = new Map();
for (const [id, us] of selfUs) {
  total += us;
  const n = byId.get(id);
  const k = name(n);
  selfBy.set(k, (selfBy.get(k) ?? 0) + us);
  // Inclusive: every distinct function on the stack gets the sample once.
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const kk = name(byId.get(cur));
    if (!seen.has(kk)) {
      seen.add(kk);
      inclBy.set(kk, (inclBy.get(kk) ?? 0) + us);
    }
  }
}
const pct = (us) => `${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms`;
console.log(`${file}: ${(total / 1000).toFixed(0)} ms sampled\n\nself time:`);
for (const [k, us] of [...selfBy].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(us)}  ${k}`);
console.log('\ninclusive time (functions of dist/ and bench/):');
for (const [k, us] of [...inclBy].filter(([k]) => /dist|bench/.test(k)).sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(us)}  ${k}`);
