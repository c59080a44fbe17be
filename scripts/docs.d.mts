/** Types of scripts/docs.mjs, for the TypeScript tests that import it. */
export interface Example {
  title: string;
  code: string;
}

export interface DocEntry {
  /** The last part of the name: `isAlive`. */
  name: string;
  /** The name as users write it: `Process.isAlive`. */
  qualified: string;
  kind: 'function' | 'class' | 'value' | 'namespace';
  /** Where it is declared, relative to the repository: `src/runtime/process_api.ts`. */
  file: string;
  line: number;
  /** The layer it belongs to: `runtime`, `otp`, `inspect`, `repl`. */
  layer: string;
  /** The entry module that exposes it: `src/index.ts` or `src/repl/helpers.ts`. */
  entry: string;
  signature: string | undefined;
  /** The JSDoc text, without comment markers. */
  doc: string;
  examples: Example[];
}

export function extractDocs(rootDir?: string, options?: { entries?: string[] }): DocEntry[];
export function examplesOf(text: string): Example[];
