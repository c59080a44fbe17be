/**
 * Doctests (Deno std's rule: every public function has a titled example that runs).
 *
 * Every `@example` of every export of src/index.ts runs inside a process, with every export
 * in scope as at the prompt. A statement followed by a comment on its last line,
 * `expr; // value`, asserts that `expr` equals `value` (structurally; pids and refs by
 * identity of their numbers); `const x = expr; // value` asserts the same of `x`. Other
 * lines just run. Examples are TypeScript: their types are stripped before they run.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { type DocEntry, extractDocs } from '../scripts/docs.mjs';
import * as beamish from '../src/index.js';
import { formatTerm, Pid, Process, Ref, run } from '../src/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const docs = extractDocs(path.join(here, '..', 'src'));
const PUBLIC_ENTRY = 'src/index.ts';

/** Structural equality: what `// value` means. Pids and refs compare by their numbers. */
export function equal(a: unknown, b: unknown, seen = new Map<object, object>()): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (a instanceof Pid && b instanceof Pid) return a.node === b.node && a.id === b.id && a.serial === b.serial;
  if (a instanceof Ref && b instanceof Ref) return a.id === b.id;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (seen.get(a) === b) return true;
  seen.set(a, b);
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => equal(x, b[i], seen));
  }
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (a instanceof Date) return a.getTime() === (b as Date).getTime();
  if (a instanceof RegExp) return String(a) === String(b);
  if (a instanceof Error) return a.message === (b as Error).message;
  if (a instanceof Map) {
    const m = b as Map<unknown, unknown>;
    return a.size === m.size && [...a].every(([k, v]) => m.has(k) && equal(v, m.get(k), seen));
  }
  if (a instanceof Set) {
    const s = b as Set<unknown>;
    return a.size === s.size && [...a].every((x) => s.has(x));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && equal((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], seen));
}

/** A doctest assertion that failed: says which line, what it gave, what the doc says. */
class DocAssertion extends Error {
  override name = 'DocAssertion';
}

function check(actual: unknown, expected: unknown, expr: string, value: string, line: number): void {
  if (!equal(actual, expected)) {
    throw new DocAssertion(`line ${line}: ${expr} gave ${formatTerm(actual)}, but the example says ${value} (${formatTerm(expected)})`);
  }
}

/** Is `text` a JS/TS expression (a value to compare with), as opposed to prose? */
function isExpression(text: string): boolean {
  const sf = ts.createSourceFile('v.ts', `(${text}\n);`, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const diagnostics = (sf as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
  return diagnostics.length === 0 && sf.statements.length === 1;
}

/**
 * Turns the example into the body of an async function: `expr; // value` lines become
 * checks; types are stripped. Throws on a trailing comment that is not a value.
 */
export function compileExample(code: string): string {
  const sf = ts.createSourceFile('example.ts', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const edits: { start: number; end: number; text: string }[] = [];
  for (const stmt of sf.statements) {
    const comment = ts.getTrailingCommentRanges(code, stmt.end)?.[0];
    if (comment === undefined || comment.kind !== ts.SyntaxKind.SingleLineCommentTrivia) continue;
    const value = code.slice(comment.pos + 2, comment.end).trim();
    const line = sf.getLineAndCharacterOfPosition(stmt.getEnd()).line + 1;
    if (!isExpression(value)) {
      throw new Error(
        `line ${line}: the comment after a statement must be the value it gives (a JS literal, e.g. \`x; // ['ok', 1]\`), got \`// ${value}\`. Put prose on a line of its own.`,
      );
    }
    const assertion = (expr: string) => `__check((${expr}), (${value}), ${JSON.stringify(expr)}, ${JSON.stringify(value)}, ${line});`;
    if (ts.isExpressionStatement(stmt)) {
      edits.push({ start: stmt.getStart(sf), end: stmt.end, text: assertion(stmt.expression.getText(sf)) });
    } else if (ts.isVariableStatement(stmt) && stmt.declarationList.declarations.length === 1 && ts.isIdentifier(stmt.declarationList.declarations[0].name)) {
      edits.push({ start: stmt.end, end: stmt.end, text: ` ${assertion(stmt.declarationList.declarations[0].name.text)}` });
    }
  }
  let out = code;
  for (const e of edits.reverse()) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  // A block of its own, so the example may declare names the exports have (`const pid`),
  // as it may at the prompt.
  const wrapped = `async function __example(__check, ${Object.keys(beamish).join(', ')}) {{\n${out}\n}}`;
  const result = ts.transpileModule(wrapped, {
    reportDiagnostics: true,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  });
  const errors = (result.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  if (errors.length > 0) throw new SyntaxError(`the example does not parse: ${errors.join('; ')}`);
  return result.outputText;
}

type Example = (assert: typeof check, ...exports: unknown[]) => Promise<unknown>;

async function runExample(code: string): Promise<void> {
  const js = compileExample(code);
  const example = new Function(`${js}\nreturn __example;`)() as Example;
  const before = new Set(Process.list().map(String));
  try {
    await run(() => example(check, ...Object.values(beamish)), { label: 'doctest' });
  } finally {
    // Free the names and processes an example leaves behind, so examples stay independent.
    for (const p of Process.list()) if (!before.has(String(p))) Process.exit(p, 'kill');
  }
}

describe('the doctest harness', () => {
  it('passes an example whose values are right', async () => {
    await runExample("send(self(), ['ok', 1]);\nawait receive(); // ['ok', 1]\n1 + 1; // 2");
  });

  it('fails an example whose value is wrong, naming the line and both values', async () => {
    await expect(runExample("const a = 1;\na + 1; // 3")).rejects.toThrow("line 2: a + 1 gave 2, but the example says 3 (3)");
  });

  it('checks a statement that spans lines by the comment on its last line', async () => {
    await expect(runExample("[\n  1,\n  2,\n].length; // 3")).rejects.toThrow(/line 4: [^]* gave 2,/);
  });

  it('checks a const by the comment after it', async () => {
    await expect(runExample("const n = 40 + 2; // 41")).rejects.toThrow(/n gave 42, but the example says 41/);
  });

  it('refuses prose after a statement: the comment must be a value', async () => {
    await expect(runExample("1 + 1; // two, of course")).rejects.toThrow(/the comment after a statement must be the value it gives/);
  });

  it('compares structurally, pids and refs by their numbers', async () => {
    await runExample("const p = self();\n[p, { a: [1, NaN] }, new Map([[1, 'x']])]; // [pid(String(p)), { a: [1, NaN] }, new Map([[1, 'x']])]");
    await expect(runExample("({ a: 1 }); // { a: 1, b: undefined }")).rejects.toThrow(DocAssertion);
  });

  it('lets an example declare a name that an export has, as at the prompt', async () => {
    await runExample("const pid = spawn(() => {});\nisPid(pid); // true");
  });

  it('strips TypeScript types', async () => {
    await runExample("const xs: number[] = [1];\n(xs as number[]).length; // 1");
  });
});

const runnable = docs.filter((d) => d.entry === PUBLIC_ENTRY && d.examples.length > 0);

describe('doc examples', () => {
  for (const entry of runnable) {
    entry.examples.forEach((ex, i) => {
      const title = ex.title || `example ${i + 1} (untitled)`;
      it(`${entry.qualified}: ${title} (${entry.file}:${entry.line})`, async () => {
        await runExample(ex.code);
      });
    });
  }
});

function lacking(d: DocEntry): string | undefined {
  if (d.examples.length === 0) return `${d.qualified} (${d.file}:${d.line}): no @example`;
  if (d.examples.some((e) => e.title === '')) return `${d.qualified} (${d.file}:${d.line}): an @example without a title`;
  return undefined;
}

describe('every public function has a titled example', () => {
  it('in the runtime (a missing one fails)', () => {
    const missing = docs.filter((d) => d.layer === 'runtime').map(lacking).filter((x) => x !== undefined);
    expect(missing).toEqual([]);
  });

  it('in the other layers (a missing one is only listed, for now)', () => {
    const missing = docs.filter((d) => d.layer !== 'runtime').map(lacking).filter((x) => x !== undefined);
    if (missing.length > 0) console.warn(`${missing.length} public names outside the runtime lack a titled example:\n  ${missing.join('\n  ')}`);
    expect(docs.length).toBeGreaterThan(0);
  });

  it('finds the members of namespace objects, documented by the functions they name', () => {
    const byName = new Map(docs.map((d) => [d.qualified, d]));
    expect(byName.get('Process.sleep')?.file).toBe('src/runtime/timers.ts');
    expect(byName.get('Process.sleep')?.examples.length).toBeGreaterThan(0);
    expect(byName.get('Process')?.kind).toBe('namespace');
    expect(byName.get('spawn')?.signature).toMatch(/^spawn\(fn: ProcessFn, opts\?: SpawnOptions( \| undefined)?\): Pid$/);
  });
});

afterAll(() => {
  const notRun = docs.filter((d) => d.entry !== PUBLIC_ENTRY && d.examples.length > 0).map((d) => d.qualified);
  if (notRun.length > 0) console.info(`doctest: examples of the prompt's helpers need a shell and are not run here: ${notRun.join(', ')}`);
});
