/**
 * The documentation `h(fn)` shows: the JSDoc and examples of every public function,
 * extracted at build time into dist/docs.json (scripts/docs.mjs), read on first use.
 * A function is found by where it lives among beamish's exports and the prompt's helpers:
 * `spawn`, `Process.link`, `GenServer.call`, `h`.
 */
import { readFileSync } from 'node:fs';
import * as beamish from '../index.js';

/** An entry of dist/docs.json, as scripts/docs.mjs writes it. */
export interface DocEntry {
  /** `spawn`, `Process.link`, … */
  qualified: string;
  signature?: string;
  /** The JSDoc text, its `@example` blocks included. */
  doc: string;
}

let entries: Map<string, DocEntry> | undefined;
let extra: Record<string, unknown> = {};

/** Adds the prompt's helpers to the places where `h` looks for a function's name. */
export function registerDocumented(names: Record<string, unknown>): void {
  extra = { ...extra, ...names };
}

function load(): Map<string, DocEntry> {
  if (entries !== undefined) return entries;
  entries = new Map();
  try {
    const raw = JSON.parse(readFileSync(new URL('../../docs.json', import.meta.url), 'utf8')) as unknown;
    for (const e of raw as DocEntry[]) if (e && typeof e.qualified === 'string') entries.set(e.qualified, e);
  } catch {
    // No docs built (a development tree before `npm run build`): h(fn) says so.
  }
  return entries;
}

/** The name a value has among beamish's exports (`Process.link`), if it is one of them. */
export function qualifiedName(value: unknown): string | undefined {
  const spaces: Record<string, unknown>[] = [beamish as Record<string, unknown>, extra];
  for (const space of spaces) {
    for (const [k, v] of Object.entries(space)) if (v === value) return k;
  }
  for (const space of spaces) {
    for (const [k, ns] of Object.entries(space)) {
      if (ns === null || typeof ns !== 'object') continue;
      for (const [m, v] of Object.entries(ns)) if (v === value) return `${k}.${m}`;
    }
  }
  return undefined;
}

/** The doc of `value`, if it is a documented beamish function or namespace. */
export function docFor(value: unknown): DocEntry | undefined {
  const name = qualifiedName(value);
  return name === undefined ? undefined : load().get(name);
}
