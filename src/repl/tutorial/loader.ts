/**
 * Loads a TypeScript module of the course (a learner's exercise file, a lesson's check or
 * solution) into the running runtime, fresh each time (the learner edits and checks again).
 *
 * How: the file's types are stripped (transform.ts `stripTypes`, the shell's own transform),
 * its import specifiers are rewritten, and the JavaScript is written to a uniquely named
 * `.mjs` in a private temporary folder and imported from there (then deleted):
 * - `'beamish'` becomes the file URL of this package's entry as it is loaded now
 *   (`src/index.ts` under vitest, `dist/src/index.js` when installed), so the module shares
 *   the runtime of the shell (one process table, one clock) instead of loading a second copy;
 * - a relative specifier becomes the absolute URL of what it names next to the original
 *   file, since the `.mjs` lives elsewhere (the tutorials folder may be read-only).
 * A unique name per load defeats the ES module cache, so an edited file is read anew.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { stripTypes } from '../transform.js';
import { parse, type Node } from '../transform/syntax.js';

/** This package's entry, in the form it is loaded in (TypeScript sources, or the build). */
const ENTRY = new URL(import.meta.url.endsWith('.ts') ? '../../index.ts' : '../../index.js', import.meta.url).href;

let folder: string | undefined;
let serial = 0;

function tempFolder(): string {
  if (folder === undefined) {
    folder = join(tmpdir(), `beamish-tutorial-${process.pid}`);
    mkdirSync(folder, { recursive: true });
    process.once('exit', () => rmSync(folder!, { recursive: true, force: true }));
  }
  return folder;
}

/** The string literals that name modules: static imports, re-exports, `import('…')`. */
function specifiers(program: Node): Node[] {
  const found: Node[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    const n = node as Node;
    if (typeof n.type !== 'string') return;
    const isModuleDecl = n.type === 'ImportDeclaration' || n.type === 'ExportNamedDeclaration' || n.type === 'ExportAllDeclaration';
    if ((isModuleDecl || n.type === 'ImportExpression') && n.source?.type === 'Literal' && typeof n.source.value === 'string') found.push(n.source);
    for (const key of Object.keys(n)) if (key !== 'source' || !isModuleDecl) visit(n[key]);
  };
  visit(program);
  return found;
}

/** The JavaScript that runs `file` from anywhere: types stripped, specifiers made absolute. */
export function moduleSource(file: string): string {
  const js = stripTypes(readFileSync(file, 'utf8'), file);
  const base = pathToFileURL(file).href;
  const literals = specifiers(parse(js, 'js').program).sort((a, b) => b.start - a.start);
  let out = js;
  for (const lit of literals) {
    const spec = lit.value as string;
    let target: string | undefined;
    if (spec === 'beamish') target = ENTRY;
    else if (/^\.{1,2}\//.test(spec)) target = new URL(spec, base).href;
    if (target !== undefined) out = out.slice(0, lit.start) + JSON.stringify(target) + out.slice(lit.end);
  }
  // Stack traces name the learner's file, not the temporary copy (lines are kept).
  return `${out}\n//# sourceURL=${base}`;
}

/**
 * Imports the TypeScript module `file` as it is on disk now. A syntax error names the
 * file, line and column; an error thrown while the module runs propagates as it is.
 */
export async function loadModule<T = Record<string, unknown>>(file: string): Promise<T> {
  const source = moduleSource(file);
  const temp = join(tempFolder(), `${basename(file).replace(/\.[cm]?ts$/, '')}.${++serial}.mjs`);
  writeFileSync(temp, source);
  try {
    return (await import(pathToFileURL(temp).href)) as T;
  } finally {
    rmSync(temp, { force: true });
  }
}
