/**
 * The shell's input transform: one input (a line, or several while the user is still typing)
 * of TypeScript in, the body of an async function out. Pure and fast: it parses with
 * oxc-parser (native; this module imports in ~11 ms on Node 20, transforms `1+1` in ~15 µs
 * and a 20-line class in ~0.1 ms) and edits the text; it never loads the TypeScript compiler.
 *
 * ## Running the result
 * `js` is the body of `async function (__scope, __import) { … }`, in strict mode:
 * - `__scope`: the session's variables, an object. Reads of names the input does not declare
 *   fall back to globals (`"x" in __scope ? __scope.x : x`), so `__scope` may be a
 *   null-prototype object, or inherit the prompt's globals through its prototype (a user's
 *   declaration then shadows them). Properties the shell defines itself must be configurable
 *   (a user's declaration of that name redefines them).
 * - `__import(specifier, options?)`: `import()` resolved against the shell's working folder;
 *   `options` is `{ with: { type: 'json' } }` for an import with attributes. `import.meta`
 *   in the input reads `__import.meta`: the shell may set it (`{ url, dirname, filename }`).
 * - It resolves to `{ value }`: the value of the input's last statement when that is an
 *   expression statement (`export default expr` counts), else `undefined`. The wrapper object
 *   keeps a returned promise from being awaited.
 * Run it with {@link compile} (vm, the user's line numbers in stack traces) or
 * `new AsyncFunction('__scope', '__import', js)` (then user line N is line N + 3 of the
 * function's source: V8's two header lines and the prologue line).
 *
 * ## Lines
 * Line 1 of `js` is a prologue (`"use strict"`, hoisted bindings); user line N is line N + 1
 * of `js`, and {@link compile} maps it back to N. TypeScript syntax is blanked with spaces,
 * so columns stay too except on lines where a declaration or session variable was rewritten.
 * An input that is an object literal (`{ a: 1 }`) is wrapped in parentheses: one column more
 * on line 1.
 *
 * ## Session variables (rebinding)
 * Every top-level declaration (`const`, `let`, `var`, `function`, `class`, `enum`, `import`)
 * defines a property of `__scope`, and any later input may declare the same name again, with
 * any kind of declaration. Every reference to a top-level name reads `__scope`, so a function
 * declared earlier sees the current value of a name rebound later. `type` and `interface`
 * produce no code and no session variable.
 * - A name is defined only after its initializer ran: an initializer that throws leaves the
 *   name as it was (unset, or its old value). Destructuring defines all its names together.
 * - `const` (and `import`) bindings are read-only properties: `x = 5` after `const x = 1`,
 *   in the same input or a later one, throws a TypeError ("Cannot assign to read only
 *   property 'x'"), as JavaScript does for a const; `const x = 5` rebinds.
 * - Unlike a script, a name read before its declaration in the same input gives its old value
 *   (or a ReferenceError if it had none) instead of a TDZ error; a `function` is hoisted.
 * - `var x;` without initializer keeps the old value; `let x;` sets undefined.
 * - Enums are fresh objects at each declaration (no merging with an older enum of that name).
 * - Assigning a name that is neither a session variable nor a global throws ReferenceError.
 * - `_` is an ordinary name. Names starting with `__` that the code uses (`__scope`,
 *   `__import`, `__t`, `__const`, `__let`, `__var`, `__set`, `__from`, `__enum`) are reserved.
 *
 * ## Imports and exports
 * `import d, { a as b } from 'm'` → `__from(await __import('m'), { d: "default", b: "a" })`:
 * read-only session bindings. A name the module lacks is skipped (it may be an interface
 * imported without `import type`). `import * as ns`, `import 'm'`, `import x = require('m')`
 * (x is the default export, else the namespace) and dynamic `import()` work. `export` at the
 * prompt is ignored (`export default expr` is that expression; `export { … }` does nothing).
 *
 * ## TypeScript
 * Types, generics, `as`, `satisfies`, `!`, `declare`, overloads, `abstract`, modifiers,
 * `implements`, `this` parameters and type-only imports/exports are blanked. Enums and
 * parameter properties become JavaScript. Namespaces (other than `declare` ones) and
 * decorators are reported as errors: Node has nothing to run them with.
 *
 * ## Incomplete input
 * 'incomplete' when the parser reached the end of the input with something still open: a
 * bracket, a template literal, a block comment, an operator or `=>` without its right side,
 * `if (…)` without body, `try {…}` without catch, a function signature without body, a line
 * ending in a backslash inside a string. Anything else is an 'error' positioned in the user's
 * input (1-based line, 0-based column, counted in UTF-16 code units).
 */
import vm from 'node:vm';
import { HELPERS } from './transform/helpers.js';
import { rewrite, UnsupportedSyntax, VALUE_OPEN, type Rewritten } from './transform/rewrite.js';
import { isIncompleteError, lastCodeEnd, parse, positionOf, type Node, type Parsed } from './transform/syntax.js';

export type TransformResult =
  | { kind: 'ok'; js: string; declared: string[] }
  | { kind: 'incomplete' }
  | { kind: 'error'; message: string; line: number; column: number };

export interface TransformOptions {
  /** The input's file name: `.js`/`.mjs`/`.cjs` parses as JavaScript, anything else as TypeScript. */
  filename?: string;
}

/** The signature of the function that {@link compile} makes of a transformed input. */
export type CompiledInput = (
  scope: object,
  importFn: (specifier: string, options?: { with?: Record<string, string> }) => Promise<unknown>,
) => Promise<{ value: unknown }>;

function langOf(filename: string | undefined): 'ts' | 'js' {
  return filename && /\.[cm]?js$/.test(filename) ? 'js' : 'ts';
}

/** `{ a: 1 }` at the prompt means an object, as in Node's REPL, when it parses as one. */
function asObjectLiteral(input: string, lang: 'ts' | 'js'): { source: string; parsed: Parsed } | null {
  const trimmed = input.trim();
  if (!trimmed.startsWith('{') || !trimmed.endsWith('}')) return null;
  const source = `(${input}\n)`;
  const parsed = parse(source, lang);
  const body = parsed.program.body;
  return parsed.errors.length === 0 && body.length === 1 && body[0].type === 'ExpressionStatement' ? { source, parsed } : null;
}

function errorAt(input: string, message: string, pos: number): TransformResult {
  const { line, column } = positionOf(input, Math.max(0, Math.min(pos, input.length)));
  return { kind: 'error', message, line, column };
}

/** Classifies the parse of `input`: null when it is complete and valid. */
function problem(input: string, parsed: Parsed): TransformResult | null {
  const codeEnd = lastCodeEnd(input, parsed.comments);
  const body: Node[] = parsed.program.body;
  let last = body[body.length - 1];
  if (last?.type === 'ExportNamedDeclaration' && last.declaration) last = last.declaration;
  const first = parsed.errors[0];
  if (first) {
    const tryEnds = last?.type === 'TryStatement' && last.end >= codeEnd;
    return isIncompleteError(input, codeEnd, first, tryEnds) ? { kind: 'incomplete' } : errorAt(input, first.message, first.pos);
  }
  // `function f(a: number)` parses as an overload signature; at the prompt it is a function
  // whose body comes on the next line.
  if (last?.type === 'TSDeclareFunction' && !last.declare && last.end >= codeEnd) {
    if (input[last.end - 1] !== ';') return { kind: 'incomplete' };
    return errorAt(input, 'Function implementation is missing (write its body after the signature)', last.start);
  }
  return null;
}

/**
 * Turns one input of the shell into the body of an async function that runs it against the
 * session's variables, or says the input is incomplete or wrong. The header of this file
 * describes the produced code.
 * @example Transforming a line
 * ```ts
 * transform('const x: number = 1 + 1').kind; // 'ok'
 * transform('const x: number = 1 +').kind; // 'incomplete'
 * ```
 */
export function transform(input: string, opts: TransformOptions = {}): TransformResult {
  const lang = langOf(opts.filename);
  const object = asObjectLiteral(input, lang);
  let source = input;
  let parsed: Parsed;
  if (object) {
    ({ source, parsed } = object);
  } else {
    parsed = parse(input, lang);
    const bad = problem(input, parsed);
    if (bad) return bad;
  }
  let out: Rewritten;
  try {
    out = rewrite(source, parsed.program, 'repl');
  } catch (e) {
    if (e instanceof UnsupportedSyntax) return errorAt(input, e.message, e.pos - (object ? 1 : 0));
    // A bug of the transform must not take the shell down: the user sees it as an error.
    return errorAt(input, `beamish could not transform this input (a bug in beamish): ${String(e)}`, 0);
  }
  let prologue = '"use strict";';
  if (out.usesTemp) prologue += ' let __t;';
  for (const p of out.prologue) prologue += ` ${p}`;
  if (out.returnInPrologue) prologue += ` ${VALUE_OPEN}`;
  let js = `${prologue}\n${out.code}\n`;
  if (!out.returnsValue) js += 'return { value: undefined };\n';
  for (const h of out.helpers) js += `${HELPERS[h]}\n`;
  return { kind: 'ok', js, declared: out.declared };
}

/**
 * Whether the shell should show its continuation prompt and read another line.
 * @example A line left open
 * ```ts
 * isIncomplete('const f = (x: number) =>'); // true
 * isIncomplete('1 +* 2'); // false
 * ```
 */
export function isIncomplete(input: string): boolean {
  return transform(input).kind === 'incomplete';
}

/**
 * The value names an input declares at top level (for completion), or none if it does not
 * parse.
 * @example Names of a declaration
 * ```ts
 * declaredNames('const { a, b: [c] } = obj; type T = 1'); // ['a', 'c']
 * ```
 */
export function declaredNames(input: string): string[] {
  const r = transform(input);
  return r.kind === 'ok' ? r.declared : [];
}

/**
 * A whole TypeScript module as JavaScript that Node runs as ESM: types blanked (same lines and
 * columns), enums and parameter properties compiled, imports used only as types dropped as
 * TypeScript drops them. Throws a SyntaxError naming `filename`, line and column on bad input.
 * @example Stripping a module
 * ```ts
 * stripTypes('export const n: number = 1;'); // 'export const n         = 1;'
 * ```
 */
export function stripTypes(source: string, filename = 'module.ts'): string {
  const parsed = parse(source, langOf(filename));
  const fail = (message: string, pos: number): never => {
    const { line, column } = positionOf(source, pos);
    throw new SyntaxError(`${message} (${filename}:${line}:${column + 1})`);
  };
  const first = parsed.errors[0];
  if (first) fail(first.message, first.pos);
  let out: Rewritten;
  try {
    out = rewrite(source, parsed.program, 'module');
  } catch (e) {
    if (e instanceof UnsupportedSyntax) return fail(e.message, e.pos);
    throw e;
  }
  let js = out.code;
  for (const h of out.helpers) js += `\n${HELPERS[h]}`;
  return js;
}

/**
 * Compiles a transformed input into a function of `(__scope, __import)`, whose stack traces
 * name `filename` and the user's own line numbers.
 * @example Running an input
 * ```ts
 * const r = transform('const x = 2; x * 21');
 * const run = compile(r.kind === 'ok' ? r.js : '');
 * (await run({}, (s) => import(s))).value; // 42
 * ```
 */
export function compile(js: string, filename = 'repl'): CompiledInput {
  // The wrapper shares line 1 with the prologue; lineOffset -1 makes user line N report as N.
  return vm.runInThisContext(`(async function (__scope, __import) {${js}\n})`, { filename, lineOffset: -1 }) as CompiledInput;
}
