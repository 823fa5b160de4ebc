// Prometheus metrics of this process: HTTP, jobs, and Node's defaults.
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route'>;
  jobsCompleted: Counter<'task' | 'outcome'>;
  jobDuration: Histogram<'task'>;
  jobPickupLatency: Histogram<'task'>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'opsdesk_' });
  return {
    registry,
    httpRequests: new Counter({
      name: 'opsdesk_http_requests_total',
      help: 'HTTP requests by method, route pattern and status code.',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'opsdesk_http_request_duration_seconds',
      help: 'HTTP request duration.',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    jobsCompleted: new Counter({
      name: 'opsdesk_jobs_completed_total',
      help: 'Jobs finished by this process, by task and outcome (success, error, failed).',
      labelNames: ['task', 'outcome'],
      registers: [registry],
    }),
    jobDuration: new Histogram({
      name: 'opsdesk_job_duration_seconds',
      help: 'Time a job handler ran.',
      labelNames: ['task'],
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120],
      registers: [registry],
    }),
    jobPickupLatency: new Histogram({
      name: 'opsdesk_job_pickup_latency_seconds',
      help: 'From the time a job was due to the start of its handler.',
      labelNames: ['task'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1, 5],
      registers: [registry],
    }),
  };
}
