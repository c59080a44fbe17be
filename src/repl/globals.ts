/**
 * The prompt's globals: every export of beamish (spawn, receive, Process, GenServer, …)
 * and the shell helpers (h, i, v, flush, …). Installed on globalThis of the thread that
 * runs user code (the worker of the shell, the main thread of `beamish run`).
 */
import * as beamish from '../index.js';
import { registerDocumented } from './docs.js';
import * as helpers from './helpers.js';

/** Every name the prompt adds to the JavaScript globals. */
export const promptGlobals: Readonly<Record<string, unknown>> = { ...beamish, ...helpers };

export function installGlobals(): void {
  registerDocumented(helpers);
  for (const [name, value] of Object.entries(promptGlobals)) {
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
  }
}
