import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { contextMode, receive, run, self, send, spawn } from '../../src/runtime/index.js';

const major = Number(process.versions.node.split('.')[0]);
const forced = process.env.BEAMISH_CONTEXT === 'promise-hooks';

describe('how self() is carried (context.ts)', () => {
  it('uses AsyncLocalStorage on Node >= 24, the native module on Node 20 and 22 once npm install built it', () => {
    // A failed build falls back quietly for users; here it must show, so CI catches it.
    if (major >= 24) expect(contextMode).toBe('als');
    else if (forced) expect(contextMode).toBe('promise-hooks');
    else {
      expect(existsSync(new URL('../../build/Release/beamish_context.node', import.meta.url))).toBe(true);
      expect(contextMode).toBe('native');
    }
  });

  it('BEAMISH_CONTEXT=promise-hooks forces the hooks on Node 20 and 22', () => {
    if (major >= 24) return;
    expect(contextMode === 'promise-hooks').toBe(forced);
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
});
