/**
 * The prompt's helpers, by their documented examples (the text h(fn) shows): each example
 * runs line by line at a shell, as a person would type it, and a line `expr; // value`
 * must give `value`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { extractDocs } from '../../scripts/docs.mjs';
import { installGlobals } from '../../src/repl/globals.js';
import { type Outcome, Shell } from '../../src/repl/shell.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const docs = extractDocs(path.join(here, '..', '..', 'src'), { entries: ['repl/helpers.ts'] });
installGlobals();

describe('the helpers of the prompt', () => {
  it('are all documented with a titled example', () => {
    const names = docs.map((d) => d.qualified).sort();
    expect(names).toEqual(['clear', 'flush', 'h', 'i', 'observer', 'processInfo', 'processes', 'respawn', 'seq', 'top', 'trace', 'tree', 'untrace', 'v']);
    for (const d of docs) expect(d.examples.length, d.qualified).toBeGreaterThan(0);
    for (const d of docs) for (const ex of d.examples) expect(ex.title, d.qualified).not.toBe('');
  });

  for (const doc of docs) {
    for (const example of doc.examples) {
      it(`${doc.qualified}: ${example.title}`, async () => {
        const shell = new Shell({ color: false, cwd: process.cwd(), print: () => {}, startupFile: false });
        await shell.start();
        for (const line of example.code.split('\n')) {
          const m = /^(.*?);?\s*\/\/\s*(.+)$/.exec(line);
          const code = m ? m[1]! : line;
          const outcome = await new Promise<Outcome>((resolve) => void shell.evaluate(code, {}, resolve));
          expect(outcome, `${line} failed`).toMatchObject({ kind: 'done', ok: true });
          if (m) {
            const expected = new Function(`return (${m[2]});`)();
            expect(isDeepStrictEqual(shell.result(-1), expected), `${line}: got ${String(shell.result(-1))}`).toBe(true);
          }
        }
      });
    }
  }
});
