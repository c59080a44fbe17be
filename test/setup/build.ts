/**
 * vitest globalSetup: the shell's transcript and CLI tests drive the real binary
 * (dist/bin/beamish.js), so dist is built once before any test runs, with the docs h()
 * shows.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, ['scripts/docs.mjs', 'dist/docs.json'], { cwd: root, stdio: 'ignore' });
}
