import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Runtime state (process table, names) is per module instance; isolate files from each other.
    isolate: true,
    testTimeout: 20_000,
    // The shell's tests drive the built binary: build dist once first.
    globalSetup: ['test/setup/build.ts'],
  },
});
