/** Loading a learner's TypeScript file into the running runtime (loader.ts). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Process, run, self } from '../../src/index.js';
import { loadModule } from '../../src/repl/tutorial/loader.js';

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'beamish-loader-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('loadModule', () => {
  it("gives the module this very runtime for `import … from 'beamish'`", async () => {
    const dir = folder({ 'ex.ts': "import { self, spawn, type Pid } from 'beamish';\nexport const me = (): Pid => self();\nexport const start = (): Pid => spawn(() => new Promise(() => {}));\n" });
    const m = await loadModule<{ me(): unknown; start(): ReturnType<typeof self> }>(path.join(dir, 'ex.ts'));
    const [inside, mine] = await run(() => [m.me(), self()]);
    expect(inside).toBe(mine);
    const pid = m.start();
    expect(Process.list()).toContain(pid);
    Process.exit(pid, 'kill');
  });

  it('resolves relative imports next to the file, and strips its types', async () => {
    const dir = folder({ 'ex.ts': "import { twice } from './lib.js';\nexport const four: number = twice(2);\n", 'lib.js': 'export const twice = (n) => n * 2;\n' });
    expect((await loadModule<{ four: number }>(path.join(dir, 'ex.ts'))).four).toBe(4);
  });

  it('reads the file again at each load, so an edit is seen', async () => {
    const dir = folder({ 'ex.ts': 'export const n: number = 1;\n' });
    expect((await loadModule<{ n: number }>(path.join(dir, 'ex.ts'))).n).toBe(1);
    writeFileSync(path.join(dir, 'ex.ts'), 'export const n: number = 2;\n');
    expect((await loadModule<{ n: number }>(path.join(dir, 'ex.ts'))).n).toBe(2);
  });

  it('loads a module importing only types, or names it does not use yet', async () => {
    const dir = folder({ 'ex.ts': "import { self, type Pid } from 'beamish';\nexport function me(): Pid | undefined {\n  return undefined;\n}\n" });
    expect((await loadModule<{ me(): unknown }>(path.join(dir, 'ex.ts'))).me()).toBe(undefined);
  });

  it('names the file, line and column of a syntax error', async () => {
    const dir = folder({ 'ex.ts': 'export const a = 1;\nexport const b = ;\n' });
    await expect(loadModule(path.join(dir, 'ex.ts'))).rejects.toThrow(/ex\.ts:2:\d+\)$/);
  });
});
