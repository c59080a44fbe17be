#!/usr/bin/env node
/**
 * The documentation of beamish's public functions, read from their JSDoc with the TypeScript
 * compiler API: what the shell's `h(fn)` shows and what test/doctest.test.ts runs.
 *
 * `extractDocs(rootDir)` walks every export of `<rootDir>/index.ts` (through `export *` and
 * re-exports) and of the prompt's helpers (`<rootDir>/repl/helpers.ts`, when it exists):
 * functions, classes and values, and the members of namespace objects such as
 * `export const Process = { isAlive, exit }` (entry `Process.isAlive`, documented by the
 * JSDoc of the function the shorthand property names). Types and interfaces are left out.
 *
 * Run as a script, `node scripts/docs.mjs OUT.json` writes the entries as JSON
 * (`npm run build` writes dist/docs.json).
 */
import { mkdirSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * @typedef {{ title: string, code: string }} Example
 * @typedef {{
 *   name: string, qualified: string, kind: 'function' | 'class' | 'value' | 'namespace',
 *   file: string, line: number, layer: string, entry: string, signature: string | undefined,
 *   doc: string, examples: Example[]
 * }} DocEntry
 */

const ENTRIES = ['index.ts', 'repl/helpers.ts'];

/**
 * Every documented public name reachable from the entry modules under `rootDir`.
 * @param {string} [rootDir] the source folder (default 'src', relative to the working directory)
 * @param {{ entries?: string[] }} [options] entry modules, relative to rootDir
 * @returns {DocEntry[]}
 */
export function extractDocs(rootDir = 'src', options = {}) {
  const root = path.resolve(rootDir);
  const base = path.dirname(root);
  const entryFiles = (options.entries ?? ENTRIES).map((e) => path.join(root, e)).filter((f) => existsSync(f));
  const configPath = ts.findConfigFile(base, ts.sys.fileExists, 'tsconfig.json');
  const compilerOptions = configPath
    ? ts.parseJsonConfigFileContent(ts.readConfigFile(configPath, ts.sys.readFile).config, ts.sys, path.dirname(configPath)).options
    : { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, strict: true };
  const program = ts.createProgram(entryFiles, { ...compilerOptions, noEmit: true });
  const checker = program.getTypeChecker();
  /** @type {Map<string, DocEntry>} */
  const out = new Map();

  for (const file of entryFiles) {
    const sf = program.getSourceFile(file);
    const moduleSymbol = sf && checker.getSymbolAtLocation(sf);
    if (!moduleSymbol) continue;
    const entry = path.relative(base, file).split(path.sep).join('/');
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      addSymbol(exported.getName(), exported, entry);
    }
  }
  return [...out.values()];

  /** @param {string} qualified @param {ts.Symbol} symbol @param {string} entry */
  function addSymbol(qualified, symbol, entry) {
    const target = resolve(symbol);
    const decl = target.valueDeclaration ?? target.declarations?.find((d) => kindOf(d) !== undefined);
    if (!decl || out.has(qualified)) return;
    const kind = kindOf(decl);
    if (kind === undefined) return; // a type or an interface
    const namespace = namespaceMembers(decl);
    add(qualified, namespace ? 'namespace' : kind, decl, target, entry);
    if (namespace) for (const [member, sym, node] of namespace) addMember(`${qualified}.${member}`, sym, node, entry);
  }

  /** A member of a namespace object: the JSDoc of what it names, else its own. */
  function addMember(qualified, symbol, node, entry) {
    if (symbol) {
      const target = resolve(symbol);
      const decl = target.valueDeclaration ?? target.declarations?.find((d) => kindOf(d) !== undefined);
      if (decl && kindOf(decl) !== undefined) {
        const nested = namespaceMembers(decl);
        add(qualified, nested ? 'namespace' : kindOf(decl), decl, target, entry, node);
        if (nested) for (const [m, s, n] of nested) addMember(`${qualified}.${m}`, s, n, entry);
        return;
      }
    }
    const nested = namespaceMembers(node);
    add(qualified, nested ? 'namespace' : 'function', node, undefined, entry);
    if (nested) for (const [m, s, n] of nested) addMember(`${qualified}.${m}`, s, n, entry);
  }

  /**
   * @param {string} qualified @param {DocEntry['kind']} kind @param {ts.Node} decl
   * @param {ts.Symbol | undefined} symbol @param {string} entry @param {ts.Node} [site] where the name is bound (a namespace member)
   */
  function add(qualified, kind, decl, symbol, entry, site) {
    if (out.has(qualified)) return;
    let text = jsDocText(decl);
    if (text === undefined && site !== undefined) text = jsDocText(site);
    const sf = decl.getSourceFile();
    const { line } = sf.getLineAndCharacterOfPosition(decl.getStart(sf));
    const file = path.relative(base, sf.fileName).split(path.sep).join('/');
    out.set(qualified, {
      name: qualified.slice(qualified.lastIndexOf('.') + 1),
      qualified,
      kind,
      file,
      line: line + 1,
      layer: file.split('/')[1] ?? '',
      entry,
      signature: signatureOf(qualified, decl, symbol),
      doc: text ?? '',
      examples: examplesOf(text ?? ''),
    });
  }

  /** @param {ts.Symbol} s */
  function resolve(s) {
    let cur = s;
    for (let i = 0; i < 10 && cur.flags & ts.SymbolFlags.Alias; i++) cur = checker.getAliasedSymbol(cur);
    return cur;
  }

  /** @param {ts.Node} decl */
  function kindOf(decl) {
    if (ts.isFunctionDeclaration(decl) || ts.isMethodDeclaration(decl) || ts.isFunctionExpression(decl) || ts.isArrowFunction(decl)) return 'function';
    if (ts.isClassDeclaration(decl)) return 'class';
    if (ts.isVariableDeclaration(decl)) {
      const init = decl.initializer && unwrap(decl.initializer);
      return init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) ? 'function' : 'value';
    }
    if (ts.isPropertyAssignment(decl) || ts.isShorthandPropertyAssignment(decl)) return 'function';
    if (ts.isModuleDeclaration(decl)) return 'namespace';
    if (ts.isEnumDeclaration(decl)) return 'value';
    return undefined;
  }

  /**
   * The members of a namespace-like declaration: an object literal const, a class's static
   * methods, a TS namespace. Each as [name, symbol the member stands for, the member's node].
   * @param {ts.Node} decl
   * @returns {[string, ts.Symbol | undefined, ts.Node][] | undefined}
   */
  function namespaceMembers(decl) {
    if ((ts.isVariableDeclaration(decl) || ts.isPropertyAssignment(decl)) && decl.initializer) {
      // By type, so that wrappers that keep it (`as const`, `satisfies`, a naming helper
      // such as nameNamespace({ ... }, 'GenServer')) still show the members.
      const type = checker.getTypeAtLocation(decl.initializer);
      if (type.getCallSignatures().length || type.getConstructSignatures().length) return undefined;
      /** @type {[string, ts.Symbol | undefined, ts.Node][]} */
      const members = [];
      for (const prop of checker.getPropertiesOfType(type)) {
        const d = prop.valueDeclaration ?? prop.declarations?.[0];
        // Members of an object literal only: a class instance (a Pid) is not a namespace.
        if (d === undefined || !ts.isObjectLiteralExpression(d.parent)) continue;
        if (ts.isShorthandPropertyAssignment(d)) members.push([prop.getName(), checker.getShorthandAssignmentValueSymbol(d), d]);
        else if (ts.isPropertyAssignment(d)) {
          const v = unwrap(d.initializer);
          members.push([prop.getName(), ts.isIdentifier(v) || ts.isPropertyAccessExpression(v) ? checker.getSymbolAtLocation(v) : undefined, d]);
        } else if (ts.isMethodDeclaration(d)) members.push([prop.getName(), undefined, d]);
      }
      return members.length ? members : undefined;
    }
    if (ts.isClassDeclaration(decl)) {
      const statics = decl.members.filter(
        (m) => ts.isMethodDeclaration(m) && m.name && ts.isIdentifier(m.name) && ts.getCombinedModifierFlags(m) & ts.ModifierFlags.Static && !(ts.getCombinedModifierFlags(m) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) && !m.name.text.startsWith('_'),
      );
      return statics.length ? statics.map((m) => [/** @type {ts.Identifier} */ (m.name).text, undefined, m]) : undefined;
    }
    if (ts.isModuleDeclaration(decl)) {
      const sym = checker.getSymbolAtLocation(decl.name);
      return sym ? checker.getExportsOfModule(sym).map((s) => [s.getName(), s, s.declarations?.[0] ?? decl]) : [];
    }
    return undefined;
  }

  /** A one-line signature, as `name(a: A, b?: B): R`, for functions. */
  function signatureOf(qualified, decl, symbol) {
    try {
      const node = ts.isVariableDeclaration(decl) || ts.isPropertyAssignment(decl) ? decl.name : decl;
      const type = symbol ? checker.getTypeOfSymbolAtLocation(symbol, node) : checker.getTypeAtLocation(node);
      const sigs = type.getCallSignatures();
      if (sigs.length === 0 || ts.isClassDeclaration(decl)) return undefined;
      return sigs.map((s) => `${qualified}${checker.signatureToString(s, undefined, ts.TypeFormatFlags.NoTruncation)}`).join('\n');
    } catch {
      return undefined;
    }
  }
}

/** @param {ts.Expression} e */
function unwrap(e) {
  let cur = e;
  for (;;) {
    if (ts.isAsExpression(cur) || ts.isParenthesizedExpression(cur) || ts.isSatisfiesExpression?.(cur) || ts.isTypeAssertionExpression(cur)) cur = cur.expression;
    else if (ts.isCallExpression(cur) && cur.arguments.length === 1 && /^Object\.freeze$/.test(cur.expression.getText())) cur = cur.arguments[0];
    else return cur;
  }
}

/**
 * The text of the JSDoc block right before `node` (or its statement), without the comment
 * markers; undefined when there is none.
 * @param {ts.Node} node
 */
function jsDocText(node) {
  const holder = ts.isVariableDeclaration(node) ? node.parent.parent : node;
  const sf = holder.getSourceFile();
  const ranges = ts.getLeadingCommentRanges(sf.text, holder.getFullStart()) ?? [];
  const doc = ranges.filter((r) => sf.text.startsWith('/**', r.pos)).pop();
  if (doc === undefined) return undefined;
  const raw = sf.text.slice(doc.pos + 3, doc.end - 2);
  const lines = raw.split('\n').map((l) => l.replace(/^\s*\* ?/, ''));
  while (lines.length && lines[0].trim() === '') lines.shift();
  while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
  return lines.length === 1 ? lines[0].trim() : lines.join('\n');
}

/**
 * The `@example Title` blocks of a JSDoc text: the title, and the code of the fenced block
 * that follows it.
 * @param {string} text
 * @returns {Example[]}
 */
export function examplesOf(text) {
  /** @type {Example[]} */
  const examples = [];
  const re = /^@example[ \t]*(.*)\n([\s\S]*?)(?=^@\w|(?![\s\S]))/gm;
  for (const m of text.matchAll(re)) {
    const fence = /```[a-z]*\n([\s\S]*?)\n?```/.exec(m[2]);
    examples.push({ title: m[1].trim(), code: (fence ? fence[1] : m[2]).replace(/\s+$/, '') });
  }
  return examples;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const outFile = process.argv[2];
  const here = path.dirname(fileURLToPath(import.meta.url));
  const docs = extractDocs(path.join(here, '..', 'src'));
  const json = JSON.stringify(docs, null, 1);
  if (outFile) {
    mkdirSync(path.dirname(path.resolve(outFile)), { recursive: true });
    writeFileSync(outFile, `${json}\n`);
    const missing = docs.filter((d) => d.examples.length === 0).length;
    console.log(`docs: ${docs.length} entries written to ${outFile} (${missing} without an example)`);
  } else {
    process.stdout.write(`${json}\n`);
  }
}
