import { DescribeInstancesCommand, EC2Client, StartInstancesCommand } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { PermanentProviderError, TransientProviderError } from '../types.js';
import { type AwsCall, classifyAwsError, formatDuration } from './errors.js';
import { awsProviderFactory } from './index.js';
import { awsError, reservations, testConfig, testContext } from './testing.js';

const startCall: AwsCall = {
  operation: 'ec2:StartInstances',
  doing: 'start the staging server bugfix1x2',
  subject: { kind: 'instance', environment: 'bugfix1x2', instanceId: 'i-0abc', region: 'eu-west-1' },
};

function networkError(code: string) {
  return Object.assign(new Error(`socket hang up ${code}`), { code });
}

describe('classifyAwsError', () => {
  it.each([
    ['ThrottlingException', 400],
    ['RequestLimitExceeded', 503],
    ['Throttling', 400],
    ['TooManyRequestsException', 429],
    ['PriorRequestNotComplete', 400],
    ['InternalError', 500],
    ['SomethingNew', 502],
    ['InsufficientInstanceCapacity', 500],
    ['IncorrectInstanceState', 400],
    ['PreconditionFailed', 412],
  ])('treats %s (HTTP %i) as worth retrying', (code, status) => {
    expect(classifyAwsError(awsError(code, status), startCall)).toBeInstanceOf(TransientProviderError);
  });

  it.each(['ECONNRESET', 'ETIMEDOUT'])('treats the network failure %s as worth retrying', (code) => {
    const error = classifyAwsError(networkError(code), startCall);
    expect(error).toBeInstanceOf(TransientProviderError);
    expect(error.message).toBe(
      `Opsdesk could not reach AWS while trying to start the staging server bugfix1x2 (${code}); Opsdesk retries automatically. If this persists, check the worker's network access to AWS.`,
    );
  });

  it('treats an SDK timeout as worth retrying', () => {
    const timeout = Object.assign(new Error('Connection timed out after 1000 ms'), { name: 'TimeoutError' });
    expect(classifyAwsError(timeout, startCall)).toBeInstanceOf(TransientProviderError);
  });

  it.each([
    [
      'AccessDenied',
      "Opsdesk's AWS identity is not allowed to start the staging server bugfix1x2 (permission ec2:StartInstances is missing)",
    ],
    ['AccessDeniedException', 'permission ec2:StartInstances is missing'],
    ['UnauthorizedOperation', 'permission ec2:StartInstances is missing'],
    [
      'AuthFailure',
      "the configured credentials were missing or rejected (AuthFailure); ask an admin to check the AWS provider's credentials and role.",
    ],
    ['InvalidInstanceID.NotFound', 'The staging server bugfix1x2 (i-0abc) no longer exists in eu-west-1'],
    [
      'InvalidInstanceID.Malformed',
      'The inventory records i-0abc as the server of bugfix1x2, which is not a valid EC2 instance id',
    ],
    [
      'InvalidParameterValue',
      'AWS rejected the request to start the staging server bugfix1x2 as invalid (InvalidParameterValue)',
    ],
    ['InvalidParameterCombination', 'as invalid (InvalidParameterCombination)'],
    ['ValidationException', 'as invalid (ValidationException)'],
    [
      'LimitExceededException',
      'An AWS account limit was reached while trying to start the staging server bugfix1x2',
    ],
    ['VcpuLimitExceeded', 'An AWS account limit was reached'],
    [
      'OptInRequired',
      'AWS refused to start the staging server bugfix1x2 (OptInRequired); ask the infrastructure team to look at the staging server bugfix1x2 (i-0abc) in eu-west-1.',
    ],
  ])('makes %s a permanent failure a person can act on', (code, words) => {
    const error = classifyAwsError(
      awsError(code, code.startsWith('Access') || code === 'UnauthorizedOperation' ? 403 : 400),
      startCall,
    );
    expect(error).toBeInstanceOf(PermanentProviderError);
    expect(error.message).toContain(words);
    expect((error as PermanentProviderError).options.code).toBe(code);
  });

  it('never repeats what AWS said, and keeps only the code and request id as the cause', () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY';
    const leaky = awsError(
      'SignatureDoesNotMatch',
      403,
      `The request signature we calculated does not match. StringToSign: AKIAEXAMPLEEXAMPLE12 ${secret}`,
    );

    const error = classifyAwsError(leaky, startCall);

    expect(error.message).not.toContain(secret);
    expect(error.message).not.toContain('AKIAEXAMPLEEXAMPLE12');
    expect(error.cause).toEqual({
      awsErrorCode: 'SignatureDoesNotMatch',
      httpStatusCode: 403,
      requestId: 'req-1234',
      operation: 'ec2:StartInstances',
    });
  });

  it('keeps a bug in Opsdesk itself as the cause, with a message that points to the log', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'InstanceId')");

    const error = classifyAwsError(bug, startCall);

    expect(error).toBeInstanceOf(PermanentProviderError);
    expect(error.message).toBe(
      'Opsdesk failed unexpectedly while trying to start the staging server bugfix1x2; ask an admin to check the worker log.',
    );
    expect(error.cause).toBe(bug);
  });

  it('waits out a certificate ACM does not list yet right after requesting it', () => {
    const call: AwsCall = {
      operation: 'acm:DescribeCertificate',
      doing: 'look up the TLS certificate for shop.bugfix1x2.staging.example.com',
      subject: { kind: 'certificate', domain: 'shop.bugfix1x2.staging.example.com' },
    };
    const error = classifyAwsError(awsError('ResourceNotFoundException'), call);
    expect(error).toBeInstanceOf(TransientProviderError);
    expect(error.message).toBe(
      'ACM does not show the TLS certificate for shop.bugfix1x2.staging.example.com yet; Opsdesk retries automatically.',
    );
  });

  it('passes provider errors through unchanged', () => {
    const already = new PermanentProviderError('already classified');
    expect(classifyAwsError(already, startCall)).toBe(already);
  });
});

describe('credentials', () => {
  it('never reach the progress lines, the error message or its cause', async () => {
    const ec2 = mockClient(EC2Client);
    const config = testConfig();
    const secret = config.credentials!.secretAccessKey;
    ec2
      .on(DescribeInstancesCommand)
      .resolves(reservations({ InstanceId: 'i-092c3d51056f510e9', State: { Name: 'stopped' } }));
    ec2
      .on(StartInstancesCommand)
      .rejects(
        awsError('UnauthorizedOperation', 403, `denied for ${config.credentials!.accessKeyId}:${secret}`),
      );
    const ctx = testContext();

    const error = await awsProviderFactory
      .create(config)
      .actions['environment.start']!.run(ctx, {} as never)
      .then(
        () => null,
        (caught: unknown) => caught as PermanentProviderError,
      );

    expect(error).toBeInstanceOf(PermanentProviderError);

    const visible = JSON.stringify({
      logs: ctx.logs,
      message: error?.message,
      cause: error?.cause,
      options: error?.options,
    });
    expect(visible).not.toContain(secret);
    expect(visible).not.toContain(config.credentials!.accessKeyId);
    ec2.restore();
  });
});

describe('formatDuration', () => {
  it.each([
    [45, '45 seconds'],
    [119, '119 seconds'],
    [900, '15 minutes'],
    [7200, '2 hours'],
    [5400, '90 minutes'],
  ])('says %i s as "%s"', (seconds, words) => {
    expect(formatDuration(seconds)).toBe(words);
  });
});
