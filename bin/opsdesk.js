#!/usr/bin/env node
// Entry point of the `opsdesk` command: runs the compiled CLI (built by `npm run build`).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'server', 'cli.js');
if (!existsSync(cli)) {
  console.error('opsdesk is not built yet: run `npm run build` (npm start does it for you).');
  process.exit(1);
}
await import(cli);
