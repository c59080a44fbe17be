/**
 * processInfo(pid): one process in panes. Exact text for a GenServer caught in the middle
 * of a callback, with mail waiting, a link, a monitor and a parent.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { GenServer, setReportHandler, Supervisor, sys, Task } from '../../src/otp/index.js';
import { pid, Process, receive, run, send, spawn, type Pid } from '../../src/runtime/index.js';
import { processInfo } from '../../src/inspect/index.js';
import { currentProc } from '../../src/runtime/internal.js';
import { killOthers } from './fakes.js';

afterEach(() => run(async () => killOthers()));

/** A Counter server, registered as 'counter', held inside a cast until `release()`, with two messages queued. */
async function busyCounter() {
  let release!: () => void;
  const Counter = {
    name: 'Counter',
    init: () => ['ok', { count: 1 }],
    handleCast: () =>
      new Promise((resolve) => {
        release = () => resolve(['noreply', { count: 2 }]);
      }),
    handleInfo: (_msg: unknown, state: unknown) => ['noreply', state],
    // Released, the server goes on to answer the calls queued meanwhile.
    handleCall: (_msg: unknown, _from: unknown, state: unknown) => ['reply', state, state],
  };
  const [, server] = (await GenServer.startLink(Counter as never, null, { name: 'counter' })) as ['ok', Pid];
  GenServer.cast(server, 'hold');
  await Process.sleep(0);
  send(server, 'a');
  send(server, ['work', 5]);
  Process.monitor(server);
  return { server, release: () => release() };
}

describe('processInfo', () => {
  it('prints overview, links, monitors, a mailbox sample, the GenServer state and the ancestors in panes', () =>
    run(async (ctx) => {
      const { server, release } = await busyCounter();
      const me = ctx.self;
      expect(processInfo('counter', { width: 60 })).toBe(
        [
          '── Overview ────────────────────────────────────────────────',
          `  Pid              ${server}`,
          '  Status           running',
          '  Initial call     Counter (GenServer)',
          '  Registered name  counter',
          '  Reductions       1',
          // 450 B of its own, 64 a queued message, 48 a link, 96 a monitor on it.
          '  Memory           722 B',
          '  Mailbox          2 messages',
          '  Trap exit        false',
          '── Links (1) ───────────────────────────────────────────────',
          `  ${me}  run`,
          '── Monitors ────────────────────────────────────────────────',
          `  monitored by  ${me}  run`,
          '── Mailbox (2) ─────────────────────────────────────────────',
          "  1  'a'",
          "  2  ['work', 5]",
          '── State (GenServer) ───────────────────────────────────────',
          '  { count: 1 }',
          '── Ancestors ───────────────────────────────────────────────',
          `  ${me}  run`,
        ].join('\n'),
      );
      release();
    }));

  it('shows the state after the message the server finished handling', () =>
    run(async () => {
      const { server, release } = await busyCounter();
      release();
      await sys.getState(server); // handled after the cast and the two messages
      expect(processInfo(server, { width: 60 })).toContain('── State (GenServer) ──');
      expect(processInfo(server, { width: 60 })).toContain('  { count: 2 }');
    }));

  it('prints only the first messages asked for, and says how many more wait', () =>
    run(async () => {
      const p = spawn(() => receive(() => false), { label: 'slow' });
      for (let i = 1; i <= 5; i++) send(p, ['job', i]);
      await Process.sleep(0);
      const text = processInfo(p, { messages: 2, width: 60 });
      expect(text).toContain(['── Mailbox (first 2 of 5) ──────────────────────────────────', "  1  ['job', 1]", "  2  ['job', 2]", '  … 3 more'].join('\n'));
    }));

  it('breaks a long message over lines, indented under its number', () =>
    run(async () => {
      const p = spawn(() => receive(() => false), { label: 'slow' });
      send(p, { user: 'x'.repeat(30), roles: ['admin', 'editor', 'viewer'] });
      await Process.sleep(0);
      const mail = processInfo(p, { width: 50 }).split('\n').slice(-7);
      expect(mail).toEqual([
        '── Mailbox (1) ───────────────────────────────────',
        '  1  {',
        "       user: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',",
        "       roles: ['admin', 'editor', 'viewer']",
        '     }',
        '── Ancestors ─────────────────────────────────────',
        expect.stringMatching(/^ {2}#PID<0\.\d+\.0> {2}run$/),
      ]);
    }));

  it('shows what a process monitors, by name or pid, and the monitor of a call waiting for its reply', () =>
    run(async () => {
      const { server, release } = await busyCounter();
      const caller = spawn(async () => {
        Process.monitor('counter');
        await GenServer.call('counter', 'get');
      }, { label: 'caller' });
      await Process.sleep(0);
      expect(processInfo(caller, { width: 60 })).toContain(
        ['── Monitors ────────────────────────────────────────────────', `  monitors  'counter' (${server}  counter  Counter (GenServer))`, `  monitors  ${server}  counter  Counter (GenServer)  (waiting for a reply)`].join('\n'),
      );
      release();
    }));

  it('shows a supervisor with its strategy and its tree instead of its state', () =>
    run(async () => {
      const quiet = setReportHandler(() => {});
      class W {
        init() {
          return ['ok', null];
        }
      }
      const [, sup] = (await Supervisor.startLink([Supervisor.childSpec(W, { id: 'w' })], { strategy: 'one_for_all', name: 'info_sup' })) as ['ok', Pid];
      const text = processInfo(sup, { width: 80 });
      expect(text).toContain('  Strategy         one_for_all\n  Restart limit    3 in 5 s');
      expect(text).toContain('  Trap exit        true');
      expect(text).toMatch(/── Supervision ─+\n {2}info_sup\s+#PID<0\.\d+\.0>\s+supervisor one_for_all\s+waiting\s+0 msgs\n {2}└─ w\s+#PID/);
      expect(text).not.toContain('── State');
      setReportHandler(quiet);
    }));

  it("shows a task's owner", () =>
    run(async (ctx) => {
      const task = Task.async(() => receive());
      await Process.sleep(0);
      const text = processInfo(task.pid, { width: 60 });
      expect(text).toContain(`  Owner            ${ctx.self}  run`);
      send(task.pid, 'done');
      await Task.await(task);
    }));

  it('draws ASCII rules with { ascii: true }', () =>
    run(async () => {
      const p = spawn(() => receive(() => false), { label: 'plain' });
      expect(processInfo(p, { width: 30, ascii: true }).split('\n')[0]).toBe('-- Overview ------------------');
    }));

  it('says so for a pid that is not alive and for a name nobody holds, without failing', () =>
    run(async () => {
      expect(processInfo(pid('0.90.0'))).toBe('#PID<0.90.0> is not alive.');
      expect(processInfo('nobody')).toBe("No process is registered as 'nobody'.");
      expect(() => processInfo(42 as never)).toThrow(/processInfo: expected a pid, its text such as '0.42.0'/);
    }));
});

describe('processInfo during a sequence trace', () => {
  it('shows a traced message in the mailbox as the message itself', () =>
    run(async () => {
      const sink = spawn(() => receive('never'), { label: 'sink' });
      const me = currentProc()!;
      me.seqToken = { seq: 'test' };
      me.seqPinned = true;
      send(sink, ['traced', 1]);
      me.seqToken = undefined;
      me.seqPinned = false;
      const text = processInfo(sink, { width: 60 });
      expect(text).toContain("1  ['traced', 1]");
      expect(text).not.toContain('Traced');
    }));
});
