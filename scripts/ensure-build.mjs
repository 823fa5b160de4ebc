// Runs before `npm start`: builds dist/ when it is missing or older than the sources,
// so that `npm install && npm start` works on a fresh clone without a separate build step.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
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

/**
 * What the last build was built from: the newest source time it saw before it began (written
 * below), so a file saved while a build ran counts as not built. A stamp from a plain
 * `npm run build` holds its finishing time, and its own time is used.
 */
function builtFrom() {
  if (!existsSync(stamp)) return -1;
  const recorded = Number(readFileSync(stamp, 'utf8').trim());
  return Number.isFinite(recorded) && recorded > 0 ? recorded : statSync(stamp).mtimeMs;
}

if (builtFrom() < sourcesChanged) {
  console.log('opsdesk: building (first start, or sources changed) …');
  execSync('npm run build --silent', { cwd: root, stdio: 'inherit' });
  writeFileSync(stamp, String(sourcesChanged));
}
