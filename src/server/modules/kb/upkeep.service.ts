// Upkeep: once a day, owners hear of their published articles whose review date has come, and of
// those readers found unhelpful (at least 5 votes, under half "helped"), in their in-app inbox
// (once per article and review date, or per article and week).
import { and, isNotNull, lte, or, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { systemActor, withTransaction } from '../../db/client.js';
import { tellInApp } from '../notifications/index.js';
import { kbArticles } from './kb.schema.js';

export async function remindOwners(context: AppContext): Promise<number> {
  const now = context.clock.now();
  const today = now.toISOString().slice(0, 10);
  const week = `${now.getUTCFullYear()}-w${Math.floor(now.getTime() / (7 * 86_400_000))}`;
  return withTransaction(context.db, systemActor('kb-upkeep'), async (tx) => {
    const due = await tx
      .select()
      .from(kbArticles)
      .where(
        and(
          sql`${kbArticles.status} = 'published'`,
          isNotNull(kbArticles.ownerId),
          or(
            lte(kbArticles.reviewBy, today),
            sql`${kbArticles.helpful} + ${kbArticles.unhelpful} >= 5 and ${kbArticles.helpful} * 2 < ${kbArticles.helpful} + ${kbArticles.unhelpful}`,
          ),
        ),
      );
    for (const article of due) {
      const url = `${context.config.publicUrl}/kb/edit/${article.id}`;
      if (article.reviewBy && article.reviewBy <= today)
        await tellInApp(tx, {
          userIds: [article.ownerId!],
          ticketId: null,
          event: 'kb.review_due',
          title: `Review your article "${article.title}" (review date ${article.reviewBy})`,
          url,
          dedupeKey: `kb-review:${article.id}:${article.reviewBy}`,
        });
      const votes = article.helpful + article.unhelpful;
      if (votes >= 5 && article.helpful * 2 < votes)
        await tellInApp(tx, {
          userIds: [article.ownerId!],
          ticketId: null,
          event: 'kb.unhelpful',
          title: `Readers found "${article.title}" unhelpful (${article.helpful} of ${votes} say it helped)`,
          url,
          dedupeKey: `kb-unhelpful:${article.id}:${week}`,
        });
    }
    return due.length;
  });
}
