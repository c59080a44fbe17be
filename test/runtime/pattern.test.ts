import { describe, expect, it } from 'vitest';
import { _, ArgumentError, makeRef, matches, Pid, pid, Ref, run, self, spawn } from '../../src/runtime/index.js';

describe('matches: literals', () => {
  it('matches a literal by ===', () => {
    expect(matches('ok', 'ok')).toBe(true);
    expect(matches(1, 1)).toBe(true);
    expect(matches(true, true)).toBe(true);
    expect(matches(null, null)).toBe(true);
    expect(matches(undefined, undefined)).toBe(true);
    expect(matches(1, '1')).toBe(false);
    expect(matches('ok', 'error')).toBe(false);
    expect(matches(null, undefined)).toBe(false);
    expect(matches(0, false)).toBe(false);
    expect(matches(1n, 1n)).toBe(true);
  });

  it('matches NaN with NaN (unlike ===) and nothing else', () => {
    expect(matches(NaN, NaN)).toBe(true);
    expect(matches(NaN, 0)).toBe(false);
    expect(matches(0, NaN)).toBe(false);
    expect(matches([NaN], [NaN])).toBe(true);
  });

  it('matches an object or array literal that is the same object', () => {
    const obj = new Date(0);
    expect(matches(obj, obj)).toBe(true);
    expect(matches(new Date(0), new Date(0))).toBe(false);
  });
});

describe('matches: _', () => {
  it('matches anything, undefined included', () => {
    for (const v of [undefined, null, 0, '', 'x', [], {}, NaN, makeRef(), Symbol('s'), () => 1]) {
      expect(matches(_, v)).toBe(true);
    }
  });

  it('is the same symbol across module copies (Symbol.for)', () => {
    expect(_).toBe(Symbol.for('beamish._'));
  });

  it('is the only symbol that matches anything: other symbols match themselves', () => {
    const s = Symbol('s');
    expect(matches(s, s)).toBe(true);
    expect(matches(s, Symbol('s'))).toBe(false);
  });
});

describe('matches: types', () => {
  const values: [string, unknown][] = [
    ['string', 'text'],
    ['number', 1.5],
    ['nan', NaN],
    ['boolean', false],
    ['bigint', 10n],
    ['symbol', Symbol('x')],
    ['function', () => 1],
    ['array', [1, 2]],
    ['object', { a: 1 }],
    ['null', null],
    ['undefined', undefined],
  ];
  const cases: [string, unknown, string[]][] = [
    ['String', String, ['string']],
    ['Number', Number, ['number', 'nan']],
    ['Boolean', Boolean, ['boolean']],
    ['BigInt', BigInt, ['bigint']],
    ['Symbol', Symbol, ['symbol']],
    ['Function', Function, ['function']],
    ['Array', Array, ['array']],
    ['Object', Object, ['object']],
  ];
  for (const [name, pattern, accepted] of cases) {
    it(`${name} matches exactly the ${accepted.join(' and ')} values`, () => {
      for (const [kind, v] of values) expect(matches(pattern, v), `${name} vs ${kind}`).toBe(accepted.includes(kind));
    });
  }

  it('Pid matches pids and Ref matches refs, nothing else', () =>
    run(async () => {
      expect(matches(Pid, self())).toBe(true);
      expect(matches(Pid, makeRef())).toBe(false);
      expect(matches(Pid, '#PID<0.1.0>')).toBe(false);
      expect(matches(Ref, makeRef())).toBe(true);
      expect(matches(Ref, self())).toBe(false);
      expect(matches(Object, self())).toBe(true);
    }));

  it('a class matches its instances', () => {
    class Point { constructor(readonly x: number) {} }
    class Other {}
    expect(matches(Point, new Point(1))).toBe(true);
    expect(matches(Point, new Other())).toBe(false);
    expect(matches(Error, new TypeError('t'))).toBe(true);
    expect(matches(Map, new Map())).toBe(true);
    expect(matches(Date, {})).toBe(false);
  });
});

describe('matches: pids and refs', () => {
  it('a pid matches the same process, also written with pid()', () =>
    run(async () => {
      const me = self();
      const other = spawn(() => new Promise(() => {}));
      expect(matches(me, me)).toBe(true);
      expect(matches(me, other)).toBe(false);
      expect(matches(pid(String(me)), me)).toBe(true);
    }));

  it('a ref matches only itself', () => {
    const r = makeRef();
    expect(matches(r, r)).toBe(true);
    expect(matches(r, makeRef())).toBe(false);
    expect(matches(['DOWN', r, _], ['DOWN', r, 1])).toBe(true);
  });
});

describe('matches: arrays (tuples)', () => {
  it('matches an array of the same length element by element', () => {
    expect(matches(['ok', _], ['ok', 1])).toBe(true);
    expect(matches(['ok', Number], ['ok', 'x'])).toBe(false);
    expect(matches([], [])).toBe(true);
  });

  it('does not match an array of another length', () => {
    expect(matches(['ok', _], ['ok'])).toBe(false);
    expect(matches(['ok', _], ['ok', 1, 2])).toBe(false);
    expect(matches([], [1])).toBe(false);
  });

  it('does not match a non-array', () => {
    expect(matches(['a'], { 0: 'a', length: 1 })).toBe(false);
    expect(matches(['a'], 'a')).toBe(false);
  });

  it('nests', () => {
    const ref = makeRef();
    expect(matches(['reply', ref, ['ok', { n: Number }]], ['reply', ref, ['ok', { n: 3, m: 4 }]])).toBe(true);
    expect(matches(['reply', ref, ['ok', { n: Number }]], ['reply', ref, ['ok', { m: 4 }]])).toBe(false);
  });
});

describe('matches: plain objects (maps)', () => {
  it('matches an object that has the keys, each matching, extra keys allowed', () => {
    expect(matches({ op: 'get', key: String }, { op: 'get', key: 'a', extra: 1 })).toBe(true);
    expect(matches({ op: 'get' }, { op: 'put' })).toBe(false);
    expect(matches({}, { any: 'thing' })).toBe(true);
  });

  it('needs the key to exist, even for _ or undefined', () => {
    expect(matches({ a: _ }, {})).toBe(false);
    expect(matches({ a: undefined }, {})).toBe(false);
    expect(matches({ a: undefined }, { a: undefined })).toBe(true);
  });

  it('does not match primitives or null', () => {
    expect(matches({}, null)).toBe(false);
    expect(matches({}, 'str')).toBe(false);
    expect(matches({ length: 3 }, 'abc')).toBe(false);
  });

  it('does not match an array (a tuple is not a map: Elixir %{} does not match {1, 2})', () => {
    expect(matches({}, [1, 2])).toBe(false);
    expect(matches({ length: 2 }, [1, 2])).toBe(false);
  });

  it('matches a class instance by its keys', () => {
    class P { x = 1; y = 2; }
    expect(matches({ x: 1 }, new P())).toBe(true);
  });

  it('accepts a null-prototype object as a pattern', () => {
    const pat = Object.assign(Object.create(null), { a: 1 });
    expect(matches(pat, { a: 1 })).toBe(true);
  });
});

describe('matches: predicates and regexps', () => {
  it('a function is a predicate on the value; a truthy result matches', () => {
    expect(matches((m: number) => m > 10, 11)).toBe(true);
    expect(matches((m: number) => m > 10, 5)).toBe(false);
    expect(matches(() => 'truthy', 0)).toBe(true);
    expect(matches(['n', (n: number) => n % 2 === 0], ['n', 4])).toBe(true);
  });

  it('a RegExp matches strings it finds a match in, and only strings', () => {
    expect(matches(/^ab/, 'abc')).toBe(true);
    expect(matches(/^ab/, 'cab')).toBe(false);
    expect(matches(/1/, 1)).toBe(false);
  });

  it('a global RegExp gives the same answer every time (no lastIndex state)', () => {
    const re = /a/g;
    expect([1, 2, 3].map(() => matches(re, 'a'))).toEqual([true, true, true]);
  });
});

describe('matches: malformed patterns', () => {
  it('refuses a predicate taking two arguments, saying what to write', () => {
    expect(() => matches((a: unknown, b: unknown) => a === b, 1)).toThrow(ArgumentError);
    expect(() => matches(function two(a: unknown, b: unknown) { return a === b; }, 1)).toThrow(
      /a predicate pattern takes one argument \(the message\), but two takes 2\. Write \(msg\) => boolean\./,
    );
  });

  it('refuses a Promise, pointing at a forgotten await', () => {
    expect(() => matches(Promise.resolve(1), 1)).toThrow(/a pattern cannot be a Promise \(did you forget an await\?\)/);
  });
});
