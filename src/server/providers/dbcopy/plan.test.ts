import { describe, expect, it } from 'vitest';
import {
  type Catalog,
  type ColumnShape,
  countMismatches,
  type ForeignKey,
  loadOrder,
  planCopy,
} from './plan.js';

function column(name: string, typeKey = 'int4', extra: Partial<ColumnShape> = {}): ColumnShape {
  return { name, typeKey, typeLabel: typeKey, required: false, builtin: true, ...extra };
}

function key(table: string, referencedTable: string, extra: Partial<ForeignKey> = {}): ForeignKey {
  return { name: `${table}_${referencedTable}_fkey`, table, referencedTable, deferrable: false, ...extra };
}

const customers = { name: 'customers', columns: [column('id'), column('name', 'text')] };
const orders = { name: 'orders', columns: [column('id'), column('customer_id'), column('total', 'numeric')] };

function catalog(tables: Catalog['tables'], foreignKeys: ForeignKey[] = []): Catalog {
  return { tables, foreignKeys };
}

describe('planCopy', () => {
  it('loads referenced tables first and keeps the source column order', () => {
    const keys = [key('orders', 'customers')];
    const plan = planCopy(
      ['orders', 'customers'],
      catalog([orders, customers], keys),
      catalog([orders, customers], keys),
    );
    expect(plan.problems).toEqual([]);
    expect(plan.cyclicForeignKeys).toBe(false);
    expect(plan.steps).toEqual([
      { table: 'customers', columns: ['id', 'name'], binarySafe: true },
      { table: 'orders', columns: ['id', 'customer_id', 'total'], binarySafe: true },
    ]);
  });

  it('names every table missing on either side', () => {
    const plan = planCopy(
      ['orders', 'archive', 'customers'],
      catalog([orders, customers]),
      catalog([orders]),
    );
    expect(plan.problems).toEqual([
      'Table `archive` does not exist in the source database',
      'Table `archive` does not exist in the target database',
      'Table `customers` does not exist in the target database',
    ]);
    expect(plan.steps.map((step) => step.table)).toEqual(['orders']);
  });

  it('refuses a target without one of the source columns', () => {
    const narrow = { name: 'orders', columns: [column('id'), column('customer_id')] };
    const plan = planCopy(['orders'], catalog([orders]), catalog([narrow]));
    expect(plan.problems).toEqual([
      'Table `orders`: column `total` exists in the source but not in the target',
    ]);
    expect(plan.steps).toEqual([]);
  });

  it('refuses a column whose type differs, showing both types', () => {
    const source = { name: 't', columns: [column('amount', 'numeric', { typeLabel: 'numeric(12,2)' })] };
    const target = { name: 't', columns: [column('amount', 'int4', { typeLabel: 'integer' })] };
    expect(planCopy(['t'], catalog([source]), catalog([target])).problems).toEqual([
      'Table `t`: column `amount` is numeric(12,2) in the source but integer in the target',
    ]);
  });

  it('accepts a different length of the same type (the server checks each value)', () => {
    const source = {
      name: 't',
      columns: [column('code', 'varchar', { typeLabel: 'character varying(10)' })],
    };
    const target = { name: 't', columns: [column('code', 'varchar', { typeLabel: 'character varying(5)' })] };
    expect(planCopy(['t'], catalog([source]), catalog([target])).problems).toEqual([]);
  });

  it('accepts extra optional target columns but refuses a required one the source lacks', () => {
    const target = {
      name: 'customers',
      columns: [...customers.columns, column('note', 'text'), column('region', 'text', { required: true })],
    };
    expect(planCopy(['customers'], catalog([customers]), catalog([target])).problems).toEqual([
      'Table `customers`: the target requires column `region`, which the source does not have',
    ]);
  });

  it('refuses when an unlisted table refers to a listed one', () => {
    const keys = [key('order_items', 'orders'), key('orders', 'customers')];
    const plan = planCopy(
      ['orders', 'customers'],
      catalog([orders, customers]),
      catalog([orders, customers], keys),
    );
    expect(plan.problems).toEqual([
      'Table `order_items` refers to `orders` (foreign key `order_items_orders_fkey`) but is not in the list: ' +
        'emptying `orders` would break it. Add `order_items` to the tables to copy.',
    ]);
  });

  it('does not mind a listed table referring to an unlisted one', () => {
    const keys = [key('orders', 'customers')];
    expect(planCopy(['orders'], catalog([orders]), catalog([orders], keys)).problems).toEqual([]);
  });

  it('copies a table as text when a column has a user-defined type', () => {
    const source = { name: 't', columns: [column('id'), column('mood', 'mood', { builtin: false })] };
    const plan = planCopy(['t'], catalog([source]), catalog([source]));
    expect(plan.steps[0]?.binarySafe).toBe(false);
  });
});

describe('loadOrder', () => {
  it('orders a chain parent first and keeps the requested order between independent tables', () => {
    const keys = [key('items', 'orders'), key('orders', 'customers')];
    expect(loadOrder(['items', 'logs', 'orders', 'customers'], keys)).toEqual({
      order: ['logs', 'customers', 'orders', 'items'],
      cyclic: false,
    });
  });

  it('needs no order for a table referring to itself', () => {
    expect(loadOrder(['employees'], [key('employees', 'employees')])).toEqual({
      order: ['employees'],
      cyclic: false,
    });
  });

  it('reports a cycle of non-deferrable keys', () => {
    const keys = [key('a', 'b'), key('b', 'a')];
    expect(loadOrder(['a', 'b', 'c'], keys)).toEqual({ order: ['c', 'a', 'b'], cyclic: true });
  });

  it('ignores deferrable keys, which are checked at commit', () => {
    const keys = [key('a', 'b'), key('b', 'a', { deferrable: true })];
    expect(loadOrder(['a', 'b'], keys)).toEqual({ order: ['b', 'a'], cyclic: false });
  });
});

describe('countMismatches', () => {
  it('names each table whose counts differ and nothing else', () => {
    expect(
      countMismatches([
        { name: 'orders', sourceRows: 120_000, targetRows: 119_998 },
        { name: 'customers', sourceRows: 5, targetRows: 5 },
        { name: 'events', sourceRows: 0, targetRows: 1 },
      ]),
    ).toEqual([
      '`orders`: 120,000 rows in the source, 119,998 in the target',
      '`events`: 0 rows in the source, 1 in the target',
    ]);
  });
});
