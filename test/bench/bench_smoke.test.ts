/**
 * Keeps the benchmark harnesses from rotting: `npm run bench -- --quick --only ring` on
 * beamish alone (no BEAM, no Node 24) must print the ring's JSON line with a sane throughput,
 * and save the same figures with --json; `npm run bench:repl -- --quick` must measure the shell.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

describe('npm run bench', () => {
  it('prints a JSON line per ring workload and its floor with messages per second, and saves them with --json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'beamish-bench-smoke-'));
    try {
      const out = join(dir, 'out.json');
      // The harness is under test, not the build: use dist/ as it is when there is one (npm
      // install builds it), so a slow tsc on a busy machine cannot time the test out.
      const build = existsSync(join(root, 'dist', 'src', 'index.js')) ? ['--no-build'] : [];
      const r = spawnSync(process.execPath, ['bench/run.mjs', '--quick', '--only', 'ring', '--no-beam', '--no-node24', ...build, '--json', out], {
        cwd: root,
        encoding: 'utf8',
        timeout: 18_000,
      });
      expect(r.status, r.stderr).toBe(0);
      const lines = r.stdout.split('\n').filter((l) => l.startsWith('{"bench"')).map((l) => JSON.parse(l));
      expect(lines.map((l) => [l.bench, l.impl, l.r, l.m])).toEqual([
        ['ring', 'beamish', 100, 100],
        ['ring', 'beamish', 1000, 10],
        // The same rings with no runtime (floor.mjs): what V8 itself spends.
        ['ring', 'floor', 100, 100],
        ['ring', 'floor', 1000, 10],
      ]);
      for (const l of lines) {
        expect(l.messages).toBe(l.r * l.m);
        expect(l.msgs_per_sec).toBeGreaterThan(0);
        expect(l.msgs_per_sec).toBeLessThan(1e9);
        expect(l.loop_max_block_ms).toBeGreaterThanOrEqual(0);
      }
      expect(r.stdout).toMatch(/ring 100x100\s+msgs_per_sec/);
      expect(r.stdout).toMatch(/ring 100x100 floor\s+msgs_per_sec/);
      const saved = JSON.parse(readFileSync(out, 'utf8'));
      expect(saved.results.ring_1000x1000.node.msgs_per_sec).toBe(lines[0].msgs_per_sec);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 20_000);

  it('runs a BEAM program with the same arguments once per invocation: a ring and its floor share it', () => {
    // A stand-in for erl and erlc, which counts the BEAM programs it is asked to run.
    const dir = mkdtempSync(join(tmpdir(), 'beamish-bench-fake-erl-'));
    try {
      const bin = join(dir, 'bin');
      const programs = join(dir, 'beam');
      const calls = join(dir, 'calls');
      mkdirSync(bin);
      mkdirSync(programs);
      writeFileSync(join(programs, 'ring_bench.erl'), '');
      writeFileSync(join(bin, 'erlc'), '#!/bin/sh\nexit 0\n');
      writeFileSync(
        join(bin, 'erl'),
        [
          '#!/bin/sh',
          'case "$*" in *-eval*) printf 27; exit 0;; esac',
          `echo "$*" >> ${calls}`,
          'echo \'{"bench":"ring","impl":"erl","msgs_per_sec":1000000}\'',
        ].join('\n') + '\n',
      );
      chmodSync(join(bin, 'erlc'), 0o755);
      chmodSync(join(bin, 'erl'), 0o755);
      const build = existsSync(join(root, 'dist', 'src', 'index.js')) ? ['--no-build'] : [];
      const r = spawnSync(process.execPath, ['bench/run.mjs', '--quick', '--only', 'ring', '--no-node24', ...build], {
        cwd: root,
        encoding: 'utf8',
        timeout: 18_000,
        env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, BEAMISH_BEAM_DIR: programs },
      });
      expect(r.status, r.stderr).toBe(0);
      const ran = readFileSync(calls, 'utf8').trim().split('\n').map((l) => l.split(' ').slice(-3).join(' '));
      expect(ran).toEqual(['main 100 100', 'main 1000 10']);
      // The floor's row has the BEAM figure its workload had.
      expect(r.stdout).toMatch(/ring 100x100 floor\s+msgs_per_sec\s+\S+ \S+\s+1\.00 Mmsgs\/s/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 20_000);

  it('measures the spawn floor: a million async functions with no runtime, started in slices', () => {
    const build = existsSync(join(root, 'dist', 'src', 'index.js')) ? ['--no-build'] : [];
    const r = spawnSync(process.execPath, ['bench/run.mjs', '--quick', '--only', 'floor_spawn', '--no-beam', '--no-node24', ...build], {
      cwd: root,
      encoding: 'utf8',
      timeout: 18_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const [line] = r.stdout.split('\n').filter((l) => l.startsWith('{"bench"')).map((l) => JSON.parse(l));
    expect([line.bench, line.impl, line.n]).toEqual(['spawn', 'floor', 20000]);
    expect(line.start_s).toBeGreaterThan(0);
    expect(line.total_s).toBeGreaterThan(line.start_s);
    // An idle async function waiting on its own promise is hundreds of bytes, not a few.
    expect(line.mem_bytes_per_proc).toBeGreaterThan(200);
    expect(line.loop_max_block_ms).toBeGreaterThanOrEqual(0);
    expect(r.stdout).toMatch(/spawn 20k floor\s+total_s/);
  }, 20_000);

  it('bench:repl --quick measures beamish, key echo under a spawning load included, as JSON', () => {
    const r = spawnSync(process.execPath, ['bench/repl.mjs', '--quick', '--only', 'beamish', '--json'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const [row] = (JSON.parse(r.stdout) as { results: Record<string, any>[] }).results;
    expect(row.error).toBeUndefined();
    expect(row.shell).toBe('beamish');
    expect(row.lineMs).toBeGreaterThan(0);
    // The run itself checks that the processes were all alive afterwards.
    expect(row.keysUnderLoad.processes).toBe(100_000);
    for (const phase of [row.keysUnderLoad.load, row.keysUnderLoad.rest]) {
      expect(phase.keys).toBeGreaterThan(10);
      expect(phase.maxMs).toBeGreaterThanOrEqual(phase.p99Ms);
    }
  }, 70_000);
});
