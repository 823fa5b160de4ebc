// Writes the settings table into the README between its markers (config.test.ts checks it is current).
import { readFileSync, writeFileSync } from 'node:fs';
import { settingsTable } from '../src/server/config.js';

const readme = new URL('../README.md', import.meta.url);
const text = readFileSync(readme, 'utf8');
const updated = text.replace(
  /<!-- settings:start -->[\s\S]*<!-- settings:end -->/,
  `<!-- settings:start -->\n${settingsTable()}\n<!-- settings:end -->`,
);
writeFileSync(readme, updated);
console.log('README settings table updated');
