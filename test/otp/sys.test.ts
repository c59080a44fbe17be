import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GenServer, type From } from '../../src/otp/gen_server.js';
import { sys } from '../../src/otp/sys.js';
import { Process, run, spawn, receive, type Pid } from '../../src/runtime/index.js';
import { captureReports, exitOf } from './helpers.js';

let cap: ReturnType<typeof captureReports>;
beforeEach(() => {
  cap = captureReports();
});
afterEach(() => cap.restore());

const Box = {
  name: 'Box',
  init: (v: unknown) => ['ok', v],
  handleCall: (_r: unknown, _f: From, s: unknown) => ['reply', s, s],
};

async function box(v: unknown, opts?: object): Promise<Pid> {
  return ((await GenServer.start(Box, v, opts)) as [string, Pid])[1];
}

describe('sys.getState', () => {
  it('returns the state of a server, by pid or by name', () =>
    run(async () => {
      const pid = await box({ n: 1 }, { name: 'box' });
      expect(await sys.getState(pid)).toEqual({ n: 1 });
      expect(await sys.getState('box')).toEqual({ n: 1 });
    }));

  it('exits with ["noproc", ["sys", "get_state", [server]]] when there is no server', () =>
    run(async () => {
      expect(await exitOf(sys.getState('nobody'))).toEqual(['noproc', ['sys', 'get_state', ['nobody']]]);
    }));

  it('exits with a timeout when the process is not a server (it never answers)', () =>
    run(async () => {
      const pid = spawn(() => receive('never'));
      expect(await exitOf(sys.getState(pid, 20))).toEqual(['timeout', ['sys', 'get_state', [pid, 20]]]);
    }));
});

describe('sys.replaceState', () => {
  it('replaces the state with fn(state) and returns it; the server goes on with it', () =>
    run(async () => {
      const pid = await box(1);
      expect(await sys.replaceState(pid, (n: number) => n + 1)).toBe(2);
      expect(await GenServer.call(pid, 'get')).toBe(2);
    }));

  it('keeps the state and exits the caller with callback_failed when fn throws', () =>
    run(async () => {
      const pid = await box(1);
      const err = new Error('nope');
      const fn = () => {
        throw err;
      };
      expect(await exitOf(sys.replaceState(pid, fn))).toEqual([['callback_failed', err], ['sys', 'replace_state', [pid, fn]]]);
      expect(await sys.getState(pid)).toBe(1);
      expect(Process.isAlive(pid)).toBe(true);
    }));
});

describe('sys.getStatus', () => {
  it('lays the status out as :sys.get_status does, the state last', () =>
    run(async () => {
      const pid = await box(7);
      const status = await sys.getStatus(pid);
      expect(status[0]).toBe('status');
      expect(status[1]).toBe(pid);
      expect(status[2]).toEqual(['module', 'gen_server']);
      const [, running, parent, , sections] = status[3];
      expect(running).toBe('running');
      expect(parent).toBe(pid); // started without a link: its own parent, as in OTP
      expect(sections[0]).toEqual(['header', `Status for generic server ${pid}`]);
      expect(sections[2]).toEqual(['data', [['State', 7]]]);
    }));
});

describe('GenServer process info for tools', () => {
  it('describes the server in Process.info(pid).meta: behaviour, module, a live state reader', () =>
    run(async () => {
      const pid = await box('a');
      const meta = Process.info(pid)!.meta as { behaviour: string; module: string; getState: () => unknown };
      expect(meta.behaviour).toBe('GenServer');
      expect(meta.module).toBe('Box');
      expect(meta.getState()).toBe('a');
      expect(Process.info(pid)!.label).toBe('Box');
    }));
});
