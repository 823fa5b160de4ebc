// Templates admins edit per event. A template is checked when saved, against a complete sample
// context whose ticket carries every custom field of every request type (as real contexts do),
// so a broken template is refused with its line and reason instead of failing at send time.

import { eq } from 'drizzle-orm';
import type { FieldDefinition } from '../../../../shared/fields.js';
import { type Actor, type Db, type Queryable, withTransaction } from '../../../db/client.js';
import { badRequest } from '../../../lib/errors.js';
import {
  type NotificationTemplate,
  type PartProblem,
  type TemplateContext,
  validateNotificationTemplate,
} from '../../../lib/templates.js';
import { notificationTemplates } from '../notifications.schema.js';
import { cachedConfig, forgetNotificationConfig } from '../pipeline/config-cache.js';
import {
  eventDefinitions,
  type FieldValue,
  type NotificationEvent,
  notificationEvents,
  type SampleField,
  sampleContext,
} from '../pipeline/events.js';
import { allFieldDefinitions } from '../pipeline/ticket-facts.js';
import { defaultTemplates } from './defaults/index.js';

export async function templateFor(
  db: Queryable,
  event: NotificationEvent,
): Promise<{
  template: NotificationTemplate;
  customised: boolean;
  updatedAt: Date | null;
  updatedBy: string | null;
}> {
  const [row] = await cachedConfig(`template:${event}`, () =>
    db.select().from(notificationTemplates).where(eq(notificationTemplates.event, event)),
  );
  if (!row) return { template: defaultTemplates[event], customised: false, updatedAt: null, updatedBy: null };
  return {
    template: { subject: row.subject, html: row.html, text: row.text },
    customised: true,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
  };
}

/** The event's customised template row, null when it has none (the same cached read as `templateFor`). */
export async function customTemplateOf(db: Queryable, event: NotificationEvent) {
  const [row] = await cachedConfig(`template:${event}`, () =>
    db.select().from(notificationTemplates).where(eq(notificationTemplates.event, event)),
  );
  return row ?? null;
}

export async function listTemplates(db: Queryable) {
  const rows = await db.select().from(notificationTemplates);
  const custom = new Map(rows.map((row) => [row.event, row]));
  return notificationEvents.map((event) => ({
    event,
    label: eventDefinitions[event].label,
    description: eventDefinitions[event].description,
    audience: eventDefinitions[event].audience,
    customised: custom.has(event),
    updatedAt: custom.get(event)?.updatedAt ?? null,
  }));
}

function sampleValue(field: FieldDefinition): FieldValue {
  const option = field.options?.[0]?.value;
  switch (field.type) {
    case 'number':
      return 1;
    case 'date':
      return '2026-03-12';
    case 'multiselect':
    case 'list':
      return [option ?? 'example'];
    case 'environment':
      return 'staging-7';
    default:
      return option ?? field.placeholder ?? 'example';
  }
}

/** The context a template of `event` is checked against when saved. */
export function validationContext(event: NotificationEvent, fields: FieldDefinition[]): TemplateContext {
  if (event.startsWith('incident.')) return sampleContext(event, { fields: [] });
  if (fields.length === 0) return sampleContext(event);
  const sampleFields: SampleField[] = fields.map((field) => ({
    key: field.key,
    label: field.label,
    value: sampleValue(field),
  }));
  return sampleContext(event, { fields: sampleFields });
}

export function describeProblems(problems: PartProblem[]): string {
  return problems
    .map((problem) => `${problem.part} line ${problem.line}, column ${problem.column}: ${problem.message}`)
    .join('; ');
}

export async function checkTemplate(db: Queryable, event: NotificationEvent, template: NotificationTemplate) {
  return validateNotificationTemplate(template, validationContext(event, await allFieldDefinitions(db)));
}

export async function saveTemplate(
  db: Db,
  actor: Actor,
  event: NotificationEvent,
  template: NotificationTemplate,
  now: Date,
) {
  const checked = await checkTemplate(db, event, template);
  if (!checked.ok) {
    throw badRequest(
      'template_invalid',
      `The template cannot be saved: ${describeProblems(checked.problems)}`,
      checked.problems,
    );
  }
  await withTransaction(db, actor, async (tx) => {
    await tx
      .insert(notificationTemplates)
      .values({ event, ...template, updatedAt: now, updatedBy: actor.label })
      .onConflictDoUpdate({
        target: notificationTemplates.event,
        set: { ...template, updatedAt: now, updatedBy: actor.label },
      });
  });
  forgetNotificationConfig();
  return templateFor(db, event);
}

export async function resetTemplate(db: Db, actor: Actor, event: NotificationEvent) {
  await withTransaction(db, actor, (tx) =>
    tx.delete(notificationTemplates).where(eq(notificationTemplates.event, event)),
  );
  forgetNotificationConfig();
  return templateFor(db, event);
}
