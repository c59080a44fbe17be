/**
 * Registry, checked against Elixir 1.14 (`elixir -e`): return shapes of register, lookup,
 * keys, values, count, update_value, meta, dispatch; the ArgumentErrors for an unknown
 * registry, bad keys, a missing name, update_value and :via on duplicate registries.
 */
import { describe, expect, it } from 'vitest';
import { _, ArgumentError, Process, receive, run, self, send, spawn, spawnMonitor, type Pid } from '../../src/runtime/index.js';
import { Registry } from '../../src/otp/registry.js';
import { GenServer } from '../../src/otp/gen_server.js';
import { sys } from '../../src/otp/sys.js';
import { Supervisor } from '../../src/otp/supervisor.js';
import { downReason, exitOf } from './helpers.js';

let n = 0;
const fresh = async (keys: 'unique' | 'duplicate' = 'unique'): Promise<string> => {
  const name = `Reg${++n}`;
  await Registry.startLink({ keys, name });
  return name;
};

/** A process that registers `key` in `reg`, reports, and waits until told to stop. */
async function registrant(reg: string, key: unknown, value: unknown): Promise<Pid> {
  const parent = self();
  const pid = spawn(async () => {
    send(parent, ['registered', Registry.register(reg, key, value)]);
    await receive('stop');
  });
  await receive(['registered', _]);
  return pid;
}

describe('Registry.startLink', () => {
  it("returns ['ok', pid] of a live process registered under the name", () =>
    run(async () => {
      const [ok, pid] = (await Registry.startLink({ keys: 'unique', name: 'StartMe' })) as ['ok', Pid];
      expect(ok).toBe('ok');
      expect(Process.isAlive(pid)).toBe(true);
      expect(Process.whereis('StartMe')).toBe(pid);
      expect(Process.info(pid)!.links).toContain(self());
    }));

  it("gives ['error', ['already_started', pid]] when the name is taken (as Elixir)", () =>
    run(async () => {
      const [, pid] = (await Registry.startLink({ keys: 'unique', name: 'Twice' })) as ['ok', Pid];
      expect(await Registry.startLink({ keys: 'duplicate', name: 'Twice' })).toEqual(['error', ['already_started', pid]]);
    }));

  it('refuses keys other than unique or duplicate with the fix in the message', () =>
    run(async () => {
      await expect(Registry.startLink({ keys: 'bad' as never, name: 'X' })).rejects.toThrow(ArgumentError);
      await expect(Registry.startLink({ keys: 'bad' as never, name: 'X' })).rejects.toThrow(
        /expected keys to be given and be one of 'unique' or 'duplicate', got 'bad'.*Registry\.startLink\(\{ keys: 'unique'/,
      );
      await expect(Registry.startLink({ name: 'X' } as never)).rejects.toThrow(/got undefined/);
    }));

  it('requires a name (Elixir: expected :name option to be present)', () =>
    run(async () => {
      await expect(Registry.startLink({ keys: 'unique' } as never)).rejects.toThrow(/expected the name option to be present/);
    }));

  it('exits with its parent, as a GenServer does', () =>
    run(async () => {
      const parent = self();
      const owner = spawn(async () => {
        send(parent, await Registry.startLink({ keys: 'unique', name: 'Orphan' }));
        await receive('stop');
      });
      const [, reg] = await receive(['ok', _]);
      const ref = Process.monitor(reg);
      Process.exit(owner, 'shutdown');
      expect(await receive(['DOWN', ref, _, _, _])).toEqual(['DOWN', ref, 'process', reg, 'shutdown']);
    }));

  it('is a GenServer: sys answers it, and once stopped the registry is unknown', () =>
    run(async () => {
      const [, reg] = (await Registry.startLink({ keys: 'duplicate', name: 'AsServer' })) as ['ok', Pid];
      expect(Process.info(reg)!.meta).toMatchObject({ behaviour: 'Registry' });
      expect(await sys.getState(reg)).toMatchObject({ name: 'AsServer', kind: 'duplicate' });
      Process.unlink(reg);
      await GenServer.stop(reg);
      expect(() => Registry.lookup('AsServer', 'k')).toThrow(/unknown registry: 'AsServer'/);
    }));

  it('is a supervisor child spec whose id is the registry name (Elixir child_spec)', () => {
    const opts = { keys: 'unique', name: 'Kids' } as const;
    expect(Registry.childSpec(opts)).toEqual({ id: 'Kids', start: [Registry, 'startLink', [opts]], type: 'supervisor' });
  });
});

describe('Registry.register', () => {
  it("returns ['ok', registryPid] and links the caller to the registry", () =>
    run(async () => {
      const [, reg] = (await Registry.startLink({ keys: 'unique', name: 'Owner' })) as ['ok', Pid];
      const parent = self();
      spawn(async () => {
        send(parent, [Registry.register('Owner', 'k', 1), Process.info(self())!.links]);
      });
      expect(await receive()).toEqual([['ok', reg], [reg]]);
    }));

  it("refuses a key a live process holds: ['error', ['already_registered', pid]]", () =>
    run(async () => {
      const reg = await fresh();
      const other = await registrant(reg, 'k', 1);
      expect(Registry.register(reg, 'k', 2)).toEqual(['error', ['already_registered', other]]);
      expect(Registry.lookup(reg, 'k')).toEqual([[other, 1]]);
    }));

  it('refuses the same key twice from the same process in a unique registry', () =>
    run(async () => {
      const reg = await fresh();
      Registry.register(reg, 'k', 1);
      expect(Registry.register(reg, 'k', 2)).toEqual(['error', ['already_registered', self()]]);
    }));

  it('keeps every entry in a duplicate registry, even twice from one process', () =>
    run(async () => {
      const reg = await fresh('duplicate');
      const other = await registrant(reg, 't', 'a');
      expect(Registry.register(reg, 't', 1)[0]).toBe('ok');
      expect(Registry.register(reg, 't', 2)[0]).toBe('ok');
      expect(Registry.lookup(reg, 't')).toEqual([[other, 'a'], [self(), 1], [self(), 2]]);
    }));

  it('gives a key whose holder has just died to the next process at once', () =>
    run(async () => {
      const reg = await fresh();
      const holder = await registrant(reg, 'k', 1);
      Process.exit(holder, 'kill');
      expect(Registry.register(reg, 'k', 2)[0]).toBe('ok');
      expect(Registry.lookup(reg, 'k')).toEqual([[self(), 2]]);
    }));

  it('throws ArgumentError for an unknown registry (Elixir: unknown registry: Nope)', () =>
    run(async () => {
      expect(() => Registry.register('Nope', 'k', 1)).toThrow(ArgumentError);
      expect(() => Registry.lookup('Nope', 'k')).toThrow(/unknown registry: 'Nope'.*Registry\.startLink/);
    }));

  it('treats a registry that has died as unknown', () =>
    run(async () => {
      Process.flag('trap_exit', true);
      const [, reg] = (await Registry.startLink({ keys: 'unique', name: 'Gone' })) as ['ok', Pid];
      Process.exit(reg, 'kill');
      expect(() => Registry.lookup('Gone', 'k')).toThrow(/unknown registry/);
    }));
});

describe('Registry.lookup', () => {
  it('finds structured keys by value, whoever built them', () =>
    run(async () => {
      const reg = await fresh();
      const other = await registrant(reg, ['user', 42, { org: 'x' }], 'v');
      expect(Registry.lookup(reg, ['user', 42, { org: 'x' }])).toEqual([[other, 'v']]);
      expect(Registry.lookup(reg, ['user', 43, { org: 'x' }])).toEqual([]);
      // A string and a number are different keys, as in Erlang.
      Registry.register(reg, 1, 'number');
      expect(Registry.lookup(reg, '1')).toEqual([]);
    }));

  it('gives copies: changing a looked-up value does not change the entry', () =>
    run(async () => {
      const reg = await fresh();
      const value = { n: 1 };
      Registry.register(reg, 'k', value);
      value.n = 2;
      (Registry.lookup<{ n: number }>(reg, 'k')[0][1]).n = 3;
      expect(Registry.lookup(reg, 'k')).toEqual([[self(), { n: 1 }]]);
    }));
});

describe('Registry cleanup', () => {
  it('forgets every entry of a process the moment it dies', () =>
    run(async () => {
      const reg = await fresh('duplicate');
      const parent = self();
      const pid = spawn(async () => {
        Registry.register(reg, 'a', 1);
        Registry.register(reg, 'b', 2);
        send(parent, 'done');
        await receive('never');
      });
      await receive('done');
      expect(Registry.count(reg)).toBe(2);
      Process.exit(pid, 'kill');
      expect(Registry.lookup(reg, 'a')).toEqual([]);
      expect(Registry.count(reg)).toBe(0);
      expect(Registry.keys(reg, pid)).toEqual([]);
    }));

  it('drops the entries of a process that ended normally once the registry has seen its exit', () =>
    run(async () => {
      const reg = await fresh();
      const [pid, ref] = spawnMonitor(() => {
        Registry.register(reg, 'k', 1);
      });
      await receive(['DOWN', ref, _, _, _]);
      await Process.sleep(1);
      expect(Registry.lookup(reg, 'k')).toEqual([]);
      expect(Registry.keys(reg, pid)).toEqual([]);
      expect(Process.isAlive(Process.whereis(reg)!)).toBe(true);
    }));

  it('takes its registrants down when the registry dies, since they are linked (as Elixir)', () =>
    run(async () => {
      Process.flag('trap_exit', true);
      const [, reg] = (await Registry.startLink({ keys: 'unique', name: 'Crashing' })) as ['ok', Pid];
      const member = await registrant('Crashing', 'k', 1);
      const ref = Process.monitor(member);
      Process.exit(reg, 'kill');
      expect(await receive(['DOWN', ref, _, _, _])).toEqual(['DOWN', ref, 'process', member, 'killed']);
    }));
});

describe('Registry.unregister', () => {
  it("removes the caller's entries under the key and returns 'ok', even twice", () =>
    run(async () => {
      const reg = await fresh();
      Registry.register(reg, 'a', 1);
      expect(Registry.unregister(reg, 'a')).toBe('ok');
      expect(Registry.unregister(reg, 'a')).toBe('ok');
      expect(Registry.lookup(reg, 'a')).toEqual([]);
    }));

  it("leaves other processes' entries alone", () =>
    run(async () => {
      const reg = await fresh('duplicate');
      const other = await registrant(reg, 'k', 'theirs');
      Registry.register(reg, 'k', 'mine');
      Registry.unregister(reg, 'k');
      expect(Registry.lookup(reg, 'k')).toEqual([[other, 'theirs']]);
    }));

  it('unlinks a process that has no entry left (Elixir unlink_if_unregistered)', () =>
    run(async () => {
      const [, reg] = (await Registry.startLink({ keys: 'unique', name: 'Unlinks' })) as ['ok', Pid];
      const parent = self();
      spawn(async () => {
        Registry.register('Unlinks', 'a', 1);
        Registry.register('Unlinks', 'b', 2);
        Registry.unregister('Unlinks', 'a');
        const stillLinked = Process.info(self())!.links.includes(reg);
        Registry.unregister('Unlinks', 'b');
        send(parent, [stillLinked, Process.info(self())!.links.includes(reg)]);
      });
      expect(await receive()).toEqual([true, false]);
    }));

  it('removes only matching values with unregisterMatch', () =>
    run(async () => {
      const reg = await fresh('duplicate');
      Registry.register(reg, 'k', 1);
      Registry.register(reg, 'k', 'one');
      expect(Registry.unregisterMatch(reg, 'k', String)).toBe('ok');
      expect(Registry.values(reg, 'k', self())).toEqual([1]);
    }));
});

describe('Registry reads', () => {
  it('lists the keys of a process in registration order, repeats included', () =>
    run(async () => {
      const reg = await fresh('duplicate');
      Registry.register(reg, 'b', 1);
      Registry.register(reg, 'a', 1);
      Registry.register(reg, 'b', 2);
      expect(Registry.keys(reg, self())).toEqual(['b', 'a', 'b']);
    }));

  it('lists the values one process registered under a key', () =>
    run(async () => {
      const reg = await fresh('duplicate');
      await registrant(reg, 'k', 'theirs');
      Registry.register(reg, 'k', 1);
      Registry.register(reg, 'k', 2);
      expect(Registry.values(reg, 'k', self())).toEqual([1, 2]);
    }));

  it('counts the entries of live processes', () =>
    run(async () => {
      const reg = await fresh('duplicate');
      const other = await registrant(reg, 'k', 1);
      Registry.register(reg, 'k', 2);
      Registry.register(reg, 'j', 3);
      expect(Registry.count(reg)).toBe(3);
      Process.exit(other, 'kill');
      expect(Registry.count(reg)).toBe(2);
    }));

  it('matches values with receive patterns (match, countMatch)', () =>
    run(async () => {
      const reg = await fresh('duplicate');
      Registry.register(reg, 'q', ['high', 1]);
      Registry.register(reg, 'q', ['low', 2]);
      Registry.register(reg, 'q', ['high', 3]);
      expect(Registry.match(reg, 'q', ['high', _])).toEqual([[self(), ['high', 1]], [self(), ['high', 3]]]);
      expect(Registry.countMatch(reg, 'q', ['low', Number])).toBe(1);
    }));
});

describe('Registry.dispatch', () => {
  it("calls the function with every entry under the key and returns 'ok'", () =>
    run(async () => {
      const reg = await fresh('duplicate');
      const a = await registrant(reg, 'news', 'a');
      Registry.register(reg, 'news', 'me');
      let seen: unknown;
      expect(Registry.dispatch(reg, 'news', (entries) => (seen = entries))).toBe('ok');
      expect(seen).toEqual([[a, 'a'], [self(), 'me']]);
    }));

  it('does not call the function when nobody is registered (as Elixir)', () =>
    run(async () => {
      const reg = await fresh('duplicate');
      let called = false;
      expect(Registry.dispatch(reg, 'empty', () => (called = true))).toBe('ok');
      expect(called).toBe(false);
    }));

  it("resolves to 'ok' after an async function has finished", () =>
    run(async () => {
      const reg = await fresh('duplicate');
      Registry.register(reg, 't', 1);
      let done = false;
      const r = Registry.dispatch(reg, 't', async () => {
        await Process.sleep(1);
        done = true;
      });
      expect(await r).toBe('ok');
      expect(done).toBe(true);
    }));
});

describe('Registry.updateValue', () => {
  it('updates the value the caller holds and returns [new, old]', () =>
    run(async () => {
      const reg = await fresh();
      Registry.register(reg, 'hits', 1);
      expect(Registry.updateValue(reg, 'hits', (n: number) => n + 10)).toEqual([11, 1]);
      expect(Registry.lookup(reg, 'hits')).toEqual([[self(), 11]]);
    }));

  it("gives 'error' for a key the caller does not hold", () =>
    run(async () => {
      const reg = await fresh();
      await registrant(reg, 'theirs', 1);
      expect(Registry.updateValue(reg, 'theirs', (n: number) => n + 1)).toBe('error');
      expect(Registry.updateValue(reg, 'nobody', (n: number) => n + 1)).toBe('error');
      expect(Registry.lookup(reg, 'theirs')[0][1]).toBe(1);
    }));

  it('is refused on a duplicate registry (Elixir ArgumentError)', () =>
    run(async () => {
      const reg = await fresh('duplicate');
      expect(() => Registry.updateValue(reg, 'k', (x) => x)).toThrow(/not supported for duplicate registries/);
    }));
});

describe('Registry.meta', () => {
  it("stores registry-wide metadata: ['ok', value] or 'error'", () =>
    run(async () => {
      await Registry.startLink({ keys: 'unique', name: 'WithMeta', meta: [['region', 'eu']] });
      expect(Registry.meta('WithMeta', 'region')).toEqual(['ok', 'eu']);
      expect(Registry.meta('WithMeta', 'size')).toBe('error');
      expect(Registry.putMeta('WithMeta', 'size', 3)).toBe('ok');
      expect(Registry.meta('WithMeta', 'size')).toEqual(['ok', 3]);
      expect(Registry.deleteMeta('WithMeta', 'size')).toBe('ok');
      expect(Registry.meta('WithMeta', 'size')).toBe('error');
    }));
});

describe('Registry.via', () => {
  it("is ['via', Registry, [registry, key]], as Elixir's {:via, Registry, {registry, key}}", () => {
    expect(Registry.via('R', 'k')).toEqual(['via', Registry, ['R', 'k']]);
    expect(Registry.via('R', 'k', 'v')).toEqual(['via', Registry, ['R', 'k', 'v']]);
  });

  it('delivers a message sent to the via name to the process holding the key', () =>
    run(async () => {
      const reg = await fresh();
      Registry.register(reg, 'me', undefined);
      send(Registry.via(reg, 'me'), 'through the registry');
      expect(await receive()).toBe('through the registry');
    }));

  it('makes send throw when nobody holds the key (badarg)', () =>
    run(async () => {
      const reg = await fresh();
      expect(() => send(Registry.via(reg, 'nobody'), 'x')).toThrow(ArgumentError);
    }));

  it('resolves through whereisName, which registerName and unregisterName fill and empty', () =>
    run(async () => {
      const reg = await fresh();
      expect(Registry.whereisName([reg, 'k'])).toBeUndefined();
      expect(Registry.registerName([reg, 'k', 'value'], self())).toBe('yes');
      expect(Registry.registerName([reg, 'k'], self())).toBe('no');
      expect(Registry.whereisName([reg, 'k'])).toBe(self());
      expect(Registry.lookup(reg, 'k')).toEqual([[self(), 'value']]);
      Registry.unregisterName([reg, 'k']);
      expect(Registry.whereisName([reg, 'k'])).toBeUndefined();
    }));

  it('lets a process register only itself through registerName', () =>
    run(async () => {
      const reg = await fresh();
      const other = spawn(() => receive());
      expect(() => Registry.registerName([reg, 'k'], other)).toThrow(/a process registers itself only/);
    }));

  it('is not supported for duplicate registries (Elixir: :via is not supported for duplicate registries)', () =>
    run(async () => {
      const reg = await fresh('duplicate');
      expect(() => Registry.whereisName([reg, 'k'])).toThrow(/via names are not supported for duplicate registries/);
      expect(() => send(Registry.via(reg, 'k'), 'x')).toThrow(ArgumentError);
    }));

  it('stops resolving once the holder dies', () =>
    run(async () => {
      const reg = await fresh();
      const holder = await registrant(reg, 'k', 1);
      expect(Registry.whereisName([reg, 'k'])).toBe(holder);
      Process.exit(holder, 'kill');
      expect(Registry.whereisName([reg, 'k'])).toBeUndefined();
    }));
});

describe('Registry.via with GenServer', () => {
  const Counter = {
    init: (n: number) => ['ok', n],
    handleCall: (_req: unknown, _from: unknown, n: number) => ['reply', n, n],
    handleCast: (_msg: unknown, n: number) => ['noreply', n + 1],
  };

  it('names a server at start: call and cast reach it through the registry', () =>
    run(async () => {
      const reg = await fresh();
      const [, pid] = (await GenServer.start(Counter, 1, { name: Registry.via(reg, 'counter') })) as ['ok', Pid];
      expect(Registry.lookup(reg, 'counter')).toEqual([[pid, undefined]]);
      GenServer.cast(Registry.via(reg, 'counter'), 'inc');
      expect(await GenServer.call(Registry.via(reg, 'counter'), 'get')).toBe(2);
    }));

  it("stores the value of a three-part via name: ['via', Registry, [reg, key, value]]", () =>
    run(async () => {
      const reg = await fresh();
      const [, pid] = (await GenServer.start(Counter, 1, { name: Registry.via(reg, 'c', { role: 'main' }) })) as ['ok', Pid];
      expect(Registry.lookup(reg, 'c')).toEqual([[pid, { role: 'main' }]]);
    }));

  it("refuses a second server under the same key: ['error', ['already_started', pid]]", () =>
    run(async () => {
      const reg = await fresh();
      const [, first] = (await GenServer.start(Counter, 1, { name: Registry.via(reg, 'one') })) as ['ok', Pid];
      expect(await GenServer.start(Counter, 1, { name: Registry.via(reg, 'one') })).toEqual(['error', ['already_started', first]]);
    }));

  it('frees the key when the server stops, so a new one can take it', () =>
    run(async () => {
      const reg = await fresh();
      const name = Registry.via(reg, 'again');
      const [, first] = (await GenServer.start(Counter, 1, { name })) as ['ok', Pid];
      await GenServer.stop(name);
      expect(Process.isAlive(first)).toBe(false);
      expect(Registry.lookup(reg, 'again')).toEqual([]);
      const [ok, second] = (await GenServer.start(Counter, 5, { name })) as ['ok', Pid];
      expect(ok).toBe('ok');
      expect(await GenServer.call(name, 'get')).toBe(5);
      expect(second).not.toBe(first);
    }));

  it("exits a call to a key nobody holds with 'noproc'", () =>
    run(async () => {
      const reg = await fresh();
      const name = Registry.via(reg, 'nobody');
      expect(await exitOf(GenServer.call(name, 'get'))).toEqual(['noproc', ['GenServer', 'call', [name, 'get', 5000]]]);
    }));
});

describe('Registry under a Supervisor', () => {
  it('starts from [Registry, opts] as a supervisor child named by its registry name, and stops with the tree', () =>
    run(async () => {
      const [, top] = (await Supervisor.startLink([[Registry, { keys: 'unique', name: 'TreeReg' }] as never], { strategy: 'one_for_one' })) as ['ok', Pid];
      const reg = Process.whereis('TreeReg')!;
      expect(await Supervisor.whichChildren(top)).toEqual([['TreeReg', reg, 'supervisor', ['Registry']]]);
      const member = await registrant('TreeReg', 'k', 1);
      const ref = Process.monitor(member);
      Process.unlink(top);
      await Supervisor.stop(top);
      expect(Process.isAlive(reg)).toBe(false);
      expect(await downReason(ref)).toBe('shutdown'); // linked to the registry, as in Elixir
      expect(() => Registry.lookup('TreeReg', 'k')).toThrow(/unknown registry/);
    }));
});
