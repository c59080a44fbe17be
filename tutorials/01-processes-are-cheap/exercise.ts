// Lesson 1: processes are cheap.
import { Process, receive, spawn, type Pid } from 'beamish';

/** Starts `n` processes that each wait for one message, then end; returns their pids. */
export function spawnMany(n: number): Pid[] {
  // Start n processes here (spawn and receive are imported above).
  return [];
}

/** How many of `pids` are alive. */
export function countAlive(pids: Pid[]): number {
  return 0;
}
