// The Ansible executor: a playbook on the Opsdesk worker's machine, run with the request's fields
// and mapped parameters as extra vars. Exit status 0 is success; anything else fails the run with
// the playbook's own failure messages and last lines.
import { basename, isAbsolute } from 'node:path';
import { z } from 'zod';
import { TransientProviderError } from '../../types.js';
import type { ExternalExecutor } from '../executor.js';
import type { ExecutorOutcome } from '../types.js';
import { playbookVariables } from './extra-vars.js';
import { describeRecap } from './output.js';
import { type PlaybookResult, runPlaybook } from './playbook.js';

export const ansibleExecutorConfigSchema = z.object({
  playbook: z
    .string()
    .min(1)
    .refine(isAbsolute, 'the playbook must be given as an absolute path')
    .refine((path) => /\.ya?ml$/.test(path), 'the playbook must be a .yml or .yaml file'),
  /** An inventory file or a comma-separated host list. */
  inventory: z.string().min(1).default('localhost,'),
  connection: z.enum(['local', 'ssh']).default('local'),
  timeoutSeconds: z
    .number()
    .int()
    .min(1)
    .max(24 * 3_600)
    .default(1_800),
});
export type AnsibleExecutorConfig = z.infer<typeof ansibleExecutorConfigSchema>;

const outputValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);
const outputsSchema = z.record(z.string(), outputValue);

const exitMeanings: Record<number, string> = {
  1: 'ansible reported an error',
  2: 'a task failed',
  3: 'a host could not be reached',
  4: 'the playbook could not be parsed',
  5: 'the options were invalid',
  250: 'ansible crashed',
};

export function describeFailure(playbook: string, result: PlaybookResult, timeoutSeconds: number): string {
  const name = basename(playbook);
  if (result.ended === 'timeout')
    return `The playbook ${name} did not finish within ${timeoutSeconds} seconds and was stopped.`;
  const meaning = exitMeanings[result.exitCode ?? -1] ?? 'it ended unexpectedly';
  const reasons = result.failures.map((failure) => `${failure.host}: ${failure.message}`).join('; ');
  const lastLines = result.lastLines.slice(-10).join('\n');
  return [
    `The playbook ${name} failed (exit code ${result.exitCode}: ${meaning})${reasons ? `: ${reasons}` : ''}.`,
    lastLines ? `Last output:\n${lastLines}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

function parseOutputs(text: string | undefined): Record<string, z.infer<typeof outputValue>> {
  if (text === undefined) return {};
  try {
    const parsed = outputsSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

export function createAnsibleExecutor(
  options: { ansiblePlaybookPath?: string } = {},
): ExternalExecutor<AnsibleExecutorConfig> {
  return {
    kind: 'ansible',
    title: 'Ansible playbook run on the Opsdesk worker',
    configSchema: ansibleExecutorConfigSchema,
    secretFields: [],

    async start(ctx, input, config): Promise<ExecutorOutcome> {
      const variables = playbookVariables(input, ctx);
      if (variables.notAtTopLevel.length > 0)
        ctx.log(
          `Only under opsdesk.fields / opsdesk.params (Ansible reserves these names): ${variables.notAtTopLevel.join(', ')}`,
        );
      const result = await runPlaybook({
        playbook: config.playbook,
        inventory: config.inventory,
        connection: config.connection,
        extraVars: variables.vars,
        timeoutMs: config.timeoutSeconds * 1_000,
        log: ctx.log,
        signal: ctx.signal,
        ...(options.ansiblePlaybookPath ? { ansiblePlaybookPath: options.ansiblePlaybookPath } : {}),
      });
      if (result.ended === 'aborted')
        throw new TransientProviderError(
          `the playbook ${basename(config.playbook)} was stopped: the worker is shutting down`,
        );
      if (!result.ok)
        return { status: 'failed', message: describeFailure(config.playbook, result, config.timeoutSeconds) };
      const recap = result.recap ? `: ${describeRecap(result.recap)}` : '';
      return {
        status: 'succeeded',
        summary: `The playbook ${basename(config.playbook)} finished${recap}.`,
        outputs: parseOutputs(result.outputsFile),
      };
    },
  };
}

export const ansibleExecutor = createAnsibleExecutor();
