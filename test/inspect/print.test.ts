/**
 * The value printer. Expected strings are written out in full (no snapshots); where iex's
 * behaviour is the reference, the test says what was checked with Elixir 1.14.
 */
import { describe, expect, it } from 'vitest';
import { ExitError, makeRef, pid } from '../../src/runtime/index.js';
import { formatReason, formatThrown, inspect } from '../../src/inspect/index.js';

const p = (s: string) => pid(s);

/** An error whose stack is fixed, so its frames can be written out exactly. */
function errorWithStack<E extends Error>(e: E, frames: string[]): E {
  e.stack = `${e.name}: ${e.message}\n${frames.map((f) => `    ${f}`).join('\n')}`;
  return e;
}

describe('inspect: atoms and other primitives', () => {
  it('prints an atom as the string literal you type, not as :ok', () => {
    expect(inspect('ok')).toBe("'ok'");
    expect(inspect('EXIT')).toBe("'EXIT'");
  });

  it('quotes strings as Node does: single quotes, double when the text has a single quote, else a backtick', () => {
    expect(inspect('hello world')).toBe("'hello world'");
    expect(inspect("it's")).toBe('"it\'s"');
    expect(inspect(`it's "x"`)).toBe('`it\'s "x"`');
    expect(inspect('it\'s "x" `y`')).toBe("'it\\'s \"x\" `y`'");
    expect(inspect('')).toBe("''");
  });

  it('escapes control characters, backslashes and lone surrogates but keeps other unicode', () => {
    expect(inspect('a\nb\tc\\d\x01\x7f')).toBe("'a\\nb\\tc\\\\d\\x01\\x7f'");
    expect(inspect('héllo 😀')).toBe("'héllo 😀'");
    expect(inspect('\ud83d')).toBe("'\\uD83D'");
  });

  it('prints numbers, bigints, booleans, undefined, null and symbols as literals', () => {
    expect(inspect(42)).toBe('42');
    expect(inspect(-0)).toBe('-0');
    expect(inspect(1.5e300)).toBe('1.5e+300');
    expect(inspect(NaN)).toBe('NaN');
    expect(inspect(Infinity)).toBe('Infinity');
    expect(inspect(12345678901234567890n)).toBe('12345678901234567890n');
    expect(inspect(true)).toBe('true');
    expect(inspect(undefined)).toBe('undefined');
    expect(inspect(null)).toBe('null');
    expect(inspect(Symbol('tag'))).toBe('Symbol(tag)');
  });
});

describe('inspect: terms of the runtime', () => {
  it('prints a tuple as an array without inner spaces, like {:ok, #PID<0.108.0>}', () => {
    expect(inspect(['ok', p('0.108.0')])).toBe("['ok', #PID<0.108.0>]");
    expect(inspect([])).toBe('[]');
  });

  it('prints refs as #Reference<…>', () => {
    expect(inspect(makeRef())).toMatch(/^#Reference<0\.0\.0\.\d+>$/);
  });

  it('prints an exit message as iex prints {:EXIT, pid, reason}', () => {
    expect(inspect(['EXIT', p('0.110.0'), ['shutdown', 'x']])).toBe("['EXIT', #PID<0.110.0>, ['shutdown', 'x']]");
  });
});

describe('inspect: objects and collections', () => {
  it('prints plain objects with spaces inside the braces, keys bare when they are identifiers', () => {
    expect(inspect({ name: 'Ada', team: ['x'] })).toBe("{ name: 'Ada', team: ['x'] }");
    expect(inspect({ 'a-b': 1, $ok: 2, [Symbol('s')]: 3 })).toBe("{ 'a-b': 1, $ok: 2, [Symbol(s)]: 3 }");
    expect(inspect({})).toBe('{}');
  });

  it('prints Map and Set with their size', () => {
    expect(inspect(new Map<unknown, unknown>([['a', 1], [['k'], { v: 2 }]]))).toBe("Map(2) { 'a' => 1, ['k'] => { v: 2 } }");
    expect(inspect(new Set([1, 'two']))).toBe("Set(2) { 1, 'two' }");
    expect(inspect(new Map())).toBe('Map(0) {}');
    expect(inspect(new WeakMap())).toBe('WeakMap { <items unknown> }');
  });

  it('prints dates as ISO text and regexps as literals', () => {
    expect(inspect(new Date(Date.UTC(2024, 0, 2, 3, 4, 5)))).toBe('2024-01-02T03:04:05.000Z');
    expect(inspect(new Date(NaN))).toBe('Invalid Date');
    expect(inspect(/a+b/gi)).toBe('/a+b/gi');
  });

  it('prints class instances with their class name, and subclasses of collections too', () => {
    class Point {
      constructor(
        public x: number,
        public y: number,
      ) {}
    }
    class Stack extends Array<number> {}
    class Empty {}
    expect(inspect(new Point(1, 2))).toBe('Point { x: 1, y: 2 }');
    expect(inspect(new Empty())).toBe('Empty {}');
    expect(inspect(Stack.from([1, 2]))).toBe('Stack(2) [1, 2]');
    expect(inspect(Object.create({ inherited: 1 }))).toBe('{}');
  });

  it('prints objects without a prototype as Node does', () => {
    const o = Object.create(null) as Record<string, number>;
    o.a = 1;
    expect(inspect(o)).toBe('[Object: null prototype] { a: 1 }');
  });

  it('shows a toStringTag as Node does: Object [Math] {}', () => {
    expect(inspect(Math)).toBe('Object [Math] {}');
    class Tagged {
      get [Symbol.toStringTag]() {
        throw new Error('getter ran');
      }
    }
    expect(inspect(new Tagged())).toBe('Tagged {}');
  });

  it('prints functions by kind and name, as iex prints #Function<…>', () => {
    function named() {}
    expect(inspect(named)).toBe('[Function named]');
    expect(inspect([() => 1])).toBe('[[Function (anonymous)]]');
    expect(inspect(async function load() {})).toBe('[AsyncFunction load]');
    expect(inspect(function* gen() {})).toBe('[GeneratorFunction gen]');
    expect(inspect(class Server {})).toBe('[class Server]');
  });

  it('prints typed arrays, buffers, boxed primitives and array buffers', () => {
    expect(inspect(new Uint8Array([1, 2, 3]))).toBe('Uint8Array(3) [1, 2, 3]');
    expect(inspect(Buffer.from('hi'))).toBe('<Buffer 68 69>');
    expect(inspect(Object('x'))).toBe("[String: 'x']");
    expect(inspect(new ArrayBuffer(4))).toBe('ArrayBuffer { byteLength: 4 }');
  });

  it('shows the holes of sparse arrays as Node does', () => {
    // eslint-disable-next-line no-sparse-arrays
    expect(inspect([1, , , 4])).toBe('[1, <2 empty items>, 4]');
    expect(inspect(new Array(3))).toBe('[<3 empty items>]');
  });

  it('prints an error inside a structure as `Name: message`', () => {
    expect(inspect(['error', new TypeError('bad arg')])).toBe("['error', TypeError: bad arg]");
    class AppError extends Error {}
    expect(inspect({ e: new AppError('x') })).toBe('{ e: AppError: x }');
    expect(inspect([new Error('')])).toBe('[Error]');
  });

  it('prints promises with their state', async () => {
    expect(inspect(new Promise(() => {}))).toBe('Promise { <pending> }');
    const done = Promise.resolve(42);
    await done;
    expect(inspect(done)).toBe('Promise { 42 }');
    const failed = Promise.reject(new Error('no'));
    failed.catch(() => {});
    await failed.catch(() => {});
    expect(inspect(failed)).toBe('Promise { <rejected> Error: no }');
  });

  it('marks a cycle [Circular *1] and the object it points back to <ref *1>', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    expect(inspect(a)).toBe("<ref *1> { name: 'a', self: [Circular *1] }");
    const list: unknown[] = [1];
    list.push({ back: list });
    expect(inspect(list)).toBe('<ref *1> [1, { back: [Circular *1] }]');
  });

  it('prints an object seen twice without a cycle in full both times', () => {
    const shared = { x: 1 };
    expect(inspect([shared, shared])).toBe('[{ x: 1 }, { x: 1 }]');
  });

  it('uses a value’s own nodejs.util.inspect.custom rendering', () => {
    const v = { [Symbol.for('nodejs.util.inspect.custom')]: () => 'Custom<1>' };
    expect(inspect(['ok', v])).toBe("['ok', Custom<1>]");
  });
});

describe('inspect: errors and exits at the top level', () => {
  it('prints an Error as iex prints a raised exception, with its frames four columns in', () => {
    const e = errorWithStack(new Error('boom'), ['at work (/app/w.ts:3:9)', 'at node:internal/process/task_queues:95:5']);
    expect(inspect(e)).toBe('** (Error) boom\n    at work (/app/w.ts:3:9)');
  });

  it('names the error class in the banner, as ** (RuntimeError) boom', () => {
    expect(inspect(errorWithStack(new TypeError('x is not a function'), []))).toBe('** (TypeError) x is not a function');
    class NotFound extends Error {}
    expect(inspect(errorWithStack(new NotFound('gone'), []))).toBe('** (NotFound) gone');
  });

  it('prints an ExitError as iex prints an exit: ** (exit) :boom', () => {
    // iex> exit(:boom)  →  ** (exit) :boom
    expect(inspect(new ExitError('boom'))).toBe("** (exit) 'boom'");
  });

  it('prints a GenServer.call timeout as iex does, the reason one level in', () => {
    // iex> GenServer.call(pid, :x, 0)  →  ** (exit) exited in: GenServer.call(#PID<0.116.0>, :x, 0)\n    ** (EXIT) time out
    const e = new ExitError(['timeout', ['GenServer', 'call', [p('0.116.0'), 'x', 0]]]);
    expect(inspect(e)).toBe("** (exit) exited in: GenServer.call(#PID<0.116.0>, 'x', 0)\n    ** (EXIT) time out");
  });
});

describe('formatThrown', () => {
  it('prints a thrown non-error as iex prints a throw: ** (throw) :x', () => {
    expect(formatThrown('x')).toBe("** (throw) 'x'");
    expect(formatThrown({ code: 1 })).toBe('** (throw) { code: 1 }');
  });

  it('prints thrown errors and exits as inspect does at the top level', () => {
    expect(formatThrown(errorWithStack(new RangeError('r'), []))).toBe('** (RangeError) r');
    expect(formatThrown(new ExitError('normal'))).toBe('** (exit) normal');
  });
});

describe('formatReason (checked against Elixir 1.14 Exception.format_exit/1)', () => {
  it('words the reasons OTP names', () => {
    expect(formatReason('normal')).toBe('normal');
    expect(formatReason('shutdown')).toBe('shutdown');
    expect(formatReason('killed')).toBe('killed');
    expect(formatReason('timeout')).toBe('time out');
    expect(formatReason('calling_self')).toBe('process attempted to call itself');
    expect(formatReason('noconnection')).toBe('no connection');
    expect(formatReason('noproc')).toBe(
      "no process: the process is not alive or there's no process currently associated with the given name, possibly because its application isn't started",
    );
    expect(formatReason(['shutdown', 'closed'])).toBe("shutdown: 'closed'");
    expect(formatReason(['nodedown', 'a@host'])).toBe('no connection to a@host');
    expect(formatReason(['already_started', p('0.96.0')])).toBe('already started: #PID<0.96.0>');
    expect(formatReason(['bad_return_value', 1])).toBe('bad return value: 1');
    expect(formatReason(['bad_call', 1])).toBe('bad call: 1');
    expect(formatReason(['bad_cast', 1])).toBe('bad cast: 1');
    expect(formatReason(['bad_start_spec', 1])).toBe('bad child specification, invalid children: 1');
    expect(formatReason(['bad_return', ['Foo', 'init', 3]])).toBe('Foo.init returned a bad value: 3');
  });

  it('inspects any other reason, as :kill prints :kill', () => {
    expect(formatReason('kill')).toBe("'kill'");
    expect(formatReason(['x', 'y'])).toBe("['x', 'y']");
    expect(formatReason('a string')).toBe("'a string'");
  });

  it('prints an error reason as "an exception was raised:" with banner and frames indented', () => {
    const e = errorWithStack(new Error('boom'), ['at f (/a.ts:3:1)', 'at g (/b.ts:4:2)']);
    expect(formatReason(e)).toBe('an exception was raised:\n    ** (Error) boom\n        at f (/a.ts:3:1)\n        at g (/b.ts:4:2)');
  });

  it('prints the reason of a failed call under "exited in:", nesting one level per call', () => {
    const server = p('0.96.0');
    expect(formatReason(['noproc', ['Agent', 'get', [server, 1, 5000]]])).toBe(
      "exited in: Agent.get(#PID<0.96.0>, 1, 5000)\n    ** (EXIT) no process: the process is not alive or there's no process currently associated with the given name, possibly because its application isn't started",
    );
    expect(formatReason([['timeout', ['GenServer', 'call', [server, 'x', 5000]]], ['GenServer', 'call', [server, 'y', 5000]]])).toBe(
      "exited in: GenServer.call(#PID<0.96.0>, 'y', 5000)\n    ** (EXIT) exited in: GenServer.call(#PID<0.96.0>, 'x', 5000)\n        ** (EXIT) time out",
    );
    const e = errorWithStack(new Error('boom'), ['at f (/a.ts:1:1)']);
    expect(formatReason([e, ['GenServer', 'call', [server, 'x', 5000]]])).toBe(
      "exited in: GenServer.call(#PID<0.96.0>, 'x', 5000)\n    ** (EXIT) an exception was raised:\n        ** (Error) boom\n            at f (/a.ts:1:1)",
    );
  });

  it('prints a child that failed to start as a supervisor reports it', () => {
    expect(formatReason(['shutdown', ['failed_to_start_child', 'w', ['EXIT', 'boom']]])).toBe(
      "shutdown: failed to start child: 'w'\n    ** (EXIT) 'boom'",
    );
    expect(formatReason(['shutdown', ['failed_to_start_child', 'w', 'boom']])).toBe("shutdown: failed to start child: 'w'\n    ** (EXIT) 'boom'");
  });

  it('unwraps an ExitError given as a reason', () => {
    expect(formatReason(new ExitError('shutdown'))).toBe('shutdown');
  });

  it('keeps a long reason on one line, as inspect/1 does inside format_exit', () => {
    const reason = ['shutdown', Array.from({ length: 40 }, (_, i) => i)];
    expect(formatReason(reason)).not.toContain('\n');
  });
});

describe('inspect: cut markers (iex limits)', () => {
  it('shows 50 items of a list then ..., broken over lines exactly as iex prints Enum.to_list(1..100)', () => {
    const list = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(inspect(list, { width: 80 })).toBe(
      '[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,\n' +
        ' 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42,\n' +
        ' 43, 44, 45, 46, 47, 48, 49, 50, ...]',
    );
  });

  it('gives each nested item the remaining limit, as IO.inspect(List.duplicate(l, 6), limit: 5)', () => {
    const l = [1, 2, 3, 4, 5];
    expect(inspect([l, l, l, l, l, l], { limit: 5 })).toBe('[[1, 2, 3, 4, ...], [1, 2, 3, ...], [1, 2, ...], [1, ...], [...], ...]');
  });

  it('limits object entries and map entries the same way, as IO.inspect(%{a: l, b: l, c: l}, limit: 4)', () => {
    const l = [1, 2, 3, 4, 5];
    expect(inspect({ a: l, b: l, c: l }, { limit: 4 })).toBe('{ a: [1, 2, 3, ...], b: [1, 2, ...], c: [1, ...] }');
    expect(inspect({ a: 1, b: 2, c: 3 }, { limit: 2 })).toBe('{ a: 1, b: 2, ... }');
    expect(inspect(new Map([[1, 1], [2, 2], [3, 3]]), { limit: 1 })).toBe('Map(3) { 1 => 1, ... }');
    expect(inspect(new Set([1, 2, 3]), { limit: 2 })).toBe('Set(3) { 1, 2, ... }');
  });

  it('cuts a long string after printableLimit as iex cuts "ababa" <> ...', () => {
    expect(inspect('abababab', { printableLimit: 5 })).toBe("'ababa' + ...");
    expect(inspect(['abababab'], { printableLimit: 5 })).toBe("['ababa' + ...]");
    expect(inspect('a😀b', { printableLimit: 2 })).toBe("'a' + ...");
  });

  it('cuts nesting deeper than depth with [Object] and [Array]', () => {
    expect(inspect({ a: { b: { c: 1 } }, l: [[1]] }, { depth: 1 })).toBe('{ a: { b: [Object] }, l: [[Array]] }');
    class Node {
      next = new Map();
    }
    expect(inspect([new Node()], { depth: 1 })).toBe('[Node { next: [Map] }]');
  });
});

describe('inspect: line breaking', () => {
  it('puts a value on one line when it fits the width', () => {
    const v = { name: 'Ada', langs: ['en', 'fr'], n: 1 };
    expect(inspect(v, { width: 80 })).toBe("{ name: 'Ada', langs: ['en', 'fr'], n: 1 }");
  });

  it('breaks an object one entry a line, two columns in, when it does not fit', () => {
    const v = { name: 'Ada', langs: ['en', 'fr'], n: 1 };
    expect(inspect(v, { width: 30 })).toBe("{\n  name: 'Ada',\n  langs: ['en', 'fr'],\n  n: 1\n}");
  });

  it('breaks a list of lists one a line as iex does (for _ <- 1..10, do: Enum.to_list(1..10))', () => {
    const row = Array.from({ length: 10 }, (_, i) => i + 1);
    const rows = Array.from({ length: 3 }, () => row);
    const line = '  [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]';
    expect(inspect(rows, { width: 80 })).toBe(`[\n${line},\n${line},\n${line}\n]`);
  });

  it('fills a long list inside an entry, continued one column past the entry, as Inspect.Algebra nests', () => {
    const v = { items: Array.from({ length: 12 }, (_, i) => i * 100) };
    expect(inspect(v, { width: 30 })).toBe('{\n  items: [0, 100, 200, 300,\n   400, 500, 600, 700, 800,\n   900, 1000, 1100]\n}');
  });

  it('fills a list inside a map entry exactly as iex prints %{list: Enum.to_list(1..40), name: "x"}', () => {
    const v = { list: Array.from({ length: 40 }, (_, i) => i + 1), name: 'x' };
    expect(inspect(v, { width: 80 })).toBe(
      '{\n' +
        '  list: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,\n' +
        '   21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39,\n' +
        '   40],\n' +
        "  name: 'x'\n" +
        '}',
    );
  });

  it('breaks a list holding a nested list one item a line, as iex prints [1, [2, 3], 4, long, 5]', () => {
    const long = 'a'.repeat(70);
    expect(inspect([1, [2, 3], 4, long, 5], { width: 80 })).toBe(`[\n  1,\n  [2, 3],\n  4,\n  '${long}',\n  5\n]`);
  });

  it('breaks nested blocks each at its own level', () => {
    const v = { server: { state: { count: 1, names: ['alpha', 'beta', 'gamma'] } } };
    expect(inspect(v, { width: 40 })).toBe(
      "{\n  server: {\n    state: {\n      count: 1,\n      names: ['alpha', 'beta', 'gamma']\n    }\n  }\n}",
    );
  });

  it('fills a long Set between its braces', () => {
    const s = new Set(Array.from({ length: 12 }, (_, i) => i * 100));
    expect(inspect(s, { width: 30 })).toBe('Set(12) {\n  0, 100, 200, 300, 400, 500,\n  600, 700, 800, 900, 1000,\n  1100\n}');
  });

  it('counts what follows a block (a comma, closing brackets) when deciding whether it fits', () => {
    // '  [1, 2, 3]' is 11 wide: in 11 columns it fits only where no comma follows it.
    const out = inspect([[1, 2, 3], [4, 5, 6], [7, 8, 9]], { width: 11 });
    expect(out.split('\n')).toEqual(['[', '  [1, 2,', '   3],', '  [4, 5,', '   6],', '  [7, 8, 9]', ']']);
  });
});

describe('inspect: hostile values never make it throw', () => {
  it('does not call getters, even one that throws', () => {
    const v = {
      get bad(): number {
        throw new Error('getter ran');
      },
      set only(_x: number) {},
      get both() {
        return 1;
      },
      set both(_x: number) {},
    };
    expect(inspect(v)).toBe('{ bad: [Getter], only: [Setter], both: [Getter/Setter] }');
  });

  it('prints what it can of a proxy whose traps throw', () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('no keys for you');
        },
      },
    );
    expect(inspect(['ok', hostile])).toBe("['ok', [Uninspectable: no keys for you]]");
  });

  it('prints a revoked proxy as <Revoked Proxy>', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(inspect({ p: proxy })).toBe('{ p: <Revoked Proxy> }');
    expect(inspect(proxy)).toBe('<Revoked Proxy>');
  });

  it('survives a constructor, toStringTag or message getter that throws, without calling the first two', () => {
    const proto = Object.create(null, {
      constructor: {
        get() {
          throw new Error('ctor');
        },
      },
    }) as object;
    expect(inspect(Object.create(proto))).toBe('{}');
    const tagged = Object.create(null, {
      [Symbol.toStringTag]: {
        get() {
          throw new Error('tag');
        },
      },
    }) as object;
    expect(inspect(tagged)).toBe('[Object: null prototype] {}');
    const e = new Error('x');
    Object.defineProperty(e, 'message', {
      get() {
        throw new Error('msg');
      },
    });
    expect(inspect([e])).toBe('[Error]');
    expect(inspect(e).split('\n')[0]).toBe('** (Error) ');
  });

  it('prints the object as it is when its custom inspect method throws', () => {
    const v = {
      a: 1,
      [Symbol.for('nodejs.util.inspect.custom')]() {
        throw new Error('custom');
      },
    };
    expect(inspect(v, { width: Infinity })).toBe('{ a: 1, [Symbol(nodejs.util.inspect.custom)]: [Function [nodejs.util.inspect.custom]] }');
  });

  it('prints a huge sparse array fast', () => {
    const huge = new Array(1e9);
    huge[5e8] = 'x';
    const t = performance.now();
    expect(inspect(huge)).toBe("[<500000000 empty items>, 'x', <499999999 empty items>]");
    expect(performance.now() - t).toBeLessThan(500);
  });

  it('cuts a deep chain where the shrinking limit reaches 0, as iex does', () => {
    let chain: Record<string, unknown> = {};
    for (let i = 0; i < 100_000; i++) chain = { next: chain };
    const out = inspect(chain, { width: Infinity, depth: Infinity });
    expect(out).toBe('{ next: '.repeat(50) + '{ ... }' + ' }'.repeat(50));
  });

  it('prints a 100,000-deep chain without overflowing the stack, even with no limits', () => {
    let chain: Record<string, unknown> = {};
    for (let i = 0; i < 100_000; i++) chain = { next: chain };
    const out = inspect(chain, { width: Infinity, depth: Infinity, limit: Infinity });
    expect(out).toContain('{ next: [Object] }');
    expect(out.length).toBeLessThan(10_000);
  });

  it('stops at a budget of nodes when limits are lifted on a wide and deep structure', () => {
    const tree = (d: number): unknown => (d === 0 ? 1 : Array.from({ length: 50 }, () => tree(d - 1)));
    const big = tree(3); // 125,000 leaves
    const t = performance.now();
    const out = inspect(big, { width: Infinity, limit: Infinity });
    expect(performance.now() - t).toBeLessThan(500);
    expect(out.endsWith('...], ...], ...]')).toBe(true);
    expect(out.length).toBeLessThan(100_000);
  });
});

describe('inspect: speed on huge values', () => {
  it('prints a 10 MB string fast and short', () => {
    const s = 'x'.repeat(10 * 1024 * 1024);
    const t = performance.now();
    const out = inspect(s);
    const ms = performance.now() - t;
    expect(out).toBe(`'${'x'.repeat(4096)}' + ...`);
    expect(ms).toBeLessThan(500);
  });

  it('prints a 1,000,000-element array fast and short', () => {
    const a = Array.from({ length: 1_000_000 }, (_, i) => i);
    const t = performance.now();
    const out = inspect(a);
    const ms = performance.now() - t;
    expect(out.endsWith('48, 49, ...]')).toBe(true);
    expect(out.length).toBeLessThan(300);
    expect(ms).toBeLessThan(500);
  });
});

describe('inspect: colors', () => {
  const ESC = '\u001b[';
  it('colors as iex: atoms cyan, strings green, numbers yellow, nil and booleans magenta', () => {
    expect(inspect(['ok', 'two words', 1, undefined, true], { color: true })).toBe(
      `[${ESC}36m'ok'${ESC}39m, ${ESC}32m'two words'${ESC}39m, ${ESC}33m1${ESC}39m, ${ESC}35mundefined${ESC}39m, ${ESC}35mtrue${ESC}39m]`,
    );
  });

  it('colors a top-level error red', () => {
    expect(inspect(new ExitError('normal'), { color: true })).toBe(`${ESC}31m** (exit) normal${ESC}39m`);
  });

  it('prints no escape codes without color, and breaks lines by the visible width only', () => {
    const v = Array.from({ length: 30 }, (_, i) => `s${i}`);
    expect(inspect(v)).not.toContain(ESC);
    const plain = inspect(v, { width: 40 });
    const colored = inspect(v, { width: 40, color: true }).replace(/\u001b\[\d+m/g, '');
    expect(colored).toBe(plain);
  });
});
