// Transpiles the server (src/server, src/shared) to dist/ with esbuild, file by file, keeping the
// layout. Type checking is `npm run typecheck`; the build only has to be fast (first `npm start`).
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;

function sources(dir) {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return entry === 'testing' ? [] : sources(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

const entryPoints = ['src/server', 'src/shared'].flatMap((dir) => sources(join(root, dir)));
await build({
  entryPoints,
  outdir: join(root, 'dist'),
  outbase: join(root, 'src'),
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
});
writeFileSync(join(root, 'dist', '.build-stamp'), new Date().toISOString());
console.log(
  `built ${entryPoints.length} server files into ${relative(process.cwd(), join(root, 'dist')) || 'dist'}`,
);
