/**
 * The observer's web server: node:http on 127.0.0.1, a random port, a random token that
 * every request must carry (`?token=…`, or the `x-beamish-token` header). It serves the
 * page (HTML, CSS and JS of page.ts: nothing from a CDN, it works offline), a snapshot of
 * the system, the live feed as server-sent events, a process's details, and a kill button.
 *
 * Routes (every one refused with 403 without the token):
 * - `GET /` the page; `GET /app.js`, `GET /app.css` its script and style;
 * - `GET /api/snapshot` the model (see feed.ts `Snapshot`) as JSON;
 * - `GET /api/events` server-sent events: `snapshot` once, then a `delta` per batch;
 * - `GET /api/process?pid=0.42.0` the details of a process (404 when it is not alive);
 * - `POST /api/kill` with `{"pid":"0.42.0"}`: `Process.exit(pid, 'kill')`.
 *
 * A slow page is never flooded: when it leaves more than a megabyte unread it misses
 * deltas, and gets a fresh snapshot once it has read the backlog. Errors of a request are
 * answered with 500 and logged; none reaches the runtime.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Process } from '../../runtime/index.js';
import { runAs } from '../../runtime/internal.js';
import { procOfRef } from '../describe.js';
import { processDetails } from './details.js';
import { type Delta, Feed, type FeedOptions } from './feed.js';
import { APP_CSS, APP_JS, pageHtml } from './page.js';

export interface ServerOptions extends Partial<FeedOptions> {
  /** The port to listen on; default 0 (a free port the system picks). */
  port?: number;
  /** Where errors are logged; default stderr. */
  log?: (line: string) => void;
}

/** A running observer server. */
export interface ObserverServer {
  /** The page's address, token included. */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** Ends the feed and the server; resolves once the port is free. */
  stop(): Promise<void>;
}

interface Client {
  res: ServerResponse;
  /** Missed deltas because its buffer was full: it needs a snapshot when the buffer drains. */
  stale: boolean;
}

const HEARTBEAT_MS = 15_000;
/** Bytes a page may leave unread before it misses deltas. */
const BACKLOG = 1 << 20;
const MAX_BODY = 4096;

/** Starts the server; see the file's header for what it serves. */
export function startServer(opts: ServerOptions = {}): Promise<ObserverServer> {
  // Outside any process: the server's callbacks must not belong to (and die with) whatever
  // process called observer().
  return runAs(undefined, () => listen(opts), undefined);
}

async function listen(opts: ServerOptions): Promise<ObserverServer> {
  const token = randomBytes(18).toString('base64url');
  const tokenBytes = Buffer.from(token);
  const log = errorLog(opts.log ?? ((line) => process.stderr.write(`${line}\n`)));
  const clients = new Set<Client>();
  let port = 0;

  const send = (c: Client, event: string, data: unknown) => {
    if (c.res.writableEnded) return;
    c.res.write(`event: ${event}\ndata: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
    // Not write()'s false, which only says one delta filled the socket's small buffer: a
    // page that has a whole backlog unread is too slow, and gets a snapshot once it catches up.
    if (c.res.writableLength > BACKLOG && !c.stale) {
      c.stale = true;
      c.res.once('drain', () => {
        c.stale = false;
        guarded(log, 'snapshot', () => send(c, 'snapshot', feed.snapshot()));
      });
    }
  };
  const publish = (delta: Delta) => {
    if (clients.size === 0) return;
    const json = JSON.stringify(delta);
    for (const c of clients) if (!c.stale) send(c, 'delta', json);
  };
  const feed = new Feed(
    { interval: opts.interval ?? 100, tableInterval: opts.tableInterval ?? 500, messages: opts.messages ?? 200 },
    publish,
    (where, err) => log(where, err),
  );

  const authorized = (req: IncomingMessage, url: URL): boolean => {
    const given = url.searchParams.get('token') ?? req.headers['x-beamish-token'];
    if (typeof given !== 'string') return false;
    const b = Buffer.from(given);
    return b.length === tokenBytes.length && timingSafeEqual(b, tokenBytes);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!authorized(req, url) || !localHost(req.headers.host, port)) {
      reply(res, 403, 'text/plain', 'Forbidden: the observer answers only requests carrying its token (the URL observer() printed).\n');
      return;
    }
    const route = `${req.method} ${url.pathname}`;
    switch (route) {
      case 'GET /':
      case 'GET /index.html':
        return reply(res, 200, 'text/html', pageHtml(token));
      case 'GET /app.js':
        return reply(res, 200, 'text/javascript', APP_JS);
      case 'GET /app.css':
        return reply(res, 200, 'text/css', APP_CSS);
      case 'GET /api/snapshot':
        return reply(res, 200, 'application/json', JSON.stringify(feed.snapshot()));
      case 'GET /api/events':
        return openEvents(res);
      case 'GET /api/process': {
        const pid = url.searchParams.get('pid') ?? '';
        const details = validPid(pid) ? processDetails(pid) : undefined;
        if (details === undefined) return json(res, 404, { error: `${pid || 'no pid'} is not a live process` });
        return json(res, 200, details);
      }
      case 'POST /api/kill':
        return kill(req, res);
      default:
        if (['/', '/index.html', '/app.js', '/app.css', '/api/snapshot', '/api/events', '/api/process', '/api/kill'].includes(url.pathname)) {
          return reply(res, 405, 'text/plain', `${req.method} is not allowed on ${url.pathname}\n`);
        }
        return reply(res, 404, 'text/plain', `Nothing at ${url.pathname}\n`);
    }
  };

  const openEvents = (res: ServerResponse) => {
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream; charset=utf-8', connection: 'keep-alive' });
    res.write('retry: 1000\n\n');
    const c: Client = { res, stale: false };
    clients.add(c);
    res.on('close', () => clients.delete(c));
    // A page that goes away mid-write is no error of ours.
    res.on('error', () => clients.delete(c));
    send(c, 'snapshot', feed.snapshot());
  };

  const kill = async (req: IncomingMessage, res: ServerResponse) => {
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      return json(res, 400, { error: 'expected a JSON body such as {"pid":"0.42.0"}' });
    }
    const pid = (body as { pid?: unknown } | null)?.pid;
    if (typeof pid !== 'string' || !validPid(pid)) return json(res, 400, { error: 'expected a JSON body such as {"pid":"0.42.0"}' });
    const p = procOfRef('observer', pid);
    if (p === undefined) return json(res, 404, { error: `${pid} is not a live process` });
    Process.exit(p.pid, 'kill');
    return json(res, 200, { ok: true, pid });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log('request', err);
      if (!res.headersSent) reply(res, 500, 'text/plain', 'The observer failed to answer; see the log.\n');
      else res.end();
    });
  });
  server.on('clientError', (_err, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => log('server', err));
  port = (server.address() as AddressInfo).port;
  feed.start();
  const heartbeat = setInterval(() => {
    for (const c of clients) if (!c.stale && !c.res.writableEnded) c.res.write(': ping\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();

  let stopped: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        feed.stop();
        clearInterval(heartbeat);
        for (const c of clients) c.res.end();
        clients.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}

const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
};

function reply(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': `${type}; charset=utf-8` });
  res.end(body);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  reply(res, status, 'application/json', JSON.stringify(body));
}

const PID_TEXT = /^\d+\.\d+\.\d+$/;

function validPid(text: string): boolean {
  return PID_TEXT.test(text);
}

/**
 * The Host header names this machine: a page of another site that got its name to point
 * at 127.0.0.1 (DNS rebinding) is refused even before the token is looked at.
 */
function localHost(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
      }
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

function guarded(log: (where: string, err: unknown) => void, where: string, fn: () => void): void {
  try {
    fn();
  } catch (err) {
    log(where, err);
  }
}

/** Logs each kind of failure the first few times only: a broken page must not flood the terminal. */
function errorLog(write: (line: string) => void): (where: string, err: unknown) => void {
  const counts = new Map<string, number>();
  return (where, err) => {
    const n = (counts.get(where) ?? 0) + 1;
    counts.set(where, n);
    if (n > 3) return;
    const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
    write(`beamish observer: ${where} failed: ${text}${n === 3 ? ' (further failures of this kind are not logged)' : ''}`);
  };
}
