// The AWX executor: launches a job template with the request as extra vars, then follows the job
// to its end, streaming its output to the run. The job id is stored on the run before anything
// else, so a run re-executed after a crash or a transient error follows the same job instead of
// launching a second one.
import { z } from 'zod';
import { playbookVariables } from '../ansible/extra-vars.js';
import { describeRecap, PlaybookOutputReader } from '../ansible/output.js';
import type { ExternalExecutor } from '../executor.js';
import type { ExecutorOutcome } from '../types.js';
import { type AwxClient, type AwxJob, createAwxClient, finishedAwxStatuses } from './client.js';

export const awxExecutorConfigSchema = z.object({
  baseUrl: z.url({ protocol: /^https?$/ }),
  /** An AWX OAuth2 token of a user with the Execute role on the job template. */
  token: z.string().min(1),
  jobTemplateId: z.number().int().positive(),
  inventory: z.number().int().positive().optional(),
  limit: z.string().min(1).optional(),
  pollIntervalSeconds: z.number().int().min(1).max(300).default(5),
  timeoutSeconds: z
    .number()
    .int()
    .min(10)
    .max(24 * 3_600)
    .default(3_600),
  requestTimeoutMs: z.number().int().min(500).max(120_000).default(15_000),
});
export type AwxExecutorConfig = z.infer<typeof awxExecutorConfigSchema>;

const awxStateSchema = z.object({
  awx: z
    .object({ jobId: z.number().int(), launchedAt: z.iso.datetime(), linesSeen: z.number().int().min(0) })
    .optional(),
});
type AwxRunState = NonNullable<z.infer<typeof awxStateSchema>['awx']>;

const maxPollsForOutput = 3;

/** Lines of the output not shown yet; a last line without its newline waits until the job ends. */
function newLines(stdout: string, linesSeen: number, finished: boolean): string[] {
  const lines = stdout.split(/\r?\n/);
  const complete = finished
    ? lines.filter((line, index) => index < lines.length - 1 || line !== '')
    : lines.slice(0, -1);
  return complete.slice(linesSeen);
}

function outcomeOf(job: AwxJob, stdout: string, client: AwxClient): ExecutorOutcome {
  const reader = new PlaybookOutputReader();
  const lines = stdout.split(/\r?\n/);
  for (const line of lines) reader.read(line);
  const { recap, failures } = reader.result();
  if (job.status === 'successful')
    return {
      status: 'succeeded',
      summary: `AWX job ${job.id} finished${recap ? `: ${describeRecap(recap)}` : ''}.`,
      outputs: { awx_job_id: job.id, awx_job_url: client.jobUrl(job.id) },
    };
  const verbs: Partial<Record<AwxJob['status'], string>> = {
    failed: 'failed',
    error: 'could not run',
    canceled: 'was canceled',
  };
  const verb = verbs[job.status] ?? job.status;
  const reasons = [
    job.job_explanation.trim(),
    ...failures.map((failure) => `${failure.host}: ${failure.message}`),
  ]
    .filter(Boolean)
    .join('; ');
  const lastLines = lines
    .filter((line) => line.trim() !== '')
    .slice(-10)
    .join('\n');
  return {
    status: 'failed',
    message: [
      `AWX job ${job.id} ${verb}${reasons ? `: ${reasons}` : ''}. See ${client.jobUrl(job.id)}`,
      lastLines ? `Last output:\n${lastLines}` : '',
    ]
      .filter(Boolean)
      .join('\n'),
  };
}

export const awxExecutor: ExternalExecutor<AwxExecutorConfig> = {
  kind: 'awx',
  title: 'AWX / Ansible Automation Platform job template',
  configSchema: awxExecutorConfigSchema,
  secretFields: ['token'],

  async start(ctx, input, config, state): Promise<ExecutorOutcome> {
    const client = createAwxClient({
      baseUrl: config.baseUrl,
      token: config.token,
      requestTimeoutMs: config.requestTimeoutMs,
      signal: ctx.signal,
      allowPrivateNetworks: ctx.allowPrivateNetworks,
    });
    const saved = await state.get();
    let job: AwxRunState;
    const known = awxStateSchema.parse(saved).awx;
    if (known) {
      job = known;
      ctx.log(`Following AWX job ${job.jobId}, launched earlier for this run: ${client.jobUrl(job.jobId)}`);
    } else {
      const variables = playbookVariables(input, ctx);
      if (variables.notAtTopLevel.length > 0)
        ctx.log(
          `Only under opsdesk.fields / opsdesk.params (Ansible reserves these names): ${variables.notAtTopLevel.join(', ')}`,
        );
      // AWX marks launch-time extra vars unsafe by default (ALLOW_JINJA_IN_EXTRA_VARS = template).
      const launched = await client.launch(config.jobTemplateId, {
        extra_vars: variables.vars,
        ...(config.limit ? { limit: config.limit } : {}),
        ...(config.inventory ? { inventory: config.inventory } : {}),
      });
      job = { jobId: launched.jobId, launchedAt: ctx.now().toISOString(), linesSeen: 0 };
      await state.set({ ...saved, awx: job });
      ctx.log(
        `Launched AWX job ${job.jobId} from job template ${config.jobTemplateId}: ${client.jobUrl(job.jobId)}`,
      );
      if (launched.ignoredFields.length > 0)
        ctx.log(
          `Warning: AWX ignored ${launched.ignoredFields.join(', ')}; turn on "Prompt on launch" for them in the job template.`,
        );
    }

    const deadline = new Date(job.launchedAt).getTime() + config.timeoutSeconds * 1_000;
    let pollsAfterEnd = 0;
    for (;;) {
      const status = await client.job(job.jobId);
      const ended = finishedAwxStatuses.has(status.status);
      if (ended) pollsAfterEnd += 1;
      // A few more polls for the last output events, never more than that.
      const finished =
        ended && (status.event_processing_finished !== false || pollsAfterEnd > maxPollsForOutput);
      const stdout = await client.stdout(job.jobId);
      const fresh = newLines(stdout, job.linesSeen, finished);
      if (fresh.length > 0) {
        for (const line of fresh) ctx.log(line);
        job = { ...job, linesSeen: job.linesSeen + fresh.length };
        await state.set({ ...saved, awx: job });
      }
      if (finished) return outcomeOf(status, stdout, client);
      if (!ended && ctx.now().getTime() >= deadline) {
        const cancelled = await client.cancel(job.jobId).then(
          () => 'Opsdesk asked AWX to cancel it',
          () => 'it may still be running in AWX',
        );
        return {
          status: 'failed',
          message: `AWX job ${job.jobId} did not finish within ${config.timeoutSeconds} seconds; ${cancelled}. See ${client.jobUrl(job.jobId)}`,
        };
      }
      await ctx.sleep(config.pollIntervalSeconds * 1_000);
    }
  },
};
