// The event-management API contract: integrations (with their keys), alerts and their occurrences,
// binding rules to the CMDB, action rules, silences, maintenance windows, the dead-letter list,
// the heat map, backup results and RPO targets.
import { z } from 'zod';
import { patchOf } from '../patch.js';
import { dateTime } from './common.js';

export const integrationKinds = ['alertmanager', 'grafana', 'sns', 'pagerduty', 'generic', 'backup'] as const;
export const alertStatuses = ['firing', 'acknowledged', 'suppressed', 'maintenance', 'resolved'] as const;
export const severities = ['critical', 'major', 'minor', 'warning', 'info'] as const;
export const backupResults = ['success', 'warning', 'failed'] as const;

const name = z.string().trim().min(1).max(200);
const ciRefIn = z.string().min(1).max(300).describe('a CI: id, name or class/name');
const labelName = z.string().min(1).max(200);

/** How a generic (or backup) integration finds each part of an alert in the sender's JSON. */
export const fieldMapping = z
  .object({
    alerts: z
      .string()
      .max(200)
      .optional()
      .describe('path of the list of alerts in the payload (e.g. "events"); unset: the payload is one alert'),
    fingerprint: z.string().max(200).optional().describe('path of the dedup key; unset: hash of the labels'),
    status: z.string().max(200).optional().describe('path of the status (firing/resolved, ok/alarm …)'),
    resolvedValues: z
      .array(z.string().max(100))
      .max(20)
      .optional()
      .describe('status values meaning resolved (default: resolved, ok, closed, recovered)'),
    severity: z.string().max(200).optional(),
    summary: z.string().max(200).optional(),
    description: z.string().max(200).optional(),
    labels: z
      .record(labelName, z.string().max(200))
      .optional()
      .describe('label name → path in the alert, e.g. {"instance": "host.name"}'),
    occurredAt: z.string().max(200).optional(),
    id: z.string().max(200).optional().describe('path of a per-delivery id, to ignore retries'),
  })
  .strict();
export type FieldMapping = z.infer<typeof fieldMapping>;

export const integrationIn = z
  .object({
    kind: z.enum(integrationKinds),
    name,
    mapping: fieldMapping.optional().describe('generic and backup: where the fields are'),
  })
  .strict();

export const integrationPatchIn = patchOf(
  z.object({ name, mapping: fieldMapping, enabled: z.boolean() }).strict(),
);

export const integrationOut = z.object({
  id: z.uuid(),
  kind: z.enum(integrationKinds),
  name: z.string(),
  url: z
    .string()
    .describe('where the sending system posts; carries the key (shown in full only when created or rotated)'),
  enabled: z.boolean(),
  mapping: fieldMapping.nullable(),
  keys: z.array(
    z.object({ id: z.uuid(), hint: z.string(), createdAt: dateTime, revokedAt: dateTime.nullable() }),
  ),
  lastReceivedAt: dateTime.nullable(),
  createdAt: dateTime,
});
export const integrationsOut = z.array(integrationOut);

export const rotateIn = z
  .object({
    graceMinutes: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 60)
      .optional()
      .describe('how long the old key keeps working (default 0: refused at once)'),
  })
  .strict();

export const intakeParams = z.object({ id: z.uuid() });
export const intakeQuery = z
  .object({
    key: z.string().max(200).optional().describe('the integration key (or Authorization: Bearer)'),
    wait: z
      .enum(['processed'])
      .optional()
      .describe('`processed`: answer once the alerts are stored as alerts, with created/updated/duplicates'),
  })
  .passthrough();
export const intakeBody = z.unknown().describe("the sending system's own payload");
export const intakeOut = z.object({
  accepted: z.number().describe('alerts in the message, stored durably before this answer'),
  created: z.number().optional().describe('new alerts (only with ?wait=processed, and for backup results)'),
  updated: z.number().optional().describe('known alerts repeated, resolved or acknowledged (when known)'),
  duplicates: z.number().optional().describe('retries and HA duplicates, ignored (when known)'),
});
export const pagerDutyOut = z.object({ status: z.string(), message: z.string(), dedup_key: z.string() });
export const snsOut = z.object({ status: z.string(), message: z.string() });
export const intakeAnswer = z.union([intakeOut, snsOut]);

export const previewIn = z.object({ mapping: fieldMapping, sample: z.unknown() }).strict();
export const previewOut = z.object({
  alerts: z.array(
    z.object({
      fingerprint: z.string(),
      status: z.string(),
      severity: z.enum(severities),
      summary: z.string(),
      labels: z.record(z.string(), z.string()),
      at: dateTime,
    }),
  ),
  problem: z.object({ field: z.string(), message: z.string() }).nullable(),
});

const ciBrief = z.object({ id: z.uuid(), class: z.string(), name: z.string() });

export const alertOut = z.object({
  id: z.uuid(),
  fingerprint: z.string(),
  integration: z.object({ id: z.uuid(), kind: z.string(), name: z.string() }),
  status: z.enum(alertStatuses),
  severity: z.enum(severities),
  summary: z.string(),
  description: z.string(),
  labels: z.record(z.string(), z.string()),
  occurrences: z.number(),
  flapping: z.boolean(),
  ci: ciBrief.nullable(),
  service: ciBrief.nullable(),
  site: ciBrief.nullable(),
  incident: z.string().nullable().describe('the key of its incident'),
  firstSeenAt: dateTime,
  lastSeenAt: dateTime,
  resolvedAt: dateTime.nullable(),
  acknowledgedAt: dateTime.nullable(),
  suppressedBy: z.string().nullable().describe('the silence or maintenance that holds it'),
});
export type AlertOut = z.infer<typeof alertOut>;

export const alertsQuery = z
  .object({
    status: z.enum(alertStatuses).optional(),
    open: z.enum(['true', 'false']).optional().describe('true: every status but resolved'),
    severity: z.enum(severities).optional(),
    service: z.string().max(300).optional(),
    ci: z.string().max(300).optional(),
    site: z.string().max(300).optional(),
    incident: z.string().max(40).optional(),
    unbound: z.enum(['true', 'false']).optional().describe('true: alerts bound to no CI'),
    q: z.string().max(200).optional(),
    from: z.iso.datetime({ offset: true }).optional().describe('last seen at or after'),
    to: z.iso.datetime({ offset: true }).optional().describe('first seen before'),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
export const alertsOut = z.array(alertOut);

export const alertDetailOut = alertOut.extend({
  history: z.array(z.object({ id: z.number(), at: dateTime, status: z.string(), payload: z.unknown() })),
  rootCause: ciBrief.nullable().describe("its incident's probable root cause"),
});

export const alertActionIn = z
  .object({ comment: z.string().max(2000).optional() })
  .strict()
  .describe('acknowledge');
export const alertLinkIn = z
  .object({ incident: z.string().regex(/^INC-\d+$/, 'must be an incident key') })
  .strict();

export const bindingRuleIn = z
  .object({
    name,
    position: z.number().int().min(0).max(10_000).optional(),
    label: labelName.describe('the label (or field) to read, e.g. instance'),
    pattern: z
      .string()
      .max(500)
      .optional()
      .describe('a regular expression; its first group (else the whole match) is the value looked up'),
    target: z.enum(['ci', 'service']).default('ci'),
    class: z.string().max(63).optional().describe('only CIs of this class'),
    by: z.enum(['name', 'external_id']).default('name'),
    externalSource: z.string().max(63).optional().describe('by external_id: its source'),
    stripPort: z.boolean().default(true),
    integration: z.uuid().optional().describe('only alerts of this integration'),
  })
  .strict();
export const bindingRuleOut = z.object({
  id: z.uuid(),
  name: z.string(),
  position: z.number(),
  label: z.string(),
  pattern: z.string().nullable(),
  target: z.enum(['ci', 'service']),
  class: z.string().nullable(),
  by: z.enum(['name', 'external_id']),
  externalSource: z.string().nullable(),
  stripPort: z.boolean(),
  integration: z.uuid().nullable(),
});
export const bindingRulesOut = z.array(bindingRuleOut);
export const rebindOut = z.object({ bound: z.number(), stillUnbound: z.number() });

export const actionRuleIn = z
  .object({
    name,
    position: z.number().int().min(0).max(10_000).optional(),
    severities: z
      .array(z.enum(severities))
      .max(5)
      .optional()
      .describe('matches these severities (none: all)'),
    labels: z
      .record(labelName, z.string().max(500))
      .optional()
      .describe('label → value each alert must carry'),
    integration: z.uuid().optional(),
    action: z.enum(['open_incident', 'record']),
    windowMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(30)
      .describe('alerts of related CIs within this window join the open incident'),
    onAllResolved: z.enum(['resolve', 'mark', 'nothing']).default('resolve'),
  })
  .strict();
export const actionRuleOut = z.object({
  id: z.uuid(),
  name: z.string(),
  position: z.number(),
  severities: z.array(z.enum(severities)),
  labels: z.record(z.string(), z.string()),
  integration: z.uuid().nullable(),
  action: z.enum(['open_incident', 'record']),
  windowMinutes: z.number(),
  onAllResolved: z.enum(['resolve', 'mark', 'nothing']),
});
export const actionRulesOut = z.array(actionRuleOut);

export const silenceIn = z
  .object({
    matchers: z
      .array(
        z
          .object({
            label: labelName,
            value: z.string().max(500),
            regex: z.boolean().default(false),
          })
          .strict(),
      )
      .max(20)
      .default([]),
    ci: ciRefIn.optional().describe('silence every alert bound to this CI'),
    startsAt: z.iso.datetime({ offset: true }).optional(),
    endsAt: z.iso.datetime({ offset: true }),
    comment: z.string().trim().min(1).max(2000),
    alert: z.uuid().optional().describe('silence alerts like this one (its labels)'),
  })
  .strict();
export const silenceOut = z.object({
  id: z.uuid(),
  matchers: z.array(z.object({ label: z.string(), value: z.string(), regex: z.boolean() })),
  ci: ciBrief.nullable(),
  startsAt: dateTime,
  endsAt: dateTime,
  comment: z.string(),
  createdBy: z.string(),
  active: z.boolean(),
});
export const silencesOut = z.array(silenceOut);

export const maintenanceIn = z
  .object({
    name,
    cis: z.array(ciRefIn).min(1).max(200),
    includeDependents: z
      .boolean()
      .default(true)
      .describe('also every CI that depends on them (impact analysis downwards)'),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
    comment: z.string().max(2000).optional(),
  })
  .strict();
export const maintenanceOut = z.object({
  id: z.uuid(),
  name: z.string(),
  cis: z.array(ciBrief),
  includeDependents: z.boolean(),
  startsAt: dateTime,
  endsAt: dateTime,
  comment: z.string(),
  createdBy: z.string(),
  active: z.boolean(),
});
export const maintenancesOut = z.array(maintenanceOut);

export const deadLettersOut = z.array(
  z.object({
    id: z.number(),
    integration: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    receivedAt: dateTime,
    reason: z.string(),
    field: z.string().nullable(),
    body: z.string().describe('the raw body, cut at 64 KiB'),
  }),
);

export const heatmapQuery = z
  .object({
    from: z.iso.datetime({ offset: true }),
    to: z.iso.datetime({ offset: true }),
    rows: z.enum(['site', 'service', 'ci_class']).default('site'),
    columns: z.enum(['service', 'ci_class', 'severity']).default('service'),
    format: z.enum(['json', 'csv']).optional().describe('csv: the cells as rows (or Accept: text/csv)'),
  })
  .strict();
export const heatmapOut = z.object({
  rows: z.array(z.object({ id: z.string().nullable(), name: z.string() })),
  columns: z.array(z.object({ id: z.string().nullable(), name: z.string() })),
  cells: z.array(z.object({ row: z.number(), column: z.number(), count: z.number() })),
  max: z.number(),
});
export const csvOut = z.string();

export const backupRunsQuery = z
  .object({ ci: z.string().max(300).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) })
  .strict();
export const backupRunsOut = z.array(
  z.object({
    id: z.uuid(),
    job: z.string(),
    ci: ciBrief.nullable(),
    result: z.enum(backupResults),
    startedAt: dateTime.nullable(),
    endedAt: dateTime,
    sizeBytes: z.number().nullable(),
  }),
);
export const rpoIn = z
  .object({
    ci: ciRefIn.describe('a CI, or a service (then every CI backed up under it counts)'),
    rpoMinutes: z
      .number()
      .int()
      .min(5)
      .max(90 * 24 * 60),
  })
  .strict();
export const rpoOut = z.array(
  z.object({
    ci: ciBrief,
    rpoMinutes: z.number(),
    lastSuccessAt: dateTime.nullable(),
    breached: z.boolean(),
    breachedSince: dateTime.nullable(),
  }),
);

export const eventSettingsOut = z.object({
  flapCount: z.number().describe('state changes within flapWindowMinutes that make an alert flapping'),
  flapWindowMinutes: z.number(),
  retentionDays: z.number().describe('resolved alerts older than this are summarised per day and pruned'),
  deadLetterLimit: z.number(),
});
export const eventSettingsIn = patchOf(
  z
    .object({
      flapCount: z.number().int().min(2).max(100),
      flapWindowMinutes: z
        .number()
        .int()
        .min(1)
        .max(24 * 60),
      retentionDays: z.number().int().min(1).max(3650),
      deadLetterLimit: z.number().int().min(10).max(10_000),
    })
    .strict(),
);
