// Route 53: UPSERT record sets (idempotent by design: re-running never duplicates a record)
// and wait until the change is INSYNC on every Route 53 name server.
import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  type ResourceRecordSet,
} from '@aws-sdk/client-route-53';
import type { ActionContext } from '../types.js';
import type { AwsClients } from './clients.js';
import type { AwsDnsConfig } from './config.js';
import { callAws } from './errors.js';
import { type WaitSettings, waitUntil } from './wait.js';

/** CloudFront's fixed hosted zone id, the target zone of every alias record to a distribution. */
export const cloudFrontHostedZoneId = 'Z2FDTNDATAQYW2';

export async function upsertRecordsAndWait(
  clients: AwsClients,
  dns: AwsDnsConfig,
  ctx: ActionContext,
  settings: WaitSettings,
  records: ResourceRecordSet[],
  comment: string,
): Promise<void> {
  const recordName = records.map((record) => record.Name).join(', ');
  const subject = { kind: 'record', hostedZoneId: dns.hostedZoneId, recordName } as const;
  const route53 = clients.route53();
  const change = await callAws(
    { operation: 'route53:ChangeResourceRecordSets', doing: `write the DNS record ${recordName}`, subject },
    () =>
      route53.send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: dns.hostedZoneId,
          ChangeBatch: {
            Comment: comment,
            Changes: records.map((record) => ({ Action: 'UPSERT', ResourceRecordSet: record })),
          },
        }),
        { abortSignal: ctx.signal },
      ),
  );
  const changeId = change.ChangeInfo?.Id ?? '';
  ctx.log(
    `Route 53 accepted UPSERT ${records.map((record) => `${record.Type} ${record.Name}`).join(', ')} (${change.ChangeInfo?.Status ?? 'PENDING'})`,
  );
  if (change.ChangeInfo?.Status === 'INSYNC') return;
  await waitUntil({
    ctx,
    settings,
    what: `the DNS record ${recordName} to be in sync`,
    poll: async () => {
      const output = await callAws(
        { operation: 'route53:GetChange', doing: `check the DNS change for ${recordName}`, subject },
        () => route53.send(new GetChangeCommand({ Id: changeId }), { abortSignal: ctx.signal }),
      );
      const status = output.ChangeInfo?.Status ?? 'unknown';
      return status === 'INSYNC' ? { done: true, value: undefined } : { done: false, progress: status };
    },
  });
}
