// The changes practice's API contract: requests for change with the Seven Rs, their risk (each
// factor's contribution) and the approval path it picks, conflicts, the change calendar with
// freeze and maintenance windows, deployment gating for pipelines, and DORA's change reports.
import { z } from 'zod';
import { patchOf } from '../patch.js';
import { dateOrDateTime, dateTime, ticketKeyParams } from './common.js';

export const changeTypes = ['standard', 'normal', 'emergency'] as const;
export const changeStatuses = [
  'new',
  'assess',
  'authorize',
  'scheduled',
  'implement',
  'review',
  'closed',
  'cancelled',
] as const;
export const changeOutcomes = ['successful', 'successful_with_issues', 'failed', 'backed_out'] as const;
export const riskLevels = ['low', 'moderate', 'high'] as const;
export const approvalPaths = ['none', 'peer', 'change_manager', 'cab', 'emergency_cab'] as const;
export const conflictKinds = ['ci', 'related_ci', 'freeze', 'outside_maintenance'] as const;

const ciRef = z.string().min(1).max(300);
const instant = z.iso.datetime({ offset: true });
const text = (max = 20_000) => z.string().max(max);

const changeFields = {
  title: z.string().trim().min(1).max(300),
  description: text().optional(),
  cis: z.array(ciRef).min(1).max(100).describe('affected CIs and services: ids or names'),
  plannedStart: instant,
  plannedEnd: instant,
  // The Seven Rs: who Raised it (the requester), the Reason, the Return, the Risks, the Resources,
  // who is Responsible, the Relationships (the CIs).
  reason: text().optional(),
  expectedReturn: text().optional(),
  risks: text().optional(),
  resources: text().optional(),
  responsible: z.string().max(254).optional().describe('a user id or email'),
  implementationPlan: text().optional(),
  backoutPlan: text().optional(),
  testPlan: text().optional(),
  team: z.string().max(63).optional(),
  riskAnswers: z
    .record(z.uuid(), z.boolean())
    .optional()
    .describe('the risk questionnaire: question id → yes/no'),
  public: z
    .boolean()
    .optional()
    .describe('once scheduled, shown on the public status page as maintenance of the services it reaches'),
};

export const changeIn = z
  .object({ type: z.enum(changeTypes), ...changeFields, submit: z.boolean().default(false) })
  .strict();

const { title: _title, team: _team, ...editable } = changeFields;

/** Title, team and assignee change through PATCH /tickets/{key}. */
export const changePatchIn = patchOf(
  z.object({
    ...editable,
    outcome: z.enum(changeOutcomes).nullable(),
    reviewNotes: text().nullable(),
  }),
);

export const changeTransitionIn = z
  .object({
    name: z.string().min(1).max(63),
    comment: z.string().trim().min(1).max(20_000).optional(),
    override: z
      .object({ reason: z.string().trim().min(1).max(2000) })
      .strict()
      .optional()
      .describe('a change manager lets the change go ahead despite its conflicts or window, saying why'),
  })
  .strict();

export const riskFactorOut = z.object({
  key: z.string(),
  label: z.string(),
  points: z.number(),
  detail: z.string(),
});

export const riskOut = z.object({
  score: z.number(),
  level: z.enum(riskLevels),
  factors: z.array(riskFactorOut),
  approvalPath: z.enum(approvalPaths),
  approvalPathLabel: z.string(),
});

export const conflictOut = z.object({
  kind: z.enum(conflictKinds),
  message: z.string(),
  change: z.string().nullable().describe('the other change’s key'),
  freeze: z.uuid().nullable(),
  ci: z.uuid().nullable(),
});

export const changePartOut = z.object({
  type: z.enum(changeTypes),
  description: z.string(),
  reason: z.string(),
  expectedReturn: z.string(),
  risks: z.string(),
  resources: z.string(),
  responsible: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
  implementationPlan: z.string(),
  backoutPlan: z.string(),
  testPlan: z.string(),
  plannedStart: dateTime,
  plannedEnd: dateTime,
  actualStart: dateTime.nullable(),
  actualEnd: dateTime.nullable(),
  outcome: z.enum(changeOutcomes).nullable(),
  reviewNotes: z.string().nullable(),
  origin: z.string(),
  version: z.string().nullable(),
  commit: z.string().nullable(),
  override: z.object({ reason: z.string(), by: z.string(), at: dateTime }).nullable(),
  riskAnswers: z.record(z.string(), z.boolean()),
  public: z.boolean(),
  /** A standard change filed from the catalog: its request, whose fulfilment runs are the evidence. */
  request: z.object({ key: z.string(), title: z.string(), status: z.string() }).nullable(),
});

/** A catalog standard change's evidence: its request's fulfilment runs (the runs part's shape). */
export const evidenceRunOut = z.object({
  number: z.number(),
  action: z.string(),
  environment: z.string().nullable(),
  status: z.string(),
  attempts: z.number(),
  error: z.string().nullable(),
  summary: z.string().nullable(),
  startedAt: dateTime.nullable(),
  finishedAt: dateTime.nullable(),
});

export const conflictListOut = z.array(conflictOut);

/** What the ticket view adds for a change (`cis` and `services` have the incidents' shape). */
export const changeViewFields = {
  change: changePartOut.optional(),
  risk: riskOut.optional(),
  conflicts: z.array(conflictOut).optional(),
  evidence: z.array(evidenceRunOut).optional(),
};

/** The teams that play the change roles (admin setting; defaults cab, ecab, change-managers, 2). */
export const changeSettingsOut = z.object({
  cabTeam: z.string(),
  emergencyCabTeam: z.string(),
  changeManagersTeam: z.string(),
  cabQuorum: z.number(),
});
export const changeSettingsIn = patchOf(
  z.object({
    cabTeam: z.string().trim().min(1).max(63),
    emergencyCabTeam: z.string().trim().min(1).max(63),
    changeManagersTeam: z.string().trim().min(1).max(63),
    cabQuorum: z.number().int().min(1).max(20),
  }),
);

export const changeSummaryOut = z.object({
  key: z.string(),
  title: z.string(),
  type: z.enum(changeTypes),
  status: z.string(),
  riskLevel: z.enum(riskLevels),
  riskScore: z.number(),
  plannedStart: dateTime,
  plannedEnd: dateTime,
  cis: z.array(z.object({ id: z.uuid(), name: z.string() })),
});

export const changeListQuery = z
  .object({
    status: z.string().max(500).optional().describe('comma-separated status keys'),
    type: z.enum(changeTypes).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
export const changeListOut = z.array(changeSummaryOut);

export const freezeOut = z.object({
  id: z.uuid(),
  name: z.string(),
  reason: z.string(),
  startsAt: dateTime,
  endsAt: dateTime,
  service: z.object({ id: z.uuid(), name: z.string() }).nullable().describe('null: every service'),
});
export const freezeListOut = z.array(freezeOut);
export const freezeIn = z
  .object({
    name: z.string().trim().min(1).max(200),
    reason: z.string().max(2000).default(''),
    startsAt: instant,
    endsAt: instant,
    service: ciRef.optional().describe('a service id or name; without it the freeze is global'),
  })
  .strict();
export const freezeParams = z.object({ id: z.uuid() });

export const maintenanceWindowIn = z
  .object({
    service: ciRef,
    name: z.string().trim().min(1).max(200),
    days: z.array(z.number().int().min(0).max(6)).min(1).max(7).describe('0 Sunday … 6 Saturday (UTC)'),
    start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (UTC)'),
    durationMinutes: z
      .number()
      .int()
      .min(15)
      .max(24 * 60),
  })
  .strict();
export const maintenanceWindowOut = z.object({
  id: z.uuid(),
  service: z.object({ id: z.uuid(), name: z.string() }),
  name: z.string(),
  days: z.array(z.number()),
  start: z.string(),
  durationMinutes: z.number(),
});

export const maintenanceWindowListOut = z.array(maintenanceWindowOut);

/** A range bound: a date (UTC; as `to`, that whole day is included) or an instant. */
const rangeBound = dateOrDateTime.describe('a date (UTC; as `to`, that whole day is included) or an instant');
export const calendarQuery = z.object({ from: rangeBound, to: rangeBound }).strict();
export const calendarOut = z.object({
  changes: z.array(changeSummaryOut.extend({ conflicts: z.array(conflictOut) })),
  freezes: z.array(freezeOut),
});

export const riskQuestionOut = z.object({
  id: z.uuid(),
  text: z.string(),
  weight: z.number(),
  position: z.number(),
});
export const riskQuestionnaireIn = z
  .object({
    questions: z
      .array(
        z
          .object({
            id: z.uuid().optional(),
            text: z.string().trim().min(1).max(500),
            weight: z.number().int().min(0).max(100),
          })
          .strict(),
      )
      .max(50),
  })
  .strict();
export const riskQuestionnaireOut = z.array(riskQuestionOut);

export const cabAgendaOut = z.array(
  changeSummaryOut.extend({
    approvalPath: z.enum(approvalPaths),
    riskFactors: z.array(riskFactorOut),
    conflicts: z.array(conflictOut),
    approvals: z.object({ approved: z.number(), required: z.number(), pending: z.number() }),
  }),
);

export const pipelineIn = z
  .object({
    name: z.string().trim().min(1).max(200),
    team: z.string().max(63).optional(),
    standard: z
      .boolean()
      .default(false)
      .describe('its deployments are standard changes (pre-authorized); otherwise normal ones'),
  })
  .strict();
export const pipelineOut = z.object({
  id: z.uuid(),
  name: z.string(),
  standard: z.boolean(),
  token: z.string().describe('shown once: the pipeline sends it as a bearer token'),
});

export const deploymentIn = z
  .object({
    title: z.string().trim().min(1).max(300),
    cis: z.array(ciRef).min(1).max(100),
    version: z.string().max(200).optional(),
    commit: z.string().max(200).optional(),
    durationMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(30),
    description: text().optional(),
  })
  .strict();
export const gateReason = z.object({
  kind: z.enum(['approval', 'freeze', 'conflict', 'outside_maintenance', 'status']),
  message: z.string(),
});
export const gateOut = z.object({
  change: z.string(),
  decision: z.enum(['go', 'wait']),
  reasons: z.array(gateReason),
  status: z.string(),
});
export const deploymentResultIn = z
  .object({
    result: z.enum(['success', 'failure']),
    version: z.string().max(200).optional(),
    commit: z.string().max(200).optional(),
    notes: text().optional(),
  })
  .strict();
export const deploymentParams = ticketKeyParams;
export const deploymentResultOut = z.object({
  change: z.string(),
  status: z.string(),
  outcome: z.enum(changeOutcomes).nullable(),
});

export const changeReportQuery = z.object({ from: rangeBound, to: rangeBound }).strict();
const countBy = z.array(z.object({ key: z.string(), count: z.number() }));
export const changeReportOut = z.object({
  from: dateTime,
  to: dateTime,
  created: z.number(),
  finished: z.number().describe('changes whose implementation ended in the range, with an outcome'),
  successful: z.number(),
  failed: z.number(),
  successRate: z.number().nullable().describe('percent of finished changes that succeeded'),
  changeFailureRate: z.number().nullable().describe('DORA: percent of finished changes that failed'),
  leadTimeSeconds: z
    .object({ median: z.number(), p90: z.number() })
    .nullable()
    .describe('DORA: from the change being raised to its implementation ending'),
  emergencyShare: z.number().nullable().describe('percent of created changes that were emergencies'),
  byType: countBy,
  byRisk: countBy,
  byService: countBy,
});
