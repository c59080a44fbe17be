import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The build before the tests (test/setup/build.ts) emits even with type errors, so that one
// half-finished file does not stop every test; this test is where type errors fail the run.
describe('the project', () => {
  it('typechecks in strict mode (tsc --noEmit over src, bin, test, bench)', () => {
    const root = path.resolve(__dirname, '..');
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json', '--noEmit'], { cwd: root, encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 120_000);
});
