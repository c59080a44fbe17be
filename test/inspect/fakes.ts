/**
 * Test doubles for the inspection views: processes that describe themselves as
 * supervisors through the metadata the OTP layer sets (see src/inspect/supervisors.ts),
 * and a recorder standing in for a terminal.
 */
import { Process, receive, self, spawn, type Pid } from '../../src/runtime/index.js';
import { procOf } from '../../src/runtime/internal.js';
import type { KeyInput } from '../../src/inspect/terminal.js';

/** A process that waits forever, labelled `label`. */
export function idle(label: string): Pid {
  return spawn(() => receive(() => false), { label });
}

export interface FakeChild {
  id: unknown;
  pid: Pid | 'restarting' | undefined;
  type?: 'worker' | 'supervisor';
  restart?: 'permanent' | 'transient' | 'temporary';
  restarts?: number;
  previousPid?: Pid;
}

/** Sets the metadata a supervisor publishes on the process `pid`; `children` is read on every call. */
export function fakeSupervisor(pid: Pid, strategy: string, children: () => FakeChild[]): void {
  procOf(pid)!.meta = {
    behaviour: 'Supervisor',
    module: 'Supervisor',
    strategy,
    maxRestarts: 3,
    maxSeconds: 5,
    childDetails: () => children().map((c) => ({ type: 'worker', restart: 'permanent', restarts: 0, previousPid: undefined, ...c })),
  };
}

/** A terminal stand-in: what was written, and a way to press keys. */
export function recorder(size: { columns?: number; rows?: number; isTTY?: boolean } = {}) {
  const writes: string[] = [];
  let listener: ((k: string) => void) | undefined;
  const out = { write: (t: string) => void writes.push(t), ...size };
  const input: KeyInput = {
    onKey(l) {
      listener = l;
      return () => {
        listener = undefined;
      };
    },
  };
  return {
    out,
    input,
    writes,
    /** Frames written, without the trailing newline a non-terminal frame ends with. */
    frames: () => writes.map((w) => w.replace(/\n$/, '')),
    press: (k: string) => listener?.(k),
    get listening() {
      return listener !== undefined;
    },
  };
}

/** Kills every process but the caller: each test starts from an empty system. */
export function killOthers(): void {
  const me = self();
  for (const p of Process.list()) if (p !== me) Process.exit(p, 'kill');
}
