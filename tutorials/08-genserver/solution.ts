// Lesson 8: GenServer.
import type { From } from 'beamish';

/** The speakers as a GenServer callback module. */
export const GenServerExample = {
  init(team: string[]) {
    return ['ok', team];
  },
  handleCast([op, name]: [string, string], team: string[]) {
    switch (op) {
      case 'add':
        return ['noreply', [...team, name]];
      case 'remove':
        return ['noreply', team.filter((n) => n !== name)];
      default:
        throw new Error(`unknown cast: ${op}`);
    }
  },
  handleCall(request: 'team' | ['has', string], from: From, team: string[]) {
    if (request === 'team') return ['reply', team, team];
    return ['reply', team.includes(request[1]), team];
  },
};
