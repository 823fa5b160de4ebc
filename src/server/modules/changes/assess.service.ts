// Assessing a change from what Opsdesk knows: the services it reaches and how many CIs depend on
// what it touches (CMDB impact analysis), failed changes on the same CIs in the last 90 days, the
// incidents open on them, its window and conflicts — plus the admins' questionnaire.
import { asc, eq, param, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { type ImpactEntry, impactOf, servicesAffectedBy } from '../cmdb/index.js';
import { openIncidentsOn } from '../incidents/index.js';
import { ticketKeysByIds } from '../tickets/index.js';
import { changeCis, changeRiskQuestions, changes } from './changes.schema.js';
import { type Conflict, detectConflicts } from './conflicts.service.js';
import {
  type ApprovalPath,
  approvalPathFor,
  assessRisk,
  type ChangeType,
  type RiskFactor,
  type RiskLevel,
} from './risk.js';
import type { Range } from './windows.js';

export interface Assessment {
  score: number;
  level: RiskLevel;
  factors: RiskFactor[];
  approvalPath: ApprovalPath;
  conflicts: Conflict[];
  services: ImpactEntry[];
}

const dependentsDepth = 6;
const failureLookbackMs = 90 * 86_400_000;

export async function riskQuestions(db: Queryable) {
  return db
    .select()
    .from(changeRiskQuestions)
    .where(eq(changeRiskQuestions.active, true))
    .orderBy(asc(changeRiskQuestions.position));
}

async function failedChangesOn(db: Queryable, ciIds: readonly string[], self: string | undefined, now: Date) {
  if (ciIds.length === 0) return [];
  const rows = await db.execute<{ ticket_id: string }>(sql`
    select distinct c.ticket_id from ${changes} c join ${changeCis} cc on cc.ticket_id = c.ticket_id
     where cc.ci_id = any(${param([...ciIds])}::uuid[])
       and c.outcome in ('failed', 'backed_out')
       and coalesce(c.actual_end, c.planned_end) >= ${new Date(now.getTime() - failureLookbackMs).toISOString()}::timestamptz
       ${self ? sql`and c.ticket_id <> ${self}::uuid` : sql``}`);
  const keys = await ticketKeysByIds(
    db,
    rows.rows.map((row) => row.ticket_id),
  );
  return [...keys.values()].sort();
}

export async function assessChange(
  db: Queryable,
  input: {
    ticketId?: string | undefined;
    type: ChangeType;
    ciIds: readonly string[];
    range: Range;
    answers: Readonly<Record<string, boolean>>;
    now: Date;
  },
): Promise<Assessment> {
  const services = await servicesAffectedBy(db, input.ciIds);
  const serviceIds = services.map((entry) => entry.id);
  const dependents = new Set<string>();
  for (const ciId of input.ciIds)
    for (const entry of await impactOf(db, ciId, 'down', dependentsDepth)) dependents.add(entry.id);
  for (const ciId of input.ciIds) dependents.delete(ciId);
  // One after another: inside a transaction the queries share one connection.
  const questions = await riskQuestions(db);
  const failed = await failedChangesOn(db, input.ciIds, input.ticketId, input.now);
  const incidentIds = await openIncidentsOn(db, serviceIds, input.ciIds);
  const conflicts = await detectConflicts(db, {
    ticketId: input.ticketId,
    ciIds: input.ciIds,
    serviceIds,
    range: input.range,
  });
  const incidentKeys = [...(await ticketKeysByIds(db, incidentIds)).values()].sort();
  const risk = assessRisk({
    questions,
    answers: input.answers,
    services: services.map((entry) => {
      const value = (entry.ci.attributes as Record<string, unknown> | null)?.criticality;
      return { name: entry.ci.name, criticality: typeof value === 'number' ? value : null };
    }),
    dependents: dependents.size,
    failedChanges: failed,
    openIncidents: incidentKeys,
    windowMinutes: (input.range.end.getTime() - input.range.start.getTime()) / 60_000,
    conflicts: conflicts.length,
  });
  return { ...risk, approvalPath: approvalPathFor(input.type, risk.level), conflicts, services };
}
