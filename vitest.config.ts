import { defineConfig } from 'vitest/config';

// The runtime's own tests run twice: with the mechanism that carries self() by default, and
// with the one it falls back to. On Node 20 and 22 those are the native module (once
// `npm install` built it) and promise hooks; on Node 24, processes as their own
// AsyncLocalStorage frames and Node's Map frames (src/runtime/context.ts).
const runtimeTests = ['test/runtime/**/*.test.ts', 'test/otp/gen_server*.test.ts'];
const fallback = Number(process.versions.node.split('.')[0]) >= 24 ? 'map-frames' : 'promise-hooks';

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
        test: { name: fallback, include: runtimeTests, env: { BEAMISH_CONTEXT: fallback } },
      },
    ],
  },
});
