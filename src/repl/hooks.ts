/**
 * Module loader hooks (registered with `module.register` by imports.ts, on first need):
 * - `beamish:import:<base>/<specifier>` resolves `specifier` as if imported from `base`
 *   (the prompt's working folder, or the file being loaded);
 * - `'beamish'` resolves to the running package, so there is one runtime, not two;
 * - `.ts`, `.mts`, `.cts` files load with their types stripped (transform.ts `stripTypes`);
 * - `./x.js` that does not exist but `./x.ts` does resolves to the `.ts` file (the NodeNext
 *   convention of writing `.js` in TypeScript imports), as does an extensionless `./x`;
 * - a local `.ts` file is keyed by its modification time, so importing it again after an
 *   edit loads the new version (ES modules are otherwise cached for good).
 */
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** The prefix imports.ts puts before a specifier to say where it is imported from. */
export const SCHEME = 'beamish:import:';

let beamishUrl = '';

interface ResolveContext {
  parentURL?: string;
  conditions?: string[];
  importAttributes?: Record<string, string>;
}
interface ResolveResult {
  url: string;
  format?: string | null;
  shortCircuit?: boolean;
}
type NextResolve = (specifier: string, context?: ResolveContext) => Promise<ResolveResult>;
interface LoadResult {
  format: string;
  source?: string | ArrayBuffer | Uint8Array;
  shortCircuit?: boolean;
}
type NextLoad = (url: string, context?: { format?: string | null }) => Promise<LoadResult>;

export function initialize(data: { beamishUrl: string }): void {
  beamishUrl = data.beamishUrl;
}

const TS = /\.[cm]?ts$/;

async function exists(url: string): Promise<boolean> {
  try {
    return (await stat(fileURLToPath(url))).isFile();
  } catch {
    return false;
  }
}

async function versioned(result: ResolveResult): Promise<ResolveResult> {
  if (!result.url.startsWith('file:') || !TS.test(new URL(result.url).pathname)) return result;
  try {
    const { mtimeMs } = await stat(fileURLToPath(result.url));
    return { ...result, url: `${result.url.split('?')[0]}?mtime=${Math.floor(mtimeMs)}`, shortCircuit: true };
  } catch {
    return result;
  }
}

export async function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve): Promise<ResolveResult> {
  if (specifier.startsWith(SCHEME)) {
    const rest = specifier.slice(SCHEME.length);
    const slash = rest.indexOf('/');
    const base = decodeURIComponent(rest.slice(0, slash));
    return resolve(decodeURIComponent(rest.slice(slash + 1)), { ...context, parentURL: base }, nextResolve);
  }
  if (specifier === 'beamish') return { url: beamishUrl, shortCircuit: true };
  const relative = /^\.{0,2}\//.test(specifier);
  if (relative && context.parentURL !== undefined) {
    const target = new URL(specifier, context.parentURL);
    if (TS.test(target.pathname)) return versioned({ url: target.href, format: 'module', shortCircuit: true });
    if (!(await exists(target.href))) {
      const stem = target.href.replace(/\.[cm]?js$/, '');
      for (const ext of ['.ts', '.mts', '.cts']) {
        if (await exists(stem + ext)) return versioned({ url: stem + ext, format: 'module', shortCircuit: true });
      }
    }
  }
  return nextResolve(specifier, context);
}

export async function load(url: string, context: { format?: string | null }, nextLoad: NextLoad): Promise<LoadResult> {
  if (url.startsWith('file:') && TS.test(new URL(url).pathname)) {
    const { stripTypes } = await import('./transform.js');
    const source = await readFile(fileURLToPath(url), 'utf8');
    return { format: 'module', source: stripTypes(source), shortCircuit: true };
  }
  return nextLoad(url, context);
}
