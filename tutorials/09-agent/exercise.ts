// Lesson 9: Agent, and a key-value bucket.
import { Agent, type Pid } from 'beamish';

/** A key-value bucket: an Agent holding a Map. */
export const Bucket = {
  startLink() {
    return Agent.startLink(() => new Map<string, unknown>());
  },
  /** The value under `key`, or undefined. */
  async get(bucket: Pid, key: string): Promise<unknown> {
    return undefined;
  },
  /** Stores `value` under `key`. */
  async put(bucket: Pid, key: string, value: unknown): Promise<'ok'> {
    return 'ok';
  },
  /** Removes `key`, answering the value it had. */
  async delete(bucket: Pid, key: string): Promise<unknown> {
    return undefined;
  },
};
