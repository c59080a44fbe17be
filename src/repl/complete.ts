/**
 * Tab completion, computed where the values live (the worker): globals, the user's
 * variables, keywords, and the properties of `a.b.` paths. Property paths are followed
 * through data properties only, so completing never runs a getter of user code.
 */
import { promptGlobals } from './globals.js';

const KEYWORDS = [
  'await', 'async', 'break', 'case', 'catch', 'class', 'const', 'continue', 'default', 'delete', 'do', 'else', 'enum',
  'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'interface', 'let',
  'new', 'null', 'return', 'switch', 'this', 'throw', 'true', 'try', 'type', 'typeof', 'undefined', 'var', 'void',
  'while', 'yield',
];

const PATH = /([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\.([A-Za-z_$][\w$]*)?$/;
const WORD = /[A-Za-z_$][\w$]*$/;

/** Completions for the text before the cursor, as readline wants them: [candidates, word]. */
export function complete(line: string, scope: Record<string, unknown>): [string[], string] {
  const path = PATH.exec(line);
  if (path !== null && !/\d$/.test(line.slice(0, path.index))) {
    const word = path[2] ?? '';
    const target = follow(path[1]!.split('.'), scope);
    if (target === undefined) return [[], word];
    return [propertyNames(target.value).filter((n) => n.startsWith(word)), word];
  }
  if (/\d\.\d*$/.test(line)) return [[], '']; // a number's decimal point
  const word = WORD.exec(line)?.[0] ?? '';
  const names = new Set<string>([...Object.keys(scope), ...Object.keys(promptGlobals)]);
  if (word !== '') {
    for (const n of Object.getOwnPropertyNames(globalThis)) names.add(n);
    for (const k of KEYWORDS) names.add(k);
  }
  return [[...names].filter((n) => n.startsWith(word) && !n.startsWith('__')).sort(), word];
}

function dataProperty(obj: unknown, key: string): { value: unknown } | undefined {
  let o: unknown = obj;
  if (o === null || o === undefined) return undefined;
  if (typeof o !== 'object' && typeof o !== 'function') o = Object(o);
  for (; o !== null; o = Object.getPrototypeOf(o)) {
    const d = Object.getOwnPropertyDescriptor(o, key);
    if (d !== undefined) return 'value' in d ? { value: d.value } : undefined;
  }
  return undefined;
}

function follow(segments: string[], scope: Record<string, unknown>): { value: unknown } | undefined {
  const [first, ...rest] = segments;
  let at: { value: unknown } | undefined = Object.prototype.hasOwnProperty.call(scope, first!)
    ? { value: scope[first!] }
    : Object.prototype.hasOwnProperty.call(promptGlobals, first!)
      ? { value: promptGlobals[first!] }
      : dataProperty(globalThis, first!);
  for (const key of rest) {
    if (at === undefined) return undefined;
    at = dataProperty(at.value, key);
  }
  return at;
}

function propertyNames(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  const names = new Set<string>();
  let o: unknown = typeof value === 'object' || typeof value === 'function' ? value : Object(value);
  for (; o !== null && o !== Object.prototype && o !== Function.prototype; o = Object.getPrototypeOf(o)) {
    for (const k of Object.getOwnPropertyNames(o)) if (k !== 'constructor' && !k.startsWith('__')) names.add(k);
  }
  return [...names].filter((n) => /^[A-Za-z_$][\w$]*$/.test(n)).sort();
}
