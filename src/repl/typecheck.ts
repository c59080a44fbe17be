/**
 * Types at the prompt: `--typecheck` (type errors reported before an input runs; the input
 * does not run, as with ts-node) and `.type EXPR`. Loaded on first use only: the TypeScript
 * compiler costs ~0.4 s to load, which the shell's start-up never pays.
 *
 * A session is checked as one virtual module in the working folder (so imports resolve as
 * they do at the prompt) that holds a prelude, what earlier inputs declared, then the new
 * input. The prelude keeps each name once, as the prompt does (any declaration can be
 * declared again): variables and functions as `declare const|let name: Type` with the
 * type the checker gave them when they were accepted, classes, interfaces, types, enums and
 * imports as their source text. The prompt's globals come from a second virtual file that
 * declares each of them with the type of beamish's own export.
 *
 * Measured on this machine's Node 20: the first check ~1 s (the compiler and the lib files),
 * then ~10–30 ms an input.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import * as beamish from '../index.js';
import * as helpers from './helpers.js';

const cwd = process.cwd();
/** The virtual module of the session, in the working folder (or beside the file run). */
const SESSION = '__beamish_session__.ts';
let cellFile = path.join(cwd, SESSION);
const GLOBALS = path.join(cwd, '__beamish_globals__.d.ts');
const here = path.dirname(fileURLToPath(import.meta.url));
const BEAMISH = path.join(here, '..', 'index');
const HELPERS = path.join(here, 'helpers');

function hasNodeTypes(): boolean {
  for (const from of [cwd, here]) {
    try {
      createRequire(path.join(from, 'x.js')).resolve('@types/node/package.json');
      return true;
    } catch {
      // not installed there
    }
  }
  return false;
}

const options: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2023.d.ts'],
  types: hasNodeTypes() ? ['node'] : [],
  typeRoots: [path.join(cwd, 'node_modules', '@types'), path.join(here, '..', '..', '..', 'node_modules', '@types'), path.join(here, '..', '..', 'node_modules', '@types')],
  strict: true,
  skipLibCheck: true,
  noEmit: true,
  allowJs: false,
  esModuleInterop: true,
  allowImportingTsExtensions: true,
  resolveJsonModule: true,
  paths: { beamish: [BEAMISH] },
};

function globalsSource(types: string[] = []): string {
  const lines = [`import type * as B from ${JSON.stringify(BEAMISH)};`, `import type * as H from ${JSON.stringify(HELPERS)};`, 'declare global {'];
  const add = (space: Record<string, unknown>, alias: string) => {
    for (const [name, value] of Object.entries(space)) {
      if (!/^[A-Za-z_$][\w$]*$/.test(name)) continue;
      lines.push(`  const ${name}: typeof ${alias}.${name};`);
      if (typeof value === 'function' && /^class\b/.test(Function.prototype.toString.call(value))) lines.push(`  type ${name} = ${alias}.${name};`);
    }
  };
  add(beamish as Record<string, unknown>, 'B');
  add(helpers as Record<string, unknown>, 'H');
  lines.push(...types, '}', 'export {};');
  return lines.join('\n');
}

/** What an accepted input leaves in the prelude, by name. */
type Declarations = Map<string, string>;

const prelude: Declarations = new Map();
let processed = 0;
const stash = new Map<string, Declarations>();
let cell = '';
let cellVersion = 0;
let globals = globalsSource();
let globalsVersion = 1;

const host: ts.LanguageServiceHost = {
  getScriptFileNames: () => [GLOBALS, cellFile],
  getScriptVersion: (f) => (f === cellFile ? String(cellVersion) : f === GLOBALS ? String(globalsVersion) : '1'),
  getScriptSnapshot: (f) => {
    if (f === cellFile) return ts.ScriptSnapshot.fromString(cell);
    if (f === GLOBALS) return ts.ScriptSnapshot.fromString(globals);
    const text = ts.sys.readFile(f);
    return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
  },
  getCurrentDirectory: () => cwd,
  getCompilationSettings: () => options,
  getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
  fileExists: (f) => f === cellFile || f === GLOBALS || ts.sys.fileExists(f),
  readFile: (f) => (f === cellFile ? cell : f === GLOBALS ? globals : ts.sys.readFile(f)),
  readDirectory: ts.sys.readDirectory,
  directoryExists: ts.sys.directoryExists,
  getDirectories: ts.sys.getDirectories,
};
const service = ts.createLanguageService(host, ts.createDocumentRegistry());

/**
 * beamish's type-only exports (ProcessFn, GenServerModule, …) as global types, so the
 * prompt can write `const m: GenServerModule = …` as it writes `spawn(…)`.
 */
function addTypeExports(): void {
  const program = service.getProgram()!;
  const checker = program.getTypeChecker();
  const sf = program.getSourceFile(GLOBALS)!;
  const mod = checker.getSymbolAtLocation((sf.statements[0] as ts.ImportDeclaration).moduleSpecifier);
  if (mod === undefined) return;
  const types: string[] = [];
  for (const sym of checker.getExportsOfModule(mod)) {
    const target = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
    if (target.flags & ts.SymbolFlags.Value || !(target.flags & ts.SymbolFlags.Type)) continue;
    const decl = target.declarations?.[0];
    const tps = decl !== undefined && (ts.isInterfaceDeclaration(decl) || ts.isTypeAliasDeclaration(decl)) ? decl.typeParameters : undefined;
    const params = tps ? `<${tps.map((t) => t.getText()).join(', ')}>` : '';
    const args = tps ? `<${tps.map((t) => t.name.text).join(', ')}>` : '';
    types.push(`  type ${sym.name}${params} = B.${sym.name}${args};`);
  }
  globals = globalsSource(types);
  globalsVersion++;
}
addTypeExports();

/** Top-level names `code` declares (values and types), from its syntax alone. */
function declaredBy(code: string): Set<string> {
  const sf = ts.createSourceFile('input.ts', code, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const names = new Set<string>();
  for (const st of sf.statements) for (const n of statementNames(st)) names.add(n);
  return names;
}

function bindingNames(name: ts.BindingName, out: string[] = []): string[] {
  if (ts.isIdentifier(name)) out.push(name.text);
  else for (const el of name.elements) if (!ts.isOmittedExpression(el)) bindingNames(el.name, out);
  return out;
}

function statementNames(st: ts.Statement): string[] {
  if (ts.isVariableStatement(st)) return st.declarationList.declarations.flatMap((d) => bindingNames(d.name));
  if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st) || ts.isEnumDeclaration(st)) && st.name) return [st.name.text];
  if (ts.isModuleDeclaration(st) && ts.isIdentifier(st.name)) return [st.name.text];
  if (ts.isImportDeclaration(st) && st.importClause) {
    const c = st.importClause;
    const names = c.name ? [c.name.text] : [];
    if (c.namedBindings && ts.isNamespaceImport(c.namedBindings)) names.push(c.namedBindings.name.text);
    else if (c.namedBindings) for (const el of c.namedBindings.elements) names.push(el.name.text);
    return names;
  }
  if (ts.isImportEqualsDeclaration(st)) return [st.name.text];
  return [];
}

/** The prelude without the names `code` declares again, and where `code` starts in the cell. */
function buildCell(code: string): number {
  const redeclared = declaredBy(code);
  const kept = new Set<string>();
  for (const [name, text] of prelude) {
    if (redeclared.has(name)) continue;
    kept.add(text);
  }
  const head = kept.size === 0 ? '' : `${[...kept].join('\n')}\n`;
  cell = `${head}${code}\nexport {};\n`;
  cellVersion++;
  return head.length;
}

// Types are written as the session would name them (`Pid`, a global of the prompt), else
// with import("…") paths: either way valid in the prelude.
const FORMAT = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope | ts.TypeFormatFlags.WriteArrowStyleSignature;

/** What the statements of the user's part of the cell declare, for the prelude. */
function declarationsOf(start: number): Declarations {
  const program = service.getProgram()!;
  const sf = program.getSourceFile(cellFile)!;
  const checker = program.getTypeChecker();
  const out: Declarations = new Map();
  const typeText = (node: ts.Node) => {
    const type = checker.getTypeAtLocation(node);
    return checker.typeToString(type, sf, FORMAT);
  };
  for (const st of sf.statements) {
    if (st.getStart(sf) < start) continue;
    if (ts.isVariableStatement(st)) {
      const isConst = (st.declarationList.flags & ts.NodeFlags.Const) !== 0;
      for (const d of st.declarationList.declarations) {
        const ids: ts.Identifier[] = [];
        const collect = (n: ts.BindingName) => {
          if (ts.isIdentifier(n)) ids.push(n);
          else for (const el of n.elements) if (!ts.isOmittedExpression(el)) collect(el.name);
        };
        collect(d.name);
        for (const id of ids) out.set(id.text, `declare ${isConst ? 'const' : 'let'} ${id.text}: ${typeText(id)};`);
      }
    } else if (ts.isFunctionDeclaration(st) && st.name) {
      out.set(st.name.text, `declare const ${st.name.text}: ${typeText(st.name)};`);
    } else {
      const text = st.getText(sf).replace(/^export\s+(default\s+)?/, '');
      for (const name of statementNames(st)) out.set(name, text);
    }
  }
  return out;
}

/** Brings the prelude up to date with the inputs the shell ran since the last call. */
function sync(accepted: readonly string[]): void {
  for (; processed < accepted.length; processed++) {
    const code = accepted[processed]!;
    let decls = stash.get(code);
    if (decls === undefined) {
      const start = buildCell(code);
      decls = declarationsOf(start);
    }
    stash.clear();
    for (const [name, text] of decls) {
      prelude.delete(name);
      prelude.set(name, text);
    }
  }
}

function position(start: number, pos: number): { line: number; column: number } {
  const before = cell.slice(start, pos);
  const line = before.split('\n').length;
  return { line, column: pos - start - (before.lastIndexOf('\n') + 1) };
}

function report(diags: readonly ts.Diagnostic[], start: number, code: string, filename: string, color: boolean): string | undefined {
  const mine = diags.filter((d) => d.file?.fileName === cellFile && d.start !== undefined && d.start >= start && d.category === ts.DiagnosticCategory.Error);
  if (mine.length === 0) return undefined;
  const lines = code.split('\n');
  const text = mine
    .map((d) => {
      const { line, column } = position(start, d.start!);
      const message = ts.flattenDiagnosticMessageText(d.messageText, '\n    ');
      const src = lines[line - 1] ?? '';
      const width = Math.max(1, Math.min(d.length ?? 1, src.length - column));
      return `** (TypeError) ${filename}:${line}:${column + 1}: ${message} (TS${d.code})\n    ${src}\n    ${' '.repeat(column)}${'~'.repeat(width)}`;
    })
    .join('\n');
  return color ? `\x1b[31m${text}\x1b[39m` : text;
}

/**
 * Type errors in `code`, given the inputs the shell accepted before it, or undefined when it
 * type-checks (what it declares is then kept for the next input).
 */
export async function check(code: string, filename: string, color: boolean, accepted: readonly string[]): Promise<string | undefined> {
  // A file's own imports resolve from its folder.
  cellFile = path.isAbsolute(filename) && existsSync(filename) ? path.join(path.dirname(filename), SESSION) : path.join(cwd, SESSION);
  sync(accepted);
  const start = buildCell(code);
  const diags = [...service.getSyntacticDiagnostics(cellFile), ...service.getSemanticDiagnostics(cellFile)];
  const problems = report(diags, start, code, filename, color);
  if (problems === undefined) stash.set(code, declarationsOf(start));
  return problems;
}

/** `.type EXPR`: the TypeScript type of an expression, in the session's context. */
export async function typeOf(expr: string, color: boolean, accepted: readonly string[]): Promise<string> {
  cellFile = path.join(cwd, SESSION);
  sync(accepted);
  const code = `const __beamish_type__ = (${expr}\n);`;
  const start = buildCell(code);
  const diags = [...service.getSyntacticDiagnostics(cellFile), ...service.getSemanticDiagnostics(cellFile)];
  const problems = report(diags, start, code, '.type', color);
  if (problems !== undefined) return problems;
  const program = service.getProgram()!;
  const sf = program.getSourceFile(cellFile)!;
  const decl = sf.statements.find((s) => s.getStart(sf) >= start) as ts.VariableStatement;
  const name = decl.declarationList.declarations[0]!.name;
  const checker = program.getTypeChecker();
  const type = checker.getTypeAtLocation(name);
  const text = checker.typeToString(type, sf, FORMAT | ts.TypeFormatFlags.MultilineObjectLiterals);
  return color ? `\x1b[36m${text}\x1b[39m` : text;
}

/** Loads the compiler and the lib files now, so the first input does not wait for them. */
export function warmUp(): void {
  void check('0', 'warm-up', false, []);
}
