/**
 * Registry: a local, decentralized key-value process registry, as Elixir's.
 *
 * A registry is a process (a GenServer) that owns a table kept in JS memory (Elixir's is
 * an ETS table).
 * Reads (`lookup`, `keys`, `whereisName`, ...) read the table directly, without a message,
 * as Elixir reads ETS; `register` writes it from the calling process, which links itself to
 * the registry. The registry traps exits: when a registrant dies, the registry removes its
 * entries. Until it has done so, reads already skip entries of dead processes, so an entry
 * is never seen after its process is gone.
 *
 * One process per registry: Elixir's `partitions` option is accepted and ignored, and the
 * owner returned by `register` is the registry's pid (Elixir returns the partition's).
 */
import { ArgumentError, Process, formatTerm, isolate, isPid, matches, self, type Pid, type ViaName } from '../runtime/index.js';
import { nameNamespace, startServer, type StartResult } from './gen_server.js';
import { termKey } from './term_key.js';

export type RegistryKeys = 'unique' | 'duplicate';

export interface RegistryOptions {
  /** `'unique'`: one process per key; `'duplicate'`: any number of entries per key. */
  keys: RegistryKeys;
  /** The registry's name; every other function finds the registry by it. */
  name: string;
  /** Initial metadata, as `[[key, value], ...]` or an object (see `meta`). */
  meta?: Iterable<readonly [unknown, unknown]> | Record<string, unknown>;
  /** Accepted for Elixir compatibility; a registry here is always one process. */
  partitions?: number;
}

/** A registered entry as lookups return it: `[pid, value]`. */
export type RegistryEntry<V = unknown> = [Pid, V];

/** A registry: its name or its pid. */
export type RegistryRef = string | Pid;

interface Entry {
  readonly pid: Pid;
  readonly key: unknown;
  readonly k: unknown;
  value: unknown;
}

class Table {
  readonly byKey = new Map<unknown, Entry[]>();
  /** Each process's entries, in registration order (keyed by pid number). */
  readonly byPid = new Map<number, Entry[]>();
  readonly meta = new Map<unknown, unknown>();

  constructor(
    readonly name: string,
    readonly kind: RegistryKeys,
    readonly pid: Pid,
    readonly parent: Pid,
  ) {}

  add(e: Entry): void {
    push(this.byKey, e.k, e);
    push(this.byPid, e.pid.id, e);
  }

  remove(e: Entry): void {
    pull(this.byKey, e.k, e);
    pull(this.byPid, e.pid.id, e);
  }

  /** Entries of `pid` under `key`. */
  owned(pid: Pid, k: unknown): Entry[] {
    return (this.byPid.get(pid.id) ?? []).filter((e) => e.k === k);
  }

  dropPid(pid: Pid): void {
    for (const e of this.byPid.get(pid.id) ?? []) pull(this.byKey, e.k, e);
    this.byPid.delete(pid.id);
  }
}

function push<K>(m: Map<K, Entry[]>, k: K, e: Entry): void {
  const list = m.get(k);
  if (list === undefined) m.set(k, [e]);
  else list.push(e);
}

function pull<K>(m: Map<K, Entry[]>, k: K, e: Entry): void {
  const list = m.get(k);
  if (list === undefined) return;
  const i = list.indexOf(e);
  if (i >= 0) list.splice(i, 1);
  if (list.length === 0) m.delete(k);
}

const byName = new Map<string, Table>();
const byPid = new Map<number, Table>();

function tableOf(fn: string, reg: RegistryRef): Table {
  const t = typeof reg === 'string' ? byName.get(reg) : isPid(reg) ? byPid.get(reg.id) : undefined;
  if (t !== undefined && Process.isAlive(t.pid)) return t;
  if (t !== undefined) forget(t);
  throw new ArgumentError(
    `Registry.${fn}: unknown registry: ${formatTerm(reg)}. ` +
      `Start it first with Registry.startLink({ keys: 'unique', name: ${typeof reg === 'string' ? formatTerm(reg) : "'MyRegistry'"} }).`,
  );
}

function forget(t: Table): void {
  if (byName.get(t.name) === t) byName.delete(t.name);
  byPid.delete(t.pid.id);
}

const alive = (e: Entry): boolean => Process.isAlive(e.pid);

function liveEntries(t: Table, key: unknown): Entry[] {
  return (t.byKey.get(termKey(key)) ?? []).filter(alive);
}

const asEntry = (e: Entry): RegistryEntry => [e.pid, isolate(e.value)];

// The registry process, a GenServer as Elixir's Registry.Partition: it traps exits and
// forgets the entries of registrants that die. Its state is the table, for sys.getState;
// it works on the table it registered, whatever a sys.replaceState did to that view.
const RegistryServer = {
  name: 'Registry',
  init([name, keys, parent, meta]: [string, RegistryKeys, Pid, RegistryOptions['meta']]) {
    Process.flag('trap_exit', true);
    const t = new Table(name, keys, self(), parent);
    for (const [k, v] of metaPairs(meta)) t.meta.set(termKey(k), isolate(v));
    byName.set(name, t);
    byPid.set(t.pid.id, t);
    return ['ok', t];
  },
  handleInfo(msg: unknown, state: unknown) {
    if (Array.isArray(msg) && msg[0] === 'EXIT' && isPid(msg[1]) && !Process.isAlive(msg[1])) byPid.get(self().id)?.dropPid(msg[1]);
    return ['noreply', state];
  },
  terminate() {
    const t = byPid.get(self().id);
    if (t !== undefined) forget(t);
  },
};

/**
 * Starts a registry linked to the caller; resolves to `['ok', pid]`, or
 * `['error', ['already_started', pid]]` when the name is taken.
 *
 * @example A registry of unique keys
 * ```ts
 * const [ok] = await Registry.startLink({ keys: 'unique', name: 'Reg' });
 * ok; // 'ok'
 * Registry.register('Reg', 'alice', 1);
 * Registry.lookup('Reg', 'alice'); // [[self(), 1]]
 * ```
 */
async function startLink(opts: RegistryOptions): Promise<StartResult> {
  if (typeof opts !== 'object' || opts === null) {
    throw new ArgumentError(`Registry.startLink: expected options such as { keys: 'unique', name: 'MyRegistry' }, got ${formatTerm(opts)}.`);
  }
  const { keys, name } = opts;
  if (keys !== 'unique' && keys !== 'duplicate') {
    throw new ArgumentError(
      `Registry.startLink: expected keys to be given and be one of 'unique' or 'duplicate', got ${formatTerm(keys)}. ` +
        `Write Registry.startLink({ keys: 'unique', name: 'MyRegistry' }).`,
    );
  }
  if (typeof name !== 'string' || name === '') {
    throw new ArgumentError(
      `Registry.startLink: expected the name option to be present (a non-empty string), got ${formatTerm(name)}. ` +
        `Write Registry.startLink({ keys: '${keys}', name: 'MyRegistry' }).`,
    );
  }
  metaPairs(opts.meta); // a bad meta fails here, in the caller
  return startServer('startLink', RegistryServer, [name, keys, self(), opts.meta], { name }, true, 'Registry');
}

function metaPairs(meta: RegistryOptions['meta']): Iterable<readonly [unknown, unknown]> {
  if (meta === undefined) return [];
  if (typeof meta === 'object' && meta !== null && Symbol.iterator in meta) return meta as Iterable<readonly [unknown, unknown]>;
  if (typeof meta === 'object' && meta !== null) return Object.entries(meta);
  throw new ArgumentError(`Registry.startLink: meta is a list of [key, value] pairs or an object, got ${formatTerm(meta)}.`);
}

/**
 * The child spec that starts a registry under a supervisor, as Elixir's
 * `{Registry, keys: :unique, name: MyRegistry}` (the registry's id is its name).
 *
 * @example A registry in a supervision tree's children
 * ```ts
 * Registry.childSpec({ keys: 'unique', name: 'Reg' }).id; // 'Reg'
 * ```
 */
function childSpec(opts: RegistryOptions): { id: unknown; start: [typeof Registry, 'startLink', [RegistryOptions]]; type: 'supervisor' } {
  return { id: opts?.name ?? 'Registry', start: [Registry, 'startLink', [opts]], type: 'supervisor' };
}

/**
 * Registers the calling process under `key` with `value`, linking it to the registry so
 * that its entries vanish when it dies. Returns `['ok', registryPid]`; in a unique
 * registry, `['error', ['already_registered', pid]]` when a live process holds the key.
 *
 * @example Unique keys: the second process is refused
 * ```ts
 * await Registry.startLink({ keys: 'unique', name: 'Names' });
 * Registry.register('Names', 'printer', 'ok')[0]; // 'ok'
 * Registry.register('Names', 'printer', 'again'); // ['error', ['already_registered', self()]]
 * ```
 */
function register(reg: RegistryRef, key: unknown, value: unknown): ['ok', Pid] | ['error', ['already_registered', Pid]] {
  const t = tableOf('register', reg);
  const me = self();
  const k = termKey(key);
  if (t.kind === 'unique') {
    const holder = t.byKey.get(k)?.[0];
    if (holder !== undefined && alive(holder)) return ['error', ['already_registered', holder.pid]];
    if (holder !== undefined) t.remove(holder);
  }
  Process.link(t.pid);
  t.add({ pid: me, key: isolate(key), k, value: isolate(value) });
  return ['ok', t.pid];
}

/**
 * Removes every entry of the calling process under `key`; `'ok'` even when there was none.
 * A process left with no entries is unlinked from the registry, as in Elixir.
 *
 * @example Unregister a key
 * ```ts
 * await Registry.startLink({ keys: 'duplicate', name: 'Topics' });
 * Registry.register('Topics', 'news', 1);
 * Registry.unregister('Topics', 'news'); // 'ok'
 * Registry.lookup('Topics', 'news'); // []
 * ```
 */
function unregister(reg: RegistryRef, key: unknown): 'ok' {
  const t = tableOf('unregister', reg);
  const me = self();
  for (const e of t.owned(me, termKey(key))) t.remove(e);
  unlinkIfDone(t, me);
  return 'ok';
}

function unlinkIfDone(t: Table, me: Pid): void {
  if (!t.byPid.has(me.id) && me.id !== t.parent.id) Process.unlink(t.pid);
}

/**
 * Removes the calling process's entries under `key` whose value matches `pattern` (a
 * receive pattern: `_`, `Number`, `['a', _]`, a predicate...).
 *
 * @example Drop only some values
 * ```ts
 * await Registry.startLink({ keys: 'duplicate', name: 'Subs' });
 * Registry.register('Subs', 'k', 1);
 * Registry.register('Subs', 'k', 'x');
 * Registry.unregisterMatch('Subs', 'k', Number); // 'ok'
 * Registry.lookup('Subs', 'k'); // [[self(), 'x']]
 * ```
 */
function unregisterMatch(reg: RegistryRef, key: unknown, pattern: unknown): 'ok' {
  const t = tableOf('unregisterMatch', reg);
  const me = self();
  for (const e of t.owned(me, termKey(key))) if (matches(pattern, e.value)) t.remove(e);
  unlinkIfDone(t, me);
  return 'ok';
}

/**
 * The entries under `key`, as `[[pid, value], ...]` (in a unique registry, at most one).
 * Read without messaging the registry; entries of dead processes are never returned.
 *
 * @example Look up a structured key
 * ```ts
 * await Registry.startLink({ keys: 'unique', name: 'Users' });
 * Registry.register('Users', ['user', 42], { role: 'admin' });
 * Registry.lookup('Users', ['user', 42]); // [[self(), { role: 'admin' }]]
 * Registry.lookup('Users', 'nobody'); // []
 * ```
 */
function lookup<V = unknown>(reg: RegistryRef, key: unknown): RegistryEntry<V>[] {
  return liveEntries(tableOf('lookup', reg), key).map(asEntry) as RegistryEntry<V>[];
}

/**
 * The entries under `key` whose value matches `pattern` (a receive pattern).
 *
 * @example Match values by pattern
 * ```ts
 * await Registry.startLink({ keys: 'duplicate', name: 'Jobs' });
 * Registry.register('Jobs', 'q', ['high', 1]);
 * Registry.register('Jobs', 'q', ['low', 2]);
 * Registry.match('Jobs', 'q', ['high', _]); // [[self(), ['high', 1]]]
 * ```
 */
function match<V = unknown>(reg: RegistryRef, key: unknown, pattern: unknown): RegistryEntry<V>[] {
  return liveEntries(tableOf('match', reg), key)
    .filter((e) => matches(pattern, e.value))
    .map(asEntry) as RegistryEntry<V>[];
}

/**
 * How many entries under `key` have a value matching `pattern`.
 *
 * @example Count matching values
 * ```ts
 * await Registry.startLink({ keys: 'duplicate', name: 'Counted' });
 * Registry.register('Counted', 'k', 1);
 * Registry.register('Counted', 'k', 2);
 * Registry.countMatch('Counted', 'k', (v) => v > 1); // 1
 * ```
 */
function countMatch(reg: RegistryRef, key: unknown, pattern: unknown): number {
  return liveEntries(tableOf('countMatch', reg), key).filter((e) => matches(pattern, e.value)).length;
}

/**
 * The keys `pid` has registered, in registration order (a key twice when registered twice
 * in a duplicate registry); `[]` for a dead process. (Elixir leaves the order open; its
 * unique registries happen to list the newest first.)
 *
 * @example The keys a process holds
 * ```ts
 * await Registry.startLink({ keys: 'unique', name: 'K' });
 * Registry.register('K', 'a', 1);
 * Registry.register('K', 'b', 2);
 * Registry.keys('K', self()); // ['a', 'b']
 * ```
 */
function keys(reg: RegistryRef, pid: Pid): unknown[] {
  const t = tableOf('keys', reg);
  if (!isPid(pid)) throw new ArgumentError(`Registry.keys: expected a pid, got ${formatTerm(pid)}. Write Registry.keys(registry, self()).`);
  if (!Process.isAlive(pid)) return [];
  return (t.byPid.get(pid.id) ?? []).map((e) => isolate(e.key));
}

/**
 * The values `pid` registered under `key` (at most one in a unique registry).
 *
 * @example The values a process registered
 * ```ts
 * await Registry.startLink({ keys: 'duplicate', name: 'V' });
 * Registry.register('V', 'k', 1);
 * Registry.register('V', 'k', 2);
 * Registry.values('V', 'k', self()); // [1, 2]
 * ```
 */
function values<V = unknown>(reg: RegistryRef, key: unknown, pid: Pid): V[] {
  const t = tableOf('values', reg);
  if (!isPid(pid)) throw new ArgumentError(`Registry.values: expected a pid, got ${formatTerm(pid)}. Write Registry.values(registry, key, self()).`);
  if (!Process.isAlive(pid)) return [];
  return t.owned(pid, termKey(key)).map((e) => isolate(e.value)) as V[];
}

/**
 * How many entries the registry holds (of live processes).
 *
 * @example Count the entries
 * ```ts
 * await Registry.startLink({ keys: 'unique', name: 'C' });
 * Registry.register('C', 'a', 1);
 * Registry.count('C'); // 1
 * ```
 */
function count(reg: RegistryRef): number {
  const t = tableOf('count', reg);
  let n = 0;
  for (const list of t.byPid.values()) if (list.length > 0 && alive(list[0])) n += list.length;
  return n;
}

/**
 * Calls `fn` with the entries under `key` (`[[pid, value], ...]`), in the calling process,
 * to act on every registrant at once (pub/sub); `fn` is not called when there are none.
 * Returns `'ok'` (a promise of `'ok'` when `fn` is async).
 *
 * @example Broadcast to every subscriber of a topic
 * ```ts
 * await Registry.startLink({ keys: 'duplicate', name: 'PubSub' });
 * Registry.register('PubSub', 'news', 'me');
 * const notify = (entries) => entries.forEach(([subscriber]) => send(subscriber, ['news', 'hello']));
 * Registry.dispatch('PubSub', 'news', notify); // 'ok'
 * await receive(['news', _]); // ['news', 'hello']
 * ```
 */
function dispatch<V = unknown>(reg: RegistryRef, key: unknown, fn: (entries: RegistryEntry<V>[]) => unknown): 'ok' | Promise<'ok'> {
  if (typeof fn !== 'function') {
    throw new ArgumentError(`Registry.dispatch: expected a function of the entries, got ${formatTerm(fn)}. Write Registry.dispatch(registry, key, (entries) => ...).`);
  }
  const entries = lookup<V>(reg, key);
  if (entries.length === 0) return 'ok';
  const r = fn(entries);
  return r instanceof Promise ? r.then(() => 'ok' as const) : 'ok';
}

/**
 * Updates the value the calling process holds under `key` in a unique registry with
 * `fn(old)`; returns `[newValue, oldValue]`, or `'error'` when the caller does not hold
 * the key.
 *
 * @example Bump a counter held in the registry
 * ```ts
 * await Registry.startLink({ keys: 'unique', name: 'U' });
 * Registry.register('U', 'hits', 1);
 * Registry.updateValue('U', 'hits', (n) => n + 1); // [2, 1]
 * Registry.updateValue('U', 'other', (n) => n + 1); // 'error'
 * ```
 */
function updateValue<V = any>(reg: RegistryRef, key: unknown, fn: (old: V) => V): [V, V] | 'error' {
  const t = tableOf('updateValue', reg);
  if (t.kind !== 'unique') throw new ArgumentError('Registry.updateValue is not supported for duplicate registries (use unregister and register).');
  const e = t.byKey.get(termKey(key))?.[0];
  if (e === undefined || e.pid.id !== self().id || !alive(e)) return 'error';
  const old = isolate(e.value) as V;
  const next = fn(isolate(old));
  e.value = isolate(next);
  return [next, old];
}

/**
 * Registry-wide metadata set with `putMeta` (or the `meta` option): `['ok', value]` or
 * `'error'`.
 *
 * @example Registry-wide settings
 * ```ts
 * await Registry.startLink({ keys: 'unique', name: 'M', meta: [['region', 'eu']] });
 * Registry.meta('M', 'region'); // ['ok', 'eu']
 * Registry.putMeta('M', 'size', 3); // 'ok'
 * Registry.meta('M', 'size'); // ['ok', 3]
 * Registry.meta('M', 'nothing'); // 'error'
 * ```
 */
function meta(reg: RegistryRef, key: unknown): ['ok', unknown] | 'error' {
  const m = tableOf('meta', reg).meta;
  const k = termKey(key);
  return m.has(k) ? ['ok', isolate(m.get(k))] : 'error';
}

/**
 * Sets registry-wide metadata; see `meta`.
 *
 * @example Store a setting
 * ```ts
 * await Registry.startLink({ keys: 'unique', name: 'Settings' });
 * Registry.putMeta('Settings', 'max', 10); // 'ok'
 * Registry.meta('Settings', 'max'); // ['ok', 10]
 * ```
 */
function putMeta(reg: RegistryRef, key: unknown, value: unknown): 'ok' {
  tableOf('putMeta', reg).meta.set(termKey(key), isolate(value));
  return 'ok';
}

/**
 * Removes registry-wide metadata; see `meta`.
 *
 * @example Forget a setting
 * ```ts
 * await Registry.startLink({ keys: 'unique', name: 'Prefs', meta: { theme: 'dark' } });
 * Registry.deleteMeta('Prefs', 'theme'); // 'ok'
 * Registry.meta('Prefs', 'theme'); // 'error'
 * ```
 */
function deleteMeta(reg: RegistryRef, key: unknown): 'ok' {
  tableOf('deleteMeta', reg).meta.delete(termKey(key));
  return 'ok';
}

/**
 * A name for a process held in a unique registry under `key`, usable wherever a server
 * name is (`send`, `GenServer.start`'s `name`, `GenServer.call`), as Elixir's
 * `{:via, Registry, {registry, key}}`. With `value`, registering through it stores `value`.
 *
 * @example Send through a via name
 * ```ts
 * await Registry.startLink({ keys: 'unique', name: 'Rooms' });
 * Registry.register('Rooms', 'lobby', undefined);
 * send(Registry.via('Rooms', 'lobby'), 'hi');
 * await receive(); // 'hi'
 * ```
 */
function via(reg: RegistryRef, key: unknown, ...value: [] | [unknown]): ViaName {
  return ['via', Registry, value.length === 0 ? [reg, key] : [reg, key, value[0]]];
}

function viaParts(fn: string, name: unknown): [RegistryRef, unknown, unknown] {
  if (!Array.isArray(name) || (name.length !== 2 && name.length !== 3)) {
    throw new ArgumentError(`Registry.${fn}: expected [registry, key] or [registry, key, value], got ${formatTerm(name)}. Use Registry.via(registry, key).`);
  }
  return [name[0] as RegistryRef, name[1], name[2]];
}

/**
 * The via-name protocol (`['via', Registry, [registry, key]]`): who holds `key` in a
 * unique registry, if anyone.
 *
 * @example Resolve a via name by hand
 * ```ts
 * await Registry.startLink({ keys: 'unique', name: 'Lookup' });
 * Registry.whereisName(['Lookup', 'k']); // undefined
 * Registry.register('Lookup', 'k', 1);
 * Registry.whereisName(['Lookup', 'k']) === self(); // true
 * ```
 */
function whereisName(name: unknown): Pid | undefined {
  const [reg, key] = viaParts('whereisName', name);
  const t = tableOf('whereisName', reg);
  if (t.kind !== 'unique') throw new ArgumentError(`Registry: via names are not supported for duplicate registries (${formatTerm(t.name)} has duplicate keys).`);
  return liveEntries(t, key)[0]?.pid;
}

/**
 * The via-name protocol: registers `pid`, which must be the calling process (a server
 * registers itself as it starts); `'yes'`, or `'no'` when the key is taken.
 *
 * @example Register through the protocol
 * ```ts
 * await Registry.startLink({ keys: 'unique', name: 'Proto' });
 * Registry.registerName(['Proto', 'me'], self()); // 'yes'
 * Registry.registerName(['Proto', 'me'], self()); // 'no'
 * ```
 */
function registerName(name: unknown, pid: Pid): 'yes' | 'no' {
  const [reg, key, value] = viaParts('registerName', name);
  if (!isPid(pid) || pid.id !== self().id) {
    throw new ArgumentError(`Registry.registerName: a process registers itself only; called by ${self()} for ${formatTerm(pid)}.`);
  }
  const t = tableOf('registerName', reg);
  if (t.kind !== 'unique') throw new ArgumentError(`Registry: via names are not supported for duplicate registries (${formatTerm(t.name)} has duplicate keys).`);
  return register(reg, key, value)[0] === 'ok' ? 'yes' : 'no';
}

/**
 * The via-name protocol: the calling process gives up `key`.
 *
 * @example Give a via name up
 * ```ts
 * await Registry.startLink({ keys: 'unique', name: 'Leave' });
 * Registry.registerName(['Leave', 'k'], self());
 * Registry.unregisterName(['Leave', 'k']);
 * Registry.whereisName(['Leave', 'k']); // undefined
 * ```
 */
function unregisterName(name: unknown): void {
  const [reg, key] = viaParts('unregisterName', name);
  unregister(reg, key);
}

/**
 * Elixir's `Registry`: name processes by any key, find them without messaging, group them
 * under shared keys for pub/sub, and use `Registry.via` as a server name.
 *
 * @example A registry of named workers
 * ```ts
 * await Registry.startLink({ keys: 'unique', name: 'Workers' });
 * const w = spawn(async () => {
 *   Registry.register('Workers', 'w1', 'ready');
 *   await receive();
 * });
 * await Process.sleep(10);
 * Registry.lookup('Workers', 'w1'); // [[w, 'ready']]
 * Process.exit(w, 'kill');
 * Registry.lookup('Workers', 'w1'); // []
 * ```
 */
export const Registry = nameNamespace(
  {
    startLink,
    childSpec,
    register,
    unregister,
    unregisterMatch,
    lookup,
    match,
    countMatch,
    keys,
    values,
    count,
    dispatch,
    updateValue,
    meta,
    putMeta,
    deleteMeta,
    via,
    whereisName,
    registerName,
    unregisterName,
  },
  'Registry',
);
