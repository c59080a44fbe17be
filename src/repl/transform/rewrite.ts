/**
 * One walk over the parsed input that (1) blanks TypeScript-only syntax with spaces, so every
 * remaining character keeps its line and column, (2) turns enums and parameter properties into
 * JavaScript on their own lines, and, at the prompt, (3) rewrites top-level declarations into
 * definitions on the session object `__scope` and every reference to a session variable into a
 * read of `__scope`. The header of ../transform.ts describes the produced code.
 */
import { Edits } from './edits.js';
import { childKeys, skipTrivia, type Node } from './syntax.js';

/** A feature the transform refuses, with the offset it points at. */
export class UnsupportedSyntax extends Error {
  constructor(
    message: string,
    readonly pos: number,
  ) {
    super(message);
  }
}

export type Mode = 'repl' | 'module';

/**
 * Opens the return of an input's value (closed by `) }`). The `0, ` keeps an anonymous
 * function or class typed at the prompt anonymous (not named "value" after the property).
 */
export const VALUE_OPEN = 'return { value: (0, ';

export interface Rewritten {
  /** The edited source: same lines as the input. */
  code: string;
  /** Value names the input declares at top level, in order. */
  declared: string[];
  /** Statements to run before the user's code (hoisted function bindings, `var` names). */
  prologue: string[];
  /** Names of the helper functions of ./helpers.ts the code calls. */
  helpers: Set<string>;
  /** Whether the code uses the destructuring temporary `__t`. */
  usesTemp: boolean;
  /** Whether the code returns `{ value }` itself (its last statement is an expression). */
  returnsValue: boolean;
  /** Whether {@link VALUE_OPEN} must end the prologue (the expression is the first statement). */
  returnInPrologue: boolean;
}

type ScopeKind = 'top' | 'function' | 'block';

class Scope {
  readonly names = new Set<string>();
  constructor(
    readonly parent: Scope | null,
    readonly kind: ScopeKind,
  ) {}

  /** The scope `var` declarations of this scope belong to. */
  varScope(): Scope {
    let s: Scope = this;
    while (s.kind === 'block') s = s.parent!;
    return s;
  }
}

/** Statements that produce no JavaScript at all. */
function isTypeOnly(node: Node): boolean {
  switch (node.type) {
    case 'TSInterfaceDeclaration':
    case 'TSTypeAliasDeclaration':
    case 'TSDeclareFunction':
    case 'TSNamespaceExportDeclaration':
    case 'EmptyStatement':
      return true;
    case 'ImportDeclaration':
      return node.importKind === 'type';
    case 'ExportNamedDeclaration':
      return node.exportKind === 'type' || (node.declaration != null && isTypeOnly(node.declaration));
    case 'ExportAllDeclaration':
      return node.exportKind === 'type';
    default:
      return node.declare === true;
  }
}

/** The expression whose value a top-level statement shows at the prompt, if it is one. */
function valueOf(node: Node): Node | null {
  if (node.type === 'ExpressionStatement') return node.expression;
  if (node.type !== 'ExportDefaultDeclaration') return null;
  const decl = node.declaration;
  if (decl.type === 'FunctionDeclaration' || decl.type === 'ClassDeclaration') return decl.id ? null : decl;
  return decl.type.startsWith('TSInterface') ? null : decl;
}

/**
 * The expression statements that give the completion value of a statement ending the input,
 * as Node's REPL shows it: the last statement of a block, both branches of an `if`, the
 * `try` block and its `catch` (a `finally` does not change the value). A declaration or a
 * loop last in a branch gives none (the input's value is then undefined on that path).
 */
function completions(node: Node | null, out: Node[]): Node[] {
  if (!node) return out;
  switch (node.type) {
    case 'ExpressionStatement':
      out.push(node);
      break;
    case 'BlockStatement': {
      const body = (node.body as Node[]).filter((s) => !isTypeOnly(s));
      completions(body[body.length - 1] ?? null, out);
      break;
    }
    case 'IfStatement':
      completions(node.consequent, out);
      completions(node.alternate, out);
      break;
    case 'TryStatement':
      completions(node.block, out);
      completions(node.handler?.body ?? null, out);
      break;
  }
  return out;
}

/** Names bound by a binding pattern. */
function patternNames(p: Node | null, out: string[]): void {
  if (!p) return;
  switch (p.type) {
    case 'Identifier':
      out.push(p.name);
      break;
    case 'ObjectPattern':
      for (const prop of p.properties) patternNames(prop.type === 'RestElement' ? prop.argument : prop.value, out);
      break;
    case 'ArrayPattern':
      for (const el of p.elements) patternNames(el, out);
      break;
    case 'AssignmentPattern':
      patternNames(p.left, out);
      break;
    case 'RestElement':
      patternNames(p.argument, out);
      break;
    case 'TSParameterProperty':
      patternNames(p.parameter, out);
      break;
  }
}

/** Names that `var` declarations in `node` bind in the enclosing function (not entering functions). */
function varNames(node: Node | null, out: string[]): void {
  if (!node) return;
  switch (node.type) {
    case 'VariableDeclaration':
      if (node.kind === 'var' && !node.declare) for (const d of node.declarations) patternNames(d.id, out);
      break;
    case 'ForStatement':
      varNames(node.init, out);
      varNames(node.body, out);
      break;
    case 'ForInStatement':
    case 'ForOfStatement':
      varNames(node.left, out);
      varNames(node.body, out);
      break;
    case 'BlockStatement':
    case 'StaticBlock':
      for (const s of node.body) varNames(s, out);
      break;
    case 'IfStatement':
      varNames(node.consequent, out);
      varNames(node.alternate, out);
      break;
    case 'WhileStatement':
    case 'DoWhileStatement':
    case 'LabeledStatement':
      varNames(node.body, out);
      break;
    case 'TryStatement':
      varNames(node.block, out);
      varNames(node.handler?.body ?? null, out);
      varNames(node.finalizer, out);
      break;
    case 'SwitchStatement':
      for (const c of node.cases) for (const s of c.consequent) varNames(s, out);
      break;
    case 'ExportNamedDeclaration':
      varNames(node.declaration, out);
      break;
  }
}

/** Names declared by let/const/class/function/enum/import directly in a statement list. */
function lexicalNames(statements: Node[], out: string[]): void {
  for (let s of statements) {
    if ((s.type === 'ExportNamedDeclaration' || s.type === 'ExportDefaultDeclaration') && s.declaration) s = s.declaration;
    if (isTypeOnly(s)) continue;
    switch (s.type) {
      case 'VariableDeclaration':
        if (s.kind !== 'var') for (const d of s.declarations) patternNames(d.id, out);
        break;
      case 'FunctionDeclaration':
      case 'ClassDeclaration':
      case 'TSEnumDeclaration':
      case 'TSImportEqualsDeclaration':
        if (s.id) out.push(s.id.name);
        break;
      case 'ImportDeclaration':
        for (const spec of s.specifiers) if (spec.importKind !== 'type') out.push(spec.local.name);
        break;
    }
  }
}

/** TypeScript modifiers of class members and parameter properties, blanked as words. */
const TS_MODIFIERS = /\b(?:public|private|protected|readonly|override|declare|abstract)\b/g;

function quote(name: string): string {
  return JSON.stringify(name);
}

export function rewrite(source: string, program: Node, mode: Mode): Rewritten {
  return new Rewriter(source, mode).run(program);
}

class Rewriter {
  private readonly edits: Edits;
  private readonly repl: boolean;
  private readonly declared: string[] = [];
  private readonly prologue: string[] = [];
  private readonly helpers = new Set<string>();
  private usesTemp = false;
  /** Module mode: top-level names read as values (to drop imports used only as types). */
  private readonly usedTop = new Set<string>();
  /** Names of the top-level interfaces and type aliases. */
  private readonly typeNames = new Set<string>();
  private returnInPrologue = false;
  /** Names a top-level destructuring declaration has already assigned to `__t`. */
  private tempNames: Set<string> | null = null;
  private returnsValue = false;

  constructor(
    private readonly src: string,
    mode: Mode,
  ) {
    this.edits = new Edits(src);
    this.repl = mode === 'repl';
  }

  run(program: Node): Rewritten {
    const top = new Scope(null, 'top');
    const vars: string[] = [];
    for (const s of program.body) {
      const names: string[] = [];
      lexicalNames([s], names);
      varNames(s, vars);
      varNames(s, names);
      for (const n of names) top.names.add(n);
    }
    for (const n of top.names) this.declared.push(n);

    if (this.repl) {
      // `var` names declared below the top level (in a loop head, a block) exist, as JavaScript
      // hoists them, from the start of the input.
      const direct: string[] = [];
      for (const s of program.body) if (s.type === 'VariableDeclaration' && s.kind === 'var') varNames(s, direct);
      for (const n of new Set(vars)) if (!direct.includes(n)) this.prologue.push(`${this.helper('__var')}(${quote(n)});`);
    }
    for (let s of program.body) {
      if (s.type === 'ExportNamedDeclaration' && s.declaration) s = s.declaration;
      if (s.type === 'TSInterfaceDeclaration' || s.type === 'TSTypeAliasDeclaration') this.typeNames.add(s.id.name);
    }

    // At the prompt the value of a last expression statement is the result: VALUE_OPEN
    // goes at the end of the statement before it (or of the prologue), so no column moves.
    const body: Node[] = program.body;
    let valueIndex = -1;
    // A trailing if/try/block: each statement that may end it returns its value from where
    // it stands (its line's later columns move; the generated final `return` covers the rest).
    let nested: Node[] = [];
    if (this.repl) {
      for (let i = body.length - 1; i >= 0; i--) {
        if (isTypeOnly(body[i]!)) continue;
        if (valueOf(body[i]!)) valueIndex = i;
        else nested = completions(body[i]!, []).map((s) => s.expression);
        break;
      }
    }
    for (const e of nested) this.edits.insert(e.start, VALUE_OPEN);
    body.forEach((s, i) => {
      if (i === valueIndex) {
        this.returnsValue = true;
        if (i === 0) this.returnInPrologue = true;
        else this.edits.insert(body[i - 1]!.end, `;${VALUE_OPEN}`);
      }
      this.topStatement(s, top);
      if (i === valueIndex) this.edits.insert(valueOf(s)!.end, ') }');
    });
    for (const e of nested) this.edits.insert(e.end, ') }');
    if (!this.repl) this.dropTypeOnlyImports(program);
    return {
      code: this.edits.apply(),
      declared: this.declared,
      prologue: this.prologue,
      helpers: this.helpers,
      usesTemp: this.usesTemp,
      returnsValue: this.returnsValue,
      returnInPrologue: this.returnInPrologue,
    };
  }

  private helper(name: string): string {
    this.helpers.add(name);
    return name;
  }

  // ---------------------------------------------------------------- top-level statements

  private topStatement(node: Node, scope: Scope): void {
    if (isTypeOnly(node)) {
      this.edits.blank(node.start, node.end);
      return;
    }
    switch (node.type) {
      case 'ImportDeclaration':
        // Module mode: imports stay; `type` and unused specifiers go at the end (dropTypeOnlyImports).
        return this.repl ? this.replImport(node) : undefined;
      case 'TSImportEqualsDeclaration':
        return this.importEquals(node);
      case 'ExportNamedDeclaration':
        if (!this.repl) {
          if (node.declaration) return this.topStatement(node.declaration, scope);
          for (const spec of node.specifiers) {
            const local = node.source ? null : (spec.local.name as string);
            // `export { T }` of an interface or type alias exports no value.
            if (spec.exportKind === 'type' || (local && this.typeNames.has(local) && !scope.names.has(local))) this.blankListItem(spec);
            else if (local) this.noteUse(spec.local);
          }
          return;
        }
        if (!node.declaration) return this.edits.blank(node.start, node.end);
        this.edits.blank(node.start, node.declaration.start);
        return this.topStatement(node.declaration, scope);
      case 'ExportDefaultDeclaration': {
        const decl = node.declaration;
        const named = (decl.type === 'FunctionDeclaration' || decl.type === 'ClassDeclaration') && decl.id;
        if (!this.repl) return named ? this.topStatement(decl, scope) : this.visit(decl, scope);
        this.edits.blank(node.start, decl.start);
        if (named) return this.topStatement(decl, scope);
        if (decl.type === 'FunctionDeclaration' || decl.type === 'ClassDeclaration') {
          // An anonymous default function or class: a value, as an expression.
          this.edits.insert(decl.start, '(');
          this.visit(decl, scope);
          this.edits.insert(decl.end, ')');
          return;
        }
        return this.visit(decl, scope);
      }
      case 'ExportAllDeclaration':
      case 'TSExportAssignment':
        if (this.repl) this.edits.blank(node.start, node.end);
        else if (node.type === 'TSExportAssignment') throw new UnsupportedSyntax('`export =` is CommonJS: write `export default` instead', node.start);
        return;
      case 'VariableDeclaration':
        return this.repl ? this.replDeclaration(node, scope) : this.visit(node, scope);
      case 'FunctionDeclaration':
        // Kept as written, so it is hoisted as usual; the prologue binds it in the session.
        if (this.repl) this.prologue.push(`${this.helper('__let')}({ ${node.id.name} });`);
        return this.visitFunction(node, scope);
      case 'ClassDeclaration':
        if (!this.repl) return this.visitClass(node, scope);
        this.edits.insert(node.start, `${this.helper('__let')}({ ${node.id.name}: `);
        this.visitClass(node, scope);
        this.edits.insert(node.end, ' });');
        return;
      case 'TSEnumDeclaration':
        return this.enumDeclaration(node, scope, true);
      case 'TSModuleDeclaration':
        throw new UnsupportedSyntax('namespaces are not supported: use an object or a module instead', node.start);
      default:
        return this.visit(node, scope);
    }
  }

  /** `import a, { b as c } from 'm'` → bindings of the module's exports, defined in the session. */
  private replImport(node: Node): void {
    let options = '';
    if (node.attributes?.length) {
      const pairs = node.attributes.map((a: Node) => `${this.src.slice(a.key.start, a.key.end)}: ${this.src.slice(a.value.start, a.value.end)}`);
      options = `, { with: { ${pairs.join(', ')} } }`;
    }
    const load = `await __import(${this.src.slice(node.source.start, node.source.end)}${options})`;
    const names: string[] = [];
    for (const spec of node.specifiers) {
      if (spec.importKind === 'type') continue;
      const local = spec.local.name;
      if (spec.type === 'ImportNamespaceSpecifier') names.push(`${local}: null`);
      else if (spec.type === 'ImportDefaultSpecifier') names.push(`${local}: "default"`);
      else names.push(`${local}: ${quote(spec.imported.type === 'Identifier' ? spec.imported.name : spec.imported.value)}`);
    }
    if (names.length === 0 && node.specifiers.length > 0) return this.edits.blank(node.start, node.end);
    const code = names.length === 0 ? `${load};` : `${this.helper('__from')}(${load}, { ${names.join(', ')} });`;
    this.edits.replace(node.start, node.end, code);
  }


  /**
   * Module mode: as TypeScript does, drop imported names the module never uses as a value (they
   * name types), and the whole import when none is left.
   */
  private dropTypeOnlyImports(program: Node): void {
    for (const node of program.body) {
      if (node.type !== 'ImportDeclaration' || node.importKind === 'type' || node.specifiers.length === 0) continue;
      const values = node.specifiers.filter((s: Node) => s.importKind !== 'type');
      const unused = values.filter((s: Node) => !this.usedTop.has(s.local.name));
      // Blanked in one place: the whole import, or its `type` and unused specifiers (edits must not overlap).
      if (unused.length === values.length) this.edits.blank(node.start, node.end);
      else for (const s of node.specifiers) if (s.importKind === 'type' || unused.includes(s)) this.blankListItem(s);
    }
  }

  /** Blanks an item of a comma-separated list together with the comma after it. */
  private blankListItem(item: Node): void {
    const next = skipTrivia(this.src, item.end);
    this.edits.blank(item.start, this.src[next] === ',' ? next + 1 : item.end);
  }

  /** `import x = require('m')` → x bound to the module (its default export when it has one). */
  private importEquals(node: Node): void {
    const ref = node.moduleReference;
    if (ref.type !== 'TSExternalModuleReference') throw new UnsupportedSyntax('`import x = Namespace.y` is not supported: namespaces are not', node.start);
    const spec = this.src.slice(ref.expression.start, ref.expression.end);
    if (!this.repl) {
      this.edits.replace(node.start, node.end, `import ${node.id.name} from ${spec};`);
      return;
    }
    const load = `(m => "default" in m ? m.default : m)(await __import(${spec}))`;
    this.edits.replace(node.start, node.end, `${this.helper('__const')}({ ${node.id.name}: ${load} });`);
  }

  // ---------------------------------------------------------------- declarations at the prompt

  /**
   * `const a = 1, { b, c: [d] } = e` → `__const({ a: 1 }), __const((__t = {}, { b: __t.b, c: [__t.d] } = e, __t))`:
   * the names are defined only after their initializer ran, so a throwing one leaves them as
   * they were. `let`/`var` define writable properties, `const` read-only ones.
   */
  private replDeclaration(node: Node, scope: Scope): void {
    const decls: Node[] = node.declarations;
    this.edits.replace(node.start, decls[0]!.start, '');
    let prevEnd = -1;
    for (const d of decls) {
      if (prevEnd >= 0) this.edits.replace(prevEnd, d.start, ', ');
      prevEnd = d.end;
      const id = d.id;
      if (!d.init) {
        const name = id.name as string;
        const code = node.kind === 'var' ? `${this.helper('__var')}(${quote(name)})` : `${this.helper('__let')}({ ${name}: undefined })`;
        this.edits.replace(d.start, d.end, code);
        continue;
      }
      const define = this.helper(node.kind === 'const' ? '__const' : '__let');
      if (id.type === 'Identifier') {
        this.edits.insert(d.start, `${define}({ `);
        this.blankBindingTail(id);
        const eq = skipTrivia(this.src, id.end);
        this.edits.replace(eq, eq + 1, ':');
        this.visit(d.init, scope);
        this.edits.insert(d.end, ' })');
      } else {
        this.usesTemp = true;
        this.edits.insert(d.start, `${define}((__t = {}, `);
        // A default may read a name bound earlier in the same pattern: `[a, b = a]`.
        this.tempNames = new Set();
        this.targetPattern(id, scope, 'temp');
        this.tempNames = null;
        this.visit(d.init, scope);
        this.edits.insert(d.end, ', __t))');
      }
    }
  }

  // ---------------------------------------------------------------- enums

  /**
   * `enum E { A, B = 5, C = B * 2 }` → an object built by a function that binds each member
   * by name (members refer to earlier ones, as in TypeScript), with reverse mappings for
   * numeric members. Each member keeps its line.
   */
  private enumDeclaration(node: Node, scope: Scope, topLevel: boolean): void {
    const name: string = node.id.name;
    const body = node.body;
    const inner = new Scope(scope, 'block');
    inner.names.add(name);
    for (const m of body.members) if (m.id.type === 'Identifier') inner.names.add(m.id.name);

    const open = topLevel && this.repl ? `${this.helper('__const')}({ ${name}: (` : `var ${name} = (`;
    const close = topLevel && this.repl ? ` });` : ';';
    const member = this.helper('__enum');
    this.edits.replace(node.start, body.start + 1, `${open}(${name}) => {`);
    let prev: string | null = null;
    for (const m of body.members) {
      const key = m.id.type === 'Identifier' ? m.id.name : String(m.id.value);
      const local = m.id.type === 'Identifier' ? `const ${key} = ` : '';
      if (m.initializer) {
        this.edits.replace(m.start, m.initializer.start, `${local}${member}(${name}, ${quote(key)}, `);
        this.visit(m.initializer, inner);
        this.edits.insert(m.end, ');');
      } else {
        const value = prev === null ? '0' : `${name}[${quote(prev)}] + 1`;
        this.edits.replace(m.start, m.end, `${local}${member}(${name}, ${quote(key)}, ${value});`);
      }
      prev = key;
      const comma = skipTrivia(this.src, m.end);
      if (this.src[comma] === ',') this.edits.blank(comma, comma + 1);
    }
    this.edits.replace(body.end - 1, node.end, `return ${name}; })({})${close}`);
  }

  // ---------------------------------------------------------------- references

  private resolve(name: string, scope: Scope): 'local' | 'top' | 'free' {
    for (let s: Scope | null = scope; s; s = s.parent) if (s.names.has(name)) return s.kind === 'top' ? 'top' : 'local';
    return 'free';
  }

  private noteUse(id: Node): void {
    this.usedTop.add(id.name);
  }

  /** The expression that reads session variable or global `name`. */
  private readExpr(name: string, where: 'top' | 'free', callee: boolean): string {
    if (where === 'top' && this.tempNames?.has(name)) return callee ? `(0, __t.${name})` : `__t.${name}`;
    if (where === 'top') return callee ? `(0, __scope.${name})` : `__scope.${name}`;
    return `(${quote(name)} in __scope ? __scope.${name} : ${name})`;
  }

  /** A read of identifier `id` (`callee`: called, so `this` must not become `__scope`). */
  private reference(id: Node, scope: Scope, callee = false): void {
    const where = this.resolve(id.name, scope);
    if (where === 'local') return;
    if (!this.repl) {
      if (where === 'top') this.noteUse(id);
      return;
    }
    if (where === 'free' && id.name === 'undefined') return;
    this.edits.replace(id.start, id.end, this.readExpr(id.name, where, callee));
  }

  /** The target expression that assigns identifier `name` (not a local). */
  private writeExpr(name: string, where: 'top' | 'free'): string {
    return where === 'top' ? `__scope.${name}` : `${this.helper('__set')}(${quote(name)}).${name}`;
  }

  /**
   * Rewrites an assignment target: identifiers become writes of the session (`mode` 'assign'),
   * or of the destructuring temporary `__t` (`mode` 'temp', a declaration at the prompt).
   */
  private targetPattern(p: Node, scope: Scope, mode: 'assign' | 'temp'): void {
    switch (p.type) {
      case 'Identifier': {
        this.blankBindingTail(p);
        const end = p.start + p.name.length;
        if (mode === 'temp') {
          this.tempNames?.add(p.name);
          return this.edits.replace(p.start, end, `__t.${p.name}`);
        }
        const where = this.resolve(p.name, scope);
        if (where === 'local') return;
        if (!this.repl) {
          if (where === 'top') this.noteUse(p);
          return;
        }
        return this.edits.replace(p.start, end, this.writeExpr(p.name, where));
      }
      case 'ObjectPattern':
        this.blankAnnotation(p);
        for (const prop of p.properties) {
          if (prop.type === 'RestElement') {
            this.targetPattern(prop.argument, scope, mode);
            continue;
          }
          if (prop.computed) this.visit(prop.key, scope);
          if (prop.shorthand) {
            // `{ x }` / `{ x = 1 }`: the key and the target are one token; spell both.
            const target = prop.value.type === 'AssignmentPattern' ? prop.value.left : prop.value;
            if (mode === 'temp' || this.resolve(target.name, scope) !== 'local') this.edits.insert(target.start, `${target.name}: `);
          }
          this.targetPattern(prop.value, scope, mode);
        }
        return;
      case 'ArrayPattern':
        this.blankAnnotation(p);
        for (const el of p.elements) if (el) this.targetPattern(el, scope, mode);
        return;
      case 'AssignmentPattern':
        this.targetPattern(p.left, scope, mode);
        this.visit(p.right, scope);
        return;
      case 'RestElement':
        this.blankAnnotation(p);
        this.targetPattern(p.argument, scope, mode);
        return;
      case 'ParenthesizedExpression':
        return this.targetPattern(p.expression, scope, mode);
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
        this.edits.blank(p.expression.end, p.end);
        return this.targetPattern(p.expression, scope, mode);
      case 'TSTypeAssertion':
        this.edits.blank(p.start, p.expression.start);
        return this.targetPattern(p.expression, scope, mode);
      default:
        // A member expression (`o.x = 1`, `[a.b] = …`).
        return this.visit(p, scope);
    }
  }

  // ---------------------------------------------------------------- TypeScript-only syntax

  private blankAnnotation(node: Node): void {
    if (node.typeAnnotation) this.edits.blank(node.typeAnnotation.start, node.typeAnnotation.end);
  }

  /** Blanks `?`, `!` and `: Type` after a binding identifier (inside its range in the AST). */
  private blankBindingTail(id: Node): void {
    const nameEnd = id.start + id.name.length;
    if (id.end > nameEnd && this.src.slice(id.start, nameEnd) === id.name) this.edits.blank(nameEnd, id.end);
    else this.blankAnnotation(id);
  }

  /** A binding pattern of a local declaration or parameter: types go, defaults are visited. */
  private bindingPattern(p: Node, scope: Scope): void {
    switch (p.type) {
      case 'Identifier':
        return this.blankBindingTail(p);
      case 'ObjectPattern':
        this.blankAnnotation(p);
        for (const prop of p.properties) {
          if (prop.type === 'RestElement') this.bindingPattern(prop.argument, scope);
          else {
            if (prop.computed) this.visit(prop.key, scope);
            this.bindingPattern(prop.value, scope);
          }
        }
        return;
      case 'ArrayPattern':
        this.blankAnnotation(p);
        for (const el of p.elements) if (el) this.bindingPattern(el, scope);
        return;
      case 'AssignmentPattern':
        this.blankAnnotation(p);
        this.bindingPattern(p.left, scope);
        this.visit(p.right, scope);
        return;
      case 'RestElement':
        this.blankAnnotation(p);
        this.bindingPattern(p.argument, scope);
        return;
      case 'TSParameterProperty':
        this.edits.blank(p.start, p.parameter.start);
        return this.bindingPattern(p.parameter, scope);
    }
  }

  private noDecorators(node: Node): void {
    if (node.decorators?.length) throw new UnsupportedSyntax('decorators are not supported (Node runs no decorators yet)', node.decorators[0].start);
  }

  // ---------------------------------------------------------------- functions and classes

  private visitFunction(fn: Node, scope: Scope, propertyNames: string[] = []): void {
    this.noDecorators(fn);
    if (fn.typeParameters) this.edits.blank(fn.typeParameters.start, fn.typeParameters.end);
    if (fn.returnType) this.edits.blank(fn.returnType.start, fn.returnType.end);
    let outer = scope;
    if (fn.type === 'FunctionExpression' && fn.id) {
      outer = new Scope(scope, 'block');
      outer.names.add(fn.id.name);
    }
    const inner = new Scope(outer, 'function');
    const names: string[] = fn.type === 'ArrowFunctionExpression' ? [] : ['arguments'];
    for (const p of fn.params) patternNames(p, names);
    if (fn.body?.type === 'BlockStatement') {
      varNames(fn.body, names);
      lexicalNames(fn.body.body, names);
    }
    for (const n of names) inner.names.add(n);

    fn.params.forEach((p: Node, i: number) => {
      this.noDecorators(p);
      if (p.type === 'Identifier' && p.name === 'this') {
        // TypeScript's `this: Type` parameter is not a parameter.
        const next = fn.params[i + 1];
        this.edits.blank(p.start, next ? next.start : p.end);
        return;
      }
      this.bindingPattern(p, inner);
    });
    if (!fn.body) return;
    if (fn.body.type !== 'BlockStatement') return this.visit(fn.body, inner);
    if (propertyNames.length > 0) {
      // Parameter properties are assigned first, after `super(…)` when the class extends another.
      const first = fn.body.body[0];
      const isSuper = first?.type === 'ExpressionStatement' && first.expression.type === 'CallExpression' && first.expression.callee.type === 'Super';
      const at = isSuper ? first.end : fn.body.start + 1;
      this.edits.insert(at, ` ${propertyNames.map((n) => `this.${n} = ${n};`).join(' ')}`);
    }
    for (const s of fn.body.body) this.visit(s, inner);
  }

  private visitClass(cls: Node, scope: Scope): void {
    this.noDecorators(cls);
    if (cls.abstract && this.src.startsWith('abstract', cls.start)) this.edits.blank(cls.start, cls.start + 'abstract'.length);
    if (cls.typeParameters) this.edits.blank(cls.typeParameters.start, cls.typeParameters.end);
    if (cls.superTypeArguments) this.edits.blank(cls.superTypeArguments.start, cls.superTypeArguments.end);
    if (cls.implements?.length) {
      const keyword = this.src.lastIndexOf('implements', cls.implements[0].start);
      this.edits.blank(keyword, cls.implements[cls.implements.length - 1].end);
    }
    let inner = scope;
    if (cls.id) {
      inner = new Scope(scope, 'block');
      inner.names.add(cls.id.name);
    }
    if (cls.superClass) this.visit(cls.superClass, inner);
    // Parameter properties are also fields declared first, as TypeScript emits them for ES2022.
    const ctor = cls.body.body.find((m: Node) => m.kind === 'constructor' && m.value.type === 'FunctionExpression');
    const props: string[] = [];
    for (const p of ctor?.value.params ?? []) if (p.type === 'TSParameterProperty') patternNames(p, props);
    if (props.length > 0) this.edits.insert(cls.body.start + 1, ` ${props.map((n) => `${n};`).join(' ')}`);
    for (const m of cls.body.body) this.classMember(m, inner);
  }

  private classMember(m: Node, scope: Scope): void {
    const typeOnly =
      m.type === 'TSIndexSignature' ||
      m.type.startsWith('TSAbstract') ||
      (m.type === 'PropertyDefinition' && m.declare) ||
      (m.type === 'MethodDefinition' && m.value.type === 'TSEmptyBodyFunctionExpression');
    if (typeOnly) return this.edits.blank(m.start, m.end);
    if (m.type === 'StaticBlock') return this.block(m, scope, 'function');
    this.noDecorators(m);
    // Modifiers sit between the member's start and its key: blank the TypeScript ones.
    const keyStart = m.computed ? this.src.lastIndexOf('[', m.key.start) : m.key.start;
    const head = this.src.slice(m.start, keyStart);
    for (const match of head.matchAll(TS_MODIFIERS)) this.edits.blank(m.start + match.index, m.start + match.index + match[0].length);
    if (m.computed) this.visit(m.key, scope);
    // `x?: T`, `x!: T`, `m?()`: the mark right after the key.
    let after = m.computed ? skipTrivia(this.src, m.key.end) + 1 : m.key.end;
    after = skipTrivia(this.src, after);
    if ((m.optional || m.definite) && (this.src[after] === '?' || this.src[after] === '!')) this.edits.blank(after, after + 1);
    this.blankAnnotation(m);
    if (m.type === 'MethodDefinition') {
      const props: string[] = [];
      if (m.kind === 'constructor') for (const p of m.value.params) if (p.type === 'TSParameterProperty') patternNames(p, props);
      return this.visitFunction(m.value, scope, props);
    }
    // A field's initializer runs as a method would: its `var`s are none, `this` is the instance.
    if (m.value) this.visit(m.value, new Scope(scope, 'function'));
  }

  // ---------------------------------------------------------------- statements and expressions

  private block(node: Node, scope: Scope, kind: ScopeKind = 'block'): void {
    const inner = new Scope(scope, kind);
    const names: string[] = [];
    lexicalNames(node.body, names);
    if (kind === 'function') varNames(node, names);
    for (const n of names) inner.names.add(n);
    for (const s of node.body) this.visit(s, inner);
  }

  /** Whether `var` declarations here bind session variables (no function encloses them). */
  private varsAreSession(scope: Scope): boolean {
    return this.repl && scope.varScope().kind === 'top';
  }

  private visit(node: Node | null, scope: Scope): void {
    if (!node) return;
    switch (node.type) {
      case 'Identifier':
        return this.reference(node, scope);
      case 'TSTypeAnnotation':
      case 'TSTypeParameterDeclaration':
      case 'TSTypeParameterInstantiation':
      case 'TSInterfaceDeclaration':
      case 'TSTypeAliasDeclaration':
      case 'TSDeclareFunction':
        return this.edits.blank(node.start, node.end);
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
        this.visit(node.expression, scope);
        return this.edits.blank(node.expression.end, node.end);
      case 'TSTypeAssertion':
        this.edits.blank(node.start, node.expression.start);
        return this.visit(node.expression, scope);
      case 'TSInstantiationExpression':
        this.visit(node.expression, scope);
        return this.edits.blank(node.typeArguments.start, node.typeArguments.end);
      case 'TSEnumDeclaration':
        if (node.declare) return this.edits.blank(node.start, node.end);
        return this.enumDeclaration(node, scope, false);
      case 'TSModuleDeclaration':
        if (node.declare) return this.edits.blank(node.start, node.end);
        throw new UnsupportedSyntax('namespaces are not supported: use an object or a module instead', node.start);
      case 'Decorator':
        throw new UnsupportedSyntax('decorators are not supported (Node runs no decorators yet)', node.start);

      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        return this.visitFunction(node, scope);
      case 'ClassDeclaration':
        if (node.declare) return this.edits.blank(node.start, node.end);
        return this.visitClass(node, scope);
      case 'ClassExpression':
        return this.visitClass(node, scope);
      case 'BlockStatement':
        return this.block(node, scope);
      case 'StaticBlock':
        return this.block(node, scope, 'function');
      case 'SwitchStatement': {
        this.visit(node.discriminant, scope);
        const inner = new Scope(scope, 'block');
        const names: string[] = [];
        for (const c of node.cases) lexicalNames(c.consequent, names);
        for (const n of names) inner.names.add(n);
        for (const c of node.cases) {
          this.visit(c.test, inner);
          for (const s of c.consequent) this.visit(s, inner);
        }
        return;
      }
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement': {
        const head = node.type === 'ForStatement' ? node.init : node.left;
        let inner = scope;
        if (head?.type === 'VariableDeclaration' && head.kind !== 'var') {
          inner = new Scope(scope, 'block');
          const names: string[] = [];
          for (const d of head.declarations) patternNames(d.id, names);
          for (const n of names) inner.names.add(n);
        }
        if (node.type === 'ForStatement') {
          this.visit(node.init, inner);
          this.visit(node.test, inner);
          this.visit(node.update, inner);
        } else {
          this.forHead(head, inner);
          this.visit(node.right, inner);
        }
        return this.visit(node.body, inner);
      }
      case 'CatchClause': {
        const inner = new Scope(scope, 'block');
        const names: string[] = [];
        patternNames(node.param, names);
        for (const n of names) inner.names.add(n);
        if (node.param) this.bindingPattern(node.param, inner);
        return this.visit(node.body, inner);
      }
      case 'VariableDeclaration':
        if (node.declare) return this.edits.blank(node.start, node.end);
        if (node.kind === 'var' && this.varsAreSession(scope)) return this.replDeclaration(node, scope);
        for (const d of node.declarations) {
          this.bindingPattern(d.id, scope);
          this.visit(d.init, scope);
        }
        return;
      case 'LabeledStatement':
        return this.visit(node.body, scope);
      case 'BreakStatement':
      case 'ContinueStatement':
        return;

      case 'MemberExpression':
        this.visit(node.object, scope);
        if (node.computed) this.visit(node.property, scope);
        return;
      case 'Property':
        if (node.computed) this.visit(node.key, scope);
        if (node.shorthand && node.value.type === 'Identifier') {
          if (this.repl && this.resolve(node.value.name, scope) !== 'local' && node.value.name !== 'undefined') {
            this.edits.insert(node.value.start, `${node.value.name}: `);
          }
        }
        return this.visit(node.value, scope);
      case 'MetaProperty':
        if (this.repl && node.meta.name === 'import') this.edits.replace(node.meta.start, node.meta.end, '__import');
        return;
      case 'ImportExpression':
        if (this.repl) this.edits.replace(node.start, node.start + 'import'.length, '__import');
        this.visit(node.source, scope);
        return this.visit(node.options, scope);
      case 'CallExpression':
      case 'NewExpression':
      case 'TaggedTemplateExpression': {
        const callee = node.type === 'TaggedTemplateExpression' ? node.tag : node.callee;
        if (callee.type === 'Identifier') this.reference(callee, scope, node.type !== 'NewExpression');
        else this.visit(callee, scope);
        if (node.typeArguments) this.edits.blank(node.typeArguments.start, node.typeArguments.end);
        if (node.type === 'TaggedTemplateExpression') return this.visit(node.quasi, scope);
        for (const a of node.arguments) this.visit(a, scope);
        return;
      }
      case 'UnaryExpression':
        if (node.operator === 'typeof' && node.argument.type === 'Identifier' && this.repl) {
          const name: string = node.argument.name;
          const where = this.resolve(name, scope);
          if (where === 'top') this.edits.replace(node.argument.start, node.argument.end, `__scope.${name}`);
          if (where === 'free') this.edits.replace(node.start, node.end, `(${quote(name)} in __scope ? typeof __scope.${name} : typeof ${name})`);
          return;
        }
        return this.visit(node.argument, scope);
      case 'AssignmentExpression':
        this.targetPattern(node.left, scope, 'assign');
        return this.visit(node.right, scope);
      case 'UpdateExpression':
        return this.targetPattern(node.argument, scope, 'assign');
      case 'ExportSpecifier':
      case 'ImportSpecifier':
        return;
      default:
        for (const key of childKeys[node.type] ?? []) {
          const child = node[key];
          if (Array.isArray(child)) {
            for (const c of child) if (c) this.visit(c, scope);
          } else if (child && typeof child === 'object' && typeof child.type === 'string') {
            this.visit(child, scope);
          }
        }
    }
  }

  /** The left side of `for (… in/of …)`: a declaration or an assignment target. */
  private forHead(head: Node, scope: Scope): void {
    if (head.type !== 'VariableDeclaration') return this.targetPattern(head, scope, 'assign');
    if (head.declare) return;
    const d = head.declarations[0];
    if (head.kind === 'var' && this.varsAreSession(scope)) {
      // `for (var x of xs)` assigns the session variable each turn (the prologue defined it).
      this.edits.replace(head.start, d.id.start, '');
      return this.targetPattern(d.id, scope, 'assign');
    }
    this.bindingPattern(d.id, scope);
  }
}
