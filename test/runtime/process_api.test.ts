// Return values and errors checked against Elixir 1.14 (`elixir -e`): register → true,
// register of a dead pid / taken name / second name → ArgumentError, unregister of a free
// name → ArgumentError, whereis of a free name → nil, info of a dead pid → nil,
// status of a process blocked in receive → :waiting, of the caller → :running.
import { describe, expect, it } from 'vitest';
import { ArgumentError, NoProcessError, Pid, pid, Process, receive, run, self, send, spawn, spawnLink, spawnMonitor } from '../../src/runtime/index.js';
import { downReason } from './helpers.js';

const idle = () => receive('never sent');

describe('Process.isAlive', () => {
  it('is true for a live process and false once it ended', () =>
    run(async () => {
      const [p, ref] = spawnMonitor(() => receive('stop'));
      expect(Process.isAlive(p)).toBe(true);
      expect(Process.isAlive(self())).toBe(true);
      send(p, 'stop');
      await downReason(ref);
      expect(Process.isAlive(p)).toBe(false);
    }));

  it('refuses a non-pid', () => {
    expect(() => Process.isAlive('p' as never)).toThrow(/Process\.isAlive: expected a pid, got 'p'\. Pids come from spawn\(\.\.\.\), self\(\) or pid\('0\.42\.0'\)/);
  });
});

describe('Process.register / unregister / whereis / registered', () => {
  it('names a process: whereis finds it, registered lists it, send reaches it', () =>
    run(async () => {
      expect(Process.register(self(), 'reg_a')).toBe(true);
      expect(Process.whereis('reg_a')).toBe(self());
      expect(Process.registered()).toContain('reg_a');
      expect(Process.info(self())!.registeredName).toBe('reg_a');
      send('reg_a', 'hi');
      expect(await receive()).toBe('hi');
    }));

  it('unregister frees the name and returns true', () =>
    run(async () => {
      Process.register(self(), 'reg_b');
      expect(Process.unregister('reg_b')).toBe(true);
      expect(Process.whereis('reg_b')).toBeUndefined();
      expect(Process.info(self())!.registeredName).toBeUndefined();
      expect(() => send('reg_b', 'x')).toThrow(ArgumentError);
      Process.register(self(), 'reg_b2');
      expect(Process.whereis('reg_b2')).toBe(self());
    }));

  it('whereis of a free name is undefined (Elixir: nil)', () => {
    expect(Process.whereis('nobody_at_all')).toBeUndefined();
  });

  it('refuses a name that is taken, naming its holder (Elixir: ArgumentError)', () =>
    run(async () => {
      Process.register(self(), 'reg_taken');
      const other = spawn(idle);
      expect(() => Process.register(other, 'reg_taken')).toThrow(ArgumentError);
      expect(() => Process.register(other, 'reg_taken')).toThrow(`Process.register: the name 'reg_taken' is already registered to ${self()}.`);
    }));

  it('refuses a dead pid (Elixir: ArgumentError)', () =>
    run(async () => {
      const dead = spawn(() => {});
      await Process.sleep(1);
      expect(() => Process.register(dead, 'reg_dead')).toThrow(`Process.register: ${dead} is not alive, so it cannot take the name 'reg_dead'.`);
      expect(Process.whereis('reg_dead')).toBeUndefined();
    }));

  it('refuses a second name for the same process (Elixir: ArgumentError)', () =>
    run(async () => {
      Process.register(self(), 'reg_first');
      expect(() => Process.register(self(), 'reg_second')).toThrow(`Process.register: ${self()} is already registered as 'reg_first'; a process has one name at most.`);
    }));

  it('refuses what is not a pid, and names that are not non-empty strings', () =>
    run(async () => {
      expect(() => Process.register('me' as never, 'x')).toThrow(/Process\.register: the first argument must be a pid, got 'me'\. Write Process\.register\(pid, 'name'\)/);
      for (const bad of ['', 'undefined', 42, undefined, null]) {
        expect(() => Process.register(self(), bad as never)).toThrow(/Process\.register: a name is a non-empty string other than 'undefined', got .*Write Process\.register\(pid, 'my_server'\)/);
      }
      expect(() => Process.whereis(42 as never)).toThrow(/Process\.whereis: a name is a non-empty string/);
    }));

  it('unregister of a free name throws (Elixir: ArgumentError)', () => {
    expect(() => Process.unregister('never_registered')).toThrow("Process.unregister: no process is registered as 'never_registered'.");
  });
});

describe('Process.list', () => {
  it('lists the live processes and drops the dead', () =>
    run(async () => {
      const [p, ref] = spawnMonitor(() => receive('stop'));
      expect(Process.list()).toContain(p);
      expect(Process.list()).toContain(self());
      send(p, 'stop');
      await downReason(ref);
      expect(Process.list()).not.toContain(p);
    }));
});

describe('Process.info', () => {
  it('is undefined for a dead process (Elixir: nil)', () =>
    run(async () => {
      const dead = spawn(() => {});
      await Process.sleep(1);
      expect(Process.info(dead)).toBeUndefined();
      expect(Process.info(pid('0.999999.0'))).toBeUndefined();
    }));

  it('refuses a non-pid', () => {
    expect(() => Process.info('x' as never)).toThrow(/Process\.info: expected a pid/);
  });

  it('describes a process: queue, messages, links, monitors, flags, name', () =>
    run(async () => {
      const target = spawn(async function worker() {
        Process.flag('trap_exit', true);
        await receive('go');
      });
      await Process.sleep(1);
      Process.register(target, 'info_target');
      send(target, ['queued', 1]);
      send(target, 'queued 2');
      Process.link(target);
      Process.monitor(target);
      const info = Process.info(target)!;
      expect(info).toMatchObject({
        pid: target,
        status: 'waiting',
        messageQueueLen: 2,
        messages: [['queued', 1], 'queued 2'],
        links: [self()],
        monitors: [],
        monitoredBy: [self()],
        trapExit: true,
        registeredName: 'info_target',
        initialCall: 'worker',
        label: 'worker',
        currentFunction: 'worker',
        parent: self(),
        reductions: 0,
      });
      expect(info.memory).toBeGreaterThan(0);
    }));

  it('gives a copy of the messages: changing it leaves the mailbox alone', () =>
    run(async () => {
      send(self(), { n: 1 });
      const info = Process.info(self())!;
      (info.messages[0] as { n: number }).n = 99;
      info.messages.length = 0;
      expect(await receive()).toEqual({ n: 1 });
    }));

  it("says 'waiting' for a process blocked in receive and 'running' for the caller (Elixir)", () =>
    run(async () => {
      const waiter = spawn(idle);
      await Process.sleep(1);
      expect(Process.info(waiter)!.status).toBe('waiting');
      expect(Process.info(self())!.status).toBe('running');
    }));

  it("says 'runnable' for a process woken after the time slice was used up, until it runs", () =>
    run(async () => {
      const waiters = Array.from({ length: 64 }, () => spawn(idle));
      await Process.sleep(1);
      send(waiters[0], 'never sent'); // the first wake-up opens a time slice
      const end = performance.now() + 10;
      while (performance.now() < end) {
        // hold the event loop past the 4 ms slice
      }
      for (const w of waiters) send(w, 'never sent');
      const statuses = waiters.map((w) => Process.info(w)?.status);
      expect(statuses).toContain('runnable');
      await Process.sleep(1);
      expect(waiters.every((w) => !Process.isAlive(w))).toBe(true);
    }));

  it('counts reductions as messages handled', () =>
    run(async () => {
      const me = self();
      const counter = spawn(async () => {
        for (;;) {
          const m = await receive();
          if (m === 'report') send(me, 'reported');
        }
      });
      for (let i = 0; i < 10; i++) send(counter, i);
      send(counter, 'report');
      await receive('reported');
      expect(Process.info(counter)!.reductions).toBe(11);
    }));

  it('gives parent and ancestors, nearest first', () =>
    run(async () => {
      const me = self();
      const [child] = spawnMonitor(async () => {
        const grandchild = spawn(idle);
        send(me, ['grandchild', grandchild]);
        await idle();
      });
      const [, grandchild] = await receive(['grandchild', Pid]);
      expect(Process.info(grandchild)!.parent).toBe(child);
      expect(Process.info(grandchild)!.ancestors.slice(0, 2)).toEqual([child, me]);
    }));

  it('a process started outside every process has no parent', () => {
    const p = spawn(idle);
    expect(Process.info(p)!.parent).toBeUndefined();
    expect(Process.info(p)!.ancestors).toEqual([]);
    Process.exit(p, 'kill');
  });

  it('lists links and monitors of the caller', () =>
    run(async () => {
      const a = spawnLink(idle);
      const b = spawn(idle);
      Process.register(b, 'info_monitored');
      Process.monitor(b);
      Process.monitor('info_monitored');
      const info = Process.info(self())!;
      expect(info.links).toEqual([a]);
      expect(info.monitors).toEqual([['process', b], ['process', 'info_monitored']]);
    }));
});

describe('Process.setLabel', () => {
  it('renames the caller for tools', () =>
    run(async () => {
      expect(Process.setLabel('my job')).toBe('ok');
      expect(Process.info(self())!.label).toBe('my job');
    }));

  it('needs a process', () => {
    expect(() => Process.setLabel('x')).toThrow(NoProcessError);
  });
});

describe('Process functions given something that is not a pid', () => {
  it('throw an ArgumentError that says where pids come from (Elixir: ArgumentError, not a pid)', () =>
    run(async () => {
      const where = /expected a pid, got 'worker'\. Pids come from spawn\(\.\.\.\), self\(\) or pid\('0\.42\.0'\)/;
      expect(() => Process.exit('worker' as never, 'kill')).toThrow(where);
      expect(() => Process.link('worker' as never)).toThrow(where);
      expect(() => Process.unlink('worker' as never)).toThrow(where);
      expect(() => Process.exit('worker' as never, 'kill')).toThrow(ArgumentError);
    }));
});

describe('Process functions that need a process', () => {
  it('throw NoProcessError outside one, naming the function', () => {
    expect(() => Process.link(pid('0.1.0'))).toThrow(/Process\.link\(\) must run inside a process/);
    expect(() => Process.unlink(pid('0.1.0'))).toThrow(/Process\.unlink\(\) must run inside a process/);
    expect(() => Process.monitor(pid('0.1.0'))).toThrow(/Process\.monitor\(\) must run inside a process/);
    expect(() => Process.flag('trap_exit', true)).toThrow(/Process\.flag\(\) must run inside a process/);
  });
});
