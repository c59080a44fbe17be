/**
 * A short, one-line rendering of terms for error messages and exit reasons raised by the
 * runtime. The shell's full printer lives in src/inspect; this one only has to be
 * readable and never throw (cycles, huge values and exotic objects included).
 */
import { Pid, Ref } from './pid.js';

/**
 * A term on one short line, as the runtime's error messages and exit reasons show it
 * (cycles, huge and exotic values included; it never throws).
 *
 * @example A tuple with a map inside
 * ```ts
 * formatTerm(['error', { code: 42 }]); // "['error', { code: 42 }]"
 * formatTerm(pid('0.7.0')); // '#PID<0.7.0>'
 * ```
 */
export function formatTerm(v: unknown, depth = 0, seen?: Set<object>): string {
  if (typeof v === 'string') return depth === 0 && v.length > 0 && /^[a-z_][\w@]*$/.test(v) ? `'${v}'` : quote(v);
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'symbol') return v.toString();
  if (typeof v === 'function') return v.name ? `[Function ${v.name}]` : '[Function]';
  if (typeof v !== 'object') return String(v);
  if (v instanceof Pid || v instanceof Ref) return v.toString();
  if (v instanceof Error) return `${v.name}: ${v.message}`;
  // Made only for a tree: most terms formatted are atoms and pids (reports, error messages).
  seen ??= new Set();
  if (seen.has(v)) return '[Circular]';
  if (depth > 4) return Array.isArray(v) ? '[…]' : '{…}';
  seen.add(v);
  try {
    if (Array.isArray(v)) {
      const items = v.slice(0, 20).map((x) => formatTerm(x, depth + 1, seen));
      if (v.length > 20) items.push(`… ${v.length - 20} more`);
      return `[${items.join(', ')}]`;
    }
    const keys = Object.keys(v).slice(0, 20);
    const body = keys.map((k) => `${k}: ${formatTerm((v as Record<string, unknown>)[k], depth + 1, seen)}`);
    const name = v.constructor && v.constructor !== Object ? `${v.constructor.name} ` : '';
    return `${name}{${body.length ? ` ${body.join(', ')} ` : ''}}`;
  } catch {
    return '[object]';
  } finally {
    seen.delete(v);
  }
}

function quote(s: string): string {
  const cut = s.length > 200 ? `${s.slice(0, 200)}…` : s;
  return `'${cut.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}
