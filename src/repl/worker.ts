/**
 * The runtime side of the interactive shell, in a worker thread: the runtime, the shell
 * process, the evaluator. The terminal (terminal.ts) talks to it with messages and stops
 * runaway code through the inspector, which is why this thread must never enable
 * async_hooks (V8's TerminateExecution aborts the process when they are on): the runtime
 * carries self() with V8's continuation data (native module) or promise hooks on Node < 24
 * and AsyncContextFrame on Node >= 24, none of which is async_hooks, and the worker runs with --no-force-async-hooks-checks.
 */
import { Console } from 'node:console';
import { parentPort } from 'node:worker_threads';
import { currentProc, host } from '../runtime/internal.js';
import { complete } from './complete.js';
import { logCrashes, logRejections } from './crash_log.js';
import { installGlobals } from './globals.js';
import type { FromWorker, ToWorker, Who, WorkerOptions } from './protocol.js';
import { attachTerminal } from './helper_api.js';
import { Shell } from './shell.js';
import type { TutorialSession, TutorialCommand } from './tutorial/index.js';
import { showThrown } from './show.js';

const port = parentPort!;
const options = await new Promise<WorkerOptions>((resolve) =>
  port.once('message', (m: ToWorker) => {
    if (m.t === 'config') resolve(m.options);
  }),
);
const post = (m: FromWorker) => port.postMessage(m);
let columns = 80;
let rows = 24;

// Everything user code writes travels the same port as results, so it arrives in order.
for (const stream of [process.stdout, process.stderr]) {
  stream.write = ((chunk: unknown, encoding?: unknown, cb?: unknown) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString();
    post({ t: 'out', text });
    const done = typeof encoding === 'function' ? encoding : cb;
    if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
    return true;
  }) as typeof stream.write;
}

// console.log colors objects when the shell shows colors (the worker's stdout is no TTY).
globalThis.console = new Console({ stdout: process.stdout, stderr: process.stderr, colorMode: options.color });

// `process.exit()` typed at the prompt exits the shell, as in node's REPL.
const exitThread = process.exit.bind(process);
process.exit = ((code?: number | string | null) => {
  post({ t: 'exit', code: Number(code ?? process.exitCode ?? 0) || 0 });
  return exitThread(0);
}) as typeof process.exit;

installGlobals();
const show = { color: options.color, columns: () => columns };
const print = (text: string) => post({ t: 'out', text: text.endsWith('\n') ? text : `${text}\n` });
const shell = new Shell({ color: options.color, cwd: options.cwd, print, columns: show.columns, check: checker() });
// Loaded on the first tutorial command (or at start for `beamish tutorial N`): not at every start.
let tutorial: Promise<{ session: TutorialSession; startedByCheck: (pid: import('../runtime/index.js').Pid) => boolean }> | undefined;
let startedByCheck: ((pid: import('../runtime/index.js').Pid) => boolean) | undefined;
function tutorialSession() {
  tutorial ??= import('./tutorial/index.js').then((t) => {
    startedByCheck = t.startedByCheck;
    return { session: new t.TutorialSession({ workDir: options.cwd, color: options.color, prompt: shell }), startedByCheck: t.startedByCheck };
  });
  return tutorial;
}
logCrashes(print, options.color, (pid) => startedByCheck?.(pid) === true);

// Live views draw on the terminal and read its keys, which the terminal forwards while one listens.
const keyListeners = new Set<(key: string) => void>();
attachTerminal({
  out: {
    write: (text: string) => post({ t: 'out', text }),
    get columns() {
      return columns;
    },
    get rows() {
      return rows;
    },
    isTTY: true,
  },
  keys: {
    onKey(listener) {
      keyListeners.add(listener);
      if (keyListeners.size === 1) post({ t: 'keys', on: true });
      return () => {
        if (keyListeners.delete(listener) && keyListeners.size === 0) post({ t: 'keys', on: false });
      };
    },
  },
});

// Nothing user code does may end the worker: errors with no process to end are printed.
process.on('uncaughtException', (err) => print(`[error] Uncaught exception outside any process\n${showThrown(err, { color: options.color, columns })}`));
logRejections(print, (e) => showThrown(e, { color: options.color, columns }));

/** Evaluated by the terminal through the inspector, on top of whatever is running. */
(globalThis as Record<string, unknown>).__beamishWho = (): Who => {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 8;
  const frames = (new Error().stack ?? '').split('\n').length - 1;
  Error.stackTraceLimit = limit;
  const p = currentProc();
  // Idle, the stack holds this function and the inspector's evaluation: two frames.
  return { busy: frames > 2, pid: p?.pid.toString(), shell: p !== undefined && p === shell.proc, evaluating: shell.busy };
};

function checker(): ((code: string, filename: string) => Promise<string | undefined>) | undefined {
  if (!options.typecheck) return undefined;
  let mod: Promise<typeof import('./typecheck.js')> | undefined;
  return async (code, filename) => {
    mod ??= import('./typecheck.js');
    return (await mod).check(code, filename, options.color, shell.accepted);
  };
}

port.on('message', (m: ToWorker) => {
  switch (m.t) {
    case 'eval':
      columns = m.columns;
      rows = m.rows ?? rows;
      // User code that lays out text for the terminal reads its width where Node keeps it.
      (process.stdout as { columns?: number }).columns = m.columns;
      void shell.evaluate(m.code, { filename: m.filename }, (o) =>
        post(o.kind === 'incomplete' ? { t: 'incomplete', id: m.id } : { t: 'done', id: m.id, text: o.text, counter: shell.counter }),
      );
      break;
    case 'load':
      columns = m.columns;
      shell.evaluateFile(m.path, {}, (o) => post({ t: 'done', id: m.id, text: o.kind === 'done' ? o.text : undefined, counter: shell.counter }));
      break;
    case 'type':
      void import('./typecheck.js')
        .then((tc) => tc.typeOf(m.expr, options.color, shell.accepted))
        .then(
          (text) => post({ t: 'done', id: m.id, text, counter: shell.counter }),
          (err) => post({ t: 'done', id: m.id, text: showThrown(err, { color: options.color, columns }), counter: shell.counter }),
        );
      break;
    case 'complete': {
      let items: string[] = [];
      let word = '';
      try {
        [items, word] = complete(m.line, shell.scope);
      } catch {
        // completion is best effort
      }
      post({ t: 'completions', id: m.id, items, word });
      break;
    }
    case 'tutorial':
      void tutorialSession()
        .then(({ session }) => session.command(m.command as TutorialCommand, m.arg))
        .then(
          (text) => post({ t: 'done', id: m.id, text, counter: shell.counter }),
          (err) => post({ t: 'done', id: m.id, text: showThrown(err, { color: options.color, columns }), counter: shell.counter }),
        );
      break;
    case 'key':
      for (const l of [...keyListeners]) l(m.key);
      break;
    case 'abandon':
      shell.abandon();
      break;
    case 'interrupted':
      shell.interrupted(m.who);
      break;
    case 'config':
      break;
  }
});

// Not a top-level await: the module's own evaluation must not wait on user code (the
// startup file), which Ctrl+C may terminate.
void shell.start().then(async () => {
  if (options.tutorial !== undefined) print((await tutorialSession()).session.open(options.tutorial));
  post({ t: 'ready', counter: shell.counter });
  // Load the compiler while the user types the first line, not when they press Enter.
  if (options.typecheck) host.setImmediate(() => void import('./typecheck.js').then((tc) => tc.warmUp()));
});
