// The web app's first page for requesters (the catalog, /portal): JavaScript shipped to it
// (target under 250 KB gzipped) and the time to an interactive catalog page on this machine.
//
// How: `opsdesk start` (built dist/, embedded PostgreSQL, demo data) and Debian's Chromium via
// playwright-core. A signed-in requester's cookie is reused; each run is a NEW browser context
// (empty HTTP cache), so every byte is fetched again.
// - JS shipped: the script responses of loading /portal until the catalog is shown, counted as
//   the bytes on the wire (the server sends pre-compressed assets) and, for the target, gzipped.
// - Time to interactive catalog: navigation start → the first request-type link is visible and
//   the main thread has been idle (a requestIdleCallback fired after it), median of
//   BENCH_WEB_RUNS (default 15) runs. Also DOMContentLoaded and the first contentful paint.
// Run: npx tsx bench/web.ts
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { freePort, repoRoot } from '../src/server/testing/fixtures/processes.js';
import { runBenchmark } from './lib/cleanup.js';
import { benchPassword, ensureBuilt, startOpsdesk, tempDataDir } from './lib/opsdesk.js';
import { machineLoad, ms, summarise, verdict } from './lib/stats.js';

const runs = Number(process.env.BENCH_WEB_RUNS ?? 15);
const targetKb = 250;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

await runBenchmark(async () => {
  console.log(`web: ${machineLoad()}`);
  ensureBuilt();
  const started = await startOpsdesk(tempDataDir(), await freePort(), { OPSDESK_COOKIE_SECURE: 'false' });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const login = await browser.newContext({ baseURL: started.url });
    const response = await login.request.post('/api/v1/auth/login', {
      data: { email: 'dev@opsdesk.local', password: benchPassword },
    });
    if (!response.ok()) throw new Error(`login failed: ${response.status()}`);
    const storageState = await login.storageState();
    await login.close();

    const interactive: number[] = [];
    const contentLoaded: number[] = [];
    const firstPaint: number[] = [];
    let scripts: { url: string; wire: number; raw: number; gzip: number }[] = [];
    for (let run = 0; run < runs; run++) {
      const context = await browser.newContext({ baseURL: started.url, storageState });
      const page = await context.newPage();
      const seen: Promise<{ url: string; wire: number; raw: number; gzip: number } | null>[] = [];
      page.on('response', (reply) => {
        if (reply.request().resourceType() !== 'script') return;
        seen.push(
          (async () => {
            const path = new URL(reply.url()).pathname;
            const raw = readFileSync(join(repoRoot, 'dist', 'web', path));
            const sizes = await reply.request().sizes();
            return { url: path, wire: sizes.responseBodySize, raw: raw.length, gzip: gzipSync(raw).length };
          })().catch(() => null),
        );
      });
      await page.goto('/portal', { waitUntil: 'commit' });
      await page.locator('a[href^="/portal/catalog/"]').first().waitFor({ state: 'visible' });
      // In the page (a string: bench/ is type-checked without the DOM library). The first idle
      // moment after the catalog is visible: its handlers respond from there on.
      const timing = (await page.evaluate(`new Promise((resolve) => {
        const navigation = performance.getEntriesByType('navigation')[0];
        const paint = performance.getEntriesByName('first-contentful-paint')[0];
        requestIdleCallback(() => resolve({
          interactive: performance.now(),
          dcl: navigation.domContentLoadedEventEnd,
          fcp: paint ? paint.startTime : Number.NaN,
        }));
      })`)) as { interactive: number; dcl: number; fcp: number };
      interactive.push(timing.interactive);
      contentLoaded.push(timing.dcl);
      firstPaint.push(timing.fcp);
      scripts = (await Promise.all(seen)).filter((item) => item !== null);
      await context.close();
    }

    const wire = scripts.reduce((sum, item) => sum + item.wire, 0);
    const raw = scripts.reduce((sum, item) => sum + item.raw, 0);
    const gzip = scripts.reduce((sum, item) => sum + item.gzip, 0);
    for (const item of scripts) {
      console.log(
        `web: script ${item.url}: ${kb(item.raw)} raw, ${kb(item.gzip)} gzipped, ${kb(item.wire)} on the wire`,
      );
    }
    console.log(
      `web: JavaScript for the catalog page: ${scripts.length} files, ${kb(raw)} raw, ${kb(gzip)} gzipped ` +
        `(target < ${targetKb} KB: ${verdict(gzip / 1024, targetKb)}), ${kb(wire)} on the wire (brotli)`,
    );
    const tti = summarise(interactive);
    console.log(
      `web: time to an interactive catalog page over ${runs} cold-cache loads: median ${ms(tti.p50)}, ` +
        `min ${ms(tti.min)}, max ${ms(tti.max)}; first contentful paint median ${ms(summarise(firstPaint).p50)}, ` +
        `DOMContentLoaded median ${ms(summarise(contentLoaded).p50)}`,
    );
  } finally {
    await browser.close();
  }
});
