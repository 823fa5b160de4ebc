import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes a numbered SQL migration for every schema change.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/server/db/schema.ts',
  out: './src/server/db/migrations',
});
