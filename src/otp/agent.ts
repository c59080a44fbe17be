/**
 * Agent: state kept in a process, read and changed by functions sent to it, as Elixir's
 * Agent. Built on GenServer as Elixir's agent.ex is built on Agent.Server: every function
 * passed to an agent runs inside the agent process, one at a time, on its current state.
 */
import { ArgumentError, formatTerm } from '../runtime/index.js';
import { GenServer, nameNamespace, startServer, type From, type ServerRef, type StartOptions, type StartResult } from './gen_server.js';

/** An agent: its pid, registered name or via name. */
export type AgentRef = ServerRef;

type Fn<A extends unknown[], R> = (...args: A) => R | Promise<R>;

/** The callback module of every agent (Elixir's Agent.Server). */
const AgentServer = {
  name: 'Agent',
  async init(fn: Fn<[], unknown>) {
    return ['ok', await fn()];
  },
  async handleCall([op, fn]: ['get' | 'update' | 'get_and_update', Fn<[unknown], unknown>], _from: From, state: unknown) {
    switch (op) {
      case 'get':
        return ['reply', await fn(state), state];
      case 'update':
        return ['reply', 'ok', await fn(state)];
      case 'get_and_update': {
        const r = await fn(state);
        if (Array.isArray(r) && r.length === 2) return ['reply', r[0], r[1]];
        return ['stop', ['bad_return_value', r], state];
      }
    }
  },
  async handleCast([, fn]: ['cast', Fn<[unknown], unknown>], state: unknown) {
    return ['noreply', await fn(state)];
  },
};

function checkFn(where: string, fn: unknown, example: string): void {
  if (typeof fn !== 'function') {
    throw new ArgumentError(`Agent.${where}: expected a function, got ${formatTerm(fn)}. Write Agent.${where}(${example}).`);
  }
}

/**
 * Starts an agent, unlinked; `fn()` runs in the agent and gives the initial state.
 * Returns `['ok', pid]`, or `['error', reason]` when `fn` throws or the name is taken
 * (`['error', ['already_started', pid]]`).
 *
 * @example A named agent
 * ```ts
 * const [ok] = await Agent.start(() => 0, { name: 'hits' });
 * ok; // 'ok'
 * await Agent.get('hits', (n) => n); // 0
 * ```
 */
async function start<S>(fn: () => S | Promise<S>, opts?: StartOptions): Promise<StartResult> {
  checkFn('start', fn, '() => initialState');
  return startServer('start', AgentServer, fn, opts, false, 'Agent');
}

/**
 * `start`, linked to the caller (the form a supervisor uses).
 *
 * @example A counter
 * ```ts
 * const [, counter] = await Agent.startLink(() => 0);
 * await Agent.update(counter, (n) => n + 1); // 'ok'
 * await Agent.get(counter, (n) => n); // 1
 * ```
 */
async function startLink<S>(fn: () => S | Promise<S>, opts?: StartOptions): Promise<StartResult> {
  checkFn('startLink', fn, '() => initialState');
  return startServer('startLink', AgentServer, fn, opts, true, 'Agent');
}

/**
 * Runs `fn(state)` in the agent and returns its result; the state is unchanged. A failure
 * exits the caller as `GenServer.call` does (`['timeout', ['GenServer', 'call', …]]` after
 * `timeout` ms, default 5000).
 *
 * @example Read part of the state
 * ```ts
 * const [, agent] = await Agent.startLink(() => ({ milk: 3 }));
 * await Agent.get(agent, (s) => s.milk); // 3
 * ```
 */
function get<S, R>(agent: AgentRef, fn: (state: S) => R | Promise<R>, timeout: number | 'infinity' = 5000): Promise<Awaited<R>> {
  checkFn('get', fn, 'agent, (state) => state');
  return GenServer.call(agent, ['get', fn], timeout);
}

/**
 * Replaces the state with `fn(state)`, run in the agent; returns `'ok'` once done.
 *
 * @example Append to a list
 * ```ts
 * const [, agent] = await Agent.startLink(() => []);
 * await Agent.update(agent, (list) => [...list, 'eggs']); // 'ok'
 * await Agent.get(agent, (list) => list); // ['eggs']
 * ```
 */
function update<S>(agent: AgentRef, fn: (state: S) => S | Promise<S>, timeout: number | 'infinity' = 5000): Promise<'ok'> {
  checkFn('update', fn, 'agent, (state) => newState');
  return GenServer.call(agent, ['update', fn], timeout);
}

/**
 * Runs `fn(state)` in the agent, which returns `[reply, newState]`: the caller gets
 * `reply`, the agent keeps `newState`. Any other return stops the agent with
 * `['bad_return_value', value]`, as in Elixir.
 *
 * @example Pop a value
 * ```ts
 * const [, agent] = await Agent.startLink(() => [1, 2, 3]);
 * await Agent.getAndUpdate(agent, ([head, ...rest]) => [head, rest]); // 1
 * await Agent.get(agent, (s) => s); // [2, 3]
 * ```
 */
function getAndUpdate<S, R>(agent: AgentRef, fn: (state: S) => [R, S] | Promise<[R, S]>, timeout: number | 'infinity' = 5000): Promise<R> {
  checkFn('getAndUpdate', fn, 'agent, (state) => [reply, newState]');
  return GenServer.call(agent, ['get_and_update', fn], timeout);
}

/**
 * Replaces the state with `fn(state)` without waiting: returns `'ok'` at once, even when
 * the agent does not exist.
 *
 * @example Update without waiting
 * ```ts
 * const [, agent] = await Agent.startLink(() => 1);
 * Agent.cast(agent, (n) => n * 10); // 'ok'
 * await Agent.get(agent, (n) => n); // 10
 * ```
 */
function cast<S>(agent: AgentRef, fn: (state: S) => S | Promise<S>): 'ok' {
  checkFn('cast', fn, 'agent, (state) => newState');
  return GenServer.cast(agent, ['cast', fn]);
}

/**
 * Stops the agent with `reason` (default `'normal'`) and waits until it has exited.
 *
 * @example Stop an agent
 * ```ts
 * const [, agent] = await Agent.start(() => 0);
 * await Agent.stop(agent); // 'ok'
 * Process.isAlive(agent); // false
 * ```
 */
function stop(agent: AgentRef, reason: unknown = 'normal', timeout: number | 'infinity' = Infinity): Promise<'ok'> {
  return GenServer.stop(agent, reason, timeout);
}

/**
 * The child spec of an agent under a supervisor, as Elixir's `{Agent, fun}`.
 *
 * @example An agent in a supervisor's children
 * ```ts
 * Agent.childSpec(() => new Map()).id; // 'Agent'
 * ```
 */
function childSpec<S>(fn: () => S | Promise<S>): { id: 'Agent'; start: [typeof Agent, 'startLink', [() => S | Promise<S>]] } {
  return { id: 'Agent', start: [Agent, 'startLink', [fn]] };
}

/**
 * Elixir's `Agent`: a process that holds state, changed only by the functions it is sent.
 *
 * @example A shopping list shared by processes
 * ```ts
 * const [, list] = await Agent.startLink(() => []);
 * Agent.cast(list, (items) => [...items, 'milk']);
 * await Agent.update(list, (items) => [...items, 'bread']);
 * await Agent.get(list, (items) => items.length); // 2
 * ```
 */
export const Agent = nameNamespace({ start, startLink, get, update, getAndUpdate, cast, stop, childSpec }, 'Agent');

