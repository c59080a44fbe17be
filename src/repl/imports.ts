/**
 * `import` at the prompt and in scripts: the transform turns every static import into
 * `__import(specifier)`, answered here. `'beamish'` is this very package instance (so a
 * script's `import { spawn } from 'beamish'` shares the runtime of the shell); Node's
 * built-ins load directly; anything else goes through the loader hooks of hooks.ts, which
 * resolve against the working folder (or the loading file), load local `.ts` files with
 * their types stripped, and reload a local file that changed since it was last imported.
 *
 * The hooks cost ~80 ms to register (Node starts a loader thread), so that happens on the
 * first import that needs them, never at start-up.
 */
import { isBuiltin, register } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as beamish from '../index.js';
import { SCHEME } from './hooks.js';

let hooked = false;

function ensureHooks(): void {
  if (hooked) return;
  hooked = true;
  register(new URL('./hooks.js', import.meta.url), {
    data: { beamishUrl: new URL('../index.js', import.meta.url).href },
  });
}

/** The base URL of the working folder, for resolving what the prompt imports. */
export function folderUrl(dir: string): string {
  return pathToFileURL(dir.endsWith('/') ? dir : `${dir}/`).href;
}

/**
 * Imports `specifier` as code at `base` (a file or folder URL) would: the function behind
 * `__import` in transformed code.
 */
export function importFrom(specifier: string, base: string, options?: ImportOptions): Promise<unknown> {
  if (specifier === 'beamish') return Promise.resolve(beamish);
  if (isBuiltin(specifier)) return import(specifier);
  ensureHooks();
  return import(`${SCHEME}${encodeURIComponent(base)}/${encodeURIComponent(specifier)}`, options);
}

/** Import attributes, as `import data from './x.json' with { type: 'json' }` passes them. */
export type ImportOptions = { with?: Record<string, string> };

/** What `import.meta` is in code evaluated at `base`: a file's URL, or the working folder's. */
export function importMeta(base: string): { url: string; filename?: string; dirname: string } {
  const path = fileURLToPath(base);
  return base.endsWith('/') ? { url: base, dirname: path.replace(/\/$/, '') } : { url: base, filename: path, dirname: dirname(path) };
}

/** Makes sure `.ts` files and `'beamish'` load in modules imported later (scripts). */
export function prepareImports(): void {
  ensureHooks();
}
