// Lesson 10: Task.
import { Task, type Pid } from 'beamish';

/** fetchOne(url) for every url, in tasks, at most maxConcurrency at a time; results in order. */
export async function fetchAll(urls: string[], fetchOne: (url: string) => Promise<string>, maxConcurrency: number): Promise<string[]> {
  const results = await Task.asyncStream(urls, fetchOne, { maxConcurrency }).toArray();
  return results.map(([, result]) => result as string);
}

/** fn in an unlinked task under `sup`: ['ok', result], ['error', reason] or ['error', 'timeout'] after 5 s. */
export async function safely(sup: Pid, fn: () => unknown): Promise<['ok', unknown] | ['error', unknown]> {
  const task = await Task.Supervisor.asyncNolink(sup, fn);
  const result = await Task.yield(task, 5000);
  if (result === undefined) {
    await Task.shutdown(task);
    return ['error', 'timeout'];
  }
  return result[0] === 'ok' ? ['ok', result[1]] : ['error', result[1]];
}
