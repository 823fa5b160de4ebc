// The configuration of one AWS provider connection, validated when an admin saves it.
import { z } from 'zod';

const regionSchema = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as eu-west-1');

/** A DNS label: letters, digits and dashes, not starting or ending with a dash, at most 63 characters. */
export const dnsLabelSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/,
    'letters, digits and dashes only, not starting or ending with a dash, at most 63 characters',
  );

const tagNameSchema = z.string().min(1).max(128);

export const awsConfigSchema = z.object({
  /** Used for environments whose inventory record carries no region. */
  region: regionSchema,
  /** Regions searched by discovery; defaults to `region` alone. */
  discoveryRegions: z.array(regionSchema).min(1).optional(),
  /** Static keys; without them the SDK's standard chain (environment, profile, instance role) is used. */
  credentials: z
    .object({
      accessKeyId: z.string().min(16),
      secretAccessKey: z.string().min(1),
      sessionToken: z.string().min(1).optional(),
    })
    .optional(),
  /** A role assumed on top of the credentials above (or of the standard chain). */
  roleArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, 'an IAM role ARN')
    .optional(),
  externalId: z.string().min(2).max(1224).optional(),
  tags: z
    .object({
      environmentName: tagNameSchema.default('Name'),
      staging: tagNameSchema.default('opsdesk:staging'),
      requestOnly: tagNameSchema.default('opsdesk:request-only'),
      endDate: tagNameSchema.default('opsdesk:end-date'),
      distributionId: tagNameSchema.default('opsdesk:distribution-id'),
      url: tagNameSchema.default('opsdesk:url'),
    })
    .prefault({}),
  /** Used by environment.recreate when neither the inventory nor the instance names a launch template. */
  defaultLaunchTemplateId: z
    .string()
    .regex(/^lt-[0-9a-f]{8,17}$/)
    .optional(),
  /** Where staging domains live. Without it the provider offers no domain.create. */
  dns: z
    .object({
      hostedZoneId: z
        .string()
        .regex(/^[A-Z0-9]{1,32}$/, 'a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ'),
      /** e.g. `staging.example.com`; every staging domain ends with it. */
      domainSuffix: z
        .string()
        .regex(
          /^([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
          'a lower-case domain such as staging.example.com',
        ),
      /**
       * How a requested label and the environment name form the part before the suffix:
       * `{label}.{environment}` gives `shop.bugfix1x2.staging.example.com`.
       */
      domainTemplate: z
        .string()
        .regex(/\{label\}/, 'must contain {label}')
        .regex(/^[a-z0-9.{}-]+$/, 'only {label}, {environment}, lower-case letters, digits, dots and dashes')
        .default('{label}.{environment}'),
      recordTtlSeconds: z.number().int().min(60).max(86_400).default(300),
    })
    .optional(),
  /** Every wait (instance running, DNS in sync, certificate issued …) gives up after maxWaitSeconds. */
  wait: z
    .object({
      maxWaitSeconds: z.number().int().min(1).max(21_600).default(900),
      pollIntervalSeconds: z.number().int().min(1).max(300).default(15),
    })
    .prefault({}),
});

export type AwsConfig = z.infer<typeof awsConfigSchema>;
export type AwsTagNames = AwsConfig['tags'];
export type AwsDnsConfig = NonNullable<AwsConfig['dns']>;

/** Keys of AwsConfig that are encrypted at rest and never shown or logged. */
export const awsSecretFields = ['credentials'] as const;
