/**
 * Where the live views (`top()`, `tree(sup, { watch: true })`) and the tracer write, and
 * where they read keys from: injected, so that the shell can wire its terminal and tests
 * can hand in a recorder, without a TTY.
 *
 * Decisions:
 * - A live view on a terminal draws in the alternate screen with the cursor hidden and
 *   leaves both as it found them, so the prompt comes back exactly as it was (as `top`,
 *   `less` and observer_cli do). Each frame overwrites the previous one line by line and
 *   clears what is left, rather than clearing the screen first, so nothing flickers.
 * - On anything that is not a terminal (a file, a pipe, a test's recorder) each frame is
 *   simply written after the previous one.
 * - An unchanged frame is not written again: a busy system sends many events that change
 *   nothing a view shows.
 */
import { clock, type Clock } from '../runtime/index.js';

/** A stream to write to (`process.stdout`, a recorder), or a function given each piece of text. */
export type Output = { write(text: string): unknown; columns?: number; rows?: number; isTTY?: boolean } | ((text: string) => unknown);

/** Keys pressed, one string a keypress (`'q'`, `'\u0003'` for Ctrl+C). `onKey` returns the function that stops listening. */
export interface KeyInput {
  onKey(listener: (key: string) => void): () => void;
}

/** What the views need of an Output. */
export interface Writer {
  write(text: string): void;
  readonly columns: number | undefined;
  readonly rows: number | undefined;
  readonly isTTY: boolean;
}

/** The Output as a Writer; `process.stdout` when none is given. */
export function writerOf(out: Output | undefined): Writer {
  const o = out ?? process.stdout;
  if (typeof o === 'function') return { write: (t) => void o(t), columns: undefined, rows: undefined, isTTY: false };
  return {
    write: (t) => void o.write(t),
    get columns() {
      return typeof o.columns === 'number' && o.columns > 0 ? o.columns : undefined;
    },
    get rows() {
      return typeof o.rows === 'number' && o.rows > 0 ? o.rows : undefined;
    },
    isTTY: o.isTTY === true,
  };
}

/** A readable terminal stream such as `process.stdin`. */
export interface KeyStream {
  on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  off(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  isTTY?: boolean;
  isRaw?: boolean;
  setRawMode?(raw: boolean): unknown;
  resume?(): unknown;
  pause?(): unknown;
}

/**
 * Keys from a terminal stream: raw mode while someone listens (each key arrives at once,
 * unechoed), and the stream's previous mode put back after.
 *
 * @example Keys from stdin for a live view
 * ```ts
 * const keys = keysFrom(process.stdin);
 * typeof keys.onKey; // 'function'
 * ```
 */
export function keysFrom(stream: KeyStream): KeyInput {
  return {
    onKey(listener) {
      const wasRaw = stream.isRaw === true;
      if (stream.isTTY && stream.setRawMode) stream.setRawMode(true);
      const onData = (chunk: Buffer | string) => listener(String(chunk));
      stream.on('data', onData);
      stream.resume?.();
      return () => {
        stream.off('data', onData);
        if (stream.isTTY && stream.setRawMode) stream.setRawMode(wasRaw);
        stream.pause?.();
      };
    },
  };
}

/** The keys of `process.stdin` when it is a terminal; none otherwise. */
export function defaultKeys(): KeyInput | undefined {
  return process.stdin.isTTY ? keysFrom(process.stdin) : undefined;
}

const ENTER_SCREEN = '\x1b[?1049h\x1b[?25l';
const LEAVE_SCREEN = '\x1b[?25h\x1b[?1049l';
const HOME = '\x1b[H';
const CLEAR_LINE_END = '\x1b[K';
const CLEAR_BELOW = '\x1b[J';

/** A live view running: await it (it settles when the view ends), or end it with `stop()`. */
export type LiveView = Promise<void> & {
  /** Ends the view and gives the terminal back. */
  stop(): void;
  /** Draws a frame now. */
  refresh(): void;
};

export interface LiveSpec {
  out: Writer;
  input: KeyInput | undefined;
  /** Draw in the alternate screen (default: when `out` is a terminal). */
  fullScreen: boolean;
  /** The frame to show now. */
  render(): string;
  /** Starts what asks for redraws (timers, events); returns what stops it. */
  start(redraw: () => void): () => void;
  /** A key was pressed; true ends the view. */
  key(key: string, view: LiveView): boolean;
}

/**
 * Runs a live view: draws a first frame at once, redraws when `start` asks, handles keys,
 * and gives the terminal back when it ends. A render that throws ends the view with
 * that error.
 */
export function runLive(spec: LiveSpec): LiveView {
  const { out } = spec;
  let last: string | undefined;
  let ended = false;
  let stopTriggers: (() => void) | undefined;
  let stopKeys: (() => void) | undefined;
  let settle!: (err?: unknown) => void;
  const done = new Promise<void>((resolve, reject) => {
    settle = (err) => (err === undefined ? resolve() : reject(err));
  });

  const end = (err?: unknown) => {
    if (ended) return;
    ended = true;
    stopTriggers?.();
    stopKeys?.();
    if (spec.fullScreen) out.write(LEAVE_SCREEN);
    settle(err);
  };

  const draw = () => {
    if (ended) return;
    let frame: string;
    try {
      frame = spec.render();
    } catch (err) {
      end(err);
      return;
    }
    if (frame === last) return;
    last = frame;
    if (spec.fullScreen) out.write(HOME + frame.split('\n').join(`${CLEAR_LINE_END}\n`) + CLEAR_LINE_END + CLEAR_BELOW);
    else out.write(`${frame}\n`);
  };

  const view = Object.assign(done, {
    stop: () => end(),
    refresh: () => {
      last = undefined;
      draw();
    },
  }) as LiveView;

  if (spec.fullScreen) out.write(ENTER_SCREEN);
  draw();
  if (!ended) {
    stopTriggers = spec.start(draw);
    stopKeys = spec.input?.onKey((k) => {
      if (!ended && spec.key(k, view)) end();
    });
  }
  return view;
}

/**
 * Calls `fn` at most once per `ms` of the runtime's clock however often it is asked
 * (events arrive in bursts): an ask runs it on the next timer turn, or once `ms` have
 * passed since it last ran. Returns [ask, cancel].
 */
export function throttle(fn: () => void, ms: number, c: () => Clock = clock): [() => void, () => void] {
  let timer: ReturnType<Clock['setTimer']> | undefined;
  let lastRun = -Infinity;
  const run = () => {
    timer = undefined;
    lastRun = c().now();
    fn();
  };
  const ask = () => {
    if (timer !== undefined) return;
    timer = c().setTimer(Math.max(0, lastRun + ms - c().now()), run);
  };
  const cancel = () => {
    if (timer !== undefined) c().clearTimer(timer);
    timer = undefined;
  };
  return [ask, cancel];
}
