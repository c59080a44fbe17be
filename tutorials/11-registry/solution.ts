// Lesson 11: a registry of buckets, watching them with monitors.
import { Agent, GenServer, Process, type From, type Pid, type Ref } from 'beamish';

/** The bucket of lesson 9 (started without a link). */
export const Bucket = {
  start: () => Agent.start(() => new Map<string, unknown>()),
  get: (bucket: Pid, key: string) => Agent.get(bucket, (map: Map<string, unknown>) => map.get(key)),
  put: (bucket: Pid, key: string, value: unknown) => Agent.update(bucket, (map: Map<string, unknown>) => map.set(key, value)),
};

interface State {
  names: Map<string, Pid>;
  refs: Map<Ref, string>;
}

/** The registry: ['lookup', name] (call) → ['ok', bucket] | 'error'; ['create', name] (cast). */
export const KVRegistry = {
  init() {
    return ['ok', { names: new Map(), refs: new Map() }];
  },
  handleCall([, name]: ['lookup', string], from: From, state: State) {
    return ['reply', state.names.has(name) ? ['ok', state.names.get(name)] : 'error', state];
  },
  async handleCast([, name]: ['create', string], state: State) {
    if (state.names.has(name)) return ['noreply', state];
    const [, bucket] = await Bucket.start();
    const ref = Process.monitor(bucket as Pid);
    state.names.set(name, bucket as Pid);
    state.refs.set(ref, name);
    return ['noreply', state];
  },
  handleInfo(msg: unknown, state: State) {
    if (Array.isArray(msg) && msg[0] === 'DOWN') {
      const [, ref] = msg as ['DOWN', Ref];
      state.names.delete(state.refs.get(ref)!);
      state.refs.delete(ref);
    }
    return ['noreply', state];
  },
};

/** The client API. */
export const lookup = (server: Pid, name: string) => GenServer.call(server, ['lookup', name]);
export const create = (server: Pid, name: string) => GenServer.cast(server, ['create', name]);
