// Every expectation on what a signal does was checked against Elixir 1.14 / OTP 25 with
// `elixir -e` (the Elixir each test mirrors is in its name or a comment).
import fs from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { _, exit, makeRef, Pid, pid, Process, receive, ROOT_PID, run, self, send, spawn, spawnLink, spawnMonitor } from '../../src/runtime/index.js';
import { downReason, exitReason, mailbox } from './helpers.js';

/** A process that waits forever (until a signal ends it). */
const idle = () => receive('never sent');

describe('links', () => {
  it('are two-way: Process.link shows on both sides', () =>
    run(async () => {
      const other = spawn(idle);
      expect(Process.link(other)).toBe(true);
      expect(Process.info(self())!.links).toEqual([other]);
      expect(Process.info(other)!.links).toEqual([self()]);
    }));

  it('carry a crash of the linked process to the caller, and a crash of the caller to it', () =>
    run(async () => {
      const me = self();
      // caller → linked process
      const reason = await exitReason(async () => {
        const other = spawn(idle);
        Process.link(other);
        send(me, ['other', other]);
        throw 'caller crashed';
      });
      expect(reason).toBe('caller crashed');
      const [, other] = await receive(['other', Pid]);
      expect(Process.isAlive(other)).toBe(false);
      // linked process → caller
      expect(await exitReason(async () => {
        const crasher = spawn(async () => {
          await receive('crash');
          throw 'linked crashed';
        });
        Process.link(crasher);
        send(crasher, 'crash');
        await idle();
      })).toBe('linked crashed');
    }));

  it("ignore a 'normal' exit in a process that does not trap exits", () =>
    run(async () => {
      spawnLink(() => 'done');
      expect(await receive({ after: 10 })).toBe('timeout');
      expect(Process.isAlive(self())).toBe(true);
    }));

  it("deliver ['EXIT', pid, 'normal'] to a trapping process (Elixir: {:EXIT, pid, :normal})", () =>
    run(async () => {
      Process.flag('trap_exit', true);
      const child = spawnLink(() => 'done');
      expect(await receive()).toEqual(['EXIT', child, 'normal']);
    }));

  it('propagate an abnormal reason along a chain of links, unchanged', () =>
    run(async () => {
      const me = self();
      const [middle, ref] = spawnMonitor(async () => {
        const last = spawnLink(async () => {
          await receive('crash');
          exit(['shutdown', 'chain']);
        });
        send(me, ['last', last]);
        await idle();
      });
      const [, last] = await receive(['last', Pid]);
      send(last, 'crash');
      expect(await downReason(ref)).toEqual(['shutdown', 'chain']);
      expect(Process.isAlive(middle)).toBe(false);
    }));

  it('let a chain of 100,000 linked processes die without overflowing the stack', () =>
    run(async () => {
      const me = self();
      const node = async (left: number): Promise<void> => {
        if (left === 0) send(me, ['tail', self()]);
        else spawnLink(() => node(left - 1));
        await idle();
      };
      const before = Process.list().length;
      const [, ref] = spawnMonitor(() => node(100_000));
      const [, tail] = await receive(['tail', Pid]);
      Process.exit(tail, 'boom');
      expect(await downReason(ref)).toBe('boom');
      expect(Process.list().length).toBe(before);
    }));

  it('can be removed with Process.unlink, on both sides', () =>
    run(async () => {
      const other = spawn(async () => {
        await receive('crash');
        throw 'crash';
      });
      Process.link(other);
      expect(Process.unlink(other)).toBe(true);
      expect(Process.info(other)!.links).toEqual([]);
      expect(Process.info(self())!.links).toEqual([]);
      const ref = Process.monitor(other);
      send(other, 'crash');
      expect(await downReason(ref)).toBe('crash');
      expect(Process.isAlive(self())).toBe(true);
    }));

  it('Process.unlink of a dead pid returns true (Elixir: Process.unlink(dead) → true)', () =>
    run(async () => {
      const dead = spawn(() => {});
      await Process.sleep(1);
      expect(Process.unlink(dead)).toBe(true);
    }));

  it('Process.link(self()) does nothing and returns true (Elixir: true)', () =>
    run(async () => {
      expect(Process.link(self())).toBe(true);
      expect(Process.info(self())!.links).toEqual([]);
    }));

  it('linking twice makes one link', () =>
    run(async () => {
      const other = spawn(idle);
      Process.link(other);
      Process.link(other);
      expect(Process.info(other)!.links).toEqual([self()]);
    }));
});

describe('Process.link to a dead pid', () => {
  it("throws a noproc error in a non-trapping caller, that it can catch (Elixir: ErlangError :noproc, no message)", () =>
    run(async () => {
      const dead = spawn(() => {});
      await Process.sleep(1);
      let caught: unknown;
      try {
        Process.link(dead);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(Error);
      expect((caught as { reason: unknown }).reason).toBe('noproc');
      expect((caught as Error).message).toMatch(/Process\.link: #PID<0\.\d+\.0> is not alive \(noproc\)/);
      expect(Process.isAlive(self())).toBe(true);
      expect(await mailbox()).toEqual([]);
    }));

  it('ends a non-trapping caller that does not catch it', () =>
    run(async () => {
      const dead = spawn(() => {});
      await Process.sleep(1);
      const reason = await exitReason(() => Process.link(dead));
      expect((reason as { reason: unknown }).reason).toBe('noproc');
    }));

  it("returns true in a trapping caller, which receives ['EXIT', pid, 'noproc'] (Elixir: {:EXIT, pid, :noproc})", () =>
    run(async () => {
      const dead = spawn(() => {});
      await Process.sleep(1);
      Process.flag('trap_exit', true);
      expect(Process.link(dead)).toBe(true);
      expect(await receive()).toEqual(['EXIT', dead, 'noproc']);
    }));
});

describe('exit signals: kill', () => {
  it("Process.exit(pid, 'kill') kills even a trapping process, with reason killed (Elixir: DOWN :killed)", () =>
    run(async () => {
      const [target, ref] = spawnMonitor(async () => {
        Process.flag('trap_exit', true);
        await idle();
      });
      await Process.sleep(1);
      Process.exit(target, 'kill');
      expect(await downReason(ref)).toBe('killed');
    }));

  it("links of a killed process see 'killed': a trapping one as ['EXIT', pid, 'killed'] (Elixir)", () =>
    run(async () => {
      Process.flag('trap_exit', true);
      const victim = spawnLink(idle);
      Process.exit(victim, 'kill');
      expect(await receive()).toEqual(['EXIT', victim, 'killed']);
    }));

  it("a non-trapping link of a killed process dies with 'killed' (Elixir: :killed)", () =>
    run(async () => {
      const me = self();
      const [, ref] = spawnMonitor(async () => {
        send(me, ['victim', spawnLink(idle)]);
        await idle();
      });
      const [, victim] = await receive(['victim', Pid]);
      Process.exit(victim, 'kill');
      expect(await downReason(ref)).toBe('killed');
    }));

  it("a process that exits with reason 'kill' sends a trappable 'kill' through its links (Elixir: exit(:kill) → linked dies with :kill, trapping gets {:EXIT, pid, :kill})", () =>
    run(async () => {
      Process.flag('trap_exit', true);
      const a = spawnLink(() => exit('kill'));
      expect(await receive()).toEqual(['EXIT', a, 'kill']);
      const me = self();
      const [, ref] = spawnMonitor(async () => {
        const b = spawnLink(async () => {
          await receive('go');
          exit('kill');
        });
        send(me, ['b', b]);
        await idle();
      });
      const [, b] = await receive(['b', Pid]);
      send(b, 'go');
      expect(await downReason(ref)).toBe('kill');
    }));

  it('a process killed before it first ran never runs (Erlang: same)', () =>
    run(async () => {
      let ran = false;
      const pid = spawn(() => {
        ran = true;
      });
      const ref = Process.monitor(pid);
      Process.exit(pid, 'kill');
      expect(await downReason(ref)).toBe('killed');
      await Process.sleep(1);
      expect(ran).toBe(false);
      expect(Process.list()).not.toContain(pid);
    }));

  it("Process.exit(self(), 'kill') ends the caller with killed at once", () =>
    run(async () => {
      let after = false;
      expect(await exitReason(() => {
        Process.exit(self(), 'kill');
        after = true;
      })).toBe('killed');
      expect(after).toBe(false);
    }));
});

describe('exit signals: normal and other reasons', () => {
  it("Process.exit(other, 'normal') is ignored by a non-trapping process (Elixir: still alive)", () =>
    run(async () => {
      const other = spawn(idle);
      expect(Process.exit(other, 'normal')).toBe(true);
      await Process.sleep(1);
      expect(Process.isAlive(other)).toBe(true);
    }));

  it("Process.exit(other, 'normal') reaches a trapping process as ['EXIT', sender, 'normal'] (Elixir)", () =>
    run(async () => {
      const me = self();
      const trapper = spawn(async () => {
        Process.flag('trap_exit', true);
        send(me, 'ready');
        send(me, ['got', await receive()]);
      });
      await receive('ready');
      Process.exit(trapper, 'normal');
      expect(await receive()).toEqual(['got', ['EXIT', me, 'normal']]);
    }));

  it("Process.exit(self(), 'normal') ends a non-trapping caller with reason normal (Elixir: DOWN :normal)", () =>
    run(async () => {
      let after = false;
      expect(await exitReason(async () => {
        Process.exit(self(), 'normal');
        after = true;
      })).toBe('normal');
      expect(after).toBe(false);
    }));

  it("Process.exit(self(), 'normal') in a trapping process sends it ['EXIT', self, 'normal'] (Elixir)", () =>
    run(async () => {
      Process.flag('trap_exit', true);
      expect(Process.exit(self(), 'normal')).toBe(true);
      expect(await receive()).toEqual(['EXIT', self(), 'normal']);
    }));

  it('any other reason kills a non-trapping target with that reason', () =>
    run(async () => {
      const [target, ref] = spawnMonitor(idle);
      Process.exit(target, ['shutdown', 'by me']);
      expect(await downReason(ref)).toEqual(['shutdown', 'by me']);
    }));

  it("reaches a trapping target as ['EXIT', sender, reason]", () =>
    run(async () => {
      const me = self();
      const trapper = spawn(async () => {
        Process.flag('trap_exit', true);
        send(me, 'ready');
        send(me, ['got', await receive()]);
      });
      await receive('ready');
      Process.exit(trapper, 'shutdown');
      expect(await receive()).toEqual(['got', ['EXIT', me, 'shutdown']]);
    }));

  it('Process.exit(self(), reason) ends the caller at once with the reason', () =>
    run(async () => {
      let after = false;
      expect(await exitReason(() => {
        Process.exit(self(), 'boom');
        after = true;
      })).toBe('boom');
      expect(after).toBe(false);
    }));

  it('from outside every process comes from the root pid', async () => {
    let resolve!: (m: unknown) => void;
    const got = new Promise((r) => (resolve = r));
    const trapper = spawn(async () => {
      Process.flag('trap_exit', true);
      resolve(await receive());
    });
    await new Promise((r) => setTimeout(r, 1));
    Process.exit(trapper, 'from outside');
    expect(await got).toEqual(['EXIT', ROOT_PID, 'from outside']);
  });

  it('Process.exit of a dead pid returns true (Elixir: true)', () =>
    run(async () => {
      const dead = spawn(() => {});
      await Process.sleep(1);
      expect(Process.exit(dead, 'kill')).toBe(true);
      expect(Process.exit(pid('0.999999.0'), 'kill')).toBe(true);
    }));

  it('a trapping process lives on after the signal', () =>
    run(async () => {
      Process.flag('trap_exit', true);
      const child = spawnLink(() => { throw 'crash'; });
      expect(await receive()).toEqual(['EXIT', child, 'crash']);
      expect(Process.isAlive(self())).toBe(true);
    }));

  it('stops a killed process from sending anything more', () =>
    run(async () => {
      const me = self();
      const victim = spawn(async () => {
        send(me, 'before');
        await fs.stat('.');
        await new Promise((r) => setTimeout(r, 5));
        send(me, 'after the kill');
      });
      expect(await receive()).toBe('before');
      Process.exit(victim, 'kill');
      expect(await receive({ after: 30 })).toBe('timeout');
    }));
});

describe('monitors', () => {
  it("deliver ['DOWN', ref, 'process', pid, reason] when the process ends", () =>
    run(async () => {
      const target = spawn(async () => {
        await receive('go');
        exit('bye');
      });
      const ref = Process.monitor(target);
      send(target, 'go');
      expect(await receive()).toEqual(['DOWN', ref, 'process', target, 'bye']);
    }));

  it("deliver 'noproc' at once for a dead pid (Elixir: {:DOWN, ref, :process, pid, :noproc})", () =>
    run(async () => {
      const dead = spawn(() => {});
      await Process.sleep(1);
      const ref = Process.monitor(dead);
      expect(await receive({ after: 0 })).toEqual(['DOWN', ref, 'process', dead, 'noproc']);
    }));

  it("deliver 'noproc' at once for a name nobody holds, naming the name (Elixir names {name, node})", () =>
    run(async () => {
      const ref = Process.monitor('nobody_by_this_name');
      expect(await receive({ after: 0 })).toEqual(['DOWN', ref, 'process', 'nobody_by_this_name', 'noproc']);
    }));

  it('by name report the name in DOWN (Elixir: {name, node})', () =>
    run(async () => {
      const target = spawn(() => receive('stop'));
      Process.register(target, 'monitored_by_name');
      const ref = Process.monitor('monitored_by_name');
      send('monitored_by_name', 'stop');
      expect(await receive()).toEqual(['DOWN', ref, 'process', 'monitored_by_name', 'normal']);
    }));

  it('do not link: the watcher survives a crash', () =>
    run(async () => {
      const [, ref] = spawnMonitor(() => { throw 'crash'; });
      expect(await downReason(ref)).toBe('crash');
      expect(Process.isAlive(self())).toBe(true);
    }));

  it('are independent: two monitors give two DOWN messages', () =>
    run(async () => {
      const target = spawn(() => receive('stop'));
      const r1 = Process.monitor(target);
      const r2 = Process.monitor(target);
      expect(r1).not.toBe(r2);
      send(target, 'stop');
      expect(await receive(['DOWN', r1, _, _, _])).toEqual(['DOWN', r1, 'process', target, 'normal']);
      expect(await receive(['DOWN', r2, _, _, _])).toEqual(['DOWN', r2, 'process', target, 'normal']);
    }));

  it('show in Process.info as monitors and monitoredBy', () =>
    run(async () => {
      const target = spawn(idle);
      Process.monitor(target);
      expect(Process.info(self())!.monitors).toEqual([['process', target]]);
      expect(Process.info(target)!.monitoredBy).toEqual([self()]);
    }));

  it('refuse a target that is not a pid or a name', () =>
    run(async () => {
      expect(() => Process.monitor(42 as never)).toThrow(/Process\.monitor: expected a pid or a registered name, got 42/);
      expect(() => Process.monitor(makeRef() as never)).toThrow(/expected a pid or a registered name/);
    }));
});

describe('Process.demonitor', () => {
  it('stops the DOWN message and returns true', () =>
    run(async () => {
      const target = spawn(() => receive('stop'));
      const ref = Process.monitor(target);
      expect(Process.demonitor(ref)).toBe(true);
      expect(Process.info(target)!.monitoredBy).toEqual([]);
      send(target, 'stop');
      expect(await receive({ after: 10 })).toBe('timeout');
    }));

  it('leaves a DOWN that already came, unless { flush: true } (Elixir: demonitor(ref, [:flush]))', () =>
    run(async () => {
      const [, r1] = spawnMonitor(() => {});
      const [, r2] = spawnMonitor(() => {});
      await Process.sleep(1);
      send(self(), 'other');
      expect(Process.demonitor(r1)).toBe(true);
      expect(Process.demonitor(r2, { flush: true })).toBe(true);
      const left = await mailbox();
      expect(left).toEqual([['DOWN', r1, 'process', expect.any(Pid), 'normal'], 'other']);
    }));

  it('of an unknown ref returns true (Elixir: true)', () =>
    run(async () => {
      expect(Process.demonitor(makeRef())).toBe(true);
    }));

  it('refuses something that is not a ref', () =>
    run(async () => {
      expect(() => Process.demonitor('ref' as never)).toThrow(/Process\.demonitor: expected the ref returned by Process\.monitor, got 'ref'/);
    }));
});

describe('Process.flag', () => {
  it("('trap_exit', bool) returns the previous value (Elixir: false, then true)", () =>
    run(async () => {
      expect(Process.flag('trap_exit', true)).toBe(false);
      expect(Process.flag('trap_exit', true)).toBe(true);
      expect(Process.flag('trap_exit', false)).toBe(true);
      expect(Process.info(self())!.trapExit).toBe(false);
    }));

  it('refuses an unknown flag naming the one it knows (Elixir: ArgumentError, invalid process flag)', () =>
    run(async () => {
      expect(() => Process.flag('priority' as never, true)).toThrow(/Process\.flag: unknown flag 'priority'; the flag beamish knows is 'trap_exit': Process\.flag\('trap_exit', true\)/);
    }));

  it('refuses a non-boolean value', () =>
    run(async () => {
      expect(() => Process.flag('trap_exit', 'yes' as never)).toThrow(/value must be true or false, got 'yes'/);
    }));
});

describe('order between one sender and one receiver', () => {
  it('a message sent before dying arrives before the EXIT (Elixir: :last, then {:EXIT, pid, :boom})', () =>
    run(async () => {
      Process.flag('trap_exit', true);
      const me = self();
      const child = spawnLink(() => {
        send(me, 'last words');
        exit('boom');
      });
      expect(await receive()).toBe('last words');
      expect(await receive()).toEqual(['EXIT', child, 'boom']);
    }));

  it('a message sent before dying arrives before the DOWN', () =>
    run(async () => {
      const me = self();
      const [child, ref] = spawnMonitor(() => {
        for (let i = 0; i < 3; i++) send(me, i);
      });
      const got = [await receive(), await receive(), await receive(), await receive()];
      expect(got).toEqual([0, 1, 2, ['DOWN', ref, 'process', child, 'normal']]);
    }));

  it('an exit signal sent before a message arrives before it', () =>
    run(async () => {
      const me = self();
      const trapper = spawn(async () => {
        Process.flag('trap_exit', true);
        send(me, 'ready');
        const a = await receive();
        const b = await receive();
        send(me, [a, b]);
      });
      await receive('ready');
      Process.exit(trapper, 'first');
      send(trapper, 'second');
      expect(await receive()).toEqual([['EXIT', me, 'first'], 'second']);
    }));
});

describe('names', () => {
  it('are released when their process dies', () =>
    run(async () => {
      const [target, ref] = spawnMonitor(() => receive('stop'));
      Process.register(target, 'released_on_death');
      expect(Process.whereis('released_on_death')).toBe(target);
      send(target, 'stop');
      await downReason(ref);
      expect(Process.whereis('released_on_death')).toBeUndefined();
      expect(Process.registered()).not.toContain('released_on_death');
      Process.register(self(), 'released_on_death');
      expect(Process.whereis('released_on_death')).toBe(self());
    }));

  it('are released when their process is killed', () =>
    run(async () => {
      const target = spawn(idle);
      Process.register(target, 'killed_name');
      Process.exit(target, 'kill');
      expect(Process.whereis('killed_name')).toBeUndefined();
    }));
});
