/**
 * Supervisor: starts children in order, watches them (it traps exits), restarts them by
 * strategy and restart type, gives up past its restart intensity, and stops them in
 * reverse order. Built as a GenServer callback module, as OTP builds supervisor.erl on
 * gen_server.
 */
import { ArgumentError, formatTerm, Pid, Process, self } from '../runtime/index.js';
import { currentProc } from '../runtime/internal.js';
import { type Child, type ChildSpec, childSpec, toChildSpec } from './child_spec.js';
import { call, cast, type From, isModule, markInit, moduleName, nameNamespace, type ModuleRef, type ServerName, type ServerRef, startServer, stop as stopServer } from './gen_server.js';
import { isQuietReason } from './reports.js';
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
  whenStarted,
  type ChildState,
  type SupervisorLabel,
} from './supervision.js';

export type Strategy = 'one_for_one' | 'one_for_all' | 'rest_for_one';

/** The flags of a supervisor, named as OTP names them. */
export interface SupervisorFlags {
  strategy: Strategy;
  /** At most this many restarts… */
  intensity: number;
  /** …within this many seconds. */
  period: number;
}

export interface SupervisorOptions {
  strategy: Strategy;
  maxRestarts?: number;
  maxSeconds?: number;
}

/** What `Supervisor.init` returns and a supervisor module's `init` gives back. */
export type SupervisorInit = readonly ['ok', readonly [SupervisorFlags, ChildSpec[]]];

/** A supervisor module: `init(arg)` returns `Supervisor.init(children, opts)` (or 'ignore'). */
export interface SupervisorModule {
  name?: string;
  init(arg: any): unknown;
}

export type WhichChild = [unknown, Pid | 'restarting' | undefined, 'worker' | 'supervisor', unknown[]];
export interface ChildCounts {
  specs: number;
  active: number;
  supervisors: number;
  workers: number;
}

const STRATEGIES = ['one_for_one', 'one_for_all', 'rest_for_one'];
const INIT_KEYS = ['strategy', 'maxRestarts', 'maxSeconds'];

/** Checks the supervisor options; `also` are keys the caller handles itself (name). */
export function checkFlags(where: string, opts: unknown, strategies: readonly string[], also: readonly string[] = []): SupervisorFlags {
  if (typeof opts !== 'object' || opts === null || Array.isArray(opts)) {
    throw new ArgumentError(`${where}: the options are an object such as { strategy: 'one_for_one' }, got ${formatTerm(opts)}.`);
  }
  const o = opts as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!INIT_KEYS.includes(k) && !also.includes(k)) {
      throw new ArgumentError(`${where}: unknown option '${k}'; the options are ${[...INIT_KEYS, ...also].join(', ')}.`);
    }
  }
  if (o.strategy === undefined) {
    throw new ArgumentError(`${where}: the strategy option is required, e.g. { strategy: 'one_for_one' } (one of ${strategies.map((s) => `'${s}'`).join(', ')}).`);
  }
  if (!strategies.includes(o.strategy as string)) {
    throw new ArgumentError(`${where}: unknown strategy ${formatTerm(o.strategy)}; the strategy is ${strategies.map((s) => `'${s}'`).join(' or ')}.`);
  }
  const intensity = o.maxRestarts ?? 3;
  if (typeof intensity !== 'number' || !Number.isInteger(intensity) || intensity < 0) {
    throw new ArgumentError(`${where}: maxRestarts is a whole number >= 0 (default 3), got ${formatTerm(intensity)}.`);
  }
  const period = o.maxSeconds ?? 5;
  if (typeof period !== 'number' || !(period > 0)) {
    throw new ArgumentError(`${where}: maxSeconds is a number of seconds > 0 (default 5), got ${formatTerm(period)}.`);
  }
  return { strategy: o.strategy as Strategy, intensity, period };
}

function checkIds(where: string, specs: ChildSpec[]): void {
  const seen = new Set<unknown>();
  for (const s of specs) {
    if (seen.has(s.id)) throw new ArgumentError(`${where}: two children have the id ${formatTerm(s.id)}; every child of a supervisor needs its own id (Supervisor.childSpec(child, { id: 'other' })).`);
    seen.add(s.id);
  }
}

/**
 * Builds what a supervisor module's `init` returns, as Elixir's `Supervisor.init/2`: the
 * children as checked child specs, and the flags. Bad children or options throw an
 * ArgumentError that names the problem.
 *
 * @example A module-based supervisor
 * ```ts
 * class Counter { init(n) { return ['ok', n]; } }
 * const MySup = { init: (n) => Supervisor.init([[Counter, n]], { strategy: 'one_for_one' }) };
 * const [ok, sup] = await Supervisor.startLink(MySup, 0);
 * (await Supervisor.countChildren(sup)).active; // 1
 * ```
 */
export function init(children: readonly Child[], opts: SupervisorOptions): SupervisorInit {
  if (!Array.isArray(children)) {
    throw new ArgumentError(`Supervisor.init: the children are an array, got ${formatTerm(children)}.`);
  }
  const flags = checkFlags('Supervisor.init', opts, STRATEGIES);
  const specs = children.map((c) => toChildSpec('Supervisor.init', c));
  checkIds('Supervisor.init', specs);
  return markInit(['ok', [flags, specs]] as const, 'Supervisor');
}

// ---------------------------------------------------------------------------------------
// The supervisor server

type SupChild = ChildState;

function newChild(spec: ChildSpec): SupChild {
  return { spec, pid: undefined, restarts: 0, previousPid: undefined };
}

interface SupState {
  label: SupervisorLabel;
  flags: SupervisorFlags;
  restarts: number[];
  /** In start order; stopped in reverse. */
  children: SupChild[];
  /** The running children by pid number, to find who sent an EXIT in O(1). */
  byPid: Map<number, SupChild>;
}

/** Sets a child's pid, keeping the pid index right. */
function setPid(st: SupState, c: SupChild, pid: SupChild['pid']): void {
  if (c.pid instanceof Pid && st.byPid.get(c.pid.id) === c) st.byPid.delete(c.pid.id);
  c.pid = pid;
  if (pid instanceof Pid) st.byPid.set(pid.id, c);
}

type ServerArg = readonly ['list', SupervisorInit, ServerName | undefined] | readonly ['module', SupervisorModule | (new () => SupervisorModule), unknown, ServerName | undefined];

function which(st: SupState): WhichChild[] {
  const out: WhichChild[] = [];
  for (let i = st.children.length - 1; i >= 0; i--) {
    const c = st.children[i];
    out.push([c.spec.id, c.pid, c.spec.type, c.spec.modules]);
  }
  return out;
}

function counts(st: SupState): ChildCounts {
  let active = 0;
  let supervisors = 0;
  for (const c of st.children) {
    if (c.pid instanceof Pid && Process.isAlive(c.pid)) active++;
    if (c.spec.type === 'supervisor') supervisors++;
  }
  return { specs: st.children.length, active, supervisors, workers: st.children.length - supervisors };
}

/** Checks what a supervisor module's init returned; the flags and specs, or a reason to stop. */
function fromInit(modName: string, r: unknown): readonly [SupervisorFlags, ChildSpec[]] | readonly ['stop', unknown] {
  if (!(Array.isArray(r) && r.length === 2 && r[0] === 'ok' && Array.isArray(r[1]) && r[1].length === 2)) {
    return ['stop', ['bad_return', [modName, 'init', r]]];
  }
  const [flags, children] = r[1] as [unknown, unknown];
  const f = flags as SupervisorFlags;
  const checked = checkFlags(`${modName}.init`, { strategy: f?.strategy, maxRestarts: f?.intensity, maxSeconds: f?.period }, STRATEGIES);
  if (!Array.isArray(children)) return ['stop', ['bad_return', [modName, 'init', r]]];
  const specs = children.map((c) => toChildSpec(`${modName}.init`, c));
  checkIds(`${modName}.init`, specs);
  return [checked, specs];
}

/**
 * Starts `list` in order (for init and for one_for_all / rest_for_one restarts). On a
 * failure, stops there: the id and reason of the child that failed.
 */
async function startInOrder(st: SupState, list: SupChild[], restartOf?: Map<SupChild, Pid | undefined>, cause?: unknown): Promise<readonly [unknown, unknown] | undefined> {
  for (const c of list) {
    const r = await startChildProcess(c.spec);
    if (r[0] === 'error') {
      reportStartError(st.label, c.spec, r[1]);
      return [c.spec.id, r[1]];
    }
    setPid(st, c, r[1]);
    if (r[1] === undefined && c.spec.restart === 'temporary') remove(st, c);
    if (restartOf !== undefined) restarted(st, c, restartOf.get(c), r[1], cause);
  }
  return undefined;
}

function restarted(st: SupState, c: SupChild, oldPid: Pid | undefined, newPid: Pid | undefined, reason: unknown): void {
  c.restarts++;
  c.previousPid = oldPid;
  reportRestarted(st.label, c.spec, oldPid, newPid, reason);
}

function remove(st: SupState, c: SupChild): void {
  setPid(st, c, undefined);
  const i = st.children.indexOf(c);
  if (i >= 0) st.children.splice(i, 1);
}

/** Stops one running child (OTP's do_terminate): reports an unclean stop. */
async function stopChild(st: SupState, c: SupChild): Promise<void> {
  if (c.pid instanceof Pid) {
    const [outcome] = await shutdownChildren([{ pid: c.pid, shutdown: c.spec.shutdown }]);
    if (outcome !== 'ok' && !(outcome[1] === 'normal' && c.spec.restart !== 'permanent')) reportShutdownError(st.label, c.spec, c.pid, outcome[1]);
  }
  setPid(st, c, undefined);
}

/** Stops `list` in reverse start order; temporary children are dropped, as OTP drops them. */
async function stopInReverse(st: SupState, list: SupChild[]): Promise<void> {
  for (let i = list.length - 1; i >= 0; i--) {
    const c = list[i];
    await stopChild(st, c);
    if (c.spec.restart === 'temporary') remove(st, c);
  }
}

/** What the supervisor's callbacks return after a child died: go on, or stop (too many restarts). */
type Next = readonly ['noreply', SupState] | readonly ['stop', 'shutdown', SupState];

/**
 * Restarts after `c` died with `reason`, by strategy; stops the supervisor when it was one
 * restart too many. A promise only while children start (whenStarted).
 */
function restart(st: SupState, c: SupChild, reason: unknown): Next | Promise<Next> {
  const oldPid = c.pid instanceof Pid ? c.pid : undefined;
  if (!addRestart(st.restarts, st.flags.intensity, st.flags.period)) {
    reportGaveUp(st.label, c.spec, oldPid);
    remove(st, c);
    return ['stop', 'shutdown', st];
  }
  if (st.flags.strategy !== 'one_for_one') return restartGroup(st, c, oldPid, reason);
  return whenStarted(c.spec, (r): Next => {
    if (r[0] === 'ok') {
      setPid(st, c, r[1]);
      restarted(st, c, oldPid, r[1], reason);
    } else {
      reportStartError(st.label, c.spec, r[1]);
      setPid(st, c, 'restarting');
      cast(self(), ['try_again_restart', c.spec.id]);
    }
    return ['noreply', st];
  });
}

/** one_for_all: every child; rest_for_one: `c` and those started after it. Stopped in reverse, started in order. */
async function restartGroup(st: SupState, c: SupChild, oldPid: Pid | undefined, reason: unknown): Promise<Next> {
  const at = st.children.indexOf(c);
  const group = st.flags.strategy === 'one_for_all' ? st.children.slice() : st.children.slice(at);
  const before = new Map<SupChild, Pid | undefined>(group.map((g) => [g, g.pid instanceof Pid ? g.pid : undefined]));
  before.set(c, oldPid);
  setPid(st, c, undefined);
  await stopInReverse(st, group.filter((g) => g !== c));
  const again = group.filter((g) => st.children.includes(g));
  const failed = await startInOrder(st, again, before, reason);
  if (failed !== undefined) {
    const f = again.find((g) => g.spec.id === failed[0])!;
    setPid(st, f, 'restarting');
    cast(self(), ['try_again_restart', f.spec.id]);
  }
  return ['noreply', st];
}

/** A child died: restart it or forget it, by its restart type (OTP's do_restart). */
function childExited(st: SupState, c: SupChild, reason: unknown): Next | Promise<Next> {
  const pid = c.pid as Pid;
  const r = c.spec.restart;
  if (r === 'permanent' || (r === 'transient' && !isQuietReason(reason))) {
    reportTerminated(st.label, c.spec, pid, reason);
    return restart(st, c, reason);
  }
  if (r === 'temporary') {
    if (!isQuietReason(reason)) reportTerminated(st.label, c.spec, pid, reason);
    remove(st, c);
  } else {
    setPid(st, c, undefined);
  }
  return ['noreply', st];
}

const byId = (st: SupState, id: unknown) => st.children.find((c) => c.spec.id === id);

/** The child `id` if it is not running, else the error OTP answers restart_child and delete_child with. */
function stoppedChild(st: SupState, id: unknown): SupChild | readonly ['error', 'not_found' | 'running' | 'restarting'] {
  const c = byId(st, id);
  if (c === undefined) return ['error', 'not_found'];
  if (c.pid instanceof Pid) return ['error', 'running'];
  if (c.pid === 'restarting') return ['error', 'restarting'];
  return c;
}

/** The GenServer callbacks of every supervisor. */
const SupervisorServer = {
  name: 'Supervisor',

  async init(arg: ServerArg): Promise<unknown> {
    Process.flag('trap_exit', true);
    let modName: string | undefined;
    let checked: ReturnType<typeof fromInit>;
    let name: ServerName | undefined;
    if (arg[0] === 'list') {
      // Supervisor.init built it in startLink: the children are checked already.
      checked = arg[1][1];
      name = arg[2];
    } else {
      const mod = arg[1];
      modName = moduleName(mod) ?? 'Supervisor';
      const inst = typeof mod === 'function' ? new mod() : mod;
      const initResult = await inst.init(arg[2]);
      name = arg[3];
      if (initResult === 'ignore') return 'ignore';
      checked = fromInit(modName, initResult);
    }
    if (checked[0] === 'stop') return checked;
    const [flags, specs] = checked as [SupervisorFlags, ChildSpec[]];
    const restarts: number[] = [];
    const st: SupState = {
      label: { pid: self(), name, module: modName, maxRestarts: flags.intensity, maxSeconds: flags.period, restarts },
      flags,
      restarts,
      children: specs.map(newChild),
      byPid: new Map(),
    };
    const me = currentProc()!;
    me.meta = {
      ...me.meta,
      behaviour: 'Supervisor',
      module: modName ?? 'Supervisor',
      strategy: flags.strategy,
      maxRestarts: flags.intensity,
      maxSeconds: flags.period,
      children: () => which(st),
      childDetails: () => st.children.map((c) => childDetail(c, c.spec.id)),
    };
    const failed = await startInOrder(st, st.children.slice());
    if (failed !== undefined) {
      await stopInReverse(st, st.children.filter((c) => c.pid instanceof Pid));
      return ['stop', ['shutdown', ['failed_to_start_child', failed[0], failed[1]]]];
    }
    return ['ok', st];
  },

  async handleCall(req: readonly unknown[], _from: From, st: SupState): Promise<unknown> {
    switch (req[0]) {
      case 'which_children':
        return ['reply', which(st), st];
      case 'count_children':
        return ['reply', counts(st), st];
      case 'start_child': {
        const spec = req[1] as ChildSpec;
        const existing = byId(st, spec.id);
        if (existing !== undefined) {
          return ['reply', existing.pid instanceof Pid ? ['error', ['already_started', existing.pid]] : ['error', 'already_present'], st];
        }
        const r = await startChildProcess(spec);
        if (r[0] === 'error') return ['reply', ['error', [r[1], spec]], st];
        if (!(r[1] === undefined && spec.restart === 'temporary')) {
          const c = newChild(spec);
          st.children.push(c);
          setPid(st, c, r[1]);
        }
        return ['reply', r, st];
      }
      case 'terminate_child': {
        const c = byId(st, req[1]);
        if (c === undefined) return ['reply', ['error', 'not_found'], st];
        await stopChild(st, c);
        if (c.spec.restart === 'temporary') remove(st, c);
        return ['reply', 'ok', st];
      }
      case 'restart_child': {
        const c = stoppedChild(st, req[1]);
        if (!('spec' in c)) return ['reply', c, st];
        const r = await startChildProcess(c.spec);
        if (r[0] === 'ok') setPid(st, c, r[1]);
        return ['reply', r, st];
      }
      case 'delete_child': {
        const c = stoppedChild(st, req[1]);
        if (!('spec' in c)) return ['reply', c, st];
        remove(st, c);
        return ['reply', 'ok', st];
      }
    }
    return ['reply', ['error', ['unknown_request', req]], st];
  },

  handleCast(msg: readonly unknown[], st: SupState): unknown {
    if (msg[0] === 'try_again_restart') {
      const c = byId(st, msg[1]);
      if (c !== undefined && c.pid === 'restarting') return restart(st, c, 'restarting');
    }
    return ['noreply', st];
  },

  handleInfo(msg: unknown, st: SupState): unknown {
    if (Array.isArray(msg) && msg[0] === 'EXIT' && msg[1] instanceof Pid) {
      const c = st.byPid.get(msg[1].id);
      if (c !== undefined && c.pid === msg[1]) return childExited(st, c, msg[2]);
    }
    return ['noreply', st];
  },

  async terminate(_reason: unknown, st: SupState): Promise<void> {
    await stopInReverse(st, st.children.slice());
  },
};

// ---------------------------------------------------------------------------------------
// The API

function checkSupervisorModule(mod: unknown): asserts mod is SupervisorModule {
  if (typeof mod === 'function' ? typeof mod.prototype?.init === 'function' : isModule(mod)) return;
  throw new ArgumentError(
    `Supervisor.startLink: expected a list of children, or a module with init(arg) returning Supervisor.init(children, opts); got ${formatTerm(mod)}. ` +
      `Write Supervisor.startLink([child1, child2], { strategy: 'one_for_one' }).`,
  );
}

function checkName(opts: unknown): ServerName | undefined {
  if (opts === undefined) return undefined;
  if (typeof opts !== 'object' || opts === null || Array.isArray(opts)) {
    throw new ArgumentError(`Supervisor.startLink: the options are an object such as { name: 'my_sup' }, got ${formatTerm(opts)}.`);
  }
  for (const k of Object.keys(opts)) {
    if (k !== 'name') throw new ArgumentError(`Supervisor.startLink(module, arg, opts): unknown option '${k}'; the only option here is name (the strategy comes from the module's init).`);
  }
  return (opts as { name?: ServerName }).name;
}

/**
 * Starts a supervisor linked to the caller, and its children in order. Two forms:
 * `startLink(children, { strategy, maxRestarts = 3, maxSeconds = 5, name? })`, or
 * `startLink(module, arg, { name? })` where `module.init(arg)` returns
 * `Supervisor.init(children, opts)`. Resolves `['ok', pid]`, `'ignore'`, or
 * `['error', ['shutdown', ['failed_to_start_child', id, reason]]]` when a child fails to start.
 *
 * @example Restart a crashed child
 * ```ts
 * class Worker { init(arg) { return ['ok', arg]; } }
 * const [, sup] = await Supervisor.startLink([[Worker, 1]], { strategy: 'one_for_one' });
 * const [[id, pid]] = await Supervisor.whichChildren(sup);
 * Process.exit(pid, 'kill');
 * await Process.sleep(10);
 * const [[, newPid]] = await Supervisor.whichChildren(sup);
 * newPid !== pid; // true
 * ```
 */
export function startLink(children: readonly Child[], opts: SupervisorOptions & { name?: ServerName }): Promise<readonly ['ok', Pid] | readonly ['error', unknown] | 'ignore'>;
export function startLink(module: SupervisorModule | (new () => SupervisorModule), arg?: unknown, opts?: { name?: ServerName }): Promise<readonly ['ok', Pid] | readonly ['error', unknown] | 'ignore'>;
export function startLink(first: unknown, second?: unknown, third?: unknown): Promise<readonly ['ok', Pid] | readonly ['error', unknown] | 'ignore'> {
  try {
    if (Array.isArray(first)) {
      if (second === undefined) throw new ArgumentError(`Supervisor.startLink(children, opts): the options with the strategy are required, e.g. { strategy: 'one_for_one' }.`);
      checkFlags('Supervisor.startLink', second, STRATEGIES, ['name']);
      const { name, ...flags } = second as SupervisorOptions & { name?: ServerName };
      const spec = init(first, flags);
      return startServer('startLink', SupervisorServer, ['list', spec, name], name === undefined ? {} : { name }, true, 'Supervisor');
    }
    checkSupervisorModule(first);
    const name = checkName(third);
    return startServer('startLink', SupervisorServer, ['module', first, second, name], name === undefined ? {} : { name }, true, 'Supervisor');
  } catch (err) {
    return Promise.reject(err);
  }
}

/**
 * The children, newest first (as OTP lists them): `[[id, pid | 'restarting' | undefined, type, modules]]`.
 *
 * @example List the children
 * ```ts
 * class W { init() { return ['ok', null]; } }
 * const [, sup] = await Supervisor.startLink([{ id: 'a', start: [GenServer, 'startLink', [W, null]] }], { strategy: 'one_for_one' });
 * (await Supervisor.whichChildren(sup))[0][0]; // 'a'
 * ```
 */
export function whichChildren(sup: ServerRef): Promise<WhichChild[]> {
  return call(sup, ['which_children'], Infinity);
}

/**
 * How many children: `{ specs, active, supervisors, workers }`.
 *
 * @example Count the children
 * ```ts
 * const [, sup] = await Supervisor.startLink([], { strategy: 'one_for_one' });
 * await Supervisor.countChildren(sup); // { specs: 0, active: 0, supervisors: 0, workers: 0 }
 * ```
 */
export function countChildren(sup: ServerRef): Promise<ChildCounts> {
  return call(sup, ['count_children'], Infinity);
}

/**
 * Adds a child and starts it: `['ok', pid]`, `['ok', undefined]` if it returned 'ignore',
 * `['error', ['already_started', pid]]`, `['error', 'already_present']`, or
 * `['error', [reason, spec]]` when it failed to start. A bad spec throws an ArgumentError.
 *
 * @example Add a child to a running supervisor
 * ```ts
 * class W { init(n) { return ['ok', n]; } }
 * const [, sup] = await Supervisor.startLink([], { strategy: 'one_for_one' });
 * const [ok] = await Supervisor.startChild(sup, [W, 1]);
 * ok; // 'ok'
 * ```
 */
export async function startChild(sup: ServerRef, child: Child): Promise<readonly ['ok', Pid | undefined] | readonly ['error', unknown]> {
  return call(sup, ['start_child', toChildSpec('Supervisor.startChild', child)], Infinity);
}

/**
 * Stops the child `id` (its spec stays, except a temporary child's): `'ok'` or `['error', 'not_found']`.
 *
 * @example Stop a child, keep its spec
 * ```ts
 * class W { init(n) { return ['ok', n]; } }
 * const [, sup] = await Supervisor.startLink([[W, 1]], { strategy: 'one_for_one' });
 * await Supervisor.terminateChild(sup, 'W'); // 'ok'
 * await Supervisor.whichChildren(sup); // [['W', undefined, 'worker', ['W']]]
 * ```
 */
export function terminateChild(sup: ServerRef, id: unknown): Promise<'ok' | readonly ['error', 'not_found']> {
  return call(sup, ['terminate_child', id], Infinity);
}

/**
 * Starts again a child that was terminated: `['ok', pid]`, or `['error', 'running' | 'restarting' | 'not_found' | reason]`.
 *
 * @example Start a terminated child again
 * ```ts
 * class W { init(n) { return ['ok', n]; } }
 * const [, sup] = await Supervisor.startLink([[W, 1]], { strategy: 'one_for_one' });
 * await Supervisor.terminateChild(sup, 'W');
 * (await Supervisor.restartChild(sup, 'W'))[0]; // 'ok'
 * ```
 */
export function restartChild(sup: ServerRef, id: unknown): Promise<readonly ['ok', Pid | undefined] | readonly ['error', unknown]> {
  return call(sup, ['restart_child', id], Infinity);
}

/**
 * Forgets the spec of a terminated child: `'ok'`, or `['error', 'running' | 'restarting' | 'not_found']`.
 *
 * @example Forget a terminated child
 * ```ts
 * class W { init(n) { return ['ok', n]; } }
 * const [, sup] = await Supervisor.startLink([[W, 1]], { strategy: 'one_for_one' });
 * await Supervisor.deleteChild(sup, 'W'); // ['error', 'running']
 * await Supervisor.terminateChild(sup, 'W');
 * await Supervisor.deleteChild(sup, 'W'); // 'ok'
 * ```
 */
export function deleteChild(sup: ServerRef, id: unknown): Promise<'ok' | readonly ['error', unknown]> {
  return call(sup, ['delete_child', id], Infinity);
}

/**
 * Stops the supervisor: its children first, in reverse start order. Returns `'ok'`.
 *
 * @example Stop a supervisor and its children
 * ```ts
 * const [, sup] = await Supervisor.startLink([], { strategy: 'one_for_one' });
 * Process.unlink(sup);
 * await Supervisor.stop(sup); // 'ok'
 * ```
 */
export function stop(sup: ServerRef, reason: unknown = 'normal', timeout: number | 'infinity' = Infinity): Promise<'ok'> {
  return stopServer(sup, reason, timeout);
}

/**
 * Elixir's Supervisor: start children, restart them when they die, stop them in order.
 *
 * @example Three workers, rest_for_one
 * ```ts
 * class W { init(n) { return ['ok', n]; } }
 * const children = ['a', 'b', 'c'].map((id) => Supervisor.childSpec([W, id], { id }));
 * const [, sup] = await Supervisor.startLink(children, { strategy: 'rest_for_one' });
 * (await Supervisor.whichChildren(sup)).map(([id]) => id); // ['c', 'b', 'a']
 * ```
 */
export const Supervisor = nameNamespace({ startLink, init, childSpec, whichChildren, countChildren, startChild, terminateChild, restartChild, deleteChild, stop }, 'Supervisor');

export type { ModuleRef };
