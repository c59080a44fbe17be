import { describe, expect, it } from 'vitest';
import { _, receive, run, self, send, spawn, spawnMonitor, subscribe, type Stamped } from '../../src/runtime/index.js';
import { currentProc } from '../../src/runtime/internal.js';

// Sequence tracing (Erlang's seq_trace): a token set on one process rides on what it sends and
// spawns, and is taken up by the receivers, so a tool can keep only the causally related events.
function record(): { events: Stamped[]; stop: () => void } {
  const events: Stamped[] = [];
  const stop = subscribe((e) => events.push(e));
  return { events, stop };
}

describe('sequence trace tokens', () => {
  it('travel with messages from a traced process and are taken up by the receiver', async () => {
    const token = { seq: 'demo' };
    const { events, stop } = record();
    await run(async () => {
      const me = self();
      const c = spawn(async () => {
        await receive();
        await receive();
        send(me, 'c done');
      });
      const b = spawn(async () => {
        const m = await receive();
        send(c, ['forwarded', m]);
      });
      const untraced = spawn(() => send(c, 'noise'));
      await receive({ after: 5 });
      currentProc()!.seqToken = token;
      currentProc()!.seqPinned = true;
      send(b, 'hello');
      await receive('c done');
      currentProc()!.seqToken = undefined;
      currentProc()!.seqPinned = false;
      void untraced;
    });
    stop();
    const sends = events.filter((e) => e.type === 'send') as Extract<Stamped, { type: 'send' }>[];
    const traced = sends.filter((e) => e.token === token).map((e) => e.msg);
    expect(traced).toEqual(['hello', ['forwarded', 'hello'], 'c done']);
    expect(sends.find((e) => e.msg === 'noise')?.token).toBeUndefined();
  });

  it('is inherited by spawned processes and carried by the DOWN of a traced process', async () => {
    const token = { seq: 'spawned' };
    const { events, stop } = record();
    const down = await run(async () => {
      currentProc()!.seqToken = token;
      const [, ref] = spawnMonitor(() => {
        throw new Error('boom');
      });
      currentProc()!.seqToken = undefined;
      return receive(['DOWN', ref, _, _, _]);
    });
    stop();
    expect(down[4]).toBeInstanceOf(Error);
    const spawnEvent = events.find((e) => e.type === 'spawn' && e.label !== 'run');
    expect(spawnEvent && 'token' in spawnEvent && spawnEvent.token).toBe(token);
    const exitEvent = events.find((e) => e.type === 'exit' && e.reason instanceof Error);
    expect(exitEvent && 'token' in exitEvent && exitEvent.token).toBe(token);
    const received = events.find((e) => e.type === 'receive' && Array.isArray(e.msg) && e.msg[0] === 'DOWN');
    expect(received && 'token' in received && received.token).toBe(token);
  });

  it('is dropped by a receiver that then receives an untraced message (seq_trace), but kept by the process that set it', async () => {
    const token = { seq: 'transient' };
    const { events, stop } = record();
    await run(async () => {
      const me = self();
      const echo = spawn(async () => {
        for (;;) {
          const [from, m] = await receive();
          send(from, ['echo', m]);
        }
      });
      currentProc()!.seqToken = token;
      currentProc()!.seqPinned = true;
      send(echo, [me, 'traced']);
      await receive(['echo', 'traced']);
      send(me, 'untraced to myself is still traced: I set the token');
      await receive();
      currentProc()!.seqToken = undefined;
      currentProc()!.seqPinned = false;
      send(echo, [me, 'later']);
      await receive(['echo', 'later']);
    });
    stop();
    const sends = events.filter((e) => e.type === 'send') as Extract<Stamped, { type: 'send' }>[];
    const tokenOf = (msg: unknown) => sends.find((e) => JSON.stringify(e.msg) === JSON.stringify(msg))?.token;
    expect(tokenOf(['echo', 'traced'])).toBe(token);
    expect(tokenOf(['echo', 'later'])).toBeUndefined();
  });
});
