/**
 * Short descriptions shared by the terminal views: which process a user means, what it
 * is (`Counter (GenServer)`), a value or an exit reason on one line.
 */
import { ArgumentError, ExitError, formatTerm, isPid, pid as pidOf, type Pid } from '../runtime/index.js';
import { isVia, lookupName, procOf, type Proc, whereisDest } from '../runtime/internal.js';
import { inspect } from './print.js';
import { labelText } from './process_table.js';
import { errorLine } from './value.js';

/** A process as users name it: a pid, its text `'0.42.0'`, a registered name, or `Registry.via(...)`. */
export type ProcessRef = Pid | string | readonly ['via', unknown, unknown];

const PID_TEXT = /^\s*(?:#PID)?<?\d+\.\d+\.\d+>?\s*$/;

/**
 * The live process `ref` stands for, or undefined when it is not alive. A ref of the wrong
 * kind is an ArgumentError naming the function called (`fn`).
 */
export function procOfRef(fn: string, ref: unknown): Proc | undefined {
  let p: Proc | undefined;
  if (isPid(ref)) p = procOf(ref);
  else if (typeof ref === 'string') p = PID_TEXT.test(ref) ? procOf(pidOf(ref)) : lookupName(ref);
  else if (isVia(ref)) {
    const pid = whereisDest(ref);
    p = pid === undefined ? undefined : procOf(pid);
  } else {
    throw new ArgumentError(`${fn}: expected a pid, its text such as '0.42.0', a registered name or Registry.via(...), got ${formatTerm(ref)}.`);
  }
  return p === undefined || p.dead ? undefined : p;
}

/** Why `ref` finds no live process, for an error message: `no process is registered as 'x'`. */
export function missingText(ref: unknown): string {
  return typeof ref === 'string' && !PID_TEXT.test(ref) ? `no process is registered as ${formatTerm(ref)}` : `${refText(ref)} is not alive`;
}

/** How a ref reads in a message: the pid, or the name as typed. */
export function refText(ref: unknown): string {
  return isPid(ref) ? String(ref) : formatTerm(ref);
}

/** The behaviour of an OTP process (GenServer, Supervisor, …), from its meta. */
export function behaviourOf(p: Proc): string | undefined {
  const b = p.meta?.behaviour;
  return typeof b === 'string' ? b : undefined;
}

/** What a process is: its label, with its behaviour when that says more (`Counter (GenServer)`). */
export function whatIs(p: Proc): string {
  return labelText({ label: p.label, behaviour: behaviourOf(p) });
}

/** Options for one-line values: short, as a log line wants them. */
const ONE_LINE = { width: Infinity, limit: 10, printableLimit: 100 } as const;

/** A value on one line, cut short as a log line needs (iex's inspect with small limits). */
export function oneLine(value: unknown, color = false): string {
  return inspect(value, { ...ONE_LINE, color });
}

/**
 * An exit reason in a few words: an error as `Error: boom` (no stack), an exit's reason,
 * anything else printed on one line (`'killed'`, `['shutdown', 'closed']`).
 */
export function shortReason(reason: unknown): string {
  if (reason instanceof ExitError) return shortReason(reason.reason);
  if (reason instanceof Error) return errorLine(reason);
  return oneLine(reason);
}
