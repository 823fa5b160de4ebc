import { defineConfig } from 'vitest/config';

// Suites that need this machine's own database servers (PostgreSQL 15 on 127.0.0.1:5432,
// MariaDB on 127.0.0.1:3306): run by `.ci/run` with `npm run test:external`.
export default defineConfig({
  test: {
    include: ['src/**/*.ext.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    globalSetup: ['src/server/testing/globalSetup.ts'],
  },
});
