// Runs before `npm start`: builds dist/ when it is missing or older than the sources,
// so that `npm install && npm start` works on a fresh clone without a separate build step.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const stamp = join(root, 'dist', '.build-stamp');

function newest(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let latest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules') continue;
    latest = Math.max(latest, newest(join(path, entry)));
  }
  return latest;
}

const inputs = ['src', 'package.json', 'vite.config.ts']
  .map((name) => join(root, name))
  .filter((path) => existsSync(path));
const sourcesChanged = Math.max(...inputs.map(newest));
if (!existsSync(stamp) || statSync(stamp).mtimeMs < sourcesChanged) {
  console.log('opsdesk: building (first start, or sources changed) …');
  execSync('npm run build --silent', { cwd: root, stdio: 'inherit' });
}
