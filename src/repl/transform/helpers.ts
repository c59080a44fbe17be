/**
 * Source of the small functions the transformed code calls. They are appended, as hoisted
 * function declarations, after the user's code inside the same function body, so the body
 * needs nothing but its two parameters `__scope` and `__import`.
 */

const define = (writable: boolean) =>
  `Object.defineProperty(__scope, k, { value: o[k], writable: ${writable}, enumerable: true, configurable: true })`;

export const HELPERS: Record<string, string> = {
  // Session bindings: `const` ones are read-only properties (assigning one throws a TypeError
  // in the strict-mode code), and any declaration may redefine any name.
  __const: `function __const(o) { for (const k in o) ${define(false)}; }`,
  __let: `function __let(o) { for (const k in o) ${define(true)}; }`,
  // `var x;` keeps the value x had (JavaScript's redeclaration), made writable.
  __var:
    'function __var(k) { const d = Object.getOwnPropertyDescriptor(__scope, k); ' +
    'if (!d || !d.writable) Object.defineProperty(__scope, k, { value: d ? d.value : undefined, writable: true, enumerable: true, configurable: true }); }',
  // The object that holds a name being assigned: the session, else the global object, else
  // a ReferenceError as strict mode throws for an undeclared name.
  __set:
    'function __set(k) { if (k in __scope) return __scope; if (k in globalThis) return globalThis; ' +
    'const e = new ReferenceError(k + " is not defined"); Error.captureStackTrace(e, __set); throw e; }',
  // Import bindings (read-only, as in modules). A name the module lacks is skipped: it may name
  // a type (`import { SomeInterface } from './lib.ts'`). A CommonJS module's named exports are
  // also looked up on its `module.exports` (the default export).
  __from:
    'function __from(m, names) { for (const k in names) { const n = names[k]; let v; ' +
    'if (n === null) v = m; else if (n in m) v = m[n]; ' +
    'else if ((typeof m.default === "object" || typeof m.default === "function") && m.default !== null && n in m.default) v = m.default[n]; ' +
    'else continue; ' +
    'Object.defineProperty(__scope, k, { value: v, writable: false, enumerable: true, configurable: true }); } }',
  // An enum member; numeric members also map their value back to their name, as in TypeScript.
  __enum: 'function __enum(e, k, v) { if (typeof v === "number") e[e[k] = v] = k; else e[k] = v; return v; }',
};
