// Lesson 1: processes are cheap.
import { Process, receive, spawn, type Pid } from 'beamish';

/** Starts `n` processes that each wait for one message, then end; returns their pids. */
export function spawnMany(n: number): Pid[] {
  return Array.from({ length: n }, () => spawn(() => receive()));
}

/** How many of `pids` are alive. */
export function countAlive(pids: Pid[]): number {
  return pids.filter((p) => Process.isAlive(p)).length;
}
