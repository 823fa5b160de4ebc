import { defineConfig } from 'vitest/config';

// `npm test`: unit tests and integration tests against a real PostgreSQL (embedded, or
// TEST_DATABASE_URL). Suites that need this machine's extra servers (`*.ext.test.ts`) and the
// browser tests (`e2e/`) have their own configs, run by `.ci/run`.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'bench/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/*.ext.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['src/server/testing/globalSetup.ts'],
  },
});
