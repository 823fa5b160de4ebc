// The parts of a render context every ticket event shares: the ticket with all its custom
// fields, its people and its link. Pure: the data comes from ticket-facts.ts.
import type { FieldDefinition, FieldValue as TicketFieldValue } from '../../../../shared/fields.js';
import { siteName, ticketUrl } from '../links/urls.js';
import type { FieldValue } from './events.js';
import type { TicketSnapshot, UserRow } from './ticket-facts.js';

export interface PersonContext {
  id: string | null;
  name: string;
  email: string | null;
}

export function personOf(user: UserRow): PersonContext {
  return { id: user.id, name: user.displayName, email: user.email };
}

export function site(publicUrl: string) {
  return { name: siteName, url: publicUrl };
}

/** A field's value as a person reads it: a select's label, a list joined with commas. */
export function displayFieldValue(
  definition: FieldDefinition | undefined,
  value: TicketFieldValue | undefined,
) {
  if (value === undefined) return '';
  const label = (item: string) => definition?.options?.find((option) => option.value === item)?.label ?? item;
  return Array.isArray(value) ? value.map(label).join(', ') : label(String(value));
}

export interface TicketSectionInput {
  snapshot: TicketSnapshot;
  /** The status the event left the ticket in (it may have moved on since). */
  status: { key: string; name: string };
  updatedAt: Date;
  /** Every custom field of every request type (see allFieldDefinitions). */
  allFields: FieldDefinition[];
}

export function ticketSection({ snapshot, status, updatedAt, allFields }: TicketSectionInput) {
  const { ticket, requestType } = snapshot;
  const fields: Record<string, FieldValue> = {};
  for (const field of allFields) fields[field.key] = ticket.fields[field.key] ?? null;
  for (const [key, value] of Object.entries(ticket.fields)) fields[key] = value;
  const fieldList = (requestType?.fields ?? [])
    .filter((field) => ticket.fields[field.key] !== undefined)
    .map((field) => ({
      key: field.key,
      label: field.label,
      value: displayFieldValue(field, ticket.fields[field.key]),
    }));
  return {
    key: ticket.key,
    title: ticket.title,
    kind: ticket.kind === 'request' ? ('service_request' as const) : ('incident' as const),
    requestType: requestType ? { key: requestType.key, name: requestType.name } : null,
    status,
    priority: null,
    createdAt: ticket.createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
    fields,
    fieldList,
  };
}

/** What every request event's context holds before the recipient and their links are added. */
export function requestCommon(input: TicketSectionInput, publicUrl: string) {
  return {
    site: site(publicUrl),
    ticket: ticketSection(input),
    requester: personOf(input.snapshot.requester),
    links: { ticket: ticketUrl(publicUrl, input.snapshot.ticket.key) },
  };
}

export function teamOf(snapshot: TicketSnapshot) {
  return { name: snapshot.team?.name ?? 'Service desk', email: null };
}
