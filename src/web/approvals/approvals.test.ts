import { describe, expect, it } from 'vitest';
import type { FieldDefinition } from '../../shared/fields';
import {
  type ApprovalItem,
  describeFields,
  formatValue,
  historySummary,
  parseState,
  withoutTicket,
} from './approvals';

const item = (key: string) => ({ ticket: { key } }) as ApprovalItem;

describe('approvals inbox', () => {
  it('removes the ticket acted on', () => {
    expect(withoutTicket([item('REQ-1'), item('REQ-2')], 'REQ-1')?.map((i) => i.ticket.key)).toEqual([
      'REQ-2',
    ]);
    expect(withoutTicket(undefined, 'REQ-1')).toBeUndefined();
  });

  it('reads the tab from the URL', () => {
    expect(parseState('decided')).toBe('decided');
    expect(parseState(null)).toBe('pending');
    expect(parseState('nonsense')).toBe('pending');
  });

  it('formats values', () => {
    expect(formatValue(['users', 'orders'])).toBe('users, orders');
    expect(formatValue('')).toBe('—');
    expect(formatValue(3)).toBe('3');
    const engine = { options: [{ value: 'postgres', label: 'PostgreSQL' }] };
    expect(formatValue('postgres', engine)).toBe('PostgreSQL');
    expect(formatValue(['postgres', 'other'], engine)).toBe('PostgreSQL, other');
  });

  it('labels fields in the form order, unknown ones last under their key', () => {
    const definitions = [
      { key: 'environment', label: 'Staging environment', type: 'environment', required: true, rules: {} },
      { key: 'domain', label: 'Domain', type: 'text', required: true, rules: {} },
    ] as FieldDefinition[];
    expect(describeFields({ legacy: 'x', domain: 'shop', environment: 'bugfix1x2' }, definitions)).toEqual([
      { key: 'environment', label: 'Staging environment', value: 'bugfix1x2' },
      { key: 'domain', label: 'Domain', value: 'shop' },
      { key: 'legacy', label: 'legacy', value: 'x' },
    ]);
  });

  it('summarises the history', () => {
    expect(historySummary({ total: 1, open: 1, cancelled: 0, recent: [] })).toBe(
      'First request from this person',
    );
    expect(historySummary({ total: 6, open: 4, cancelled: 1, recent: [] })).toBe(
      '6 requests · 4 open · 1 cancelled',
    );
  });
});
