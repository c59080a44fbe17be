/**
 * top(): the busiest processes, live. Driven here on a ManualClock with a recorder as
 * the terminal and keys pressed by the test.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, receive, run, send, settle, spawn, useClock, type Clock } from '../../src/runtime/index.js';
import { top } from '../../src/inspect/index.js';
import { killOthers, recorder } from './fakes.js';

let restoreClock: Clock | undefined;
afterEach(() =>
  run(async () => {
    if (restoreClock !== undefined) useClock(restoreClock);
    restoreClock = undefined;
    killOthers();
  }),
);

function manual(): ManualClock {
  const clock = new ManualClock();
  restoreClock = useClock(clock);
  return clock;
}

/** A process that takes every message it gets: it earns a reduction each. */
function busy(label: string) {
  return spawn(async () => {
    for (;;) await receive();
  }, { label });
}

describe('top', () => {
  it('draws a first frame at once: counts, sort, keys, then the table of the busiest processes', () =>
    run(async (ctx) => {
      manual();
      const a = busy('busy_a');
      const idle = spawn(() => receive(() => false), { label: 'idle' });
      for (let i = 0; i < 3; i++) send(a, i);
      send(idle, 'waiting');
      await settle();
      const term = recorder();
      const view = top({ out: term.out, input: term.input, width: 80, height: 12 });
      expect(term.frames()[0]).toBe(
        [
          'beamish top · 3 processes · 1 running · sorted by reductions · q quits, r/m/M sort, space refreshes',
          'Reds: reductions since each process started · every 1 s',
          '',
          'Pid            Name  Initial call / label  Status   Msgs  Reds  Memory',
          `${a}        busy_a                waiting     0     3   450 B`,
          `${ctx.self}        run                   running     0     0   450 B`,
          `${idle}        idle                  waiting     1     0   514 B`,
          'Total                3 processes                       1     3  1.4 KB',
        ].join('\n'),
      );
      term.press('q');
      await view;
    }));

  it('counts reductions since the last refresh, every second of the clock', () =>
    run(async () => {
      const clock = manual();
      const a = busy('busy_a');
      const b = busy('busy_b');
      for (let i = 0; i < 5; i++) send(a, i);
      await settle();
      const term = recorder();
      const view = top({ out: term.out, input: term.input, width: 80, height: 12 });
      for (let i = 0; i < 2; i++) send(b, i);
      await clock.advance(999);
      expect(term.frames()).toHaveLength(1);
      await clock.advance(1);
      const second = term.frames()[1]!.split('\n');
      expect(second[1]).toBe('Reds: reductions since the last refresh · every 1 s');
      expect(second[4]).toMatch(new RegExp(`^${String(b).replace(/[.<>]/g, '\\$&')}\\s+busy_b\\s+waiting\\s+0\\s+2\\s`));
      expect(second.find((l) => l.includes('busy_a'))).toMatch(/busy_a\s+waiting\s+0\s+0\s/);
      view.stop();
      await view;
      await clock.advance(5000);
      expect(term.frames()).toHaveLength(2);
    }));

  it('sorts by mailbox length on m and by memory on M, and refreshes on space', () =>
    run(async () => {
      manual();
      const full = spawn(() => receive(() => false), { label: 'full_mailbox' });
      for (let i = 0; i < 4; i++) send(full, i);
      busy('busy');
      await settle();
      const term = recorder();
      const view = top({ out: term.out, input: term.input, width: 80, height: 12 });
      term.press('m');
      expect(term.frames()[1]!.split('\n')[0]).toContain('sorted by messages');
      expect(term.frames()[1]!.split('\n')[4]).toContain('full_mailbox');
      term.press('M');
      expect(term.frames()[2]!.split('\n')[0]).toContain('sorted by memory');
      term.press(' ');
      expect(term.frames()).toHaveLength(4);
      term.press('z');
      expect(term.frames()).toHaveLength(4);
      term.press('q');
      await view;
    }));

  it('leaves on q, stops listening to keys and gives the terminal back (alternate screen, cursor)', () =>
    run(async () => {
      const clock = manual();
      const term = recorder({ isTTY: true, columns: 100, rows: 20 });
      const view = top({ out: term.out, input: term.input });
      expect(term.writes[0]).toBe('\u001b[?1049h\u001b[?25l');
      expect(term.writes[1]!.startsWith('\u001b[Hbeamish top')).toBe(true);
      // Each line clears what an older, longer frame left on it; the end clears the rest of the screen.
      expect(term.writes[1]!.endsWith('\u001b[K\u001b[J')).toBe(true);
      term.press('q');
      await view;
      expect(term.listening).toBe(false);
      expect(term.writes.at(-1)).toBe('\u001b[?25h\u001b[?1049l');
      const count = term.writes.length;
      await clock.advance(3000);
      expect(term.writes.length).toBe(count);
    }));

  it('fits the table to the height, saying how many processes are left out', () =>
    run(async () => {
      manual();
      for (let i = 0; i < 10; i++) spawn(() => receive(() => false), { label: `p${i}` });
      await settle();
      const term = recorder();
      const view = top({ out: term.out, input: term.input, width: 80, height: 9 });
      const lines = term.frames()[0]!.split('\n');
      expect(lines).toHaveLength(9);
      expect(lines[7]).toBe('... 8 more (limit: 3)');
      view.stop();
      await view;
    }));

  it('refuses an unknown sort key or interval, naming the accepted ones', () =>
    run(async () => {
      expect(() => top({ sort: 'cpu' as never })).toThrow("top: cannot sort by \"cpu\"; sort by one of 'reductions', 'messages', 'memory'.");
      expect(() => top({ interval: 0 })).toThrow('top: interval is a number of milliseconds > 0, got 0.');
    }));
});
