// The shop schema for the MySQL/MariaDB suite, with the awkward types a copy must carry exactly:
// JSON, BLOB, BIT, unsigned BIGINT at its maximum, TIMESTAMP(6), a zero date, spatial values,
// NULLs, unicode (emoji, CJK, combining marks), control characters, decimals, an enum, a
// generated column, AUTO_INCREMENT ids, a self-reference and a foreign key.
import { createHash } from 'node:crypto';
import type { MysqlTestDatabase } from './test-databases.js';

export const mysqlShopSchemaSql = `
CREATE TABLE customers (
  id INT AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  email VARCHAR(200),
  created_at TIMESTAMP(6) NULL,
  birthday DATE,
  seen DATETIME(3),
  profile JSON,
  avatar BLOB,
  balance DECIMAL(20,6),
  ratio DOUBLE,
  flags BIT(8),
  big BIGINT UNSIGNED,
  spot POINT NULL,
  referrer_id INT,
  CONSTRAINT customers_referrer_fk FOREIGN KEY (referrer_id) REFERENCES customers (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE orders (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  customer_id INT NOT NULL,
  status ENUM('happy', 'sad', 'ünïcode 😀') NOT NULL,
  total DECIMAL(12,2) NOT NULL,
  total_with_tax DECIMAL(14,3) AS (total * 1.2) STORED,
  note VARCHAR(200),
  CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE audit_log (id INT AUTO_INCREMENT PRIMARY KEY, message TEXT NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
`;

function customerName(i: number): string {
  switch (i % 4) {
    case 0:
      return `Zoë ${i}`;
    case 1:
      return `顧客 ${i} 🎉`;
    case 2:
      return `e\u0301 combining ${i}\ttab\nnewline\\backslash 'quote'`;
    default:
      return `plain ${i}`;
  }
}

function timestamp(ms: number, fraction: string): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ') + fraction;
}

function customerRow(i: number): unknown[] {
  return [
    customerName(i),
    i % 7 === 0 ? null : `user${i}@example.com`,
    i % 8 === 0
      ? null
      : timestamp(Date.UTC(2021, 0, 1) + i * 3_600_000, `.${String(i % 1_000_000).padStart(6, '0')}`),
    i === 1
      ? '0000-00-00'
      : i % 5 === 0
        ? null
        : timestamp(Date.UTC(1970, 0, 1) + i * 86_400_000, '').slice(0, 10),
    timestamp(Date.UTC(2021, 5, 1, 12) + i * 60_000, '.123'),
    i % 9 === 0
      ? null
      : JSON.stringify({ i, emoji: '😀', list: [1, 'two', null, Math.PI], pad: 'x'.repeat(i % 50) }),
    i % 6 === 0
      ? null
      : Buffer.concat([createHash('md5').update(String(i)).digest(), Buffer.from([0, 255, 0])]),
    `${i % 2 === 0 ? '-' : ''}${i * 1234567}.123457`,
    i % 13 === 0 ? null : 1 / i,
    Buffer.from([i % 256]),
    i === 1 ? '18446744073709551615' : String(i * 1_000_000_000_000),
    i > 10 ? i - 10 : null,
  ];
}

async function insertInChunks(database: MysqlTestDatabase, head: string, rows: unknown[][]): Promise<void> {
  for (let start = 0; start < rows.length; start += 1_000) {
    await database.run(`${head} VALUES ?`, [rows.slice(start, start + 1_000)]);
  }
}

/** 3,000 customers; orders 1..5,000 without every hundredth: 4,950 rows, highest id 4,999. */
export async function loadMysqlShopData(database: MysqlTestDatabase): Promise<void> {
  await database.run("SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION'");
  const customers = Array.from({ length: 3_000 }, (_, index) => customerRow(index + 1));
  await insertInChunks(
    database,
    'INSERT INTO customers (name, email, created_at, birthday, seen, profile, avatar, balance, ratio, flags, big, referrer_id)',
    customers,
  );
  await database.run('UPDATE customers SET spot = POINT(id / 10, -id) WHERE id % 2 = 0');
  const statuses = ['happy', 'sad', 'ünïcode 😀'];
  const orders = Array.from({ length: 5_000 }, (_, index) => {
    const i = index + 1;
    return [
      1 + ((i * 7) % 3_000),
      statuses[i % 3],
      (i * 3.17).toFixed(2),
      i % 4 === 0 ? null : `note ${i} — ✓`,
    ];
  });
  await insertInChunks(database, 'INSERT INTO orders (customer_id, status, total, note)', orders);
  await database.run('DELETE FROM orders WHERE id % 100 = 0');
  await database.run("INSERT INTO audit_log (message) VALUES ('created')");
}

/** Row count and a digest of every column of every row in id order (QUOTE keeps NULL apart from 'NULL'). */
export async function mysqlTableDigest(
  database: MysqlTestDatabase,
  table: string,
): Promise<{ rows: number; digest: string | null }> {
  const columns = await database.rows<{ name: string }>(
    `SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS
     WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
    [table],
  );
  const row = columns.map((column) => `QUOTE(\`${column.name}\`)`).join(', ');
  await database.run('SET SESSION group_concat_max_len = 1073741824');
  const [result] = await database.rows<{ rows: string; digest: string | null }>(
    `SELECT COUNT(*) AS \`rows\`, MD5(GROUP_CONCAT(CONCAT_WS('|', ${row}) ORDER BY id SEPARATOR '\\n')) AS digest
     FROM \`${table}\``,
  );
  return { rows: Number(result!.rows), digest: result!.digest };
}
