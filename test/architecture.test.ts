import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

// The layers of docs/ARCHITECTURE.md, lowest first: a file may import its own layer and lower ones.
const layers = ['src/runtime', 'src/otp', 'src/inspect', 'src/repl', 'bin'];
const root = resolve(__dirname, '..');

function files(dir: string): string[] {
  const abs = join(root, dir);
  try {
    statSync(abs);
  } catch {
    return [];
  }
  return readdirSync(abs, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f));
}

function layerOf(path: string): number {
  return layers.findIndex((l) => path === l || path.startsWith(`${l}/`));
}

function relativeImports(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g)) {
    const spec = m[1] ?? m[2];
    out.push(relative(root, resolve(root, dirname(file), spec)));
  }
  return out;
}

describe('layering', () => {
  const all = layers.flatMap(files);

  it('finds the source files', () => {
    expect(all.length).toBeGreaterThan(10);
  });

  it('never imports from a higher layer', () => {
    const bad: string[] = [];
    for (const f of all) {
      for (const target of relativeImports(f)) {
        const to = layerOf(target);
        if (to > layerOf(f)) bad.push(`${f} imports ${target}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('reaches runtime internals only through src/runtime/internal.ts or its public index', () => {
    const bad: string[] = [];
    for (const f of all.filter((x) => layerOf(x) > 0)) {
      for (const target of relativeImports(f)) {
        if (target.startsWith('src/runtime/') && !/^src\/runtime\/(internal|index)\.js$/.test(target)) {
          bad.push(`${f} imports ${target}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });
});
