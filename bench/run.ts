// `npm run bench`: runs every benchmark script in bench/ (each `bench/*.ts` but this one) one
// after another, each in its own process with its own defaults, printing their figures as they
// come, then a summary. Names given as arguments run only those: `npm run bench -- startup job-pickup`.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { basename, join } from 'node:path';

const benchDir = import.meta.dirname;
const wanted = process.argv.slice(2).map((name) => basename(name, '.ts'));
const scripts = readdirSync(benchDir)
  .filter((file) => file.endsWith('.ts') && file !== 'run.ts' && !file.endsWith('.test.ts'))
  .map((file) => basename(file, '.ts'))
  .filter((name) => wanted.length === 0 || wanted.includes(name))
  .sort();
const unknown = wanted.filter((name) => !scripts.includes(name));
if (unknown.length > 0) {
  console.error(`no benchmark named ${unknown.join(', ')} in bench/`);
  process.exit(2);
}

function runScript(name: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(benchDir, `${name}.ts`)], {
      cwd: join(benchDir, '..'),
      stdio: 'inherit',
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', () => resolve(1));
  });
}

const cpu = cpus();
console.log(
  `machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ` +
    `Node ${process.version}, load average ${loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')}`,
);
const results: { name: string; code: number; seconds: number }[] = [];
for (const name of scripts) {
  console.log(`\n== ${name}`);
  const begin = performance.now();
  const code = await runScript(name);
  results.push({ name, code, seconds: (performance.now() - begin) / 1000 });
}
console.log('\n== summary');
for (const { name, code, seconds } of results) {
  console.log(
    `${name.padEnd(20)} ${code === 0 ? 'ok    ' : `FAILED (exit ${code})`} ${seconds.toFixed(0)} s`,
  );
}
if (results.some((result) => result.code !== 0)) process.exitCode = 1;
