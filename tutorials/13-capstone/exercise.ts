// Lesson 13: capstone. The key-value tree of lesson 12, and a client that must keep answering.
import { Agent, ExitError, DynamicSupervisor, type ChildSpecInput, GenServer, Process, Supervisor, type From, type Pid, type Ref } from 'beamish';

export const Bucket = {
  name: 'KV.Bucket',
  startLink: () => Agent.startLink(() => new Map<string, unknown>()),
  childSpec: (): ChildSpecInput => ({ id: 'KV.Bucket', start: [Bucket, 'startLink', []], restart: 'temporary' }),
  get: (bucket: Pid, key: string) => Agent.get(bucket, (map: Map<string, unknown>) => map.get(key)),
  put: (bucket: Pid, key: string, value: unknown) => Agent.update(bucket, (map: Map<string, unknown>) => map.set(key, value)),
};

interface State {
  buckets: string;
  names: Map<string, Pid>;
  refs: Map<Ref, string>;
}

/** The registry of lesson 11, starting buckets under the DynamicSupervisor named `buckets`. */
export const KVRegistry = {
  name: 'KV.Registry',
  init(buckets: string) {
    return ['ok', { buckets, names: new Map(), refs: new Map() }];
  },
  handleCall([, name]: ['lookup', string], from: From, state: State) {
    return ['reply', state.names.has(name) ? ['ok', state.names.get(name)] : 'error', state];
  },
  async handleCast([, name]: ['create', string], state: State) {
    if (state.names.has(name)) return ['noreply', state];
    const [, bucket] = (await DynamicSupervisor.startChild(state.buckets, Bucket.childSpec())) as ['ok', Pid];
    state.refs.set(Process.monitor(bucket), name);
    state.names.set(name, bucket);
    return ['noreply', state];
  },
  handleInfo(msg: unknown, state: State) {
    if (Array.isArray(msg) && msg[0] === 'DOWN') {
      state.names.delete(state.refs.get(msg[1])!);
      state.refs.delete(msg[1]);
    }
    return ['noreply', state];
  },
};

export const lookup = (registry: string | Pid, name: string) => GenServer.call(registry, ['lookup', name]);
export const create = (registry: string | Pid, name: string) => GenServer.cast(registry, ['create', name]);

export const NAMES = { buckets: 'KV.BucketSupervisor', registry: 'KV.Registry' };

/** Starts the KV tree under `names`; returns the top supervisor's pid. */
export async function startKV(names = NAMES): Promise<Pid> {
  const children: ChildSpecInput[] = [
    { id: 'KV.BucketSupervisor', type: 'supervisor', start: [DynamicSupervisor, 'startLink', [{ strategy: 'one_for_one', name: names.buckets }]] },
    { id: 'KV.Registry', start: [GenServer, 'startLink', [KVRegistry, names.buckets, { name: names.registry }]] },
  ];
  const [, sup] = (await Supervisor.startLink(children, { strategy: 'one_for_all' })) as ['ok', Pid];
  return sup;
}

type Names = typeof NAMES;

/** The bucket called `name`, created if needed. */
async function bucketFor(names: Names, name: string): Promise<Pid> {
  let found = await lookup(names.registry, name);
  if (found === 'error') {
    create(names.registry, name);
    found = await lookup(names.registry, name);
  }
  return found[1];
}

/** Stores `value` under `key` in the bucket called `bucket`; answers 'ok'. */
export async function kvPut(names: Names, bucket: string, key: string, value: unknown): Promise<'ok'> {
  return Bucket.put(await bucketFor(names, bucket), key, value);
}

/** The value under `key` in the bucket called `bucket`, or undefined. */
export async function kvGet(names: Names, bucket: string, key: string): Promise<unknown> {
  const found = await lookup(names.registry, bucket);
  return found === 'error' ? undefined : Bucket.get(found[1], key);
}
