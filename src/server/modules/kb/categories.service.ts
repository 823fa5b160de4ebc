// Knowledge categories: a key people and URLs use, a name, an order.
import { asc, count, eq, or } from 'drizzle-orm';
import type { z } from 'zod';
import type { kbCategoryIn } from '../../../shared/api/kb.js';
import type { AppContext } from '../../context.js';
import { isUniqueViolation, type Queryable, withTransaction } from '../../db/client.js';
import { conflict, invalidField } from '../../lib/errors.js';
import { actorOf, type Principal } from '../identity/index.js';
import { kbArticles, kbCategories } from './kb.schema.js';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The category named by key or id, or a 400 naming the field. */
export async function resolveCategory(db: Queryable, ref: string, field = 'category') {
  const [row] = await db
    .select()
    .from(kbCategories)
    .where(
      uuidPattern.test(ref)
        ? or(eq(kbCategories.id, ref), eq(kbCategories.key, ref))
        : eq(kbCategories.key, ref),
    );
  if (!row) throw invalidField(field, `there is no knowledge category "${ref}".`, 'unknown_category');
  return row;
}

export async function listCategories(db: Queryable) {
  const rows = await db
    .select({ category: kbCategories, articles: count(kbArticles.id) })
    .from(kbCategories)
    .leftJoin(kbArticles, eq(kbArticles.categoryId, kbCategories.id))
    .groupBy(kbCategories.id)
    .orderBy(asc(kbCategories.position), asc(kbCategories.name));
  return rows.map(({ category, articles }) => ({ ...category, articles: Number(articles) }));
}

export async function createCategory(
  context: AppContext,
  principal: Principal,
  input: z.infer<typeof kbCategoryIn>,
  requestId?: string,
) {
  try {
    const [row] = await withTransaction(context.db, actorOf(principal, requestId), (tx) =>
      tx
        .insert(kbCategories)
        .values({
          key: input.key,
          name: input.name,
          description: input.description ?? '',
          position: input.position ?? 0,
        })
        .returning(),
    );
    return { ...row!, articles: 0 };
  } catch (error) {
    if (isUniqueViolation(error))
      throw conflict('category_exists', `A category with key ${input.key} exists.`);
    throw error;
  }
}
