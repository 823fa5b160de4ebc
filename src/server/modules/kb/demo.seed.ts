// Demo knowledge (seeded with the demo organisation, idempotent: an article whose title exists is
// left alone): each staging request type's tutorial as a public article its request type links to
// (the paper's Fig. 10 links), and the known error behind the demo's VPN incident with its
// workaround, so the portal's suggestions have something to offer.
import { inArray } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { type Actor, withTransaction } from '../../db/client.js';
import { stagingRequestTypes, updateRequestType } from '../catalog/index.js';
import { kbArticles, kbArticleVersions } from './kb.schema.js';

interface DemoArticle {
  title: string;
  body: string;
  tags: string[];
  requestType?: string;
}

const knownErrors: DemoArticle[] = [
  {
    title: 'VPN not connecting or dropping every few minutes (known error)',
    body: [
      '## Symptoms',
      'The VPN client does not connect, or connects and drops every few minutes with "tunnel reset".',
      '',
      '## Workaround',
      '1. Open the VPN client settings and choose the gateway **vpn-backup.opsdesk.local**.',
      '2. Reconnect. The backup gateway is not affected.',
      '',
      'We are fixing the main gateway; the status page says when it is done.',
    ].join('\n'),
    tags: ['vpn', 'network', 'known error'],
  },
  {
    title: 'Outlook asks for the password again and again',
    body: 'Sign out of Outlook, remove the cached credentials in the Credential Manager, sign in again.',
    tags: ['email', 'outlook', 'password'],
  },
];

export async function seedKbDemo(context: AppContext, actor: Actor): Promise<void> {
  const tutorials: DemoArticle[] = stagingRequestTypes
    .filter((type) => type.documentation)
    .map((type) => ({
      title: `How to: ${type.name}`,
      body: type.documentation!,
      tags: ['tutorial', 'staging'],
      requestType: type.key,
    }));
  const wanted = [...tutorials, ...knownErrors];
  const now = context.clock.now();
  const existing = await context.db
    .select({ id: kbArticles.id, title: kbArticles.title })
    .from(kbArticles)
    .where(
      inArray(
        kbArticles.title,
        wanted.map((article) => article.title),
      ),
    );
  const ids = new Map(existing.map((row) => [row.title, row.id]));
  for (const article of wanted) {
    if (ids.has(article.title)) continue;
    const id = await withTransaction(context.db, actor, async (tx) => {
      const [row] = await tx
        .insert(kbArticles)
        .values({
          title: article.title,
          body: article.body,
          tags: article.tags,
          audience: 'public',
          status: 'published',
          publishedAt: now,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: kbArticles.id });
      await tx.insert(kbArticleVersions).values({
        articleId: row!.id,
        version: 1,
        title: article.title,
        body: article.body,
        authorLabel: actor.label,
        note: 'demo',
        at: now,
      });
      return row!.id;
    });
    ids.set(article.title, id);
    if (article.requestType)
      await updateRequestType(context.db, actor, article.requestType, { docsUrl: `/kb/articles/${id}` });
  }
}
