/**
 * Erlang's `sys` for GenServers (and the behaviours built on them): read a server's state,
 * replace it, see its status. The server answers between two messages, as OTP servers
 * answer system messages, so what you read is a state the server really had.
 */
import { ExitError, Pid } from '../runtime/index.js';
import { requireProc, timeoutMs } from '../runtime/internal.js';
import { checkServer, request, resolveServer, type ServerRef } from './gen_server.js';

async function system(fn: string, server: ServerRef, req: unknown, timeout: number | 'infinity', args: unknown[]): Promise<unknown> {
  checkServer(`sys.${fn}`, server);
  const ms = timeoutMs(`sys.${fn}`, timeout);
  const me = requireProc(`sys.${fn}`);
  const fail = (why: unknown) => new ExitError([why, ['sys', fn, args]]);
  const target = resolveServer(server);
  if (target === undefined) throw fail('noproc');
  if (target === me) throw fail('calling_self');
  const outcome = await request(me, target, server instanceof Pid ? server : target.pid, '$system', req, ms);
  if (outcome === 'timeout') throw fail('timeout');
  if (outcome[0] === 'DOWN') throw fail(outcome[1]);
  const answer = outcome[1] as readonly [string, unknown];
  if (answer[0] !== 'ok') throw fail(answer[1]);
  return answer[1];
}

function argsOf(server: ServerRef, rest: unknown[]): unknown[] {
  return rest[rest.length - 1] === undefined ? [server, ...rest.slice(0, -1)] : [server, ...rest];
}

/**
 * The state of a GenServer, as `:sys.get_state/2`. For debugging and learning: code that
 * needs the state should ask the server with a call.
 *
 * @example Read the state of a server
 * ```ts
 * const [, pid] = await GenServer.start({ init: (n) => ['ok', n] }, 42);
 * await sys.getState(pid); // 42
 * ```
 */
export function getState<S = any>(server: ServerRef, timeout: number | 'infinity' = 5000): Promise<S> {
  return system('get_state', server, 'get_state', timeout, argsOf(server, [timeout === 5000 ? undefined : timeout])) as Promise<S>;
}

/**
 * Replaces a GenServer's state with `fn(state)` and returns the new state, as
 * `:sys.replace_state/2`. If `fn` throws, the state stays and the caller exits with
 * `[['callback_failed', reason], ['sys', 'replace_state', [server, fn]]]`.
 *
 * @example Change the state of a running server
 * ```ts
 * const [, pid] = await GenServer.start({ init: (n) => ['ok', n] }, 1);
 * await sys.replaceState(pid, (n) => n + 1); // 2
 * await sys.getState(pid); // 2
 * ```
 */
export function replaceState<S = any>(server: ServerRef, fn: (state: S) => S | Promise<S>, timeout: number | 'infinity' = 5000): Promise<S> {
  return system('replace_state', server, ['replace_state', fn], timeout, argsOf(server, [fn, timeout === 5000 ? undefined : timeout])) as Promise<S>;
}

/**
 * A GenServer's status, laid out as `:sys.get_status/1`:
 * `['status', pid, ['module', 'gen_server'], [pdict, 'running', parent, [], [header, data, ['data', [['State', state]]]]]]`.
 *
 * @example The status of a server
 * ```ts
 * const [, pid] = await GenServer.start({ init: (n) => ['ok', n] }, 7);
 * const [tag] = await sys.getStatus(pid);
 * tag; // 'status'
 * ```
 */
export function getStatus(server: ServerRef, timeout: number | 'infinity' = 5000): Promise<any> {
  return system('get_status', server, 'get_status', timeout, argsOf(server, [timeout === 5000 ? undefined : timeout]));
}

/**
 * Erlang's `sys` module for servers: `getState`, `replaceState`, `getStatus`.
 *
 * @example Peek at a server's state
 * ```ts
 * const [, pid] = await GenServer.start({ init: (items) => ['ok', items] }, [1, 2, 3]);
 * await sys.getState(pid); // [1, 2, 3]
 * ```
 */
export const sys = { getState, replaceState, getStatus };
