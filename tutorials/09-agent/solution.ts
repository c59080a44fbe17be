// Lesson 9: Agent, and a key-value bucket.
import { Agent, type Pid } from 'beamish';

/** A key-value bucket: an Agent holding a Map. */
export const Bucket = {
  startLink() {
    return Agent.startLink(() => new Map<string, unknown>());
  },
  /** The value under `key`, or undefined. */
  get(bucket: Pid, key: string): Promise<unknown> {
    return Agent.get(bucket, (map: Map<string, unknown>) => map.get(key));
  },
  /** Stores `value` under `key`. */
  put(bucket: Pid, key: string, value: unknown): Promise<'ok'> {
    return Agent.update(bucket, (map: Map<string, unknown>) => map.set(key, value));
  },
  /** Removes `key`, answering the value it had. */
  delete(bucket: Pid, key: string): Promise<unknown> {
    return Agent.getAndUpdate(bucket, (map: Map<string, unknown>) => {
      const value = map.get(key);
      map.delete(key);
      return [value, map];
    });
  },
};
