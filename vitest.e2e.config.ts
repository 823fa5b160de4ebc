import { defineConfig } from 'vitest/config';

// Browser tests (`npm run test:e2e`, run by .ci/run): Opsdesk as users run it (`npm start`: built
// web app, embedded PostgreSQL, demo data) driven through Debian's Chromium with playwright-core.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    testTimeout: 90_000,
    hookTimeout: 240_000,
    fileParallelism: false,
    pool: 'forks',
    globalSetup: ['e2e/globalSetup.ts'],
  },
});
