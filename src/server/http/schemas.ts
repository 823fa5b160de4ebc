import { z } from 'zod';

/** The one error envelope, as it appears in the OpenAPI document. */
export const errorEnvelope = z.object({
  error: z.object({
    code: z.string().meta({ description: 'Stable, machine-readable code, e.g. validation_failed' }),
    message: z.string().meta({ description: 'What went wrong, in words a person can act on' }),
    details: z.unknown().optional(),
  }),
});

export const errorResponses = {
  400: errorEnvelope,
  401: errorEnvelope,
  403: errorEnvelope,
  404: errorEnvelope,
  409: errorEnvelope,
} as const;
