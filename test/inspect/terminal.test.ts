/**
 * The live views' terminal plumbing: keys from a raw terminal, frames drawn and the
 * terminal given back, however the view ends.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { keysFrom, runLive, throttle, writerOf } from '../../src/inspect/terminal.js';
import { ManualClock } from '../../src/runtime/index.js';
import { recorder } from './fakes.js';

/** A stand-in for process.stdin: a terminal that records its raw mode. */
function fakeStdin(raw = false) {
  const s = Object.assign(new EventEmitter(), {
    isTTY: true,
    isRaw: raw,
    modes: [] as boolean[],
    setRawMode(on: boolean) {
      s.isRaw = on;
      s.modes.push(on);
    },
    resume() {},
    pause() {},
  });
  return s;
}

describe('keysFrom', () => {
  it('puts the terminal in raw mode while listening, passes each key on, and restores the mode after', () => {
    const stdin = fakeStdin(false);
    const keys: string[] = [];
    const stop = keysFrom(stdin).onKey((k) => keys.push(k));
    expect(stdin.isRaw).toBe(true);
    stdin.emit('data', Buffer.from('q'));
    stop();
    stdin.emit('data', Buffer.from('x'));
    expect(keys).toEqual(['q']);
    expect(stdin.modes).toEqual([true, false]);
    expect(stdin.listenerCount('data')).toBe(0);
  });

  it('leaves a terminal that was already raw (the shell\'s) raw', () => {
    const stdin = fakeStdin(true);
    keysFrom(stdin).onKey(() => {})();
    expect(stdin.modes).toEqual([true, true]);
  });
});

describe('runLive', () => {
  const spec = (term: ReturnType<typeof recorder>, render: () => string, fullScreen = false) => ({
    out: writerOf(term.out),
    input: term.input,
    fullScreen,
    render,
    start: () => () => {},
    key: (k: string) => k === 'q',
  });

  it('does not write a frame again when nothing it shows changed', async () => {
    const term = recorder();
    let n = 0;
    const view = runLive(spec(term, () => `frame ${Math.floor(n++ / 2)}`));
    view.refresh();
    view.refresh();
    expect(term.frames()).toEqual(['frame 0', 'frame 0', 'frame 1']);
    term.press('q');
    await view;
  });

  it('ends with the error of a frame that cannot be drawn, giving the terminal back', async () => {
    const term = recorder({ isTTY: true });
    let fail = false;
    const view = runLive(
      spec(
        term,
        () => {
          if (fail) throw new Error('cannot draw');
          return 'ok';
        },
        true,
      ),
    );
    fail = true;
    view.refresh();
    await expect(view).rejects.toThrow('cannot draw');
    expect(term.writes.at(-1)).toBe('\u001b[?25h\u001b[?1049l');
    expect(term.listening).toBe(false);
  });

  it('writes to a function as well as to a stream', () => {
    const seen: string[] = [];
    writerOf((t) => seen.push(t)).write('hi');
    expect(seen).toEqual(['hi']);
  });
});

describe('throttle', () => {
  it('runs at most once per interval of the clock however often it is asked', async () => {
    const clock = new ManualClock();
    let runs = 0;
    const [ask, cancel] = throttle(() => runs++, 100, () => clock);
    ask();
    ask();
    await clock.advance(0);
    expect(runs).toBe(1);
    ask();
    await clock.advance(50);
    expect(runs).toBe(1);
    await clock.advance(50);
    expect(runs).toBe(2);
    ask();
    cancel();
    await clock.advance(500);
    expect(runs).toBe(2);
  });
});
