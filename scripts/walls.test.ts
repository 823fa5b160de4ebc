// The module walls hold: no module reads another's tables or imports its inner files, modules
// form no import cycle, and the linter refuses a new breach.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { measureWalls } from './walls.js';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');

describe('module walls', () => {
  const figures = measureWalls();

  it('no module reads another module’s tables', () => {
    expect(figures.foreignTableReaders).toEqual([]);
  });

  it('modules use each other only through their entry files', () => {
    expect(figures.innerImports).toEqual([]);
  });

  it('modules import each other without cycles', () => {
    expect(figures.cycles).toEqual([]);
  });

  it('npm run lint refuses an import of another module’s inner file', () => {
    // The project's own Biome settings, run over a file placed where a module's file would be.
    const dir = mkdtempSync(join(tmpdir(), 'opsdesk-walls-'));
    copyFileSync(join(root, 'biome.json'), join(dir, 'biome.json'));
    mkdirSync(join(dir, 'src/server/modules/approvals'), { recursive: true });
    const lint = (name: string, text: string) => {
      writeFileSync(join(dir, 'src/server/modules/approvals', name), text);
      return spawnSync(
        join(root, 'node_modules/.bin/biome'),
        ['lint', `src/server/modules/approvals/${name}`],
        {
          cwd: dir,
          encoding: 'utf8',
        },
      );
    };
    try {
      const breach = lint(
        'breach.ts',
        "import { lockTicket } from '../tickets/lifecycle.js';\nexport const x = lockTicket;\n",
      );
      expect(breach.status).not.toBe(0);
      expect(breach.stdout + breach.stderr).toContain('through its entry file');
      const fine = lint(
        'fine.ts',
        "import { lockTicket } from '../tickets/index.js';\nexport const x = lockTicket;\n",
      );
      expect(fine.stdout + fine.stderr).not.toContain('through its entry file');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
