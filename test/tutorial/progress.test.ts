/** Where progress is kept: the XDG base directory spec's state folder. */
import { homedir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultStateDir } from '../../src/repl/tutorial/progress.js';

describe('defaultStateDir', () => {
  it('is $XDG_STATE_HOME/beamish when the variable is set', () => {
    expect(defaultStateDir({ XDG_STATE_HOME: '/var/state' })).toBe('/var/state/beamish');
  });

  it('is ~/.local/state/beamish otherwise', () => {
    expect(defaultStateDir({})).toBe(path.join(homedir(), '.local', 'state', 'beamish'));
  });

  it('ignores a relative $XDG_STATE_HOME, as the spec says', () => {
    expect(defaultStateDir({ XDG_STATE_HOME: 'state' })).toBe(path.join(homedir(), '.local', 'state', 'beamish'));
  });
});
