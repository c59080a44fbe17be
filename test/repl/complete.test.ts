import { describe, expect, it } from 'vitest';
import { complete } from '../../src/repl/complete.js';

describe('Tab completion', () => {
  it('completes the prompt globals and the JavaScript globals from a prefix', () => {
    const [items, word] = complete('spawnM', {});
    expect(word).toBe('spawnM');
    expect(items).toEqual(['spawnMonitor']);
    expect(complete('JSO', {})[0]).toContain('JSON');
  });

  it('completes the session variables', () => {
    expect(complete('const y = myV', { myVariable: 1, other: 2 })).toEqual([['myVariable'], 'myV']);
  });

  it('completes the members of a namespace', () => {
    const [items, word] = complete('Process.li', {});
    expect(word).toBe('li');
    expect(items).toEqual(['link', 'list']);
    expect(complete('GenServer.', {})[0]).toEqual(expect.arrayContaining(['call', 'cast', 'start', 'startLink']));
  });

  it('completes the properties of an object, along a path, with its prototype methods', () => {
    const scope = { config: { server: { port: 1, host: 'h' } }, list: [1, 2] };
    expect(complete('config.server.p', scope)).toEqual([['port'], 'p']);
    expect(complete('list.pu', scope)).toEqual([['push'], 'pu']);
  });

  it('never runs a getter of user code', () => {
    let ran = false;
    const scope = {
      obj: {
        get trap() {
          ran = true;
          return { inner: 1 };
        },
      },
    };
    expect(complete('obj.trap.', scope)).toEqual([[], '']);
    expect(complete('obj.t', scope)).toEqual([['trap'], 't']);
    expect(ran).toBe(false);
  });

  it('offers nothing after a number (a decimal point is not a property)', () => {
    expect(complete('1.', {})[0]).toEqual([]);
  });
});
