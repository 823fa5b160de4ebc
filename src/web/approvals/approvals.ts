// The approver's inbox (GET /api/v1/approvals): the (optimistic) removal of an item once acted on,
// and how a request's field values read in a list.
import type { approvalListOut, approvalStates } from '../../shared/api/approvals';
import type { Wire } from '../../shared/api/common';
import type { FieldDefinition } from '../../shared/fields';

export type ApprovalItem = Wire<typeof approvalListOut>[number];
export type ApprovalState = (typeof approvalStates)[number];

export const parseState = (value: string | null): ApprovalState =>
  value === 'decided' ? 'decided' : 'pending';

export const approvalsKey = (state: ApprovalState) => ['approvals', state] as const;

/** The list without the ticket just approved or declined. */
export function withoutTicket(items: ApprovalItem[] | undefined, key: string): ApprovalItem[] | undefined {
  return items?.filter((item) => item.ticket.key !== key);
}

/** A field's value as text: option values by their labels ("PostgreSQL", not "postgres"), lists joined, empty as a dash. */
export function formatValue(value: unknown, field?: Pick<FieldDefinition, 'options'>): string {
  const label = (item: unknown) =>
    field?.options?.find((option) => option.value === item)?.label ?? String(item);
  if (value === undefined || value === null || value === '') return '—';
  if (Array.isArray(value)) return value.length ? value.map(label).join(', ') : '—';
  if (typeof value === 'string') return label(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * The request's fields in the form's order with their labels (from the request type when known);
 * values of fields the form no longer has follow under their own key.
 */
export function describeFields(
  values: Record<string, unknown>,
  definitions: FieldDefinition[] | undefined,
): { key: string; label: string; value: string }[] {
  const out: { key: string; label: string; value: string }[] = [];
  const seen = new Set<string>();
  for (const field of definitions ?? []) {
    if (!(field.key in values)) continue;
    seen.add(field.key);
    out.push({ key: field.key, label: field.label, value: formatValue(values[field.key], field) });
  }
  for (const [key, value] of Object.entries(values)) {
    if (!seen.has(key)) out.push({ key, label: key, value: formatValue(value) });
  }
  return out;
}

export function historySummary(history: ApprovalItem['requesterHistory']): string {
  const { total, open, cancelled } = history;
  if (total <= 1) return 'First request from this person';
  const parts = [`${total} requests`, `${open} open`];
  if (cancelled) parts.push(`${cancelled} cancelled`);
  return parts.join(' · ');
}
