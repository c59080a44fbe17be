import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ArgumentError, isPid, isRef, makeRef, Pid, pid, Process, receive, Ref, run, self, send, spawn } from '../../src/runtime/index.js';

describe('Pid formatting', () => {
  it("prints as #PID<0.N.0>, with node 0 and serial 0 for local processes", () =>
    run(async () => {
      const text = String(self());
      expect(text).toMatch(/^#PID<0\.\d+\.0>$/);
      expect(self().toString()).toBe(text);
      expect(`${self()}`).toBe(text);
    }));

  it('shows the same text in util.inspect (console.log) and JSON', () =>
    run(async () => {
      const text = String(self());
      expect(inspect(self())).toBe(text);
      expect(inspect({ pid: self() })).toBe(`{ pid: ${text} }`);
      expect(JSON.stringify([self()])).toBe(`["${text}"]`);
    }));

  it('numbers user processes from 100 up, as the BEAM leaves the first to the system', () =>
    run(async () => {
      expect(self().id).toBeGreaterThanOrEqual(100);
    }));

  it('keeps a node slot', () =>
    run(async () => {
      expect(self().node).toBe(0);
      expect(pid('3.42.7').node).toBe(3);
      expect(String(pid('3.42.7'))).toBe('#PID<3.42.7>');
    }));
});

describe("pid('0.N.0')", () => {
  it('gives back the live process for its text, in any of the written forms', () =>
    run(async () => {
      const p = spawn(() => receive());
      const n = p.id;
      expect(pid(`0.${n}.0`)).toBe(p);
      expect(pid(`#PID<0.${n}.0>`)).toBe(p);
      expect(pid(`<0.${n}.0>`)).toBe(p);
      expect(pid(` 0.${n}.0 `)).toBe(p);
    }));

  it('gives a pid that stands for no live process when none has that number', () =>
    run(async () => {
      const ghost = pid('0.99999.0');
      expect(isPid(ghost)).toBe(true);
      expect(String(ghost)).toBe('#PID<0.99999.0>');
      expect(Process.isAlive(ghost)).toBe(false);
      expect(send(ghost, 'dropped')).toBe('dropped');
    }));

  it('lets a message reach a live process through a parsed pid', () =>
    run(async () => {
      const me = self();
      send(pid(String(me)), 'via text');
      expect(await receive()).toBe('via text');
    }));

  it('refuses a malformed string with an ArgumentError showing the expected form', () => {
    for (const bad of ['', 'abc', '0.1', '0.1.2.3', '#PID<0.a.0>', '0,1,0', '-1.2.3', '1.2.3>extra']) {
      expect(() => pid(bad), bad).toThrow(ArgumentError);
      expect(() => pid(bad), bad).toThrow(/pid: expected a pid written as '0\.42\.0' \(or '#PID<0\.42\.0>'\), got/);
    }
  });

  it('refuses a non-string', () => {
    expect(() => pid(42 as never)).toThrow(/got 42/);
    expect(() => pid(undefined as never)).toThrow(ArgumentError);
  });
});

describe('makeRef', () => {
  it('makes a new unique ref every time', () => {
    const refs = Array.from({ length: 1000 }, () => makeRef());
    expect(new Set(refs.map(String)).size).toBe(1000);
    expect(refs[0]).not.toBe(refs[1]);
  });

  it('prints as #Reference<…> everywhere', () => {
    const r = makeRef();
    expect(String(r)).toMatch(/^#Reference<0\.0\.0\.\d+>$/);
    expect(inspect(r)).toBe(String(r));
    expect(JSON.stringify(r)).toBe(`"${r}"`);
  });

  it('isRef and isPid tell them apart', () =>
    run(async () => {
      expect(isRef(makeRef())).toBe(true);
      expect(isRef(self())).toBe(false);
      expect(isPid(self())).toBe(true);
      expect(isPid('#PID<0.1.0>')).toBe(false);
      expect(makeRef()).toBeInstanceOf(Ref);
      expect(self()).toBeInstanceOf(Pid);
    }));
});
