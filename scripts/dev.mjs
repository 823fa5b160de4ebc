// `npm run dev`: the API (tsx watch, restarts on change) and Vite's dev server (hot reload) side by
// side. Open http://127.0.0.1:5173; Vite forwards /api to the API on OPSDESK_PORT (8080).
// The two are started directly (not through npx), so a signal to this process reaches them and the
// API stops its embedded PostgreSQL.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const bin = (name) => join(import.meta.dirname, '..', 'node_modules', '.bin', name);
const children = [
  spawn(bin('tsx'), ['watch', 'src/server/cli.ts', 'start'], { stdio: 'inherit' }),
  spawn(bin('vite'), ['--host', '127.0.0.1'], { stdio: 'inherit' }),
];
let stopping = false;
const stop = (signal) => {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill(signal);
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(signal));
for (const child of children) {
  child.on('exit', (code) => {
    stop('SIGTERM');
    if (children.every((each) => each.exitCode !== null || each.signalCode !== null)) process.exit(code ?? 0);
  });
}
