// Every AWS failure is turned into a provider error here, in one place. The message is shown on
// the ticket, so it says in plain words what failed, on which resource, and who can fix it. It
// never repeats the SDK's own message, and the cause keeps only the code and request id: AWS
// texts can echo account details, and nothing here may ever carry credentials.
import { PermanentProviderError, TransientProviderError } from '../types.js';

/** What an AWS call was about, so a failure can name it. */
export type AwsSubject =
  | { kind: 'instance'; environment: string; instanceId: string; region: string }
  | { kind: 'region'; region: string }
  | { kind: 'launchTemplate'; environment: string; launchTemplateId: string; region: string }
  | { kind: 'distribution'; environment: string; distributionId: string }
  | { kind: 'record'; hostedZoneId: string; recordName: string }
  | { kind: 'certificate'; domain: string };

export interface AwsCall {
  /** The IAM action, e.g. `ec2:StartInstances`: also what is missing when access is denied. */
  operation: string;
  /** A verb phrase completing "while trying to …", e.g. "start the staging server bugfix1x2". */
  doing: string;
  subject: AwsSubject;
}

export type ProviderError = TransientProviderError | PermanentProviderError;

/** Runs one AWS request and classifies whatever it throws. */
export async function callAws<T>(call: AwsCall, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw classifyAwsError(error, call);
  }
}

const throttlingCodes = new Set([
  'ThrottlingException',
  'RequestLimitExceeded',
  'Throttling',
  'TooManyRequestsException',
  'PriorRequestNotComplete',
  'SlowDown',
]);
const networkCodes = new Set([
  'ECONNRESET',
  'ETIMEDOUT',
  'ECONNREFUSED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);
const accessDeniedCodes = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'Blocked',
]);
const signInCodes = new Set([
  'AuthFailure',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidAccessKeyId',
  'CredentialsProviderError',
]);
const invalidRequestCodes = new Set([
  'InvalidParameterValue',
  'InvalidParameterCombination',
  'InvalidParameter',
  'InvalidParameterException',
  'ValidationException',
  'InvalidInput',
  'InvalidArgument',
  'InvalidDomainValidationOptionsException',
  'MissingParameter',
]);
const limitCodes = new Set([
  'LimitExceededException',
  'InstanceLimitExceeded',
  'VcpuLimitExceeded',
  'TooManyDistributionCNAMEs',
  'TooManyCertificates',
  'TooManyTagsException',
]);

interface ErrorFacts {
  code: string;
  httpStatusCode: number | undefined;
  requestId: string | undefined;
}

function factsOf(error: unknown): ErrorFacts {
  const record = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const metadata = (record.$metadata ?? {}) as Record<string, unknown>;
  const networkCode =
    typeof record.code === 'string' && networkCodes.has(record.code) ? record.code : undefined;
  const name = typeof record.name === 'string' ? record.name : 'Error';
  const code = networkCode ?? (typeof record.Code === 'string' ? record.Code : name);
  return {
    code,
    httpStatusCode: typeof metadata.httpStatusCode === 'number' ? metadata.httpStatusCode : undefined,
    requestId: typeof metadata.requestId === 'string' ? metadata.requestId : undefined,
  };
}

function isFromAws(error: unknown): boolean {
  return typeof error === 'object' && error !== null && '$metadata' in error;
}

export function describeSubject(subject: AwsSubject): string {
  switch (subject.kind) {
    case 'instance':
      return `the staging server ${subject.environment} (${subject.instanceId}) in ${subject.region}`;
    case 'region':
      return `EC2 in ${subject.region}`;
    case 'launchTemplate':
      return `the launch template ${subject.launchTemplateId} of ${subject.environment} in ${subject.region}`;
    case 'distribution':
      return `the CloudFront distribution ${subject.distributionId} of ${subject.environment}`;
    case 'record':
      return `the DNS record ${subject.recordName} in Route 53 hosted zone ${subject.hostedZoneId}`;
    case 'certificate':
      return `the TLS certificate for ${subject.domain}`;
  }
}

export function classifyAwsError(error: unknown, call: AwsCall): ProviderError {
  if (error instanceof TransientProviderError || error instanceof PermanentProviderError) return error;
  const facts = factsOf(error);
  const cause = {
    awsErrorCode: facts.code,
    httpStatusCode: facts.httpStatusCode,
    requestId: facts.requestId,
    operation: call.operation,
  };
  const transient = (message: string) => new TransientProviderError(message, { cause });
  const permanent = (message: string) => new PermanentProviderError(message, { cause, code: facts.code });
  const subject = describeSubject(call.subject);
  const code = facts.code;

  if (code === 'AbortError') {
    return transient(
      `The Opsdesk worker stopped while trying to ${call.doing}; the run continues when a worker picks it up again.`,
    );
  }
  if (throttlingCodes.has(code)) {
    return transient(
      `AWS is throttling Opsdesk's requests while trying to ${call.doing}; Opsdesk retries automatically. If this persists, ask the infrastructure team what else is calling the AWS account so often.`,
    );
  }
  if (networkCodes.has(code)) {
    return transient(
      `Opsdesk could not reach AWS while trying to ${call.doing} (${code}); Opsdesk retries automatically. If this persists, check the worker's network access to AWS.`,
    );
  }
  if (code === 'InsufficientInstanceCapacity') {
    return transient(
      `AWS has no spare capacity for the instance type of ${subject} right now; Opsdesk retries automatically. If this persists, ask the infrastructure team to change the instance type or availability zone.`,
    );
  }
  if (code === 'IncorrectInstanceState') {
    return transient(
      `${capitalise(subject)} was changing state while Opsdesk tried to ${call.doing}; Opsdesk retries automatically.`,
    );
  }
  if (code === 'PreconditionFailed' || code === 'ConcurrentModification') {
    return transient(
      `${capitalise(subject)} was changed by someone else at the same time; Opsdesk retries with the latest version.`,
    );
  }
  if (code === 'ResourceNotFoundException' && call.subject.kind === 'certificate') {
    // ACM may not list a certificate for a moment after requesting it.
    return transient(`ACM does not show ${subject} yet; Opsdesk retries automatically.`);
  }
  if (code === 'RequestInProgressException') {
    return transient(`AWS is still preparing ${subject}; Opsdesk retries automatically.`);
  }
  if (accessDeniedCodes.has(code)) {
    return permanent(
      `Opsdesk's AWS identity is not allowed to ${call.doing} (permission ${call.operation} is missing); ask the infrastructure team to add it to Opsdesk's IAM policy (see docs/providers.md).`,
    );
  }
  if (signInCodes.has(code)) {
    return permanent(
      `Opsdesk could not sign in to AWS to ${call.doing}: the configured credentials were missing or rejected (${code}); ask an admin to check the AWS provider's credentials and role.`,
    );
  }
  const notFound = notFoundMessage(code, call.subject);
  if (notFound) return permanent(notFound);
  if (code === 'InvalidChangeBatch') {
    return permanent(
      `Route 53 refused to change ${subject}, usually because it conflicts with a record that already exists; ask the infrastructure team to check the hosted zone.`,
    );
  }
  if (code === 'CNAMEAlreadyExists') {
    return permanent(
      `The domain is already used by another CloudFront distribution, so ${subject} cannot serve it; ask the infrastructure team which environment holds it.`,
    );
  }
  if (code === 'InvalidViewerCertificate') {
    return permanent(
      `CloudFront refused the TLS certificate while Opsdesk tried to ${call.doing}; ask the infrastructure team to check the certificate in ACM (us-east-1).`,
    );
  }
  if (code === 'IdempotentParameterMismatch') {
    return permanent(
      `AWS already received a different request under this run's idempotency token while Opsdesk tried to ${call.doing}; ask the infrastructure team to check what was created and fulfil the request by hand.`,
    );
  }
  if (limitCodes.has(code)) {
    return permanent(
      `An AWS account limit was reached while trying to ${call.doing} (${code}); ask the infrastructure team to raise the quota or remove unused resources.`,
    );
  }
  if (invalidRequestCodes.has(code)) {
    return permanent(
      `AWS rejected the request to ${call.doing} as invalid (${code}); ask the infrastructure team to check the settings of ${subject}.`,
    );
  }
  if (
    (facts.httpStatusCode ?? 0) >= 500 ||
    code === 'InternalError' ||
    code === 'ServiceUnavailable' ||
    code === 'Unavailable'
  ) {
    return transient(
      `AWS had an internal error while Opsdesk tried to ${call.doing}; Opsdesk retries automatically. If this persists, check the AWS Health Dashboard.`,
    );
  }
  if (isFromAws(error)) {
    return permanent(
      `AWS refused to ${call.doing} (${code}); ask the infrastructure team to look at ${subject}.`,
    );
  }
  return new PermanentProviderError(
    `Opsdesk failed unexpectedly while trying to ${call.doing}; ask an admin to check the worker log.`,
    { cause: error },
  );
}

function notFoundMessage(code: string, subject: AwsSubject): string | null {
  switch (code) {
    case 'InvalidInstanceID.NotFound':
      if (subject.kind !== 'instance') return null;
      return `The staging server ${subject.environment} (${subject.instanceId}) no longer exists in ${subject.region}; ask the infrastructure team to check the inventory.`;
    case 'InvalidInstanceID.Malformed':
      if (subject.kind !== 'instance') return null;
      return `The inventory records ${subject.instanceId} as the server of ${subject.environment}, which is not a valid EC2 instance id; ask the infrastructure team to correct the inventory.`;
    case 'InvalidLaunchTemplateId.NotFound':
    case 'InvalidLaunchTemplateId.Malformed':
    case 'InvalidLaunchTemplateName.NotFoundException':
      if (subject.kind !== 'launchTemplate') return null;
      return `The launch template ${subject.launchTemplateId} used to create ${subject.environment} does not exist in ${subject.region}; ask the infrastructure team to check the environment's launch template.`;
    case 'NoSuchDistribution':
      if (subject.kind !== 'distribution') return null;
      return `The CloudFront distribution ${subject.distributionId} recorded for ${subject.environment} does not exist; ask the infrastructure team to correct the distribution tag of the environment's instance.`;
    case 'NoSuchHostedZone':
      if (subject.kind !== 'record') return null;
      return `The Route 53 hosted zone ${subject.hostedZoneId} configured for staging domains does not exist; ask an admin to correct the hosted zone id in the AWS provider settings.`;
    default:
      return null;
  }
}

/** A bounded wait ran out: permanent, since waiting longer is a decision for a person. */
export function waitTimedOut(what: string, seconds: number, lastSeen: string): PermanentProviderError {
  return new PermanentProviderError(
    `Opsdesk waited ${formatDuration(seconds)} for ${what} without success (last seen: ${lastSeen}); ask the infrastructure team to check it in the AWS console.`,
    { code: 'WaitTimedOut' },
  );
}

export function formatDuration(seconds: number): string {
  if (seconds < 120) return `${seconds} seconds`;
  const minutes = Math.round(seconds / 60);
  return minutes < 120 ? `${minutes} minutes` : `${Math.round(minutes / 6) / 10} hours`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
