import { defineConfig } from 'vitest/config';

// The runtime's own tests run twice on Node 20 and 22: with the native module that carries
// self() (the default once `npm install` built it) and with the promise hooks it falls back to.
const runtimeTests = ['test/runtime/**/*.test.ts', 'test/otp/gen_server*.test.ts'];

export default defineConfig({
  test: {
    // Runtime state (process table, names) is per module instance; isolate files from each other.
    isolate: true,
    testTimeout: 20_000,
    // The shell's tests drive the built binary: build dist once first.
    globalSetup: ['test/setup/build.ts'],
    projects: [
      { extends: true, test: { name: 'default', include: ['test/**/*.test.ts'] } },
      {
        extends: true,
        test: { name: 'promise-hooks', include: runtimeTests, env: { BEAMISH_CONTEXT: 'promise-hooks' } },
      },
    ],
  },
});
