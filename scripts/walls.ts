// Measures how well the module walls hold: files that read another module's tables (through its
// Drizzle table objects or by naming its tables in SQL), import cycles between modules, imports
// of another module's inner files, and the largest source files. `npx tsx scripts/walls.ts`
// prints the figures; `scripts/walls.test.ts` keeps them at zero.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const modulesDir = join(root, 'src/server/modules');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : walk(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

const isTest = (file: string) => /\.test\.tsx?$|[/\\]testing[/\\]|[/\\]fixtures[/\\]/.test(file);
const moduleOf = (file: string): string | null => {
  const parts = relative(modulesDir, file).split(/[/\\]/);
  // Files directly in modules/ (index.ts, module.ts) are the composition, not a module.
  return parts[0] === '..' || parts.length < 2 ? null : (parts[0] ?? null);
};

/** SQL table names each module owns, read from its `pgTable('name', …)` declarations. */
function tablesByModule(files: string[]): Map<string, string> {
  const owner = new Map<string, string>();
  for (const file of files) {
    const module = moduleOf(file);
    if (!module || !file.endsWith('.schema.ts')) continue;
    for (const match of readFileSync(file, 'utf8').matchAll(/pgTable\(\s*'([a-z_]+)'/g))
      owner.set(match[1]!, module);
  }
  return owner;
}

const importPattern = /(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?'(\.[^']+)'/g;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(importPattern)].map((match) =>
    resolve(dirname(file), match[1]!.replace(/\.js$/, '.ts')),
  );
}

export interface WallFigures {
  foreignTableReaders: { file: string; tables: string[] }[];
  innerImports: { file: string; target: string }[];
  cycles: string[][];
  largestFiles: { file: string; lines: number }[];
}

export function measureWalls(): WallFigures {
  const serverFiles = walk(join(root, 'src/server'));
  const owners = tablesByModule(serverFiles);
  const foreignTableReaders: WallFigures['foreignTableReaders'] = [];
  const innerImports: WallFigures['innerImports'] = [];
  const graph = new Map<string, Set<string>>();
  for (const file of serverFiles) {
    const module = moduleOf(file);
    if (!module || isTest(file)) continue;
    const text = readFileSync(file, 'utf8');
    const foreign = new Set<string>();
    // Table names in SQL: `from x`, `join x`, `update x`, `into x`, `exists (select 1 from x`.
    for (const match of text.matchAll(/\b(?:from|join|update|into)\s+"?([a-z_]+)"?\b/gi)) {
      const table = match[1]!.toLowerCase();
      const owner = owners.get(table);
      if (owner && owner !== module && !file.endsWith('.schema.ts')) foreign.add(table);
    }
    for (const target of importsOf(file)) {
      const targetModule = moduleOf(target);
      if (!targetModule || targetModule === module) continue;
      if (!graph.has(module)) graph.set(module, new Set());
      graph.get(module)!.add(targetModule);
      const entry = basename(target) === 'index.ts' && dirname(target) === join(modulesDir, targetModule);
      const schemaToSchema = file.endsWith('.schema.ts') && target.endsWith('.schema.ts');
      if (!entry && !schemaToSchema)
        innerImports.push({ file: relative(root, file), target: relative(root, target) });
      if (target.endsWith('.schema.ts') && !file.endsWith('.schema.ts')) foreign.add(`(${basename(target)})`);
    }
    if (foreign.size > 0)
      foreignTableReaders.push({ file: relative(root, file), tables: [...foreign].sort() });
  }
  const largestFiles = walk(join(root, 'src'))
    .filter((file) => !isTest(file))
    .map((file) => ({ file: relative(root, file), lines: readFileSync(file, 'utf8').split('\n').length }))
    .sort((a, b) => b.lines - a.lines)
    .slice(0, 5);
  return { foreignTableReaders, innerImports, cycles: stronglyConnected(graph), largestFiles };
}

/** Tarjan's algorithm: every group of modules that import each other (directly or round about). */
function stronglyConnected(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const nodes = new Set([...graph.keys(), ...[...graph.values()].flatMap((targets) => [...targets])]);
  const visit = (node: string) => {
    indices.set(node, index);
    low.set(node, index);
    index++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indices.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, indices.get(next)!));
    }
    if (low.get(node) === indices.get(node)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== node);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const node of nodes) if (!indices.has(node)) visit(node);
  return groups;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const figures = measureWalls();
  console.log(`files reading another module's tables: ${figures.foreignTableReaders.length}`);
  for (const reader of figures.foreignTableReaders)
    console.log(`  ${reader.file}: ${reader.tables.join(', ')}`);
  console.log(`imports of another module's inner files: ${figures.innerImports.length}`);
  if (process.argv.includes('--verbose'))
    for (const item of figures.innerImports) console.log(`  ${item.file} → ${item.target}`);
  console.log(`module import cycles: ${figures.cycles.length}`);
  for (const cycle of figures.cycles) console.log(`  ${cycle.join(' ↔ ')}`);
  console.log('largest files:');
  for (const file of figures.largestFiles) console.log(`  ${file.lines} ${file.file}`);
}
