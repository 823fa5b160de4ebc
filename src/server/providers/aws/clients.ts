// SDK clients for one provider connection: EC2 per region, the global services in us-east-1.
// Tests stub the client classes with aws-sdk-client-mock, so plain construction is enough.
import { ACMClient } from '@aws-sdk/client-acm';
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { EC2Client, type EC2ClientConfig } from '@aws-sdk/client-ec2';
import { Route53Client } from '@aws-sdk/client-route-53';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsConfig } from './config.js';

/** CloudFront only accepts ACM certificates from this region; Route 53 and CloudFront are global. */
export const globalRegion = 'us-east-1';

export interface AwsClients {
  ec2(region: string): EC2Client;
  acm(): ACMClient;
  cloudFront(): CloudFrontClient;
  route53(): Route53Client;
}

export function createAwsClients(config: AwsConfig): AwsClients {
  const credentials = credentialsFor(config);
  const ec2ByRegion = new Map<string, EC2Client>();
  let acm: ACMClient | undefined;
  let cloudFront: CloudFrontClient | undefined;
  let route53: Route53Client | undefined;
  return {
    ec2(region) {
      let client = ec2ByRegion.get(region);
      if (!client) {
        client = new EC2Client({ region, credentials });
        ec2ByRegion.set(region, client);
      }
      return client;
    },
    acm() {
      acm ??= new ACMClient({ region: globalRegion, credentials });
      return acm;
    },
    cloudFront() {
      cloudFront ??= new CloudFrontClient({ region: globalRegion, credentials });
      return cloudFront;
    },
    route53() {
      route53 ??= new Route53Client({ region: globalRegion, credentials });
      return route53;
    },
  };
}

/** Undefined lets the SDK use its standard chain (environment, profile, container or instance role). */
function credentialsFor(config: AwsConfig): EC2ClientConfig['credentials'] {
  const staticKeys = config.credentials
    ? {
        accessKeyId: config.credentials.accessKeyId,
        secretAccessKey: config.credentials.secretAccessKey,
        sessionToken: config.credentials.sessionToken,
      }
    : undefined;
  if (!config.roleArn) return staticKeys;
  return fromTemporaryCredentials({
    masterCredentials: staticKeys,
    params: { RoleArn: config.roleArn, RoleSessionName: 'opsdesk', ExternalId: config.externalId },
    clientConfig: { region: config.region },
  });
}
