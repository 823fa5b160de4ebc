// A prebuilt statement must behave exactly as the Drizzle query it was written as: the same SQL
// text and parameters for the same values (checked for every prebuilt statement of the modules),
// the same rows mapped the same way (nulls of a left join, dates, jsonb), and it runs inside the
// transaction it is given.
import { eq, sql } from 'drizzle-orm';
import { integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../modules/index.js';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { connect, type Database, systemActor, withTransaction } from './client.js';
import { prebuilt, prebuiltStatements } from './prebuilt.js';

const probes = pgTable('prebuilt_probes', {
  id: serial('id').primaryKey(),
  at: timestamp('at', { withTimezone: true }).notNull(),
  data: jsonb('data').$type<unknown>(),
  note: text('note'),
});
const marks = pgTable('prebuilt_marks', {
  id: serial('id').primaryKey(),
  probeId: integer('probe_id').notNull(),
  label: text('label').notNull(),
});

let testDatabase: TestDatabase;
let database: Database;
beforeAll(async () => {
  testDatabase = await createTestDatabase();
  database = connect(testDatabase.url, { poolSize: 2 });
  await database.pool.query(`create table prebuilt_probes (id serial primary key, at timestamptz not null, data jsonb, note text);
    create table prebuilt_marks (id serial primary key, probe_id int not null, label text not null)`);
});
afterAll(async () => {
  await database?.close();
  await testDatabase?.drop();
});

describe('every prebuilt statement of the modules', () => {
  it('sends what building it anew sends', () => {
    expect(prebuiltStatements().length).toBeGreaterThan(0);
    for (const statement of prebuiltStatements()) {
      const { prebuilt: once, direct } = statement.compare(statement.example);
      expect(once, statement.text).toEqual(direct);
    }
  });
});

const insertProbe = prebuilt(
  (db, p: { at: Date; data: unknown; note: string | null }) =>
    db.insert(probes).values({ at: p.at, data: p.data, note: p.note }).returning(),
  { at: new Date('2026-01-02T03:04:05.678Z'), data: [1, { a: 'b' }], note: null },
);
const probeWithMarks = prebuilt(
  (db, p: { id: number; after: Date }) =>
    db
      .select({ probe: probes, mark: marks, notes: sql<number>`count(*) over ()`.mapWith(Number) })
      .from(probes)
      .leftJoin(marks, eq(marks.probeId, probes.id))
      .where(sql`${probes.id} = ${p.id} and ${probes.at} > ${sql.param(p.after, probes.at)}`)
      .orderBy(marks.id),
  { id: 1, after: new Date('2026-01-01T00:00:00Z') },
);

describe('a prebuilt statement', () => {
  it('returns the rows the Drizzle query returns, mapped the same way', async () => {
    const values = { at: new Date('2026-01-02T03:04:05.678Z'), data: ['x', { y: 2 }], note: null };
    const [inserted] = await insertProbe.run(database.db, values);
    const [direct] = await database.db.insert(probes).values(values).returning();
    expect({ ...inserted, id: 0 }).toEqual({ ...direct, id: 0 });
    expect(inserted!.at).toEqual(values.at);
    expect(inserted!.data).toEqual(values.data);

    const after = new Date('2026-01-01T00:00:00Z');
    const once = await probeWithMarks.run(database.db, { id: inserted!.id, after });
    const anew = await database.db
      .select({ probe: probes, mark: marks, notes: sql<number>`count(*) over ()`.mapWith(Number) })
      .from(probes)
      .leftJoin(marks, eq(marks.probeId, probes.id))
      .where(sql`${probes.id} = ${inserted!.id} and ${probes.at} > ${after}`)
      .orderBy(marks.id);
    expect(once).toEqual(anew);
    expect(once).toEqual([{ probe: inserted, mark: null, notes: 1 }]);
  });

  it('sends null as null, as building anew does (not jsonb null, not a failing timestamp)', async () => {
    const nullable = prebuilt(
      (db, p: { at: Date | null; data: unknown }) =>
        db
          .select({ id: probes.id })
          .from(probes)
          .where(
            sql`${sql.param(p.at, probes.at)}::timestamptz is null and ${sql.param(p.data, probes.data)}::jsonb is null`,
          ),
      { at: null, data: null },
    );
    expect(nullable.compare({ at: null, data: null }).prebuilt.params).toEqual([null, null]);
    const [inserted] = await insertProbe.run(database.db, { at: new Date(), data: null, note: null });
    const [row] = await database.pool
      .query('select data is null as sql_null from prebuilt_probes where id = $1', [inserted!.id])
      .then((result) => result.rows);
    expect(row).toEqual({ sql_null: true });
    expect(await nullable.run(database.db, { at: null, data: null })).toHaveLength(3);
  });

  it('runs in the transaction it is given', async () => {
    const seen = await withTransaction(database.db, systemActor('test'), async (tx) => {
      const [probe] = await insertProbe.run(tx, { at: new Date(), data: null, note: 'in tx' });
      await tx.insert(marks).values({ probeId: probe!.id, label: 'first' });
      const inside = await probeWithMarks.run(tx, { id: probe!.id, after: new Date(0) });
      const outside = await probeWithMarks.run(database.db, { id: probe!.id, after: new Date(0) });
      return { inside, outside };
    });
    expect(seen.outside).toEqual([]);
    expect(seen.inside).toMatchObject([{ probe: { note: 'in tx' }, mark: { label: 'first' }, notes: 1 }]);
  });
});
