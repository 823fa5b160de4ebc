// A fake AWX controller on loopback for tests: the launch, job, stdout and cancel endpoints of
// /api/v2, with a Bearer token check. Each job follows a script: every read of the job moves it
// one step on (status and output so far); `failOnce` makes one matching request answer 5xx.
import { json, loopbackServer, type ReceivedRequest } from '../testing/loopback.js';

export interface JobStep {
  status: 'pending' | 'waiting' | 'running' | 'successful' | 'failed' | 'error' | 'canceled';
  /** All output up to this step. */
  stdout: string;
  job_explanation?: string;
  event_processing_finished?: boolean;
}

interface FakeJob {
  id: number;
  steps: JobStep[];
  step: number;
  canceled: boolean;
}

export async function fakeAwx(options: { token: string; script: JobStep[]; firstJobId?: number }) {
  const jobs = new Map<number, FakeJob>();
  const launches: Array<{ templateId: number; body: unknown }> = [];
  const cancels: number[] = [];
  const failures: Array<{ path: RegExp; status: number; skip: number }> = [];
  let nextJobId = options.firstJobId ?? 42;

  const addJob = (id: number) => jobs.set(id, { id, steps: options.script, step: -1, canceled: false });

  const server = await loopbackServer((request: ReceivedRequest, response) => {
    if (request.headers.authorization !== `Bearer ${options.token}`)
      return json(response, 401, { detail: 'Authentication credentials were not provided.' });
    const failure = failures.find((entry) => entry.path.test(request.path));
    if (failure && failure.skip-- === 0) {
      failures.splice(failures.indexOf(failure), 1);
      return response.writeHead(failure.status, { 'content-type': 'text/html' }).end('<h1>Server Error</h1>');
    }
    const launch = /^\/api\/v2\/job_templates\/(\d+)\/launch\/$/.exec(request.path);
    if (launch && request.method === 'POST') {
      const templateId = Number(launch[1]);
      if (templateId !== 7) return json(response, 404, { detail: 'Not found.' });
      launches.push({ templateId, body: JSON.parse(request.body) });
      const id = nextJobId++;
      addJob(id);
      return json(response, 201, { job: id, ignored_fields: {}, id, type: 'job' });
    }
    const jobPath = /^\/api\/v2\/jobs\/(\d+)\/(stdout\/\?format=txt|cancel\/)?$/.exec(request.path);
    const job = jobPath ? jobs.get(Number(jobPath[1])) : undefined;
    if (!jobPath || !job) return json(response, 404, { detail: 'Not found.' });
    if (jobPath[2] === 'cancel/') {
      cancels.push(job.id);
      job.canceled = true;
      return response.writeHead(202).end();
    }
    if (jobPath[2]) {
      response
        .writeHead(200, { 'content-type': 'text/plain' })
        .end(job.steps[Math.max(0, job.step)]?.stdout ?? '');
      return;
    }
    job.step = Math.min(job.step + 1, job.steps.length - 1);
    const step = job.steps[job.step] as JobStep;
    json(response, 200, {
      id: job.id,
      type: 'job',
      status: job.canceled ? 'canceled' : step.status,
      failed: step.status === 'failed',
      finished: ['successful', 'failed', 'error', 'canceled'].includes(step.status)
        ? '2026-01-01T00:01:00Z'
        : null,
      job_explanation: step.job_explanation ?? '',
      ...(step.event_processing_finished === undefined
        ? {}
        : { event_processing_finished: step.event_processing_finished }),
    });
  });

  return {
    url: server.url,
    requests: server.requests,
    launches,
    cancels,
    /** The job exists already (launched before a crash). */
    addJob,
    /** The matching request after `skip` successful ones answers `status`. */
    failOnce(path: RegExp, options: { skip?: number; status?: number } = {}) {
      failures.push({ path, status: options.status ?? 500, skip: options.skip ?? 0 });
    },
  };
}
