/**
 * The shell's input transform, run end to end: transform → compile → run against a session
 * object, checking the value and the session's variables.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile, declaredNames, isIncomplete, stripTypes, transform, type TransformResult } from '../../src/repl/transform.js';

const fixtures = new URL('../fixtures/', import.meta.url);

/** A 20-line TypeScript class (the per-line timing of the report uses the same text). */
const COUNTER_CLASS = `class Counter<T> {
  private count: number = 0;
  constructor(public readonly name: string, private items: T[] = []) {}
  add(item: T): this {
    this.items.push(item);
    this.count++;
    return this;
  }
  get size(): number {
    return this.items.length;
  }
  static of<U>(name: string, ...xs: U[]): Counter<U> {
    const c = new Counter<U>(name);
    for (const x of xs) c.add(x);
    return c;
  }
  toString(): string {
    return \`\${this.name}(\${this.count})\`;
  }
}`;
const imported: Array<[string, unknown]> = [];
const importer = (specifier: string, options?: { with?: Record<string, string> }) => {
  imported.push([specifier, options]);
  return /^\.{0,2}\//.test(specifier) ? import(new URL(specifier, fixtures).href) : import(specifier);
};

type Scope = Record<string, unknown>;

/** A session: each call transforms and runs one input against the same scope. */
function session(scope: Scope = Object.create(null) as Scope) {
  const evaluate = async (input: string): Promise<unknown> => {
    const r = transform(input);
    if (r.kind !== 'ok') throw new Error(`transform(${JSON.stringify(input)}) gave ${JSON.stringify(r)}`);
    return (await compile(r.js, 'test-input')(scope, importer)).value;
  };
  return Object.assign(evaluate, { scope });
}

async function value(input: string): Promise<unknown> {
  return session()(input);
}

function ok(input: string): Extract<TransformResult, { kind: 'ok' }> {
  const r = transform(input);
  if (r.kind !== 'ok') throw new Error(`not ok: ${JSON.stringify(r)}`);
  return r;
}

describe('transform: the value of an input', () => {
  it('is the value of the last expression statement', async () => {
    expect(await value('1+1')).toBe(2);
    expect(await value('const a = 2; a * 21')).toBe(42);
  });

  it('is undefined for an input of declarations only', async () => {
    expect(await value('const a = 1')).toBeUndefined();
    expect(await value('1; function f() {}')).toBeUndefined();
  });

  it('is undefined, and the input ok, when it is empty, blank or only comments', async () => {
    for (const input of ['', '   \n  ', '// note', '/* a\n b */']) {
      expect(transform(input).kind).toBe('ok');
      expect(await value(input)).toBeUndefined();
    }
  });

  it('reads `{ a: 1 }` as an object literal, as Node and Deno do, and a block stays a block', async () => {
    expect(await value('{ a: 1, b: [2] }')).toEqual({ a: 1, b: [2] });
    expect(await value('{}')).toEqual({});
    const s = session();
    // A block: its value is its last statement's (Node's REPL shows 2 too), its names stay in it.
    expect(await s('{ let hidden = 1; hidden + 1 }')).toBe(2);
    expect('hidden' in s.scope).toBe(false);
  });

  // Checked against Node's REPL, which shows a statement's completion value.
  it('is the value of the branch taken when the input ends with an if', async () => {
    expect(await value('if (true) { 5 }')).toBe(5);
    expect(await value('if (1 > 2) 3; else { const z = 4; z * 2 }')).toBe(8);
    expect(await value('if (false) { 5 }')).toBeUndefined();
    expect(await value('const a = 3; if (a === 3) { a + 1 } else { a }')).toBe(4);
  });

  it('is the value of the try block, or of the catch that ran, when the input ends with a try', async () => {
    expect(await value('try { 1 } catch (e) { 2 }')).toBe(1);
    expect(await value("try { throw new Error('x') } catch (e) { (e as Error).message }")).toBe('x');
    expect(await value("try { await Promise.resolve(); 'after await' } finally { 'not this' }")).toBe('after await');
  });

  it('is undefined on a path that ends with a declaration or a loop', async () => {
    expect(await value('if (true) { const x = 1 }')).toBeUndefined();
    expect(await value('for (let i = 0; i < 2; i++) { i }')).toBeUndefined();
  });

  it('returns a promise value without awaiting it (the shell decides)', async () => {
    const result = await compile(ok('Promise.resolve(7)').js)({}, importer);
    expect(result.value).toBeInstanceOf(Promise);
    expect(await result.value).toBe(7);
  });

  it('shows a string literal statement (not taken for a directive)', async () => {
    expect(await value("'hello'")).toBe('hello');
  });

  it('takes `export default expr` as that expression', async () => {
    expect(await value('export default 5 * 2')).toBe(10);
    expect(typeof (await value('export default function () { return 1 }'))).toBe('function');
  });

  it('leaves an anonymous function or class typed at the prompt anonymous', async () => {
    expect(((await value('(x: number) => x')) as Function).name).toBe('');
    expect(((await value('export default class {}')) as Function).name).toBe('');
  });

  it('runs in strict mode', async () => {
    expect(await value('(function () { return this })()')).toBeUndefined();
  });
});

describe('transform: session variables', () => {
  it('lets a later input declare a const again', async () => {
    const s = session();
    await s('const x = 1');
    await s('const x = 2');
    expect(await s('x')).toBe(2);
  });

  it('lets any declaration kind rebind any name (let, var, function, class, enum, type, interface)', async () => {
    const s = session();
    await s('let a = 1');
    await s('let a = "two"');
    expect(s.scope.a).toBe('two');
    await s('var a = 3');
    expect(s.scope.a).toBe(3);
    await s('function a() { return 4 }');
    expect(await s('a()')).toBe(4);
    await s('class a { static five = 5 }');
    expect(await s('a.five')).toBe(5);
    await s('enum a { Six = 6 }');
    expect(await s('a.Six')).toBe(6);
    await s('const a = 7');
    expect(await s('a')).toBe(7);
    await s('type T = number');
    await s('type T = string; interface I { a: 1 }');
    await s('interface I { b: 2 }');
    expect(await s('const t: T = "ok"; t')).toBe('ok');
  });

  it('lists the names an input declares (values, not types)', () => {
    expect(ok('const { a, b: [c, ...d] } = o; let e; var f; function g() {} class H {} enum I {} type J = 1; interface K {}').declared).toEqual([
      'a',
      'c',
      'd',
      'e',
      'f',
      'g',
      'H',
      'I',
    ]);
    expect(declaredNames('import fs, { join as j, type X } from "node:path"; import * as ns from "x"')).toEqual(['fs', 'j', 'ns']);
    expect(declaredNames('1 +')).toEqual([]);
  });

  it('leaves a name unset when its initializer throws (ts-node poisons it)', async () => {
    const s = session();
    await expect(s('const x = (() => { throw new Error("boom") })()')).rejects.toThrow('boom');
    expect('x' in s.scope).toBe(false);
    await s('const x = 1');
    expect(await s('x')).toBe(1);
  });

  it('keeps the old value when a redeclaration throws', async () => {
    const s = session();
    await s('let y = "old"');
    await expect(s('const y = JSON.parse("{")')).rejects.toThrow(SyntaxError);
    expect(await s('y')).toBe('old');
    await expect(s('class y extends (null as any).nope {}')).rejects.toThrow(TypeError);
    expect(await s('y')).toBe('old');
  });

  it('destructures objects and arrays, with renames, defaults, holes, rest and nesting', async () => {
    const s = session();
    await s('const { a, b: bee, c = 3, d: { e = 5 } = {}, ...rest } = { a: 1, b: 2, z: 26 }');
    expect(s.scope).toMatchObject({ a: 1, bee: 2, c: 3, e: 5, rest: { z: 26 } });
    await s('let [p, , q = p + 10, ...more] = [1, 2, undefined, 4, 5]');
    expect(s.scope).toMatchObject({ p: 1, q: 11, more: [4, 5] });
    await s('var { x: [first] } = { x: "xyz" }');
    expect(s.scope.first).toBe('x');
  });

  it('defines a destructuring declaration whole or not at all', async () => {
    const s = session();
    await expect(s('const { a, b: { c } } = { a: 1 } as any')).rejects.toThrow(TypeError);
    expect('a' in s.scope).toBe(false);
  });

  it('throws a TypeError on assigning a const, in the same input and in a later one', async () => {
    const s = session();
    await expect(s('const k = 1; k = 2')).rejects.toThrow(TypeError);
    await expect(s('k = 3')).rejects.toThrow(/read only property 'k'/);
    await expect(s('k++')).rejects.toThrow(TypeError);
    expect(await s('k')).toBe(1);
  });

  it('assigns let and var variables of earlier inputs, including compound and update forms', async () => {
    const s = session();
    await s('let n = 1');
    await s('n = n + 1');
    await s('n += 10; n++; ++n');
    expect(await s('n')).toBe(14);
    await s('let u = 1, w = 2');
    await s('[u, w] = [w, u]');
    expect([s.scope.u, s.scope.w]).toEqual([2, 1]);
    await s('({ u, w = 9 } = { u: 5 } as any)');
    expect([s.scope.u, s.scope.w]).toEqual([5, 9]);
  });

  it('throws a ReferenceError on assigning a name declared nowhere, as strict mode does', async () => {
    await expect(value('nowhere = 1')).rejects.toThrow(new ReferenceError('nowhere is not defined'));
  });

  it('reads and assigns globals when no session variable has the name', async () => {
    (globalThis as Scope).__transformTestGlobal = 1;
    try {
      const s = session();
      expect(await s('__transformTestGlobal + Math.max(1, 2)')).toBe(3);
      await s('__transformTestGlobal = 5');
      expect((globalThis as Scope).__transformTestGlobal).toBe(5);
      await s('const __transformTestGlobal = "mine"');
      expect(await s('__transformTestGlobal')).toBe('mine');
      expect((globalThis as Scope).__transformTestGlobal).toBe(5);
    } finally {
      delete (globalThis as Scope).__transformTestGlobal;
    }
  });

  it('reads the prompt globals a shell puts on the scope prototype, and lets a declaration shadow them', async () => {
    const s = session(Object.create({ greet: () => 'from runtime', _: 'wildcard' }) as Scope);
    expect(await s('greet()')).toBe('from runtime');
    await s('const greet = () => "mine"');
    expect(await s('greet()')).toBe('mine');
    expect(await s('_')).toBe('wildcard');
  });

  it('treats `_` as an ordinary name', async () => {
    const s = session();
    await s('const _ = 5');
    expect(await s('_ + 1')).toBe(6);
    expect(ok('_').js).not.toMatch(/\bv\(/);
  });

  it('gives typeof of a name declared nowhere as "undefined", without a ReferenceError', async () => {
    const s = session();
    expect(await s('typeof missing')).toBe('undefined');
    await s('let missing = 1');
    expect(await s('typeof missing')).toBe('number');
  });

  it('makes functions see the current value of a session variable rebound later', async () => {
    const s = session();
    await s('const rate = 2');
    await s('function price(n: number) { return n * rate }');
    await s('const viaArrow = () => rate');
    await s('const rate = 3');
    expect(await s('price(10)')).toBe(30);
    expect(await s('viaArrow()')).toBe(3);
  });

  it('lets a function declared in an earlier input call one declared later', async () => {
    const s = session();
    await s('function first() { return second() + 1 }');
    await s('function second() { return 41 }');
    expect(await s('first()')).toBe(42);
  });

  it('hoists function declarations within an input', async () => {
    expect(await value('const r = twice(4); function twice(x: number) { return 2 * x }; r')).toBe(8);
  });

  it('keeps local variables, parameters and block declarations local', async () => {
    const s = session();
    await s('const x = "session"');
    expect(await s('function f(x: string) { return x } f("param")')).toBe('param');
    expect(await s('(() => { const x = "inner"; return x })()')).toBe('inner');
    expect(await s('{ const x = "block" } x')).toBe('session');
    await s('for (let i = 0; i < 2; i++) {}');
    await s('try { throw 1 } catch (x) { }');
    expect('i' in s.scope).toBe(false);
    expect(await s('x')).toBe('session');
  });

  it('makes a `var` in a loop head or block a session variable, as a script would', async () => {
    const s = session();
    await s('for (var i = 0; i < 3; i++) {}');
    expect(await s('i')).toBe(3);
    await s('for (var item of ["a", "b"]) {}');
    expect(await s('item')).toBe('b');
    await s('if (true) { var inside = 1 }');
    expect(await s('inside')).toBe(1);
  });

  it('keeps the value of a `var` redeclared without initializer, and `let` without one is undefined', async () => {
    const s = session();
    await s('var kept = 1');
    await s('var kept');
    expect(await s('kept')).toBe(1);
    await s('let reset = 1');
    await s('let reset');
    expect(await s('reset')).toBeUndefined();
  });

  it('names functions and classes after their declaration (stack traces, printing)', async () => {
    const s = session();
    await s('const arrow = () => 1; const cls = class {}; function decl() {}');
    expect([(s.scope.arrow as Function).name, (s.scope.cls as Function).name, (s.scope.decl as Function).name]).toEqual([
      'arrow',
      'cls',
      'decl',
    ]);
  });

  it('lets a class refer to itself by name inside its body', async () => {
    const s = session();
    await s('class Node2 { static make() { return new Node2() } }');
    expect(await s('Node2.make() instanceof Node2')).toBe(true);
  });

  it('does not bind `this` of a called session function to the scope', async () => {
    const s = session();
    await s('function me(this: unknown) { return this }');
    expect(await s('me()')).toBeUndefined();
  });

  it('expands shorthand properties that read session variables', async () => {
    const s = session();
    await s('const a = 1, b = 2');
    expect(await s('({ a, b })')).toEqual({ a: 1, b: 2 });
  });
});

describe('transform: TypeScript', () => {
  it('strips annotations, generics, as, satisfies, non-null and angle-bracket assertions', async () => {
    expect(
      await value(
        'function id<T>(x: T): T { return x }\n' +
          'const n = id<number>(1) as number satisfies number;\n' +
          'const m = (<any>n)! + (n as unknown as number);\n' +
          'const pick = id<string>;\n' +
          '[m, pick("p")]',
      ),
    ).toEqual([2, 'p']);
  });

  it('produces nothing for type and interface declarations, overloads and declare', async () => {
    const input =
      'type A = { a: number };\ninterface B extends A { b?: string }\ndeclare const c: number;\ndeclare function d(): void;\n' +
      'declare global { interface Window { x: 1 } }\nfunction e(x: string): string;\nfunction e(x: any) { return x }\ne("e")';
    expect(ok(input).declared).toEqual(['e']);
    const s = session();
    expect(await s(input)).toBe('e');
    expect(Object.keys(s.scope)).toEqual(['e']);
  });

  it('runs classes with modifiers, parameter properties, abstract members, implements and optional members', async () => {
    const s = session();
    await s(
      [
        'interface Named { name: string }',
        'abstract class Base<T> implements Named {',
        '  private static count: number = 0;',
        '  declare extra: string;',
        '  protected readonly tag?: string;',
        '  size!: number;',
        '  [key: string]: unknown;',
        '  constructor(public name: string, protected value: T) {}',
        '  abstract describe(): string;',
        '  optional?(): void;',
        '  override toString(): string { return this.name }',
        '}',
        'class Box extends Base<number> {',
        '  constructor(name: string, private readonly extraValue = 1) {',
        '    super(name, 41);',
        '  }',
        '  describe() { return `${this.name}=${this.value + this.extraValue}` }',
        '}',
      ].join('\n'),
    );
    expect(await s('new Box("box").describe()')).toBe('box=42');
    // As TypeScript emits for target ES2022 (checked with tsc 5.9's transpileModule): parameter
    // properties are declared as the first fields, fields without initializer exist
    // (undefined), `declare` fields do not.
    expect(await s('Object.keys(new Box("b"))')).toEqual(['name', 'value', 'tag', 'size', 'extraValue']);
    expect(await s('"extra" in new Box("b")')).toBe(false);
  });

  it('runs a generic class with parameter properties, accessors, static generic methods and a template', async () => {
    const s = session();
    await s(COUNTER_CLASS);
    expect(await s('const c = Counter.of<string>("names", "a", "b"); [c.size, `${c}`]')).toEqual([2, 'names(2)']);
  });

  it('compiles enums: auto-increment, explicit and computed values, strings, reverse mapping', async () => {
    const s = session();
    await s('enum Dir { Up = 1, Down, Left = Down * 10, Right = "R", "Far Away" = 99 }');
    expect(s.scope.Dir).toEqual({ Up: 1, Down: 2, Left: 20, Right: 'R', 'Far Away': 99, 1: 'Up', 2: 'Down', 20: 'Left', 99: 'Far Away' });
    expect(await s('const enum Flags { A = 1 << 0, B = 1 << 1, AB = A | B }; Flags.AB')).toBe(3);
    expect(await s('Dir[Dir.Down]')).toBe('Down');
  });

  it('compiles an enum declared inside a function', async () => {
    expect(await value('function f() { enum L { A, B } return L.B } f()')).toBe(1);
  });

  it('strips optional and `this` parameters, definite assignments and catch annotations', async () => {
    expect(
      await value(
        'function f(this: void, a?: number, ...rest: number[]) { return (a ?? 0) + rest.length }\n' +
          'let d!: number; d = 1;\n' +
          'let caught: string = ""; try { throw new Error("x") } catch (e: unknown) { caught = (e as Error).message }\n' +
          '[f(1, 2, 3), d, caught]',
      ),
    ).toEqual([3, 1, 'x']);
  });

  it('compiles generic arrow functions and type predicates', async () => {
    expect(await value('const isNum = (x: unknown): x is number => typeof x === "number"; const first = <T,>(xs: T[]): T => xs[0]!; isNum(first([1]))')).toBe(true);
  });

  it('refuses namespaces and decorators with a positioned error', () => {
    expect(transform('const a = 1;\nnamespace N { export const x = 1 }')).toEqual({
      kind: 'error',
      message: expect.stringContaining('namespaces are not supported'),
      line: 2,
      column: 0,
    });
    expect(transform('@sealed class A {}')).toMatchObject({ kind: 'error', message: expect.stringContaining('decorators'), line: 1, column: 0 });
  });
});

describe('transform: await', () => {
  it('allows top-level await', async () => {
    const s = session();
    expect(await s('await new Promise((r) => setTimeout(() => r("late"), 1))')).toBe('late');
    await s('const got = await Promise.resolve(5)');
    expect(s.scope.got).toBe(5);
  });

  it('allows for await at top level', async () => {
    expect(await value('let sum = 0\nfor await (const v of (async function* () { yield 1; yield 2 })()) sum += v\nsum')).toBe(3);
  });
});

describe('transform: imports', () => {
  it('binds default, named, renamed and namespace imports of node modules', async () => {
    const s = session();
    await s('import fs, { readFileSync as rfs } from "node:fs"');
    await s('import { readFile } from "fs/promises"');
    await s('import * as path from "path"');
    expect(await s('typeof fs.statSync + typeof rfs + typeof readFile')).toBe('functionfunctionfunction');
    expect(await s('path.join("a", "b")')).toBe(join('a', 'b'));
  });

  it('imports bindings as read-only, and a later import rebinds them', async () => {
    const s = session();
    await s('import { sep } from "node:path"');
    await expect(s('sep = "x"')).rejects.toThrow(TypeError);
    await s('import { delimiter as sep } from "node:path"');
    expect(s.scope.sep).toBe(':');
  });

  it('imports a local .ts module: values bound, interfaces and type-only names skipped', async () => {
    const s = session();
    await s('import Greeter, { add, origin, Color, Point, type Pair } from "./transform-lib.ts"');
    expect(await s('const p: Point = add(origin, { x: 1, y: 2 }); p')).toEqual({ x: 1, y: 2 });
    expect(await s('new Greeter("you").greet()')).toBe('hello you');
    expect(await s('Color.Blue')).toBe(6);
    expect('Point' in s.scope).toBe(false);
    expect('Pair' in s.scope).toBe(false);
  });

  it('passes the specifier and import attributes to __import', async () => {
    imported.length = 0;
    await value('import "node:os"; import * as u from "node:util" with { type: "builtin" }');
    expect(imported).toEqual([
      ['node:os', undefined],
      ['node:util', { with: { type: 'builtin' } }],
    ]);
  });

  it('routes dynamic import() and import.meta through __import', async () => {
    const r = ok('const m = await import("node:os"); import.meta.url');
    expect(r.js).toContain('await __import("node:os")');
    expect(r.js).toContain('__import.meta.url');
    const fakeImport = Object.assign(importer, { meta: { url: 'file:///work/' } });
    const scope = Object.create(null) as Scope;
    expect((await compile(r.js)(scope, fakeImport)).value).toBe('file:///work/');
    expect(typeof (scope.m as { cpus: unknown }).cpus).toBe('function');
  });

  it('supports import x = require(…) and drops type-only imports', async () => {
    const s = session();
    await s('import p = require("node:path")');
    expect(typeof (s.scope.p as { join: unknown }).join).toBe('function');
    expect(ok('import type { Stats } from "node:fs"').js).not.toContain('__import');
  });

  it('ignores export at the prompt', async () => {
    const s = session();
    await s('export const a = 1; export function f() { return 2 } export { a as b }; export type T = 1; export * from "node:os"');
    expect(await s('a + f()')).toBe(3);
    expect('b' in s.scope).toBe(false);
  });
});

describe('transform: incomplete input and syntax errors', () => {
  const incomplete = [
    '1 +',
    'foo(',
    'const a = [1,',
    'const o = {',
    'if (x)',
    'if (x) {} else',
    'const f = (x: number) =>',
    'function f()',
    'function f(a: number): number',
    'class A {',
    'class A { m() ',
    'enum E {',
    'interface I {',
    'type T =',
    'type T = A |',
    '`abc',
    '`abc ${',
    '`a ${b} c',
    '/* open comment',
    "'continued \\",
    'a.',
    'a ?',
    'x = 1 +\n  // a comment after the operator',
    'try {\n  x()\n}',
    'for (const x of xs)',
    'import {',
    'const s = `line1\nline2',
  ];
  for (const input of incomplete) {
    it(`waits for more after ${JSON.stringify(input)}`, () => {
      expect(transform(input)).toEqual({ kind: 'incomplete' });
      expect(isIncomplete(input)).toBe(true);
    });
  }

  const errors: Array<[string, number, number]> = [
    ['1 +* 2', 1, 3],
    ['x = ) 3', 1, 4],
    ["'unterminated", 1, 0],
    ['const a', 1, 6],
    ['let a = 1;\nlet a = 2', 2, 4],
    ['const ok = 1\nconst é = "ü"; é ++ +* 1', 2, 21],
    ['return 5', 1, 0],
    ['function f(): void;', 1, 0],
    ['foo(1 +* 2,', 1, 7],
    ['a b', 1, 1], // oxc points where the missing semicolon belongs
  ];
  for (const [input, line, column] of errors) {
    it(`reports a syntax error in ${JSON.stringify(input)} at line ${line}, column ${column}`, () => {
      const r = transform(input);
      expect(r).toMatchObject({ kind: 'error', line, column });
      expect((r as { message: string }).message.length).toBeGreaterThan(0);
      expect(isIncomplete(input)).toBe(false);
    });
  }
});

describe('transform: lines', () => {
  it('keeps user line N at line N of stack traces when run through compile()', async () => {
    const input = 'const a = 1\n\nfunction boom(): never {\n  throw new Error("here")\n}\nboom()';
    const err = await session()(input).catch((e: Error) => e);
    expect((err as Error).stack).toMatch(/at boom \(test-input:4:9\)/);
    expect((err as Error).stack).toMatch(/test-input:6:/);
  });

  it('puts user line N at line N + 1 of js (line 1 is the prologue)', () => {
    const lines = ['class Shape<T> {', '  constructor(private readonly id: T) {}', '  /* MARK3 */ get(): T { return this.id }', '}', 'const s: Shape<number> = new Shape(1); /* MARK5 */', 's.get() // MARK6'];
    const js = ok(lines.join('\n')).js.split('\n');
    expect(js[3 + 1 - 1]).toContain('MARK3');
    expect(js[5 + 1 - 1]).toContain('MARK5');
    expect(js[6 + 1 - 1]).toContain('MARK6');
  });

  it('keeps columns of code whose lines only lose types', async () => {
    const err = await session()('const f = (a: number, b: string): number => {\n  return (null as any).x\n}\nf(1, "b")').catch((e: Error) => e);
    // V8 points at `x` of `(null as any).x`: 0-based column 23 of line 2 in the user's input.
    expect((err as Error).stack).toMatch(/test-input:2:24/);
  });

  it('runs under new AsyncFunction too, with user line N at line N + 3', async () => {
    const AsyncFunction = (async () => {}).constructor as new (...args: string[]) => (s: Scope, i: typeof importer) => Promise<{ value: unknown }>;
    const fn = new AsyncFunction('__scope', '__import', ok('const q = 6\nq * 7').js);
    const scope = Object.create(null) as Scope;
    expect((await fn(scope, importer)).value).toBe(42);
    const thrower = new AsyncFunction('__scope', '__import', `${ok('1\nnull.x').js}\n//# sourceURL=af-input`);
    const err = await thrower(scope, importer).catch((e: Error) => e);
    expect((err as Error).stack).toMatch(/af-input:5:/);
  });
});

describe('stripTypes', () => {
  it('blanks types of a whole module, keeping lines and columns', () => {
    const src = 'export const n: number = 1;\nexport function f<T>(x: T): T { return x }\nexport interface I { a: 1 }\n';
    const out = stripTypes(src);
    expect(out).toBe('export const n         = 1;\nexport function f   (x   )    { return x }\n                           \n');
  });

  it('keeps imports used as values and drops those used only as types', () => {
    const out = stripTypes(readFileSync(new URL('transform-uses-lib.ts', fixtures), 'utf8'));
    expect(out).toContain("import Greeter, { add, origin");
    expect(out).not.toMatch(/\bPoint\b.*from/);
  });

  it('produces a module Node runs (an enum, a class with parameter properties, type-only imports)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'beamish-strip-'));
    writeFileSync(join(dir, 'transform-lib.ts.mjs'), stripTypes(readFileSync(new URL('transform-lib.ts', fixtures), 'utf8')));
    const uses = stripTypes(readFileSync(new URL('transform-uses-lib.ts', fixtures), 'utf8')).replace("'./transform-lib.js'", "'./transform-lib.ts.mjs'");
    writeFileSync(join(dir, 'uses.mjs'), uses);
    const mod = (await import(/* @vite-ignore */ pathToFileURL(join(dir, 'uses.mjs')).href)) as { sum: number; greeting: string };
    expect(mod).toMatchObject({ sum: 3, greeting: 'hello strip' });
    const lib = (await import(/* @vite-ignore */ pathToFileURL(join(dir, 'transform-lib.ts.mjs')).href)) as { Color: Record<string, unknown> };
    expect(lib.Color).toEqual({ Red: 0, Green: 5, Blue: 6, 0: 'Red', 5: 'Green', 6: 'Blue' });
  });

  it("turns every module of beamish's own source into JavaScript, blanking types in place", () => {
    const root = new URL('../../src/', import.meta.url);
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const src = readFileSync(new URL(file, root), 'utf8');
      const out = stripTypes(src, file);
      // Valid JavaScript: the JS parser (TS syntax would fail it) accepts it.
      expect(transform(out, { filename: 'check.js' }).kind, file).toBe('ok');
      // Without enums and parameter properties, stripping only blanks: every offset stays.
      if (!/\benum\b|constructor\([^)]*\b(?:public|private|protected|readonly)\b/.test(src)) {
        expect(out.length, file).toBe(src.length);
        expect(out.split('\n').map((l) => l.length), file).toEqual(src.split('\n').map((l) => l.length));
      }
    }
  });

  it('throws a SyntaxError naming the file, line and column', () => {
    expect(() => stripTypes('const a = 1;\nconst = 2;', 'lib.ts')).toThrow(/lib\.ts:2:7/);
  });
});
