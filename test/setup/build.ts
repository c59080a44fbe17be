/**
 * vitest globalSetup: the shell's transcript and CLI tests drive the real binary
 * (dist/bin/beamish.js), so dist is built once before any test runs, with the docs h()
 * shows. Type errors do not stop the build (tsc still emits, exit status 2): the typecheck
 * step reports them; here only a build that emitted nothing fails. A dist newer than every
 * source is kept (the build takes seconds, and rewriting dist under running tests is a race).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function fresh(root: string): boolean {
  const built = [path.join(root, 'dist', 'bin', 'beamish.js'), path.join(root, 'dist', 'docs.json')];
  if (!built.every((f) => existsSync(f))) return false;
  const builtAt = Math.min(...built.map((f) => statSync(f).mtimeMs));
  const sources = Math.max(newest(path.join(root, 'src')), newest(path.join(root, 'bin')), statSync(path.join(root, 'scripts', 'docs.mjs')).mtimeMs);
  return builtAt > sources;
}

export default function setup(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  if (fresh(root)) return;
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 2) throw new Error(`building dist failed:\n${r.stdout}${r.stderr}`);
  if (r.status === 2) process.stderr.write(`(dist built with type errors:)\n${r.stdout}`);
  execFileSync(process.execPath, ['scripts/docs.mjs', 'dist/docs.json'], { cwd: root, stdio: 'ignore' });
}
