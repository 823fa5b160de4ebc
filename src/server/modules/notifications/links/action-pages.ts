// The small HTML pages behind emailed links: the approval confirmation (a GET never acts: mail
// scanners open links), the outcome pages, and unsubscribe. Every value is escaped.

const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (character) => entities[character] ?? character);

const style = `body{margin:0;padding:32px 16px;background:#f3f4f6;font-family:Arial,Helvetica,sans-serif;color:#111827}
main{max-width:560px;margin:0 auto;background:#fff;border:1px solid #d1d5db;padding:24px}
h1{font-size:20px;margin:0 0 16px}p{line-height:22px}table{border-collapse:collapse;width:100%;margin:0 0 16px}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e5e7eb;font-size:14px;vertical-align:top}
th{width:36%;background:#f9fafb}textarea{width:100%;box-sizing:border-box;min-height:80px;font:inherit}
button{font:inherit;font-weight:bold;color:#fff;border:0;padding:10px 20px;margin:12px 8px 0 0;cursor:pointer}
.approve{background:#15803d}.decline{background:#b91c1c}.neutral{background:#1d4ed8}.muted{color:#6b7280;font-size:13px}`;

export function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)} · Opsdesk</title><style>${style}</style></head>
<body><main><h1>${escapeHtml(title)}</h1>
${body}
</main></body></html>
`;
}

export function messagePage(title: string, message: string, link?: { href: string; label: string }): string {
  const action = link ? `<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.label)}</a></p>` : '';
  return page(title, `<p>${escapeHtml(message)}</p>${action}`);
}

export interface ApprovalPageInput {
  ticketKey: string;
  title: string;
  requestType: string | null;
  requester: string;
  approver: string;
  fields: Array<{ label: string; value: string }>;
  filedAt: string;
  ticketUrl: string;
  /** Form targets: the approve link and the decline link (same nonce). */
  approveAction: string;
  declineAction: string;
  expiresAt: string;
}

export function approvalPage(input: ApprovalPageInput): string {
  const rows = [
    ['Request', `${input.ticketKey} — ${input.title}`],
    ...(input.requestType ? [['Type', input.requestType]] : []),
    ['Requested by', input.requester],
    ['Filed', input.filedAt],
    ...input.fields.map((field) => [field.label, field.value]),
  ]
    .map(
      ([label, value]) => `<tr><th>${escapeHtml(label ?? '')}</th><td>${escapeHtml(value ?? '')}</td></tr>`,
    )
    .join('\n');
  return page(
    `Approve ${input.ticketKey}?`,
    `<p>${escapeHtml(input.approver)}, ${escapeHtml(input.requester)} asks for your approval.</p>
<table>${rows}</table>
<form method="post" action="${escapeHtml(input.approveAction)}">
<label for="comment">Comment (optional; the requester sees it)</label>
<textarea id="comment" name="comment" maxlength="5000"></textarea>
<button class="approve" type="submit" formaction="${escapeHtml(input.approveAction)}">Approve</button>
<button class="decline" type="submit" formaction="${escapeHtml(input.declineAction)}">Decline</button>
</form>
<p class="muted">This link works once, until ${escapeHtml(input.expiresAt)}. You can also <a href="${escapeHtml(input.ticketUrl)}">decide in Opsdesk</a>.</p>`,
  );
}

export function unsubscribePage(description: string, action: string): string {
  return page(
    'Unsubscribe',
    `<p>Stop receiving ${escapeHtml(description)}?</p>
<form method="post" action="${escapeHtml(action)}"><button class="neutral" type="submit">Unsubscribe</button></form>`,
  );
}
