// A small shop schema for the PostgreSQL suites, with the awkward types a copy must carry
// exactly: json/jsonb, bytea, timestamps with and without time zone, NULLs, unicode (emoji,
// CJK, combining marks), control characters, numeric precision, NaN and -0, arrays, an enum,
// a generated column, serial and identity ids, a self-reference and a foreign key.
import type { PgTestDatabase } from './test-databases.js';

export const shopSchemaSql = `
CREATE TYPE mood AS ENUM ('happy', 'sad', 'ünïcode 😀');
CREATE TABLE customers (
  id serial PRIMARY KEY,
  name text NOT NULL,
  email varchar(200),
  created_at timestamptz NOT NULL,
  birthday date,
  local_seen timestamp(3),
  profile jsonb,
  raw_profile json,
  avatar bytea,
  balance numeric(20,6),
  ratio double precision,
  tags text[],
  scores integer[],
  referrer_id integer REFERENCES customers (id)
);
CREATE TABLE orders (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id integer NOT NULL REFERENCES customers (id),
  status mood NOT NULL,
  total numeric(12,2) NOT NULL,
  total_with_tax numeric GENERATED ALWAYS AS (total * 1.2) STORED,
  note varchar(200),
  placed_at timestamptz
);
CREATE TABLE audit_log (id serial PRIMARY KEY, message text NOT NULL);
`;

/** 3,000 customers; orders 1..5,000 without every hundredth: 4,950 rows, highest id 4,999. */
export const shopDataSql = `
INSERT INTO customers (name, email, created_at, birthday, local_seen, profile, raw_profile, avatar,
                       balance, ratio, tags, scores, referrer_id)
SELECT
  CASE i % 4 WHEN 0 THEN 'Zoë ' || i WHEN 1 THEN '顧客 ' || i || ' 🎉'
             WHEN 2 THEN E'e\\u0301 combining ' || i || E'\\ttab\\nnewline\\\\backslash'
             ELSE 'plain ' || i END,
  CASE WHEN i % 7 = 0 THEN NULL ELSE 'user' || i || '@example.com' END,
  timestamptz '2020-02-29 23:59:59.999999+05:30' + i * interval '1 hour 0.000001 second',
  CASE WHEN i % 5 = 0 THEN NULL ELSE date '1970-01-01' + i END,
  timestamp '2021-06-01 12:00:00.123' + i * interval '1 minute',
  CASE WHEN i % 9 = 0 THEN NULL ELSE jsonb_build_object('i', i, 'emoji', '😀',
    'list', jsonb_build_array(1, 'two', NULL, 3.141592653589793), 'pad', repeat('x', i % 50)) END,
  CASE WHEN i % 11 = 0 THEN NULL ELSE ('{"dup": 1,  "dup": ' || i || ', "text": "空 \\u00e9"}')::json END,
  CASE WHEN i % 6 = 0 THEN NULL ELSE decode(md5(i::text), 'hex') || '\\x00ff00'::bytea END,
  (i * 1234567.123457 - 500000000)::numeric(20,6),
  CASE WHEN i % 13 = 0 THEN 'NaN'::float8 WHEN i % 17 = 0 THEN '-0'::float8 ELSE 1.0 / i END,
  ARRAY['a', NULL, 'with,comma', 'quo"te', '{brace}', 'ünï ' || i],
  CASE WHEN i % 3 = 0 THEN NULL ELSE ARRAY[i, -i, NULL, 2147483647] END,
  CASE WHEN i > 10 THEN i - 10 END
FROM generate_series(1, 3000) AS i;

INSERT INTO orders (customer_id, status, total, note, placed_at)
SELECT 1 + (i * 7) % 3000, (ARRAY['happy', 'sad', 'ünïcode 😀']::mood[])[1 + i % 3], round(i * 3.17, 2),
       CASE WHEN i % 4 = 0 THEN NULL ELSE 'note ' || i || ' — ✓' END,
       CASE WHEN i % 10 = 0 THEN NULL
            ELSE timestamptz '2023-03-26 01:30:00 Europe/Berlin' + i * interval '17 minutes' END
FROM generate_series(1, 5000) AS i;
DELETE FROM orders WHERE id % 100 = 0;

INSERT INTO audit_log (message) VALUES ('created');
`;

/** Row count and a digest of every row's text form in id order: equal digests, equal content. */
export async function tableDigest(
  database: PgTestDatabase,
  table: string,
  schema = 'public',
): Promise<{ rows: number; digest: string }> {
  const [result] = await database.rows<{ rows: number; digest: string }>(
    `SELECT count(*)::int AS rows, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t.id), '')) AS digest
     FROM "${schema}"."${table}" t`,
  );
  return result!;
}
