// The incident history as an Atom feed (RFC 4287): one entry per published incident, its public
// updates in the content, newest first. Feed readers and chat tools follow a status page this way.
import { escapeHtml } from './page.js';
import type { Snapshot } from './snapshot.service.js';
import { incidentUrl, pageUrl } from './summary.view.js';

export function atomFeed(snapshot: Snapshot, options: { publicUrl: string; name: string }): string {
  const updated = snapshot.history[0]?.updatedAt ?? snapshot.generatedAt;
  const entries = snapshot.history.slice(0, 50).map((incident) => {
    const url = incidentUrl(options.publicUrl, incident.key);
    const content = [...incident.updates]
      .reverse()
      .map(
        (update) =>
          `<p><small>${update.at.toISOString()}</small><br><strong>${update.status}</strong> - ${escapeHtml(update.body)}</p>`,
      )
      .join('');
    return `<entry><id>${escapeHtml(url)}</id><title>${escapeHtml(incident.title)}</title>
<published>${incident.createdAt.toISOString()}</published><updated>${incident.updatedAt.toISOString()}</updated>
<link rel="alternate" type="text/html" href="${escapeHtml(url)}"/><content type="html">${escapeHtml(content)}</content></entry>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
<id>${escapeHtml(pageUrl(options.publicUrl))}</id><title>${escapeHtml(options.name)} incident history</title>
<link rel="alternate" type="text/html" href="${escapeHtml(pageUrl(options.publicUrl))}"/>
<link rel="self" type="application/atom+xml" href="${escapeHtml(`${pageUrl(options.publicUrl)}/feed.atom`)}"/>
<author><name>${escapeHtml(options.name)}</name></author>
<updated>${updated.toISOString()}</updated>
${entries.join('\n')}
</feed>
`;
}
