/**
 * `trace(pidOrName)` / `untrace(pidOrName?)`: every message a process takes in and sends
 * out, each exit signal it gets, the processes it spawns, its exit, and for a GenServer
 * each new state, printed as it happens, as `:sys.trace(pid, true)` prints them:
 *
 * ```
 * *DBG* #PID<0.103.0> got call 'get' from #PID<0.96.0>
 * *DBG* #PID<0.103.0> sent 10 to #PID<0.96.0>
 * *DBG* #PID<0.103.0> new state 10
 * *DBG* #PID<0.103.0> got cast 'inc'
 * *DBG* #PID<0.103.0> new state 11
 * ```
 *
 * Decisions (checked against `:sys.trace` in OTP 25):
 * - Wording as sys's: `got call REQ from PID`, `got cast MSG`, `got MSG`, `sent REPLY to
 *   PID`, `new state S` after every call, cast and info message (even when it did not
 *   change). sys puts a reply and the new state on one line; here they are two lines, so
 *   that each is printed the moment it is known.
 * - Like dbg (and unlike sys), it also shows what the process sends to others, its exit
 *   signals, spawns and exit; it works on any process, not only on OTP ones.
 * - A message is "got" when the process takes it from its mailbox (a receive), not when
 *   it arrives: that is when it acts on it. A reply to a `GenServer.call` the process made
 *   is "got" when it arrives, as it never enters the mailbox (the runtime reports it as a
 *   send marked `reply`).
 * - System messages (`sys.getState` and the like) are not shown, as sys does not show them.
 * - A name is resolved once, as sys.trace does: a process restarted under the same name
 *   is a new process, not traced.
 * - The new state of a GenServer is the one it reports once it has handled a message (a
 *   `state` report on the event stream). Values are printed on one line, cut short (see
 *   describe.ts).
 */
import { ArgumentError, subscribe, type Pid, type Stamped } from '../runtime/index.js';
import { missingText, oneLine, procOfRef, shortReason, type ProcessRef } from './describe.js';
import { type Output, writerOf } from './terminal.js';

export interface TraceOptions {
  /** Where lines go; default `process.stdout`. */
  out?: Output;
  color?: boolean;
}

/** A running trace: `stop()` ends it (as `untrace(pid)`). */
export interface Tracer {
  readonly pid: Pid;
  /** False once stopped, or once the process has exited. */
  readonly active: boolean;
  stop(): void;
}

const tracers = new Map<number, Tracer>();

/**
 * Prints what a process does as it happens: messages in and out, exit signals, spawns,
 * its exit, and for a GenServer each new state. Returns the running trace; `untrace`
 * (or its `stop()`) ends it. Tracing a process again replaces its trace.
 *
 * @example Trace a counter
 * ```ts
 * const [, pid] = await GenServer.start({ init: () => ['ok', 0], handleCast: (m, n) => ['noreply', n + 1] }, null);
 * const lines: string[] = [];
 * trace(pid, { out: (t) => lines.push(t) });
 * GenServer.cast(pid, 'inc');
 * await Process.sleep(10);
 * untrace(pid);
 * lines.join('').includes("got cast 'inc'"); // true
 * ```
 */
export function trace(pidOrName: ProcessRef, opts: TraceOptions = {}): Tracer {
  const p = procOfRef('trace', pidOrName);
  if (p === undefined) throw new ArgumentError(`trace: ${missingText(pidOrName)}; only a live process can be traced.`);
  tracers.get(p.id)?.stop();
  const out = writerOf(opts.out);
  const color = opts.color === true;
  const prefix = `*DBG* ${p.pid} `;
  const write = (line: string) => out.write(`${prefix}${line}\n`);
  const show = (v: unknown) => oneLine(v, color);
  let active = true;

  // Callers of system requests (sys.getState…) the server has taken: its reply to each is not shown either.
  const systemCallers = new Map<number, number>();
  const answersSystem = (to: Pid) => {
    const n = systemCallers.get(to.id);
    if (n === undefined) return false;
    if (n === 1) systemCallers.delete(to.id);
    else systemCallers.set(to.id, n - 1);
    return true;
  };

  const onEvent = (e: Stamped) => {
    switch (e.type) {
      case 'receive':
        if (e.pid !== p.pid) return;
        if (isCall(e.msg) && e.msg[0] === '$system') {
          const caller = e.msg[1][0];
          systemCallers.set(caller.id, (systemCallers.get(caller.id) ?? 0) + 1);
          return;
        }
        write(gotText(e.msg, show));
        return;
      case 'send':
        if (e.from === p.pid) {
          if (e.reply === true && answersSystem(e.to)) return;
          write(e.reply === true ? `sent ${show(e.msg)} to ${e.to}` : sentText(e.to, e.msg, show));
        } else if (e.to === p.pid && e.reply === true) write(`got reply ${show(e.msg)} from ${e.from}`);
        return;
      case 'signal':
        if (e.to !== p.pid || (p.trapExit && e.reason !== 'kill')) return;
        write(`got exit signal ${show(e.reason)} from ${e.from}${e.reason === 'normal' && e.from !== p.pid ? ' (ignored)' : ''}`);
        return;
      case 'spawn':
        if (e.parent === p.pid) write(`spawned ${e.pid} (${e.label})${e.link ? ', linked' : ''}`);
        return;
      case 'exit':
        if (e.pid !== p.pid) return;
        write(`exited with reason ${shortReason(e.reason)}`);
        tracer.stop();
        return;
      case 'report':
        // GenServers report their state after each message they handle (gen_server.ts).
        if (e.pid !== p.pid || e.kind !== 'state') return;
        write(`new state ${show(e.state)}`);
        return;
    }
  };

  const unsubscribe = subscribe(onEvent);
  const tracer: Tracer = {
    pid: p.pid,
    get active() {
      return active;
    },
    stop() {
      if (!active) return;
      active = false;
      unsubscribe();
      if (tracers.get(p.id) === tracer) tracers.delete(p.id);
    },
  };
  tracers.set(p.id, tracer);
  return tracer;
}

/**
 * Ends the trace of a process, or with no argument every trace; returns `'ok'`, as
 * `:sys.trace(pid, false)`.
 *
 * @example Stop every trace
 * ```ts
 * const p = spawn(() => receive());
 * trace(p, { out: () => {} }).active; // true
 * untrace(); // 'ok'
 * ```
 */
export function untrace(pidOrName?: ProcessRef): 'ok' {
  if (pidOrName === undefined) {
    for (const t of [...tracers.values()]) t.stop();
    return 'ok';
  }
  const p = procOfRef('untrace', pidOrName);
  if (p !== undefined) tracers.get(p.id)?.stop();
  return 'ok';
}

function isCall(msg: unknown): msg is ['$gen_call' | '$system', [Pid, unknown], unknown] {
  return Array.isArray(msg) && msg.length === 3 && (msg[0] === '$gen_call' || msg[0] === '$system') && Array.isArray(msg[1]);
}

function isCast(msg: unknown): msg is ['$gen_cast', unknown] {
  return Array.isArray(msg) && msg.length === 2 && msg[0] === '$gen_cast';
}

function gotText(msg: unknown, show: (v: unknown) => string): string {
  if (isCall(msg)) return `got call ${show(msg[2])} from ${msg[1][0]}`;
  if (isCast(msg)) return `got cast ${show(msg[1])}`;
  return `got ${show(msg)}`;
}

function sentText(to: Pid, msg: unknown, show: (v: unknown) => string): string {
  if (isCall(msg)) return `sent ${msg[0] === '$system' ? 'system request' : 'call'} ${show(msg[2])} to ${to}`;
  if (isCast(msg)) return `sent cast ${show(msg[1])} to ${to}`;
  return `sent ${show(msg)} to ${to}`;
}
