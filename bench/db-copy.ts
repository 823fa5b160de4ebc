// Database copy throughput and memory, PostgreSQL → PostgreSQL, on this machine's PostgreSQL 15.
//
// What: generates a 1,000,000-row `events` table (ids, integers, short and long text with NULLs,
// timestamptz, numeric, jsonb of ~150 bytes, text[], boolean, inet, bytea: about 400 bytes a
// row) in a fresh source database, then copies it into a fresh target database three times:
// with `copyTables` (what fulfilment runs: binary COPY here, since every column is built-in),
// then forcing text COPY, then forcing binary COPY, then `copyTables` once more with warm
// caches. Each copy empties the target first and starts after a CHECKPOINT. For reference, on
// this machine `psql -c "COPY … TO STDOUT" | psql -c "COPY … FROM STDIN"` takes 11.5–12.7 s
// for the same million rows: the target's COPY FROM (index, jsonb parsing, WAL) sets the pace.
// How: wall time of each copy → rows per second; this process's CPU time (how much of the
// wall time Node itself spends; the rest is the two PostgreSQL backends); the process's peak
// RSS (getrusage maxrss)
// before and after each copy, against the table's size on disk, to show that the copy streams
// (memory does not grow with the table). The databases are dropped at the end.
// Run: npx tsx bench/db-copy.ts   (ROWS=200000 for a shorter run)
import { copyTables } from '../src/server/providers/dbcopy/index.js';
import { copyPostgres } from '../src/server/providers/dbcopy/postgres.js';
import { createPgDatabase, type PgTestDatabase } from '../src/server/providers/dbcopy/test-databases.js';

const rows = Number(process.env.ROWS ?? 1_000_000);

const schemaSql = `
CREATE TABLE events (
  id bigserial PRIMARY KEY,
  account_id integer NOT NULL,
  kind text NOT NULL,
  occurred_at timestamptz NOT NULL,
  amount numeric(12,2),
  payload jsonb,
  note text,
  tags text[],
  flagged boolean NOT NULL,
  client_ip inet,
  checksum bytea
)`;

const dataSql = `
INSERT INTO events (account_id, kind, occurred_at, amount, payload, note, tags, flagged, client_ip, checksum)
SELECT (i::bigint * 7919) % 50000,
       (ARRAY['page_view', 'checkout', 'login', 'refund', 'search'])[1 + i % 5],
       timestamptz '2023-01-01 00:00:00+00' + i * interval '37 seconds',
       CASE WHEN i % 10 = 0 THEN NULL ELSE round((i % 100000) * 1.37, 2) END,
       jsonb_build_object('session', md5(i::text), 'path', '/shop/items/' || (i % 5000),
                          'agent', 'Mozilla/5.0 (X11; Linux x86_64)', 'items', jsonb_build_array(i % 13, i % 17)),
       CASE WHEN i % 4 = 0 THEN NULL ELSE 'note for event ' || i || ' — customer asked about delivery 📦' END,
       ARRAY['web', 'eu-' || (i % 3)],
       i % 97 = 0,
       ('10.' || (i % 256) || '.' || (i / 256 % 256) || '.' || (i % 251))::inet,
       decode(md5('event' || i), 'hex')
FROM generate_series(1, ${rows}) AS i`;

function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

async function timed(label: string, server: PgTestDatabase, copy: () => Promise<unknown>): Promise<void> {
  // Each copy starts without the previous one's dirty pages still being written out.
  await server.run('CHECKPOINT');
  const peakBefore = peakRssMb();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await copy();
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const rate = Math.round(rows / seconds).toLocaleString('en-US');
  console.log(
    `${label.padEnd(28)} ${seconds.toFixed(1).padStart(6)} s  ${rate.padStart(9)} rows/s  ` +
      `Node CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s  ` +
      `peak RSS ${peakBefore.toFixed(0)} → ${peakRssMb().toFixed(0)} MB`,
  );
}

async function main(): Promise<void> {
  let source: PgTestDatabase | undefined;
  let target: PgTestDatabase | undefined;
  try {
    source = await createPgDatabase('bench_dbcopy_src');
    target = await createPgDatabase('bench_dbcopy_dst');
    await source.run(schemaSql);
    await target.run(schemaSql);
    const generating = performance.now();
    await source.run(dataSql);
    await source.run('VACUUM ANALYZE events');
    const [size] = await source.rows<{ size: string; wal: string }>(
      "SELECT pg_size_pretty(pg_total_relation_size('events')) AS size, current_setting('wal_level') AS wal",
    );
    console.log(
      `events: ${rows.toLocaleString('en-US')} rows, ${size?.size} on disk (generated in ` +
        `${((performance.now() - generating) / 1000).toFixed(1)} s); wal_level=${size?.wal}; ` +
        `peak RSS so far ${peakRssMb().toFixed(0)} MB`,
    );

    const job = {
      source: { url: source.url },
      target: { url: target.url },
      tables: ['events'],
      log: () => {},
      signal: new AbortController().signal,
    };
    await timed('copyTables (auto → binary)', target, () => copyTables({ engine: 'postgres', ...job }));
    await timed('copyPostgres, text', target, () => copyPostgres(job, 'text'));
    await timed('copyPostgres, binary', target, () => copyPostgres(job, 'binary'));
    await timed('copyTables again (warm)', target, () => copyTables({ engine: 'postgres', ...job }));

    const [counted] = await target.rows<{ n: string }>('SELECT count(*) AS n FROM events');
    console.log(`target holds ${Number(counted?.n).toLocaleString('en-US')} rows`);
  } finally {
    await source?.drop();
    await target?.drop();
  }
}

await main();
