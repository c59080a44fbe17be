/**
 * `observer()`: a live web page of the running system, as Erlang's observer, served by
 * beamish itself on 127.0.0.1. It draws the supervision trees (a crash flashes the node,
 * the restart slides the new pid into place), the process table, a process's details with
 * a button to kill it, and a sequence diagram of the recent messages.
 *
 * Decisions:
 * - Only 127.0.0.1, a port the system picks, and a random token in the URL that every
 *   request must carry (403 without it): another user or web page on the machine cannot
 *   read the system's state or kill its processes.
 * - Nothing is loaded, subscribed or allocated until the first call (the server's module
 *   is imported then); `observer.stop()` unsubscribes from the event stream and frees the
 *   port.
 * - Updates are pushed with server-sent events: a full snapshot when the page connects,
 *   then one delta every 100 ms at most, holding only what changed (see feed.ts).
 * - One observer per runtime: calling `observer()` again gives the running one's URL.
 *   `startObserver()` starts independent servers (tests, tools).
 */
import type { ObserverServer, ServerOptions } from './server.js';

export type { ObserverServer } from './server.js';

export interface ObserverOptions {
  /** The port to listen on (on 127.0.0.1); default a free one. */
  port?: number;
  /** Milliseconds between two pushes to the page; default 100. */
  interval?: number;
  /** Least milliseconds between two refreshes of the process table; default 500. */
  tableInterval?: number;
  /** How many recent messages are kept for the sequence diagram; default 200. */
  messages?: number;
  /** Where the server's own errors are logged; default stderr. */
  log?: (line: string) => void;
}

/**
 * Starts an observer server of its own and returns it: its `url` (token included) and
 * `stop()`. Most users want `observer()`; this is for tools and tests that need a server
 * they control.
 *
 * @example Start a server, read its snapshot, stop it
 * ```ts
 * const server = await startObserver();
 * const res = await fetch(server.url.replace('/?', '/api/snapshot?'));
 * res.status; // 200
 * Array.isArray((await res.json()).procs); // true
 * await server.stop();
 * ```
 */
export async function startObserver(opts: ObserverOptions = {}): Promise<ObserverServer> {
  const { startServer } = await import('./server.js');
  return startServer(opts satisfies ServerOptions);
}

let running: Promise<ObserverServer> | undefined;

/**
 * Opens the live observer page: starts a web server on 127.0.0.1 and resolves with its
 * URL (with the token every request must carry) to open in a browser. It shows the
 * supervision trees, the process table, a process's details (with a Kill button) and the
 * recent messages, updated as they change. `observer.stop()` ends it.
 *
 * @example Open the page, then close it
 * ```ts
 * const url = await observer();
 * url.startsWith('http://127.0.0.1:'); // true
 * url.includes('?token='); // true
 * (await observer()) === url; // true
 * await observer.stop();
 * ```
 */
export function observer(opts: ObserverOptions = {}): Promise<string> {
  running ??= startObserver(opts).catch((err: unknown) => {
    running = undefined;
    throw err;
  });
  return running.then((s) => s.url);
}

/**
 * Stops the page `observer()` started: the event stream is no longer read and the port is
 * freed. Resolves once the server is closed; does nothing when none runs.
 *
 * @example Stop twice
 * ```ts
 * await observer();
 * await observer.stop();
 * await observer.stop();
 * ```
 */
async function stop(): Promise<void> {
  const server = running;
  running = undefined;
  // A server that failed to start has nothing to stop.
  await (await server?.catch(() => undefined))?.stop();
}

observer.stop = stop;
