// Event intake and alert storms (issue 13).
//
// What: a CMDB of STORM_ROUTERS + 20 routers with 49 servers behind each (depends_on), three
// declared maintenance windows over other routers (with their dependents, so intake checks every
// alert against them) and the real Opsdesk HTTP app listening on a port in this process, with the
// job worker running (as `opsdesk start` does).
// 1. Storm → incident: BENCH_STORMS (default 20) storms, one at a time, each 50 critical alerts
//    (49 servers, then their router) in 5 Alertmanager messages of 10 posted back to back; the
//    time from the first POST to the moment the storm's one incident exists with the router as its
//    probable root cause (polled every 5 ms). Target: p99 < 1 s. Every storm is checked to have
//    made exactly one incident.
// 2. Intake rate: BENCH_MESSAGES (default 2,000) Alertmanager v4 webhook messages of 10 alerts
//    each, over BENCH_CONNECTIONS (default 4) keep-alive connections, closed loop: a first pass
//    of new alerts, a second pass repeating every message (Alertmanager's retries/re-sends, all
//    duplicates), a third resolving them. Per pass: answered alerts per second (every message
//    committed to the intake journal before its 200) with p50/p99 of the answer, then the drain's
//    catch-up (from the last answer until the journal has no pending message: every alert stored
//    or recognised as a duplicate) and the processed rate (alerts / (answering + catch-up)); and
//    how many messages one journal commit carried. Then the same stream, as the alerts
//    Alertmanager itself accepts, posted to Debian's prometheus-alertmanager `/api/v2/alerts`
//    (10 per POST, same connections) in the same run: its rate, p99 and both ratios.
//    Alertmanager keeps alerts in memory (snapshots to disk every 15 min); Opsdesk commits each
//    message to PostgreSQL (the journal, group-committed) before answering.
// Where: bench/lib/scratch.ts (BENCH_DATABASE_URL, or an embedded PostgreSQL in a temp dir).
// Run: npx tsx bench/events.ts
import { createHash } from 'node:crypto';
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import pino from 'pino';
import { systemActor } from '../src/server/db/client.js';
import { buildApp } from '../src/server/http/app.js';
import { startWorker } from '../src/server/jobs/worker.js';
import { createIntegration } from '../src/server/modules/events/integrations.service.js';
import { authenticator, findUserByEmail } from '../src/server/modules/identity/index.js';
import { jobHandlers, jobRegistry, routeModules } from '../src/server/modules/index.js';
import { alertmanagerMissing, startAlertmanager } from '../src/server/testing/fixtures/alertmanager.js';
import { onCleanup, runBenchmark } from './lib/cleanup.js';
import { scratchDatabase } from './lib/scratch.js';
import { machineLoad, ms, summarise, verdict } from './lib/stats.js';

const storms = Number(process.env.BENCH_STORMS ?? 20);
const messages = Number(process.env.BENCH_MESSAGES ?? 2_000);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 4);
const perMessage = 10;
const routers = storms + 20;
const serversPerRouter = 49;

interface Alert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
}

function alert(labels: Record<string, string>, status: 'firing' | 'resolved', startsAt: string): Alert {
  return {
    status,
    labels,
    annotations: { summary: `${labels.alertname} on ${labels.instance}` },
    startsAt,
    endsAt: status === 'resolved' ? new Date(Date.now() - 1000).toISOString() : '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus:9090/graph',
    fingerprint: createHash('sha256').update(JSON.stringify(labels)).digest('hex').slice(0, 16),
  };
}

const webhook = (alerts: Alert[]) =>
  JSON.stringify({
    version: '4',
    groupKey: `{}:{alertname="${alerts[0]?.labels.alertname}"}`,
    truncatedAlerts: 0,
    status: alerts.some((entry) => entry.status === 'firing') ? 'firing' : 'resolved',
    receiver: 'opsdesk',
    groupLabels: { alertname: alerts[0]?.labels.alertname },
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager:9093',
    alerts,
  });

function post(agent: Agent, url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        agent,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Posts every body, in order, over `connections` keep-alive connections (closed loop). */
async function drive(url: string, bodies: string[]) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const begin = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const sent = performance.now();
        const status = await post(agent, url, body).catch(() => 0);
        latencies.push(performance.now() - sent);
        if (status !== 200) errors++;
      }
    }),
  );
  const elapsed = performance.now() - begin;
  agent.destroy();
  return { elapsed, latencies, errors };
}

await runBenchmark(async () => {
  console.log(`events: ${machineLoad()}`);
  const scratch = await scratchDatabase('events');
  onCleanup(() => scratch.close());
  const { context } = scratch;
  const raw = new pg.Client({ connectionString: scratch.url });
  raw.on('error', () => undefined);
  await raw.connect();
  onCleanup(() => raw.end());
  await raw.query(`
    insert into cis (class_key, name) select 'network_device', 'rtr-' || r from generate_series(0, ${routers - 1}) r;
    insert into cis (class_key, name)
      select 'server', 'srv-' || r || '-' || s from generate_series(0, ${routers - 1}) r, generate_series(1, ${serversPerRouter}) s;
    insert into ci_relations (source_id, type, target_id, created_by)
      select v.id, 'depends_on', n.id, 'bench' from cis v
        join cis n on n.class_key = 'network_device' and n.name = 'rtr-' || split_part(v.name, '-', 2)
       where v.class_key = 'server' and v.name like 'srv-%';
    insert into maintenance_windows (name, ci_ids, include_dependents, starts_at, ends_at, created_by)
      select 'Bench window ' || n, array[(select id from cis where name = 'rtr-' || (${routers} - 1 - n))],
             true, now() - interval '1 hour', now() + interval '1 day', 'bench'
        from generate_series(0, 2) n;
    analyze;`);
  const admin = (await findUserByEmail(context.db, 'admin@opsdesk.local'))!;
  const integration = await createIntegration(context, systemActor('bench'), admin.id, {
    kind: 'alertmanager',
    name: 'Bench Alertmanager',
  });
  const app = await buildApp(context, routeModules, { authenticate: authenticator(context), logger: false });
  onCleanup(() => app.close());
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  const intakeUrl = `http://127.0.0.1:${port}/api/v1/intake/${integration.integration.id}?key=${integration.key}`;
  const worker = await startWorker({
    database: context.database,
    registry: jobRegistry,
    handlers: jobHandlers(context),
    concurrency: 4,
    logger: pino({ level: 'silent' }),
  });
  onCleanup(() => worker.stop());

  // 1. Storms.
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  onCleanup(() => agent.destroy());
  const times: number[] = [];
  for (let r = 0; r < storms; r++) {
    const startsAt = new Date().toISOString();
    const stormAlerts = [
      ...Array.from({ length: serversPerRouter }, (_, s) =>
        alert(
          { alertname: 'NodeUnreachable', instance: `srv-${r}-${s + 1}:9100`, severity: 'critical' },
          'firing',
          startsAt,
        ),
      ),
      alert({ alertname: 'InterfaceDown', instance: `rtr-${r}`, severity: 'critical' }, 'firing', startsAt),
    ];
    const [router] = (await raw.query<{ id: string }>(`select id from cis where name = $1`, [`rtr-${r}`]))
      .rows;
    const begin = performance.now();
    for (let m = 0; m < stormAlerts.length; m += perMessage) {
      const status = await post(agent, intakeUrl, webhook(stormAlerts.slice(m, m + perMessage)));
      if (status !== 200) throw new Error(`intake answered ${status}`);
    }
    for (;;) {
      const { rows } = await raw.query<{ root: string | null }>(
        `select ei.root_ci_id as root from alerts a join event_incidents ei on ei.ticket_id = a.incident_id
          where a.fingerprint = $1 and a.integration_id = $2`,
        [stormAlerts.at(-1)!.fingerprint, integration.integration.id],
      );
      if (rows[0]?.root === router!.id) break;
      if (performance.now() - begin > 120_000) {
        const state = await raw.query(
          `select status, ci_id, incident_id, (select count(*) from graphile_worker.jobs)::int as jobs from alerts where integration_id = $1 limit 3`,
          [integration.integration.id],
        );
        throw new Error(`storm ${r}: no incident naming rtr-${r} in 120 s: ${JSON.stringify(state.rows)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    times.push(performance.now() - begin);
    // Let the storm's remaining correlations finish before checking it made one incident.
    for (;;) {
      const { rows } = await raw.query<{ linked: number; incidents: number }>(
        `select count(a.incident_id)::int as linked, count(distinct a.incident_id)::int as incidents
           from alerts a where a.labels->>'instance' like $1 or a.labels->>'instance' = $2`,
        [`srv-${r}-%`, `rtr-${r}`],
      );
      if (rows[0]!.linked === stormAlerts.length) {
        if (rows[0]!.incidents !== 1) throw new Error(`storm ${r} made ${rows[0]!.incidents} incidents`);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  const storm = summarise(times);
  console.log(
    `storm → incident with root cause (${storms} storms of 50 alerts): p50 ${ms(storm.p50)}, p90 ${ms(storm.p90)}, ` +
      `p99 ${ms(storm.p99)}, max ${ms(storm.max)} — target p99 < 1 s: ${verdict(storm.p99, 1000)}; one incident per storm`,
  );

  // 2. Intake rate: the same stream to Opsdesk and to Alertmanager.
  const firing: Alert[][] = [];
  const startsAt = new Date().toISOString();
  for (let m = 0; m < messages / 2; m++) {
    firing.push(
      Array.from({ length: perMessage }, (_, i) => {
        const n = m * perMessage + i;
        const router = storms + (n % 20);
        return alert(
          {
            alertname: `HighLoad${n % 50}`,
            instance: `srv-${router}-${(Math.floor(n / 20) % serversPerRouter) + 1}:9100`,
            severity: 'warning',
            shard: String(Math.floor(n / (20 * serversPerRouter))),
          },
          'firing',
          startsAt,
        );
      }),
    );
  }
  const passes = [
    { name: 'new', groups: firing.slice(0, Math.ceil(messages / 3)) },
    { name: 'repeated (duplicates)', groups: firing.slice(0, Math.ceil(messages / 3)) },
    {
      name: 'resolved',
      groups: firing
        .slice(0, messages - 2 * Math.ceil(messages / 3))
        .map((group) =>
          group.map((entry) => ({ ...entry, status: 'resolved' as const, endsAt: new Date().toISOString() })),
        ),
    },
  ];
  const before = await raw.query<{ alerts: number; occurrences: number }>(
    'select (select count(*) from alerts)::int as alerts, (select count(*) from alert_occurrences)::int as occurrences',
  );
  const all: number[] = [];
  let totalAlerts = 0;
  let totalMs = 0;
  let totalProcessedMs = 0;
  const journalBefore = await raw.query<{ last: number }>(
    'select coalesce(max(id), 0)::int as last from event_journal',
  );
  /** Waits until the drain has processed every journalled message; the time it took. */
  const catchUp = async () => {
    const begin = performance.now();
    for (;;) {
      const { rows } = await raw.query<{ pending: boolean }>(
        'select exists (select 1 from event_journal where processed_at is null) as pending',
      );
      if (!rows[0]!.pending) return performance.now() - begin;
      if (performance.now() - begin > 300_000) throw new Error('the journal did not drain in 300 s');
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  };
  for (const pass of passes) {
    const result = await drive(intakeUrl, pass.groups.map(webhook));
    if (result.errors > 0) throw new Error(`${result.errors} intake errors`);
    const drained = await catchUp();
    const count = pass.groups.length * perMessage;
    const s = summarise(result.latencies);
    all.push(...result.latencies);
    totalAlerts += count;
    totalMs += result.elapsed;
    totalProcessedMs += result.elapsed + drained;
    console.log(
      `Opsdesk intake, ${pass.name}: ${count} alerts in ${pass.groups.length} messages, ` +
        `answered ${((count * 1000) / result.elapsed).toFixed(0)} alerts/s, answer p50 ${ms(s.p50)}, p99 ${ms(s.p99)}; ` +
        `drain caught up ${ms(drained)} after the last answer: processed ${((count * 1000) / (result.elapsed + drained)).toFixed(0)} alerts/s`,
    );
  }
  const commits = await raw.query<{ messages: number; commits: number; drains: number }>(
    `select count(*)::int as messages, count(distinct received_at)::int as commits,
            count(distinct processed_at)::int as drains from event_journal where id > $1`,
    [journalBefore.rows[0]!.last],
  );
  const after = await raw.query<{ alerts: number; occurrences: number }>(
    'select (select count(*) from alerts)::int as alerts, (select count(*) from alert_occurrences)::int as occurrences',
  );
  const opsdeskRate = (totalAlerts * 1000) / totalMs;
  const processedRate = (totalAlerts * 1000) / totalProcessedMs;
  const o = summarise(all);
  const { messages: journalled, commits: journalCommits, drains } = commits.rows[0]!;
  console.log(
    `Opsdesk intake overall: answered ${opsdeskRate.toFixed(0)} alerts/s over ${connections} connections, p99 ${ms(o.p99)}; ` +
      `processed ${processedRate.toFixed(0)} alerts/s (answering + drain catch-up); ` +
      `${journalled} messages in ${journalCommits} journal commits (${(journalled / Math.max(1, journalCommits)).toFixed(1)} per commit), ` +
      `processed by ${drains} drain transactions (${(journalled / Math.max(1, drains)).toFixed(1)} per drain); ` +
      `stored ${after.rows[0]!.alerts - before.rows[0]!.alerts} alerts and ` +
      `${after.rows[0]!.occurrences - before.rows[0]!.occurrences} occurrences (duplicates add none)`,
  );

  const missing = alertmanagerMissing();
  if (missing) {
    console.log(`Alertmanager side by side: skipped, ${missing}`);
    return;
  }
  const am = await startAlertmanager();
  onCleanup(() => am.stop());
  const amAll: number[] = [];
  let amMs = 0;
  for (const pass of passes) {
    const bodies = pass.groups.map((group) =>
      JSON.stringify(
        group.map((entry) => ({
          labels: entry.labels,
          annotations: entry.annotations,
          startsAt: entry.startsAt,
          ...(entry.status === 'resolved' ? { endsAt: entry.endsAt } : {}),
          generatorURL: entry.generatorURL,
        })),
      ),
    );
    const result = await drive(`${am.url}/api/v2/alerts`, bodies);
    if (result.errors > 0) throw new Error(`${result.errors} Alertmanager errors`);
    amAll.push(...result.latencies);
    amMs += result.elapsed;
  }
  const amRate = (totalAlerts * 1000) / amMs;
  const a = summarise(amAll);
  console.log(
    `Alertmanager ${'/api/v2/alerts'}: ${amRate.toFixed(0)} alerts/s, p99 ${ms(a.p99)}; ` +
      `Opsdesk / Alertmanager = ${(opsdeskRate / amRate).toFixed(2)} answered (goal ≥ 1: ${opsdeskRate >= amRate ? 'met' : 'NOT met'}), ` +
      `${(processedRate / amRate).toFixed(2)} processed`,
  );
});
