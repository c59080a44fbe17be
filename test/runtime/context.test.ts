import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { procFrames } from '../../src/runtime/context.js';
import { _, contextMode, receive, run, self, send, spawn } from '../../src/runtime/index.js';
import { Proc } from '../../src/runtime/proc.js';

const major = Number(process.versions.node.split('.')[0]);
const forced = process.env.BEAMISH_CONTEXT === 'promise-hooks';

describe('how self() is carried (context.ts)', () => {
  it('uses AsyncLocalStorage on Node >= 24, the native module on Node 20 and 22 once npm install built it', () => {
    // A failed build falls back quietly for users; here it must show, so CI catches it.
    if (major >= 24) expect(contextMode).toBe('als');
    else if (forced) expect(contextMode).toBe('promise-hooks');
    else {
      const built = existsSync(new URL('../../build/Release/beamish_context.node', import.meta.url));
      expect(built, 'npm install did not build build/Release/beamish_context.node: see what `node scripts/native.mjs` prints (it needs python3, make and g++)').toBe(true);
      expect(contextMode, 'the native module is built but not used: see loadNative in src/runtime/context.ts').toBe('native');
    }
  });

  it('BEAMISH_CONTEXT=promise-hooks forces the hooks on Node 20 and 22', () => {
    if (major >= 24) return;
    expect(contextMode === 'promise-hooks').toBe(forced);
  });

  it.runIf(contextMode === 'als')('makes each process its own frame on Node >= 24: V8 carries the process itself, no Map per process', async () => {
    expect(procFrames).toBe(process.env.BEAMISH_CONTEXT !== 'map-frames');
    const frames = await run(async () => {
      // An AsyncResource keeps the frame current where it was made (Node's own field).
      const frameHere = () => {
        const r = new AsyncResource('probe') as unknown as Record<symbol, unknown>;
        return r[Object.getOwnPropertySymbols(r).find((sym) => sym.description === 'context_frame')!];
      };
      const first = frameHere();
      await null;
      return { first, later: frameHere(), me: self() };
    });
    if (procFrames) {
      expect(frames.first).toBeInstanceOf(Proc);
      expect((frames.first as Proc).pid).toBe(frames.me);
      expect(frames.later).toBe(frames.first);
    } else expect(Object.prototype.toString.call(frames.first)).toBe('[object Map]'); // Node's own, of its realm
  });

  it.runIf(contextMode === 'als')("keeps self() inside another AsyncLocalStorage's run and enterWith, across awaits, and after its disable (Node >= 24)", async () => {
    const other = new AsyncLocalStorage<string>();
    const got = await run(async () => {
      const me = self();
      const inRun = await other.run('a', async () => {
        await null;
        return [self() === me, other.getStore()];
      });
      other.enterWith('b');
      await new Promise((r) => setTimeout(r, 1));
      const after = [self() === me, other.getStore()];
      other.disable();
      await null;
      return [inRun, after, self() === me, other.getStore()];
    });
    expect(got).toEqual([[true, 'a'], [true, 'b'], true, undefined]);
  });

  it('code outside every process sees none, between and after process turns', () =>
    new Promise<void>((done, fail) => {
      const seen: string[] = [];
      run(async () => {
        const parent = self();
        spawn(async () => {
          await receive();
          send(parent, 'ok');
        });
        setTimeout(() => seen.push('timer of the process'), 0);
        await receive({ after: 5 });
      })
        .then(() => {
          // Not inside run's process any more, though its last await resolved us here.
          expect(() => self()).toThrow(/inside a process/);
          globalThis.setTimeout(() => {
            try {
              expect(() => self()).toThrow(/inside a process/);
              expect(seen).toEqual(['timer of the process']);
              done();
            } catch (e) {
              fail(e);
            }
          }, 10);
        })
        .catch(fail);
    }));

  // Under AsyncLocalStorage a process lives in a frame, which would otherwise be a copy of
  // whatever frame the runtime happened to start it from (the spawner's, sometimes). Like
  // Erlang's process dictionary, nothing of the spawner's own stores is inherited.
  it.runIf(contextMode === 'als')('starts every process in a frame of its own: another AsyncLocalStorage of the spawner does not follow (Node >= 24)', async () => {
    const other = new AsyncLocalStorage<string>();
    const store = () => other.getStore() ?? 'none';
    const [inRun, children] = await other.run('around run()', () =>
      run(async () => {
        const me = self();
        const mine = store();
        other.run('spawner', () => spawn(() => send(me, ['at once', store()])));
        await other.run('spawner', async () => {
          await null;
          spawn(() => send(me, ['after an await', store()]));
        });
        const got = [];
        for (let i = 0; i < 2; i++) got.push(await receive([_, _]));
        return [mine, got] as const;
      }),
    );
    expect(inRun).toBe('none');
    expect(children).toEqual([['at once', 'none'], ['after an await', 'none']]);
  });

  it('works in a worker thread too (each isolate installs its own reject callback)', async () => {
    const dist = new URL('../../dist/src/index.js', import.meta.url).href;
    const code = `
      const { parentPort } = require('node:worker_threads');
      import(${JSON.stringify(dist)}).then(async ({ run, self, spawn, spawnMonitor, send, receive, contextMode, _ }) => {
        const out = await run(async () => {
          const me = self();
          spawn(async () => { await Promise.resolve(); send(me, String(self())); });
          const child = await receive();
          // A floating rejection is pinned on its process in this isolate too.
          const [, ref] = spawnMonitor(async () => { await null; Promise.reject('boom'); await receive(); });
          const down = await receive(['DOWN', ref, _, _, _]);
          return [contextMode, child !== String(me), down[4]];
        });
        parentPort.postMessage(out);
      });`;
    const worker = new Worker(code, { eval: true });
    const [mode, distinct, reason] = await new Promise<[string, boolean, unknown]>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(distinct).toBe(true);
    expect(reason).toBe('boom');
    expect(mode).toBe(major >= 24 ? 'als' : contextMode);
  });

  it('keeps two copies of beamish in one program apart (each sees only its own processes)', () => {
    // A second copy of the package (dist, and the native module when built), as two versions
    // in node_modules would give; it sits in node_modules to find the same dependencies.
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const copy = mkdtempSync(`${root}node_modules/.beamish-copy-`);
    cpSync(`${root}dist`, `${copy}/dist`, { recursive: true });
    cpSync(`${root}package.json`, `${copy}/package.json`);
    if (existsSync(`${root}build`)) cpSync(`${root}build`, `${copy}/build`, { recursive: true });
    const dist = pathToFileURL(`${root}dist/src/index.js`).href;
    const distB = pathToFileURL(`${copy}/dist/src/index.js`).href;
    const code = `
      const a = await import(${JSON.stringify(dist)});
      const b = await import(${JSON.stringify(distB)});
      const out = await a.run(async () => {
        let seenByB;
        try { b.self(); seenByB = 'a process'; } catch (e) { seenByB = e.name; }
        // A floating rejection in a process of copy a ends that process, and copy b's
        // listener leaves it alone.
        const [, ref] = a.spawnMonitor(async () => { await null; Promise.reject('boom'); await a.receive(); });
        const down = await a.receive(['DOWN', ref, a._, a._, a._]);
        return [seenByB, down[4], String(a.self())];
      });
      console.log(JSON.stringify(out));`;
    let out: string;
    try {
      out = execFileSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', env: process.env });
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
    const [seenByB, reason, pid] = JSON.parse(out.trim().split('\n').pop()!) as [string, unknown, string];
    expect(seenByB).toBe('NoProcessError');
    expect(reason).toBe('boom');
    expect(pid).toMatch(/^#PID<0\.\d+\.0>$/);
  });
});
