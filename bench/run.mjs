#!/usr/bin/env node
/**
 * `npm run bench`: the workloads of shared/bench/beam on beamish (this Node, and Node 24 when
 * one is found) and, when `erl` is installed, on the BEAM in the same invocation; then a
 * table of figures, ratios and targets. See bench/README.md.
 *
 * Every workload runs in a child process of its own (a fresh heap) and prints one JSON line,
 * as the BEAM programs do. Workloads are the `workloads` exported by bench/workloads/*.mjs.
 */
import { spawn } from 'node:child_process';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { beamish, repoRoot } from './lib/common.mjs';
import { beamCommand, compileBeam, ensureBuild, findNode24 } from './lib/env.mjs';
import { buildRows, renderTable } from './lib/table.mjs';

const USAGE = `usage: npm run bench -- [options]
  --quick            small sizes, a smoke test (well under 30 s)
  --only a,b         workloads by name or group (ring, ring_1000x1000, skynet, spawn, ...)
  --runs N           run each workload N times and report the median (default 1)
  --json FILE        save every result and the table as JSON
  --no-beam          skip the BEAM even when erl is installed
  --no-node24        skip Node 24 even when one is found
  --no-build         use dist/ as it is (default: rebuild it when src/ is newer)
  --cpu-prof DIR     write a V8 CPU profile of every beamish child into DIR
  --list             list the workloads and exit
env: BEAMISH_NODE24 (a Node 24 binary), BEAMISH_BEAM_DIR (shared/bench/beam)`;

const { values: opts } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    runs: { type: 'string', default: '1' },
    json: { type: 'string' },
    'no-beam': { type: 'boolean', default: false },
    'no-node24': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    list: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (opts.help) {
  console.log(USAGE);
  process.exit(0);
}
const runs = Number(opts.runs);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`bench: --runs takes a whole number >= 1, got ${opts.runs}\n${USAGE}`);
  process.exit(2);
}
const size = opts.quick ? 'quick' : 'full';
const log = (msg) => process.stderr.write(`bench: ${msg}\n`);

async function loadWorkloads() {
  const dir = join(repoRoot, 'bench', 'workloads');
  const all = [];
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.mjs')).sort(byOrder)) {
    const file = join(dir, f);
    const mod = await import(pathToFileURL(file).href);
    for (const w of mod.workloads ?? []) all.push({ ...w, file });
  }
  return all;
}

// The issues' order first; any workload added later comes after, alphabetically.
const ORDER = ['spawn', 'ring', 'skynet', 'selective', 'genserver', 'supervisor'];
function byOrder(a, b) {
  const rank = (f) => {
    const i = ORDER.indexOf(f.replace(/\.mjs$/, ''));
    return i === -1 ? ORDER.length : i;
  };
  return rank(a) - rank(b) || a.localeCompare(b);
}

function selected(workloads) {
  if (opts.only === undefined) return workloads;
  const wanted = opts.only.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = wanted.filter((n) => !workloads.some((w) => w.name === n || w.group === n));
  if (unknown.length > 0) {
    console.error(`bench: no workload named ${unknown.join(', ')}; there are: ${workloads.map((w) => w.name).join(', ')}`);
    process.exit(2);
  }
  return workloads.filter((w) => wanted.includes(w.name) || wanted.includes(w.group));
}

/** Runs a command; resolves with its last line that is a JSON object, or rejects. */
function runChild(cmd, args, timeoutMs) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = out.split('\n').reverse().find((l) => l.startsWith('{"bench"'));
      if (code === 0 && line !== undefined) resolve(JSON.parse(line));
      else {
        const why = signal === 'SIGKILL' ? `timed out after ${timeoutMs / 1000} s` : `exited with ${code ?? signal}`;
        reject(new Error(`${cmd} ${args.join(' ')} ${why}\n${(err || out).trim().split('\n').slice(-15).join('\n')}`));
      }
    });
  });
}

// The BEAM prints atoms as strings: "true"/"false" are booleans here.
function normalize(result) {
  for (const [k, v] of Object.entries(result)) if (v === 'true' || v === 'false') result[k] = v === 'true';
  return result;
}

function median(results) {
  if (results.length === 1) return results[0];
  const out = {};
  for (const k of Object.keys(results[0])) {
    const vs = results.map((r) => r[k]);
    if (vs.every((v) => typeof v === 'number')) {
      const s = [...vs].sort((a, b) => a - b);
      const mid = s.length >> 1;
      out[k] = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
    } else if (vs.every((v) => typeof v === 'boolean')) out[k] = vs.every(Boolean);
    else out[k] = vs[0];
  }
  return out;
}

async function main() {
  if (!opts['no-build']) ensureBuild(log);
  const api = await beamish();
  const workloads = await loadWorkloads();
  if (opts.list) {
    for (const w of workloads) console.log(`${w.name.padEnd(20)} group ${w.group.padEnd(12)} ${w.args.full.join(' ')} (quick: ${w.args.quick.join(' ')})`);
    return 0;
  }
  const chosen = selected(workloads).filter((w) => {
    const missing = (w.requires ?? []).filter((name) => !(name in api));
    if (missing.length > 0) log(`skipping ${w.name}: src/ does not export ${missing.join(', ')} yet`);
    return missing.length === 0;
  });

  const major = (v) => Number(v.split('.')[0]);
  const impls = [{ key: 'node', bin: process.execPath, version: process.versions.node }];
  const node24 = opts['no-node24'] ? undefined : findNode24();
  if (node24 !== undefined && node24.bin !== process.execPath && major(node24.version) !== major(process.versions.node)) {
    impls.push({ key: 'node24', bin: node24.bin, version: node24.version });
  }
  for (const i of impls) {
    i.nodeMajor = major(i.version);
    i.label = `Node ${i.version}`;
    i.short = `N${i.nodeMajor}`;
  }
  const beam = opts['no-beam'] ? { missing: '--no-beam' } : compileBeam();
  if (beam.missing) log(`no BEAM column: ${beam.missing}`);
  const timeoutMs = (opts.quick ? 60 : 600) * 1000;

  log(`${chosen.length} workload(s), ${size} sizes, ${runs} run(s) each, on ${impls.map((i) => i.label).join(', ')}${beam.ebin ? `, BEAM OTP ${beam.otp}` : ''}; ${os.cpus().length} cores`);
  const results = {};
  const raw = {};
  const beamSeen = new Map();
  let failures = 0;
  for (const w of chosen) {
    if (typeof w.title === 'function') w.title = w.title(w.args[size]);
    results[w.name] = {};
    raw[w.name] = {};
    const args = w.args[size];
    const targets = impls.map((i) => ({
      key: i.key,
      what: i.label,
      cmd: i.bin,
      args: [
        ...(w.nodeFlags ?? []),
        ...(opts['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', opts['cpu-prof'], '--cpu-prof-name', `${w.name}-node${i.nodeMajor}-${Date.now()}.cpuprofile`] : []),
        join(repoRoot, 'bench', 'lib', 'child.mjs'),
        w.file,
        ...args.map(String),
      ],
    }));
    if (beam.ebin && w.beam) {
      const [cmd, args2] = beamCommand(beam.ebin, w.beam.module, w.beam.args?.[size] ?? args);
      targets.push({ key: 'beam', what: 'BEAM', cmd, args: args2, once: `${w.beam.module} ${args2.join(' ')}` });
    }
    for (const t of targets) {
      // A BEAM program with the same arguments runs once per invocation (spawn, spawn_heap and
      // the floors share theirs): the same figure, and ratios against one reference.
      const seen = t.once === undefined ? undefined : beamSeen.get(t.once);
      if (seen !== undefined) {
        results[w.name][t.key] = seen.median;
        raw[w.name][t.key] = seen.got;
        continue;
      }
      const got = [];
      for (let k = 0; k < runs; k++) {
        const t0 = performance.now();
        try {
          const r = normalize(await runChild(t.cmd, t.args, timeoutMs));
          got.push(r);
          console.log(JSON.stringify(r));
          log(`${w.name} on ${t.what}${runs > 1 ? ` (run ${k + 1}/${runs})` : ''}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
        } catch (err) {
          failures++;
          log(`${w.name} on ${t.what} FAILED: ${err.message}`);
        }
      }
      if (got.length > 0) {
        results[w.name][t.key] = median(got);
        raw[w.name][t.key] = got;
        if (t.once !== undefined) beamSeen.set(t.once, { median: results[w.name][t.key], got });
      }
    }
  }
  if (beam.ebin) rmSync(beam.ebin, { recursive: true, force: true });

  const haveBeam = beam.ebin !== undefined;
  const rows = buildRows(chosen, results, impls, haveBeam);
  console.log('');
  console.log(renderTable(rows, impls, haveBeam));
  const tally = impls.map((i) => {
    const verdicts = rows.map((r) => r.pass[i.key]);
    const missed = rows.filter((r) => r.pass[i.key] === false).map((r) => `${r.workload} ${r.metric}`);
    return `${i.label}: ${verdicts.filter((p) => p === true).length} target(s) met, ${missed.length} missed${missed.length ? ` (${missed.join('; ')})` : ''}`;
  });
  console.log(`\n${tally.join('\n')}${failures ? `\n${failures} run(s) failed` : ''}`);
  console.log(`${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(2)}; ${runs > 1 ? `median of ${runs} runs` : '1 run'}. Machines are noisy: compare within one run, as ratios.`);

  if (opts.json) {
    const doc = {
      date: new Date().toISOString(),
      argv: process.argv.slice(2),
      size,
      runs,
      machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model, loadavg: os.loadavg() },
      impls: impls.map(({ key, label, version, bin }) => ({ key, label, version, bin })),
      beam: beam.ebin ? { otp: beam.otp } : { missing: beam.missing },
      results,
      runs_raw: raw,
      table: rows,
    };
    writeFileSync(opts.json, JSON.stringify(doc, null, 2) + '\n');
    log(`results saved to ${opts.json}`);
  }
  return failures > 0 ? 1 : 0;
}

process.exitCode = await main();
