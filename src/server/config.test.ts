import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, settingsTable } from './config.js';

describe('configuration', () => {
  it('has working defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      publicUrl: 'http://127.0.0.1:8080',
      demo: 'auto',
    });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toBe(join(process.cwd(), 'data'));
  });

  it('stops at a wrong value with a message naming every wrong variable', () => {
    const attempt = () =>
      loadConfig({ OPSDESK_PORT: 'eighty', DATABASE_URL: 'mysql://x', OPSDESK_COOKIE_SECURE: 'maybe' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('OPSDESK_PORT:');
      expect(message).toContain('DATABASE_URL: must be a postgres:// URL');
      expect(message).toContain('OPSDESK_COOKIE_SECURE:');
    }
  });

  it('reads an optional JSON file; the environment wins over it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'opsdesk-config-')), 'opsdesk.json');
    writeFileSync(file, JSON.stringify({ OPSDESK_PORT: 9000, OPSDESK_HOST: '0.0.0.0' }));
    const config = loadConfig({ OPSDESK_CONFIG_FILE: file, OPSDESK_HOST: '127.0.0.2' });
    expect(config.port).toBe(9000);
    expect(config.host).toBe('127.0.0.2');
    writeFileSync(file, JSON.stringify({ OPSDESK_PROT: 9000 }));
    expect(() => loadConfig({ OPSDESK_CONFIG_FILE: file })).toThrow('unknown setting OPSDESK_PROT');
  });

  it('the README lists every setting with its default', () => {
    // Cells compared without padding: the formatter aligns Markdown table columns.
    const normalise = (text: string) => text.replace(/ *\| */g, '|').replace(/\|-+/g, '|-');
    const readme = normalise(readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8'));
    expect(readme).toContain(normalise(settingsTable()));
  });
});
