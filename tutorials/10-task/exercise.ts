// Lesson 10: Task.
import { Task, type Pid } from 'beamish';

/** fetchOne(url) for every url, in tasks, at most maxConcurrency at a time; results in order. */
export async function fetchAll(urls: string[], fetchOne: (url: string) => Promise<string>, maxConcurrency: number): Promise<string[]> {
  const results: string[] = [];
  for (const url of urls) results.push(await fetchOne(url));
  return results;
}

/** fn in an unlinked task under `sup`: ['ok', result], ['error', reason] or ['error', 'timeout'] after 5 s. */
export async function safely(sup: Pid, fn: () => unknown): Promise<['ok', unknown] | ['error', unknown]> {
  try {
    return ['ok', await fn()];
  } catch (e) {
    return ['error', e];
  }
}
