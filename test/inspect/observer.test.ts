/**
 * observer(): the web server behind the live page. Each test starts a real server on
 * 127.0.0.1 and talks to it over HTTP, as the page does (the page itself is driven in a
 * real browser by test/e2e/observer.e2e.test.ts).
 */
import http from 'node:http';
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { observer, startObserver, type ObserverServer } from '../../src/inspect/index.js';
import { GenServer, Supervisor, setReportHandler, type ReportHandler } from '../../src/otp/index.js';
import os from 'node:os';
import { _, Process, receive, run, send, spawn, type Pid } from '../../src/runtime/index.js';
import { observed, procOf } from '../../src/runtime/internal.js';
import { killOthers } from './fakes.js';

let quiet: ReportHandler;
beforeAll(() => {
  quiet = setReportHandler(() => {});
});
afterAll(() => {
  setReportHandler(quiet);
});
afterEach(() => run(async () => killOthers()));

class Worker {
  init(n: unknown) {
    return ['ok', { n }];
  }
  handleCall(req: unknown, _from: unknown, s: { n: unknown }) {
    return ['reply', req, s];
  }
}

async function startSup(name: string): Promise<{ sup: Pid; child: (id: string) => Promise<Pid> }> {
  const specs = ['a', 'b'].map((id) => Supervisor.childSpec([Worker, id], { id }));
  const [, sup] = (await Supervisor.startLink(specs, { strategy: 'one_for_one', name })) as ['ok', Pid];
  const child = async (id: string) => (await Supervisor.whichChildren(sup)).find((c: unknown[]) => c[0] === id)![1] as Pid;
  return { sup, child };
}

/** A server for one test, stopped after it. */
async function withServer<T>(fn: (s: ObserverServer, api: (path: string) => string) => Promise<T>, opts = {}): Promise<T> {
  const s = await startObserver({ interval: 20, tableInterval: 0, ...opts });
  const api = (path: string) => `http://127.0.0.1:${s.port}${path}${path.includes('?') ? '&' : '?'}token=${s.token}`;
  try {
    return await fn(s, api);
  } finally {
    await s.stop();
  }
}

const key = (p: Pid) => `${p.node}.${p.id}.${p.serial}`;

/** Reads server-sent events from `url`; `next(test)` waits for the first event passing `test`. */
function events(url: string) {
  const queue: { event: string; data: any }[] = [];
  const waiters: (() => void)[] = [];
  let buf = '';
  const req = http.get(url, (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buf += chunk;
      let i;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event !== undefined && data !== undefined) queue.push({ event, data: JSON.parse(data) });
      }
      for (const w of waiters.splice(0)) w();
    });
  });
  req.on('error', () => {});
  return {
    async next(test: (e: { event: string; data: any }) => boolean, ms = 5000): Promise<{ event: string; data: any }> {
      const deadline = Date.now() + ms;
      for (;;) {
        const i = queue.findIndex(test);
        if (i >= 0) return queue.splice(0, i + 1).pop()!;
        if (Date.now() > deadline) throw new Error(`no matching event within ${ms} ms; saw ${JSON.stringify(queue.map((e) => e.event))}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
    },
    close: () => req.destroy(),
  };
}

function rawGet(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      })
      .on('error', reject);
  });
}

describe('observer server: the token', () => {
  it('refuses with 403 every request without the token or with a wrong one, the page and the API alike', () =>
    withServer(async (s) => {
      for (const path of ['/', '/app.js', '/api/snapshot', '/api/events', `/api/snapshot?token=${s.token.slice(1)}`, `/api/snapshot?token=${s.token}x`]) {
        const res = await rawGet(s.port, path);
        expect(res.status, path).toBe(403);
        expect(res.body).toContain('token');
      }
      const kill = await fetch(`http://127.0.0.1:${s.port}/api/kill`, { method: 'POST', body: '{"pid":"0.1.0"}' });
      expect(kill.status).toBe(403);
    }));

  it('serves the page, its script and its style with the token, and nothing from elsewhere', () =>
    withServer(async (s, api) => {
      expect(s.url).toBe(`http://127.0.0.1:${s.port}/?token=${s.token}`);
      const page = await fetch(s.url);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      const html = await page.text();
      expect(html).toContain(`/app.js?token=${s.token}`);
      expect(html).not.toMatch(/https?:\/\//);
      const js = await fetch(api('/app.js'));
      expect(js.headers.get('content-type')).toContain('javascript');
      expect(await js.text()).toContain('EventSource');
      expect((await fetch(api('/app.css'))).status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    }));

  it('takes the token from the x-beamish-token header too', () =>
    withServer(async (s) => {
      expect((await rawGet(s.port, '/api/snapshot', { 'x-beamish-token': s.token })).status).toBe(200);
    }));

  it('refuses a request naming another host, even with the token (DNS rebinding)', () =>
    withServer(async (s) => {
      const res = await rawGet(s.port, `/api/snapshot?token=${s.token}`, { host: `evil.example:${s.port}` });
      expect(res.status).toBe(403);
      expect((await rawGet(s.port, `/api/snapshot?token=${s.token}`, { host: `localhost:${s.port}` })).status).toBe(200);
    }));

  it("listens on 127.0.0.1 only: the machine's other addresses refuse the connection", () =>
    withServer(async (s) => {
      const others = Object.values(os.networkInterfaces())
        .flat()
        .filter((a) => a !== undefined && !a.internal && a.family === 'IPv4')
        .map((a) => a!.address);
      for (const address of others) {
        const refused = await new Promise<boolean>((resolve) => {
          const sock = net.connect(s.port, address, () => {
            sock.destroy();
            resolve(false);
          });
          sock.on('error', () => resolve(true));
        });
        expect(refused, address).toBe(true);
      }
      expect(new URL(s.url).hostname).toBe('127.0.0.1');
    }));

  it('answers 404 for an unknown path and 405 for a wrong method', () =>
    withServer(async (_s, api) => {
      expect((await fetch(api('/nothing'))).status).toBe(404);
      expect((await fetch(api('/api/kill'))).status).toBe(405);
    }));
});

describe('observer server: the snapshot', () => {
  it('describes the supervision trees (strategy, children with ids and pids) and the process table', () =>
    run(async () => {
      const { sup, child } = await startSup('snap_sup');
      const [a, b] = [await child('a'), await child('b')];
      await withServer(async (_s, api) => {
        const snap = (await (await fetch(api('/api/snapshot'))).json()) as any;
        expect(Object.keys(snap).sort()).toEqual(['kids', 'messages', 'procs', 'stats', 'sups']);
        const supEntry = snap.sups.find((x: any) => x.pid === key(sup));
        expect(supEntry).toMatchObject({ title: 'snap_sup', behaviour: 'Supervisor', strategy: 'one_for_one', children: [`${key(sup)}/a`, `${key(sup)}/b`] });
        expect(snap.kids.filter((k: any) => k.sup === key(sup))).toEqual([
          expect.objectContaining({ key: `${key(sup)}/a`, title: 'a', pid: key(a), type: 'worker', status: 'waiting' }),
          expect.objectContaining({ key: `${key(sup)}/b`, title: 'b', pid: key(b), type: 'worker', status: 'waiting' }),
        ]);
        const row = snap.procs.find((p: any) => p.pid === key(sup));
        expect(row).toEqual({ pid: key(sup), name: 'snap_sup', label: expect.any(String), behaviour: 'Supervisor', status: 'waiting', messages: 0, reductions: expect.any(Number), memory: expect.any(Number) });
        expect(snap.stats).toEqual({ processes: snap.procs.length, supervisors: snap.sups.length, restartsPerSecond: 0, eventsPerSecond: expect.any(Number) });
      });
    }));

  it('gives the details of a process: its GenServer state, links and mailbox; 404 for one not alive', () =>
    run(async () => {
      const { sup, child } = await startSup('details_sup');
      const a = await child('a');
      const waiter = spawn(() => receive('never'), { label: 'waiter' });
      send(waiter, { hello: 'world' });
      await withServer(async (_s, api) => {
        const d = (await (await fetch(api(`/api/process?pid=${key(a)}`))).json()) as any;
        expect(d).toMatchObject({ pid: key(a), title: 'Worker', behaviour: 'GenServer', status: 'waiting', state: "{ n: 'a' }" });
        expect(d.links).toEqual([{ pid: key(sup), what: expect.stringContaining('details_sup'), alive: true }]);
        const w = (await (await fetch(api(`/api/process?pid=${key(waiter)}`))).json()) as any;
        expect(w.mailbox).toEqual(["{ hello: 'world' }"]);
        expect(w.state).toBeUndefined();
        Process.exit(waiter, 'kill');
        expect((await fetch(api(`/api/process?pid=${key(waiter)}`))).status).toBe(404);
        expect((await fetch(api('/api/process?pid=nonsense'))).status).toBe(404);
      });
    }));
});

describe('observer server: live updates (server-sent events)', () => {
  it('sends a snapshot when the page connects, then a delta with a process spawned after', () =>
    run(async () => {
      await withServer(async (_s, api) => {
        const feed = events(api('/api/events'));
        try {
          const first = await feed.next((e) => e.event === 'snapshot');
          expect(Array.isArray(first.data.procs)).toBe(true);
          const p = spawn(() => receive('never'), { label: 'late_arrival' });
          const delta = await feed.next((e) => e.event === 'delta' && e.data.procs?.set.some((r: any) => r.pid === key(p)));
          expect(delta.data.procs.set.find((r: any) => r.pid === key(p))).toMatchObject({ label: 'late_arrival', status: 'waiting' });
          expect(delta.data.messages.some((m: any) => m.kind === 'SPAWN' && m.to === key(p) && m.text === 'late_arrival')).toBe(true);
          Process.exit(p, 'kill');
          const gone = await feed.next((e) => e.event === 'delta' && e.data.procs?.del.includes(key(p)));
          expect(gone.data.flashes).toContainEqual({ kind: 'crash', pid: key(p), reason: "'killed'" });
        } finally {
          feed.close();
        }
      });
    }));

  it('batches: a burst of 2,000 messages arrives as a few deltas, the diagram keeping the last ones', () =>
    run(async () => {
      await withServer(
        async (_s, api) => {
          const feed = events(api('/api/events'));
          try {
            await feed.next((e) => e.event === 'snapshot');
            const sink = spawn(() => receive('never'), { label: 'sink' });
            for (let i = 0; i < 2000; i++) send(sink, i);
            let deltas = 0;
            let last: any;
            while (!last?.data.messages.some((m: any) => m.text === '1999')) {
              last = await feed.next((e) => e.event === 'delta');
              deltas++;
            }
            expect(deltas).toBeLessThanOrEqual(3);
            expect(last.data.messages.length).toBeLessThanOrEqual(50);
            expect(last.data.messages.at(-1)).toMatchObject({ kind: 'INFO', to: key(sink), text: '1999' });
          } finally {
            feed.close();
          }
        },
        { messages: 50 },
      );
    }));

  it('a page that stops reading misses deltas, and gets a fresh snapshot once it reads its backlog', () =>
    run(async () => {
      await withServer(async (_s, api) => {
        const seen: string[] = [];
        let paused: http.IncomingMessage | undefined;
        let buf = '';
        await new Promise<void>((resolve) => {
          http.get(api('/api/events'), (res) => {
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => {
              buf += chunk;
              for (let i; (i = buf.indexOf('\n\n')) >= 0; buf = buf.slice(i + 2)) {
                const event = /^event: (.*)$/m.exec(buf.slice(0, i))?.[1];
                if (event !== undefined) seen.push(event);
              }
              if (seen.length === 1 && paused === undefined) {
                paused = res;
                res.pause();
                resolve();
              }
            });
          });
        });
        // Far more than the 1 MB a page may leave unread (and than the sockets' buffers):
        // four batches of 5,000 new processes with long labels, then their exits.
        const label = 'x'.repeat(500);
        for (let round = 0; round < 4; round++) {
          const ps = Array.from({ length: 5000 }, () => spawn(() => receive('never'), { label }));
          await Process.sleep(60);
          for (const p of ps) Process.exit(p, 'kill');
          await Process.sleep(60);
        }
        paused!.resume();
        const deadline = Date.now() + 10_000;
        while (!seen.slice(1).includes('snapshot') && Date.now() < deadline) await Process.sleep(20);
        paused!.destroy();
        expect(seen[0]).toBe('snapshot');
        expect(seen.slice(1)).toContain('snapshot');
      });
    }));

  it('labels the arrows of a GenServer call: CALL to the server, REPLY back', () =>
    run(async () => {
      const { child } = await startSup('arrows_sup');
      const a = await child('a');
      await withServer(async (_s, api) => {
        const feed = events(api('/api/events'));
        try {
          await feed.next((e) => e.event === 'snapshot');
          await GenServer.call(a, 'ping');
          const d = await feed.next((e) => e.event === 'delta' && e.data.messages.some((m: any) => m.kind === 'REPLY'));
          const kinds = d.data.messages.filter((m: any) => m.to === key(a) || m.from === key(a)).map((m: any) => `${m.kind} ${m.text}`);
          expect(kinds).toEqual(["CALL 'ping'", "REPLY 'ping'"]);
        } finally {
          feed.close();
        }
      });
    }));
});

describe('observer server: the kill button', () => {
  it("kills the process (reason 'killed'); its supervisor's restart reaches the page as a new pid in the same slot", () =>
    run(async () => {
      const { sup, child } = await startSup('kill_sup');
      const b = await child('b');
      const ref = Process.monitor(b);
      await withServer(async (_s, api) => {
        const feed = events(api('/api/events'));
        try {
          await feed.next((e) => e.event === 'snapshot');
          const res = await fetch(api('/api/kill'), { method: 'POST', body: JSON.stringify({ pid: key(b) }) });
          expect(res.status).toBe(200);
          expect(await res.json()).toEqual({ ok: true, pid: key(b) });
          const down = await receive(['DOWN', ref, 'process', b, _]);
          expect(down[4]).toBe('killed');
          const d = await feed.next((e) => e.event === 'delta' && e.data.kids?.set.some((k: any) => k.key === `${key(sup)}/b`));
          const slot = d.data.kids.set.find((k: any) => k.key === `${key(sup)}/b`);
          const fresh = await child('b');
          expect(slot.pid).toBe(key(fresh));
          expect(fresh).not.toBe(b);
          expect(d.data.flashes).toEqual(
            expect.arrayContaining([
              { kind: 'crash', pid: key(b), reason: "'killed'" },
              { kind: 'restart', sup: key(sup), oldPid: key(b), newPid: key(fresh) },
            ]),
          );
        } finally {
          feed.close();
        }
      });
    }));

  it('answers 404 for a process not alive and 400 for a body that names no pid, killing nothing', () =>
    withServer(async (_s, api) => {
      const post = (body: string) => fetch(api('/api/kill'), { method: 'POST', body });
      expect((await post('{"pid":"0.999999.0"}')).status).toBe(404);
      expect((await post('{"pid":"not a pid"}')).status).toBe(400);
      expect((await post('not json')).status).toBe(400);
      expect((await post('{}')).status).toBe(400);
    }));
});

describe('observer server: start and stop', () => {
  it('reads nothing from the event stream until started, and stops reading when stopped', async () => {
    expect(observed).toBe(false);
    const s = await startObserver();
    expect(observed).toBe(true);
    await s.stop();
    expect(observed).toBe(false);
  });

  it('frees its port when stopped', async () => {
    const s = await startObserver();
    await s.stop();
    const again = net.createServer();
    await new Promise<void>((resolve, reject) => again.once('error', reject).listen(s.port, '127.0.0.1', () => resolve()));
    await new Promise((resolve) => again.close(resolve));
    await expect(fetch(s.url)).rejects.toThrow();
  });

  it('closes the pages connected when stopped', async () => {
    const s = await startObserver();
    const ended = new Promise<void>((resolve) => {
      http.get(`${s.url.replace('/?', '/api/events?')}`, (res) => {
        res.on('data', () => {});
        res.on('end', () => resolve());
      });
    });
    await new Promise((r) => setTimeout(r, 50));
    await s.stop();
    await ended;
  });

  it('observer() runs one server: a second call gives the same URL; observer.stop() ends it', async () => {
    const url = await observer();
    expect(await observer()).toBe(url);
    await observer.stop();
    await expect(fetch(url)).rejects.toThrow();
    const other = await observer();
    expect(other).not.toBe(url);
    await observer.stop();
    await observer.stop();
  });

  it('keeps serving when the process that started it has ended', async () => {
    const s = await run(() => startObserver());
    try {
      const victim = spawn(() => receive('never'));
      const res = await fetch(s.url.replace('/?', '/api/kill?'), { method: 'POST', body: JSON.stringify({ pid: key(victim) }) });
      expect(res.status).toBe(200);
      await new Promise((r) => setTimeout(r, 10));
      expect(Process.isAlive(victim)).toBe(false);
    } finally {
      await s.stop();
    }
  });
});

describe('observer server: failures stay inside', () => {
  it("logs a process whose state cannot be read and still answers; another listener's failure is not its own", () =>
    run(async () => {
      const p = spawn(() => receive('never'), { label: 'broken' });
      procOf(p)!.meta = {
        behaviour: 'GenServer',
        getState: () => {
          throw new Error('no state here');
        },
      };
      const lines: string[] = [];
      await withServer(
        async (_s, api) => {
          const d = (await (await fetch(api(`/api/process?pid=${key(p)}`))).json()) as any;
          expect(d.state).toBe('(could not be read: Error: no state here)');
        },
        { log: (l: string) => lines.push(l) },
      );
      expect(lines).toEqual([]);
    }));

  it('a supervisor whose metadata throws is left out of the trees, and the batches go on', () =>
    run(async () => {
      const p = spawn(() => receive('never'), { label: 'odd' });
      procOf(p)!.meta = {
        behaviour: 'Supervisor',
        childDetails: () => {
          throw new Error('broken meta');
        },
      };
      const lines: string[] = [];
      await withServer(
        async (_s, api) => {
          const feed = events(api('/api/events'));
          try {
            await feed.next((e) => e.event === 'snapshot');
            const later = spawn(() => receive('never'), { label: 'after_odd' });
            await feed.next((e) => e.event === 'delta' && e.data.procs?.set.some((r: any) => r.pid === key(later)));
          } finally {
            feed.close();
          }
        },
        { log: (l: string) => lines.push(l) },
      );
      expect(lines).toEqual([]);
    }));

  it('an error thrown while making a batch is logged, not thrown, and the next batches still go out', () =>
    run(async () => {
      const lines: string[] = [];
      await withServer(
        async (_s, api) => {
          const feed = events(api('/api/events'));
          try {
            await feed.next((e) => e.event === 'snapshot');
            const p = spawn(() => receive('never'), { label: 'bad_meta' });
            // A getter that throws, read when the batch reads the table.
            Object.defineProperty(procOf(p)!, 'meta', {
              configurable: true,
              get() {
                throw new Error('meta exploded');
              },
            });
            await new Promise((r) => setTimeout(r, 100));
            delete (procOf(p) as unknown as Record<string, unknown>).meta;
            const later = spawn(() => receive('never'), { label: 'after_bad' });
            await feed.next((e) => e.event === 'delta' && e.data.procs?.set.some((r: any) => r.pid === key(later)));
            Process.exit(p, 'kill');
          } finally {
            feed.close();
          }
        },
        { log: (l: string) => lines.push(l) },
      );
      expect(lines.some((l) => l.includes('meta exploded'))).toBe(true);
    }));
});
