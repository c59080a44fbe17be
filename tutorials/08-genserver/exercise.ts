// Lesson 8: GenServer.
import type { From } from 'beamish';

/** The speakers as a GenServer callback module. */
export const GenServerExample = {
  init(team: string[]) {
    return ['ok', []];
  },
  handleCast(msg: [string, string], team: string[]) {
    return ['noreply', team];
  },
  handleCall(request: unknown, from: From, team: string[]) {
    return ['reply', 'ok', team];
  },
};
