import { describe, expect, it } from 'vitest';
import { splitScriptArgs, version } from '../../src/repl/cli.js';

describe('beamish run FILE args', () => {
  it('leaves everything after the file to the script, flags included', () => {
    expect(splitScriptArgs(['run', 'x.ts', '--port', '80', '-v'])).toEqual({ own: ['run', 'x.ts'], script: ['--port', '80', '-v'] });
  });

  it('parses beamish flags before the command', () => {
    expect(splitScriptArgs(['--no-color', 'run', 'x.ts', 'a'])).toEqual({ own: ['--no-color', 'run', 'x.ts'], script: ['a'] });
  });

  it('leaves the other command lines whole', () => {
    expect(splitScriptArgs(['-e', 'run', '--typecheck'])).toEqual({ own: ['-e', 'run', '--typecheck'], script: [] });
    expect(splitScriptArgs(['tutorial', '2'])).toEqual({ own: ['tutorial', '2'], script: [] });
  });
});

describe('beamish --version', () => {
  it("is the package's version", () => {
    expect(version()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
