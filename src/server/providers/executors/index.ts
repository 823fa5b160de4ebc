// External executors: fulfilment by automation a team already has. The fulfilment service looks
// an executor up by kind, validates the request type's configuration with its schema (keeping
// `secretFields` encrypted), and calls `start`.
import { z } from 'zod';
import { PermanentProviderError } from '../types.js';
import { ansibleExecutor } from './ansible/executor.js';
import { awxExecutor } from './awx/executor.js';
import type { ExternalExecutor, ExternalExecutorContext, RunState } from './executor.js';
import type { ExecutorInput, ExecutorOutcome } from './types.js';
import { webhookExecutor } from './webhook/executor.js';

export const externalExecutorKinds = ['webhook', 'ansible', 'awx'] as const;
export type ExternalExecutorKind = (typeof externalExecutorKinds)[number];

export const externalExecutors = {
  webhook: webhookExecutor,
  ansible: ansibleExecutor,
  awx: awxExecutor,
} as const;

async function startWith<C>(
  executor: ExternalExecutor<C>,
  ctx: ExternalExecutorContext,
  input: ExecutorInput,
  rawConfig: unknown,
  state: RunState,
): Promise<ExecutorOutcome> {
  const config = executor.configSchema.safeParse(rawConfig);
  if (!config.success)
    throw new PermanentProviderError(
      `The ${executor.kind} executor settings of this request type are invalid: ${z.prettifyError(config.error)}`,
      { code: 'executor_config_invalid' },
    );
  return executor.start(ctx, input, config.data, state);
}

/** Validates the stored configuration (decrypted) and starts the executor of that kind. */
export async function startExternalExecutor(
  kind: ExternalExecutorKind,
  ctx: ExternalExecutorContext,
  input: ExecutorInput,
  rawConfig: unknown,
  state: RunState,
): Promise<ExecutorOutcome> {
  switch (kind) {
    case 'webhook':
      return startWith(externalExecutors.webhook, ctx, input, rawConfig, state);
    case 'ansible':
      return startWith(externalExecutors.ansible, ctx, input, rawConfig, state);
    case 'awx':
      return startWith(externalExecutors.awx, ctx, input, rawConfig, state);
  }
}

export type { AnsibleExecutorConfig } from './ansible/executor.js';
export { ansibleExecutorConfigSchema, createAnsibleExecutor } from './ansible/executor.js';
export { playbookVariables } from './ansible/extra-vars.js';
export type { HostRecap, TaskFailure } from './ansible/output.js';
export type { PlaybookResult, RunPlaybookInput } from './ansible/playbook.js';
export { runPlaybook } from './ansible/playbook.js';
export type { AwxClient, AwxJob } from './awx/client.js';
export { createAwxClient } from './awx/client.js';
export type { AwxExecutorConfig } from './awx/executor.js';
export { awxExecutorConfigSchema } from './awx/executor.js';
export type { ExternalExecutor, ExternalExecutorContext, RunState } from './executor.js';
export type { ExecutorContext, ExecutorInput, ExecutorOutcome } from './types.js';
export type { CallbackHeaders, ExecutorCallback, ParsedCallback } from './webhook/callback.js';
export {
  callbackOutcome,
  callbackSchema,
  callbackTargetOf,
  callbackUrlOf,
  noCallbackOutcome,
  parseCallback,
} from './webhook/callback.js';
export type { DeliverWebhookInput } from './webhook/deliver.js';
export { backoffMs, deliverWebhook } from './webhook/deliver.js';
export type {
  WebhookDeliveryFailure,
  WebhookDeliveryOutcome,
  WebhookDeliveryRecord,
} from './webhook/delivery-record.js';
export type { WebhookExecutorConfig } from './webhook/executor.js';
export { callbackSecrets, replayDelivery, webhookExecutorConfigSchema } from './webhook/executor.js';
export type { WebhookPayload } from './webhook/payload.js';
export { webhookPayload } from './webhook/payload.js';
export type { SignatureCheck, SignatureFailure, SignedHeaders } from './webhook/signing.js';
export { signDelivery, verifySignature } from './webhook/signing.js';
