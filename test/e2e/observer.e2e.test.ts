/**
 * The observer page in a real headless browser: Debian's chromium driven by
 * playwright-core. Skipped, saying why, where /usr/bin/chromium is not installed
 * (`apt-get update && apt-get install -y chromium`).
 *
 * Set BEAMISH_E2E_SCREENSHOT=/some/file.png to keep a screenshot of the page.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startObserver, type ObserverServer } from '../../src/inspect/index.js';
import { GenServer, Supervisor, setReportHandler, type ReportHandler } from '../../src/otp/index.js';
import { Process, run, type Pid } from '../../src/runtime/index.js';

/** Debian's chromium; BEAMISH_CHROMIUM names another build of it. */
const CHROMIUM = process.env.BEAMISH_CHROMIUM ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

if (!hasChromium) {
  console.warn(`observer e2e: SKIPPED, ${CHROMIUM} is missing (install it with: apt-get update && apt-get install -y chromium)`);
}

let quiet: ReportHandler;
beforeAll(() => {
  quiet = setReportHandler(() => {});
});
afterAll(() => {
  setReportHandler(quiet);
});

class Worker {
  init(n: unknown) {
    return ['ok', { n, hits: 0 }];
  }
  handleCall(_req: unknown, _from: unknown, s: { n: unknown; hits: number }) {
    return ['reply', s.hits + 1, { ...s, hits: s.hits + 1 }];
  }
}

const key = (p: Pid) => `${p.node}.${p.id}.${p.serial}`;

async function launch() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

describe.skipIf(!hasChromium)(`observer page in headless chromium${hasChromium ? '' : ` (SKIPPED: ${CHROMIUM} is missing; apt-get install -y chromium)`}`, () => {
  it('shows the tree; Kill on a worker makes its supervisor restart it, and the new pid appears in its place', () =>
    run(async () => {
      const specs = ['alpha', 'beta', 'gamma'].map((id) => Supervisor.childSpec([Worker, id], { id }));
      const [, sup] = (await Supervisor.startLink(specs, { strategy: 'one_for_one', name: 'e2e_sup' })) as ['ok', Pid];
      const childPid = async (id: string) => (await Supervisor.whichChildren(sup)).find((c: unknown[]) => c[0] === id)![1] as Pid;
      const beta = await childPid('beta');
      await GenServer.call(beta, 'hit');
      const server: ObserverServer = await startObserver();
      const browser = await launch();
      try {
        const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        await page.goto(server.url);

        // The tree: the supervisor with its strategy, its three workers with their pids.
        const root = page.locator(`.card[data-pid="${key(sup)}"]`);
        await root.waitFor();
        expect(await root.locator('.title').textContent()).toBe('e2e_sup');
        expect(await root.locator('.strategy').textContent()).toBe('one_for_one');
        const betaCard = page.locator('.card[data-title="beta"]');
        expect(await betaCard.getAttribute('data-pid')).toBe(key(beta));
        expect(await page.locator('.node.worker > .card').count()).toBe(3);

        // Its details: the GenServer's state.
        await betaCard.click();
        await page.locator('#details pre.value').filter({ hasText: 'hits: 1' }).waitFor();

        // Record the animations its node plays: a crash flash, then the new pid sliding in.
        await page.evaluate(() => {
          const w = globalThis as any;
          w.__played = [];
          const li = w.document.querySelector('.card[data-title="beta"]').parentElement;
          new w.MutationObserver(() => {
            for (const c of ['crashed', 'restarted']) if (li.classList.contains(c) && !w.__played.includes(c)) w.__played.push(c);
          }).observe(li, { attributes: true, attributeFilter: ['class'] });
        });

        // Kill it from the page; the supervisor restarts it; the new pid takes its place.
        await page.locator('#kill').click();
        await page.waitForFunction((old) => {
          // Runs in the page.
          const pid = (globalThis as any).document.querySelector('.card[data-title="beta"]')?.getAttribute('data-pid');
          return pid !== undefined && pid !== null && pid !== '' && pid !== old;
        }, key(beta));
        const fresh = await childPid('beta');
        expect(fresh).not.toBe(beta);
        expect(Process.isAlive(beta)).toBe(false);
        expect(await betaCard.getAttribute('data-pid')).toBe(key(fresh));
        expect(await betaCard.locator('.pid').textContent()).toBe(`<${key(fresh)}>`);
        expect(await betaCard.locator('.restarts').textContent()).toBe('↻ 1');
        // The killed pid is shown as what it replaced; the table has the new process.
        expect(await betaCard.locator('.was').textContent()).toBe(`was <${key(beta)}>`);
        expect(await page.evaluate(() => (globalThis as any).__played)).toEqual(['crashed', 'restarted']);
        // The details panel says where the killed process went.
        await page.locator('#details .gone-note', { hasText: `restarted it as <${key(fresh)}>` }).waitFor();
        await page.locator(`#procs tr[data-pid="${key(fresh)}"]`).waitFor();
        // The sequence diagram shows the supervisor's side of it.
        await page.locator('#seq svg .seq-row', { hasText: "EXIT 'killed'" }).first().waitFor();

        const shot = process.env.BEAMISH_E2E_SCREENSHOT;
        if (shot) await page.screenshot({ path: shot });
        expect(errors).toEqual([]);
      } finally {
        await browser.close();
        await server.stop();
      }
    }));

  it('refuses the page, and the event stream, to a browser without the token', async () => {
    const server = await startObserver();
    const browser = await launch();
    try {
      const page = await browser.newPage();
      const origin = new URL(server.url).origin;
      const res = await page.goto(`${origin}/`);
      expect(res?.status()).toBe(403);
      expect(await page.textContent('body')).toContain('Forbidden');
      const wrong = await page.goto(`${origin}/?token=not-the-token`);
      expect(wrong?.status()).toBe(403);
      const events = await page.evaluate(async (u) => (await fetch(u)).status, `${origin}/api/events`);
      expect(events).toBe(403);
    } finally {
      await browser.close();
      await server.stop();
    }
  });
});
