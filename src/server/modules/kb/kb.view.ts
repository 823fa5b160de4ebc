// Articles as they leave: the Markdown rendered to safe HTML, category and owner named.
import { inArray } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { usersByIds } from '../identity/index.js';
import type { ArticleRow } from './articles.service.js';
import { kbCategories } from './kb.schema.js';
import { renderMarkdown } from './markdown.js';

export async function articleSummaries(db: Queryable, rows: readonly ArticleRow[]) {
  const categoryIds = [...new Set(rows.map((row) => row.categoryId).filter((id): id is string => !!id))];
  const categories = categoryIds.length
    ? await db.select().from(kbCategories).where(inArray(kbCategories.id, categoryIds))
    : [];
  const owners = await usersByIds(db, [
    ...new Set(rows.map((row) => row.ownerId).filter((id): id is string => !!id)),
  ]);
  return rows.map((row) => {
    const category = categories.find((entry) => entry.id === row.categoryId);
    const owner = row.ownerId ? owners.get(row.ownerId) : undefined;
    return {
      id: row.id,
      number: row.number,
      title: row.title,
      tags: row.tags,
      category: category ? { key: category.key, name: category.name } : null,
      audience: row.audience,
      status: row.status,
      language: row.language,
      version: row.version,
      owner: owner ? { id: owner.id, displayName: owner.displayName } : null,
      knownError: row.knownError,
      reviewBy: row.reviewBy,
      helpful: row.helpful,
      unhelpful: row.unhelpful,
      publishedAt: row.publishedAt,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  });
}

export async function articleOut(db: Queryable, row: ArticleRow) {
  const [summary] = await articleSummaries(db, [row]);
  return { ...summary!, body: row.body, html: renderMarkdown(row.body) };
}
