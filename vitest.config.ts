import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Every end-to-end test also checks that Discord would have accepted everything the bot sent.
    setupFiles: ['test/helpers/limits.setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The end-to-end suites start a stand-in server and a real discord.js client per file.
    fileParallelism: true,
  },
});
