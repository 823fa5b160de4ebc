// Where sending systems deliver: one public URL per integration, authenticated by its key. The
// body is read raw (JSON or SNS's text/plain) so that a malformed one can be kept as a dead letter.

import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorEnvelope, errorResponses } from '../../../shared/api/common.js';
import {
  intakeAnswer,
  intakeBody,
  intakeParams,
  intakeQuery,
  pagerDutyOut,
} from '../../../shared/api/events.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/app.js';
import { receive } from './receive.service.js';

/** Alertmanager groups can be large; anything beyond this is refused with a 413 before it is read. */
export const intakeBodyLimit = 4 * 1024 * 1024;

export function intakeRoutes(app: App, context: AppContext): void {
  app.register(async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    // Whatever the sender declares (SNS: text/plain), the body arrives raw and is read by receive().
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: intakeBodyLimit },
      (_request, body, done) => done(null, body),
    );
    scope.post(
      '/api/v1/intake/:id',
      {
        config: { public: true },
        bodyLimit: intakeBodyLimit,
        schema: {
          tags: ['events'],
          summary:
            'Deliver alerts (Alertmanager, Grafana, SNS, PagerDuty Events v2, generic, backup results)',
          description:
            "The sending system posts its own payload here. The key is `?key=`, `Authorization: Bearer <key>` or PagerDuty's `routing_key`. " +
            'Alerts are stored durably (journalled) before the answer `{accepted}` and turned into alerts within milliseconds; ' +
            'reads of alerts wait for what was answered before them. `?wait=processed` answers once they are alerts, with `created`, `updated` and `duplicates`. ' +
            'Retries and HA duplicates are recognised and ignored. ' +
            'PagerDuty events are answered 202 as PagerDuty does. Malformed payloads: 400 naming the field, kept as dead letters.',
          security: [],
          params: intakeParams,
          querystring: intakeQuery,
          body: intakeBody,
          response: {
            200: intakeAnswer,
            202: pagerDutyOut,
            ...errorResponses,
            413: errorEnvelope,
            503: errorEnvelope,
          },
        },
      },
      async (request, reply) => {
        const answer = await receive(context, {
          integrationId: request.params.id,
          body: request.body as Buffer | string | undefined,
          key: request.query.key,
          authorization: request.headers.authorization,
          snsMessageType: request.headers['x-amz-sns-message-type'] as string | undefined,
          wait: request.query.wait,
        });
        return reply.status(answer.status).send(answer.body);
      },
    );
  });
}
