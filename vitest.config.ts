import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The end-to-end suites start a stand-in server and a real discord.js client per file.
    fileParallelism: true,
  },
});
