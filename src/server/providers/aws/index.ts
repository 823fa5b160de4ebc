// The AWS provider: staging environments are EC2 instances carrying a staging tag; domains are
// Route 53 + ACM + CloudFront. database.copy is the shared action every provider uses, not here.
import type { Provider, ProviderFactory } from '../types.js';
import { createAwsClients } from './clients.js';
import { discoverAccount } from './cmdb-discovery.js';
import { type AwsConfig, awsConfigSchema, awsSecretFields } from './config.js';
import { discoverEnvironments } from './discovery.js';
import { domainAction } from './domain.js';
import { startAction, stopAction } from './power.js';
import { recreateAction } from './recreate.js';

export type { AwsConfig } from './config.js';
export { awsConfigSchema } from './config.js';

export const awsProviderFactory: ProviderFactory<AwsConfig> = {
  kind: 'aws',
  title: 'Amazon Web Services',
  configSchema: awsConfigSchema,
  secretFields: awsSecretFields,
  create(config: AwsConfig): Provider {
    const clients = createAwsClients(config);
    return {
      kind: 'aws',
      actions: {
        'environment.start': startAction(config, clients),
        'environment.stop': stopAction(config, clients),
        'environment.recreate': recreateAction(config, clients),
        ...(config.dns ? { 'domain.create': domainAction(config, config.dns, clients) } : {}),
      },
      discover: (ctx) => discoverEnvironments(config, clients, ctx),
      discoverCis: (signal) => discoverAccount(config, clients, signal),
    };
  },
};
