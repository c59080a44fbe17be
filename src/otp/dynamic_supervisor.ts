/**
 * DynamicSupervisor: a supervisor that starts with no children and starts them on demand,
 * one_for_one, optionally up to `maxChildren`. Children are known by pid (their ids are
 * ignored) and are shut down all at once, not in order. Built on GenServer, as Elixir's
 * dynamic_supervisor.ex is.
 */
import { ArgumentError, formatTerm, Pid, Process, self } from '../runtime/index.js';
import { currentProc } from '../runtime/internal.js';
import { type Child, type ChildSpec, toChildSpec } from './child_spec.js';
import { call, cast, type From, isModule, markInit, moduleName, nameNamespace, type ServerName, type ServerRef, startServer, stop as stopServer } from './gen_server.js';
import { isQuietReason } from './reports.js';
import { checkFlags, type ChildCounts, type SupervisorFlags } from './supervisor.js';
import {
  addRestart,
  childDetail,
  reportGaveUp,
  reportRestarted,
  reportShutdownError,
  reportStartError,
  reportTerminated,
  shutdownChildren,
  startChildProcess,
  type ChildState,
  type SupervisorLabel,
} from './supervision.js';

export interface DynamicSupervisorOptions {
  strategy: 'one_for_one';
  maxRestarts?: number;
  maxSeconds?: number;
  /** At most this many children at once (default Infinity). */
  maxChildren?: number;
  /** Arguments put before each child's own start arguments. */
  extraArguments?: unknown[];
  name?: ServerName;
}

export interface DynamicFlags extends SupervisorFlags {
  maxChildren: number;
  extraArguments: unknown[];
}

export type DynamicInit = readonly ['ok', DynamicFlags];

export interface DynamicSupervisorModule {
  name?: string;
  init(arg: any): unknown;
}

const DYNAMIC_KEYS = ['maxChildren', 'extraArguments'];

function checkDynamic(where: string, opts: unknown, also: readonly string[] = []): DynamicFlags {
  const flags = checkFlags(where, opts, ['one_for_one'], [...DYNAMIC_KEYS, ...also]);
  const o = opts as DynamicSupervisorOptions;
  const maxChildren = o.maxChildren ?? Infinity;
  if (!(maxChildren === Infinity || (typeof maxChildren === 'number' && Number.isInteger(maxChildren) && maxChildren >= 0))) {
    throw new ArgumentError(`${where}: maxChildren is a whole number >= 0 or Infinity, got ${formatTerm(maxChildren)}.`);
  }
  const extraArguments = o.extraArguments ?? [];
  if (!Array.isArray(extraArguments)) throw new ArgumentError(`${where}: extraArguments is an array, got ${formatTerm(extraArguments)}.`);
  return { ...flags, maxChildren, extraArguments };
}

/**
 * What a DynamicSupervisor module's `init` returns, as Elixir's `DynamicSupervisor.init/1`.
 *
 * @example A module-based DynamicSupervisor
 * ```ts
 * const Pool = { init: () => DynamicSupervisor.init({ strategy: 'one_for_one', maxChildren: 2 }) };
 * const [ok] = await DynamicSupervisor.startLink(Pool, null);
 * ok; // 'ok'
 * ```
 */
export function init(opts: Omit<DynamicSupervisorOptions, 'name'>): DynamicInit {
  return markInit(['ok', checkDynamic('DynamicSupervisor.init', opts)] as const, 'DynamicSupervisor');
}

// ---------------------------------------------------------------------------------------
// The server

interface DynChild extends ChildState {
  pid: Pid | 'restarting';
}

interface DynState {
  label: SupervisorLabel;
  flags: DynamicFlags;
  restarts: number[];
  /** By pid number: a Map keeps start order and finds a pid in O(1). */
  children: Map<number, DynChild>;
  /** Keys for children waiting to be started again after a failed restart. */
  nextRestartKey: number;
}

type ServerArg = readonly ['opts', DynamicFlags, ServerName | undefined] | readonly ['module', DynamicSupervisorModule | (new () => DynamicSupervisorModule), unknown, ServerName | undefined];

/** The spec with the supervisor's extra arguments put in front of the child's own. */
function withExtra(spec: ChildSpec, extra: unknown[]): ChildSpec {
  if (extra.length === 0) return spec;
  const start = spec.start;
  if (typeof start === 'function') return { ...spec, start: () => (start as (...a: unknown[]) => unknown)(...extra) };
  return { ...spec, start: [start[0], start[1], [...extra, ...start[2]]] };
}

function which(st: DynState): [undefined, Pid | 'restarting', 'worker' | 'supervisor', unknown[]][] {
  return [...st.children.values()].map((c) => [undefined, c.pid, c.spec.type, c.spec.modules]);
}

function counts(st: DynState): ChildCounts {
  let active = 0;
  let supervisors = 0;
  for (const c of st.children.values()) {
    if (c.pid instanceof Pid && Process.isAlive(c.pid)) active++;
    if (c.spec.type === 'supervisor') supervisors++;
  }
  return { specs: st.children.size, active, supervisors, workers: st.children.size - supervisors };
}

/** Restarts a child that died (or failed to restart); 'shutdown' past the intensity. */
async function restart(st: DynState, key: number, c: DynChild, reason: unknown): Promise<'ok' | 'shutdown'> {
  const oldPid = c.pid instanceof Pid ? c.pid : undefined;
  st.children.delete(key);
  if (!addRestart(st.restarts, st.flags.intensity, st.flags.period)) {
    reportGaveUp(st.label, c.spec, oldPid);
    return 'shutdown';
  }
  const r = await startChildProcess(c.spec);
  if (r[0] === 'ok' && r[1] !== undefined) {
    st.children.set(r[1].id, { spec: c.spec, pid: r[1], restarts: c.restarts + 1, previousPid: oldPid });
    reportRestarted(st.label, c.spec, oldPid, r[1], reason);
  } else if (r[0] === 'error') {
    reportStartError(st.label, c.spec, r[1]);
    const k = -++st.nextRestartKey; // negative: never a pid number
    st.children.set(k, { ...c, pid: 'restarting' });
    cast(self(), ['try_again_restart', k]);
  }
  return 'ok';
}

const DynamicServer = {
  name: 'DynamicSupervisor',

  async init(arg: ServerArg): Promise<unknown> {
    Process.flag('trap_exit', true);
    let flags: DynamicFlags;
    let modName: string | undefined;
    let name: ServerName | undefined;
    if (arg[0] === 'opts') {
      flags = arg[1];
      name = arg[2];
    } else {
      const mod = arg[1];
      modName = moduleName(mod) ?? 'DynamicSupervisor';
      const inst = typeof mod === 'function' ? new mod() : mod;
      const r = await inst.init(arg[2]);
      name = arg[3];
      if (r === 'ignore') return 'ignore';
      if (!(Array.isArray(r) && r.length === 2 && r[0] === 'ok')) return ['stop', ['bad_return', [modName, 'init', r]]];
      const f = r[1] as Partial<DynamicFlags> | undefined;
      flags = checkDynamic(`${modName}.init`, { strategy: f?.strategy, maxRestarts: f?.intensity, maxSeconds: f?.period, maxChildren: f?.maxChildren, extraArguments: f?.extraArguments });
    }
    const restarts: number[] = [];
    const label = { pid: self(), name, module: modName, maxRestarts: flags.intensity, maxSeconds: flags.period, restarts };
    const st: DynState = { label, flags, restarts, children: new Map(), nextRestartKey: 0 };
    const me = currentProc()!;
    me.meta = {
      ...me.meta,
      behaviour: 'DynamicSupervisor',
      module: modName ?? 'DynamicSupervisor',
      strategy: 'one_for_one',
      maxRestarts: flags.intensity,
      maxSeconds: flags.period,
      children: () => which(st),
      childDetails: () => [...st.children.values()].map((c) => childDetail(c, undefined)),
    };
    return ['ok', st];
  },

  async handleCall(req: readonly unknown[], _from: From, st: DynState): Promise<unknown> {
    switch (req[0]) {
      case 'which_children':
        return ['reply', which(st), st];
      case 'count_children':
        return ['reply', counts(st), st];
      case 'start_child': {
        if (st.children.size >= st.flags.maxChildren) return ['reply', ['error', 'max_children'], st];
        const spec = withExtra(req[1] as ChildSpec, st.flags.extraArguments);
        const r = await startChildProcess(spec);
        if (r[0] === 'error') return ['reply', r, st];
        if (r[1] === undefined) return ['reply', 'ignore', st];
        st.children.set(r[1].id, { spec, pid: r[1], restarts: 0, previousPid: undefined });
        return ['reply', r, st];
      }
      case 'terminate_child': {
        const pid = req[1];
        const c = pid instanceof Pid ? st.children.get(pid.id) : undefined;
        if (c === undefined || c.pid !== pid || !(pid instanceof Pid)) return ['reply', ['error', 'not_found'], st];
        st.children.delete(pid.id);
        const [outcome] = await shutdownChildren([{ pid, shutdown: c.spec.shutdown }]);
        if (outcome !== 'ok' && !(outcome[1] === 'normal' && c.spec.restart !== 'permanent')) reportShutdownError(st.label, c.spec, pid, outcome[1]);
        return ['reply', 'ok', st];
      }
    }
    return ['reply', ['error', ['unknown_request', req]], st];
  },

  async handleCast(msg: readonly unknown[], st: DynState): Promise<unknown> {
    if (msg[0] === 'try_again_restart') {
      const key = msg[1] as number;
      const c = st.children.get(key);
      if (c !== undefined && c.pid === 'restarting' && (await restart(st, key, c, 'restarting')) === 'shutdown') return ['stop', 'shutdown', st];
    }
    return ['noreply', st];
  },

  async handleInfo(msg: unknown, st: DynState): Promise<unknown> {
    if (Array.isArray(msg) && msg[0] === 'EXIT' && msg[1] instanceof Pid) {
      const pid = msg[1];
      const reason = msg[2];
      const c = st.children.get(pid.id);
      if (c === undefined || c.pid !== pid) return ['noreply', st];
      const r = c.spec.restart;
      if (r === 'permanent' || (r === 'transient' && !isQuietReason(reason))) {
        reportTerminated(st.label, c.spec, pid, reason);
        if ((await restart(st, pid.id, c, reason)) === 'shutdown') return ['stop', 'shutdown', st];
      } else {
        if (r === 'temporary' && !isQuietReason(reason)) reportTerminated(st.label, c.spec, pid, reason);
        st.children.delete(pid.id);
      }
    }
    return ['noreply', st];
  },

  /** Every child at once, as Elixir's DynamicSupervisor does. */
  async terminate(_reason: unknown, st: DynState): Promise<void> {
    const running = [...st.children.values()].filter((c): c is DynChild & { pid: Pid } => c.pid instanceof Pid);
    st.children.clear();
    const outcomes = await shutdownChildren(running.map((c) => ({ pid: c.pid, shutdown: c.spec.shutdown })));
    outcomes.forEach((o, i) => {
      const c = running[i];
      if (o !== 'ok' && !(o[1] === 'normal' && c.spec.restart !== 'permanent')) reportShutdownError(st.label, c.spec, c.pid, o[1]);
    });
  },
};

// ---------------------------------------------------------------------------------------
// The API

/**
 * Starts a DynamicSupervisor linked to the caller, with no children:
 * `startLink({ strategy: 'one_for_one', maxChildren?, maxRestarts?, maxSeconds?, extraArguments?, name? })`,
 * or `startLink(module, arg, { name? })` where `module.init(arg)` returns `DynamicSupervisor.init(opts)`.
 *
 * @example Start an empty supervisor
 * ```ts
 * const [ok, sup] = await DynamicSupervisor.startLink({ strategy: 'one_for_one' });
 * ok; // 'ok'
 * ```
 */
export function startLink(opts: DynamicSupervisorOptions): Promise<readonly ['ok', Pid] | readonly ['error', unknown] | 'ignore'>;
export function startLink(module: DynamicSupervisorModule | (new () => DynamicSupervisorModule), arg?: unknown, opts?: { name?: ServerName }): Promise<readonly ['ok', Pid] | readonly ['error', unknown] | 'ignore'>;
export function startLink(first: unknown, arg?: unknown, opts?: unknown): Promise<readonly ['ok', Pid] | readonly ['error', unknown] | 'ignore'> {
  try {
    if (isModule(first) || (typeof first === 'function' && typeof first.prototype?.init === 'function')) {
      if (opts !== undefined && (typeof opts !== 'object' || opts === null || Object.keys(opts).some((k) => k !== 'name'))) {
        throw new ArgumentError(`DynamicSupervisor.startLink(module, arg, opts): the only option here is name, got ${formatTerm(opts)}.`);
      }
      const name = (opts as { name?: ServerName } | undefined)?.name;
      return startServer('startLink', DynamicServer, ['module', first, arg, name], name === undefined ? {} : { name }, true, 'DynamicSupervisor');
    }
    const flags = checkDynamic('DynamicSupervisor.startLink', first, ['name']);
    const name = (first as { name?: ServerName }).name;
    return startServer('startLink', DynamicServer, ['opts', flags, name], name === undefined ? {} : { name }, true, 'DynamicSupervisor');
  } catch (err) {
    return Promise.reject(err);
  }
}

/**
 * Starts a child under the supervisor: `['ok', pid]`, `'ignore'`, `['error', 'max_children']`
 * or `['error', reason]`. The child is a spec, a module or `[module, arg]`; its id is ignored.
 *
 * @example At most one child
 * ```ts
 * class Worker { init(n) { return ['ok', n]; } }
 * const [, sup] = await DynamicSupervisor.startLink({ strategy: 'one_for_one', maxChildren: 1 });
 * (await DynamicSupervisor.startChild(sup, [Worker, 1]))[0]; // 'ok'
 * await DynamicSupervisor.startChild(sup, [Worker, 2]); // ['error', 'max_children']
 * ```
 */
export function startChild(sup: ServerRef, child: Child): Promise<readonly ['ok', Pid] | readonly ['error', unknown] | 'ignore'> {
  try {
    return call(sup, ['start_child', toChildSpec('DynamicSupervisor.startChild', child, false)], Infinity);
  } catch (err) {
    return Promise.reject(err);
  }
}

/**
 * Stops the child `pid`: `'ok'` or `['error', 'not_found']`.
 *
 * @example Stop a child by its pid
 * ```ts
 * class Worker { init(n) { return ['ok', n]; } }
 * const [, sup] = await DynamicSupervisor.startLink({ strategy: 'one_for_one' });
 * const [, pid] = await DynamicSupervisor.startChild(sup, [Worker, 1]);
 * await DynamicSupervisor.terminateChild(sup, pid); // 'ok'
 * await DynamicSupervisor.terminateChild(sup, pid); // ['error', 'not_found']
 * ```
 */
export function terminateChild(sup: ServerRef, pid: Pid): Promise<'ok' | readonly ['error', 'not_found']> {
  return call(sup, ['terminate_child', pid], Infinity);
}

/**
 * The children: `[[undefined, pid | 'restarting', type, modules]]` (ids are not kept).
 *
 * @example List the children
 * ```ts
 * class Worker { init(n) { return ['ok', n]; } }
 * const [, sup] = await DynamicSupervisor.startLink({ strategy: 'one_for_one' });
 * const [, pid] = await DynamicSupervisor.startChild(sup, [Worker, 1]);
 * (await DynamicSupervisor.whichChildren(sup))[0][1] === pid; // true
 * ```
 */
export function whichChildren(sup: ServerRef): Promise<[undefined, Pid | 'restarting', 'worker' | 'supervisor', unknown[]][]> {
  return call(sup, ['which_children'], Infinity);
}

/**
 * How many children: `{ specs, active, supervisors, workers }`.
 *
 * @example Count the children
 * ```ts
 * const [, sup] = await DynamicSupervisor.startLink({ strategy: 'one_for_one' });
 * await DynamicSupervisor.countChildren(sup); // { specs: 0, active: 0, supervisors: 0, workers: 0 }
 * ```
 */
export function countChildren(sup: ServerRef): Promise<ChildCounts> {
  return call(sup, ['count_children'], Infinity);
}

/**
 * Stops the supervisor and, first, all its children at once. Returns `'ok'`.
 *
 * @example Stop it with its children
 * ```ts
 * const [, sup] = await DynamicSupervisor.startLink({ strategy: 'one_for_one' });
 * Process.unlink(sup);
 * await DynamicSupervisor.stop(sup); // 'ok'
 * ```
 */
export function stop(sup: ServerRef, reason: unknown = 'normal', timeout: number | 'infinity' = Infinity): Promise<'ok'> {
  return stopServer(sup, reason, timeout);
}

/**
 * Elixir's DynamicSupervisor: children started on demand, restarted one_for_one.
 *
 * @example A pool of workers started on demand
 * ```ts
 * class Worker { init(n) { return ['ok', n]; } }
 * const [, sup] = await DynamicSupervisor.startLink({ strategy: 'one_for_one' });
 * for (const n of [1, 2, 3]) await DynamicSupervisor.startChild(sup, [Worker, n]);
 * (await DynamicSupervisor.countChildren(sup)).active; // 3
 * ```
 */
export const DynamicSupervisor = nameNamespace({ startLink, init, startChild, terminateChild, whichChildren, countChildren, stop }, 'DynamicSupervisor');
