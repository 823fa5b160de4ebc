// Building blocks of the default templates. They assemble plain Liquid source at module load;
// the admin edits the assembled source, which stands alone. HTML follows what mail clients
// render reliably: nested tables, inline styles, web-safe fonts, no external images or CSS.
import type { Severity } from '../../pipeline/events.js';

const font = 'font-family:Arial,Helvetica,sans-serif;';

export const accentColor: Record<Severity, string> = {
  info: '#1d4ed8',
  success: '#15803d',
  warning: '#b45309',
  critical: '#b91c1c',
};

/** A fact: a label, a Liquid expression for its value, and optionally a condition for showing it. */
export interface Fact {
  label: string;
  value: string;
  when?: string;
}

export function paragraph(html: string): string {
  return `<p style="margin:0 0 16px 0;">${html}</p>`;
}

/** A quoted block for text someone wrote (a comment, a result); keeps its line breaks. */
export function quote(liquidValue: string): string {
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 16px 0;"><tr>
<td style="border-left:4px solid #d1d5db;background-color:#f9fafb;padding:12px 16px;${font}font-size:14px;line-height:21px;color:#374151;">{{ ${liquidValue} | multiline }}</td>
</tr></table>`;
}

export function factRow(label: string, value: string): string {
  return `<tr>
<td valign="top" width="36%" style="padding:8px 12px;border-bottom:1px solid #e5e7eb;background-color:#f9fafb;${font}font-size:14px;line-height:20px;font-weight:bold;color:#374151;">${label}</td>
<td valign="top" style="padding:8px 12px;border-bottom:1px solid #e5e7eb;${font}font-size:14px;line-height:20px;color:#111827;">${value}</td>
</tr>`;
}

function conditional(when: string | undefined, content: string): string {
  return when ? `{% if ${when} %}${content}{% endif %}` : content;
}

/** Facts as a two-column table; `extraRows` is Liquid that emits more rows (a loop over fields). */
export function factsTable(facts: Fact[], extraRows = ''): string {
  const rows = facts.map((fact) => conditional(fact.when, factRow(fact.label, fact.value))).join('\n');
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 20px 0;border:1px solid #e5e7eb;border-collapse:collapse;">
${rows}${extraRows}
</table>`;
}

/** The custom fields of the ticket, one row each, in form order. */
export const customFieldRows = `{% for field in ticket.fieldList %}${factRow('{{ field.label }}', '{{ field.value }}')}{% endfor %}`;

export interface ButtonSpec {
  label: string;
  href: string;
  color: string;
}

/** Buttons made of table cells with a background colour: they survive Outlook's Word renderer. */
export function buttons(specs: ButtonSpec[]): string {
  const cells = specs
    .map(
      (
        spec,
      ) => `<td align="center" bgcolor="${spec.color}" style="border-radius:4px;background-color:${spec.color};">
<a href="{{ ${spec.href} }}" target="_blank" style="display:inline-block;padding:12px 24px;${font}font-size:15px;font-weight:bold;line-height:20px;color:#ffffff;text-decoration:none;border-radius:4px;">${spec.label}</a>
</td>`,
    )
    .join('\n<td width="12" style="font-size:0;line-height:0;">&nbsp;</td>\n');
  return `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:4px 0 20px 0;"><tr>
${cells}
</tr></table>`;
}

export interface EmailSpec {
  severity: Severity;
  /** The line mail clients show next to the subject in the inbox. */
  preheader: string;
  heading: string;
  body: string;
  /** Liquid that precedes the document (assignments used by the body). */
  prelude?: string;
}

const footer = `This message was sent by <a href="{{ site.url }}" style="color:#6b7280;">{{ site.name }}</a> about {{ ticket.key }}.
{% if links.unsubscribe %}<a href="{{ links.unsubscribe }}" style="color:#6b7280;">Unsubscribe</a> from these messages.{% endif %}`;

export function emailHtml(spec: EmailSpec): string {
  return `${spec.prelude ?? ''}<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="x-apple-disable-message-reformatting">
<title>${spec.heading}</title>
</head>
<body style="margin:0;padding:0;background-color:#f3f4f6;">
<div style="display:none;max-height:0;overflow:hidden;mso-hide:all;">${spec.preheader}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f3f4f6;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px;background-color:#ffffff;border:1px solid #d1d5db;">
<tr><td style="background-color:${accentColor[spec.severity]};padding:14px 24px;${font}font-size:14px;font-weight:bold;letter-spacing:0.5px;color:#ffffff;">{{ site.name }}</td></tr>
<tr><td style="padding:24px;${font}font-size:15px;line-height:22px;color:#111827;">
<h1 style="margin:0 0 16px 0;${font}font-size:20px;line-height:28px;color:#111827;">${spec.heading}</h1>
${spec.body}
</td></tr>
<tr><td style="padding:16px 24px;border-top:1px solid #e5e7eb;${font}font-size:12px;line-height:18px;color:#6b7280;">
${footer}
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}

/** Plain-text facts, one "Label: value" line each; conditional lines vanish entirely. */
export function textFacts(facts: Fact[]): string {
  return facts.map((fact) => conditional(fact.when, `${fact.label}: ${fact.value}\n`)).join('');
}

export const textCustomFields =
  '{% for field in ticket.fieldList %}{{ field.label }}: {{ field.value }}\n{% endfor %}';

export const textFooter = `--
{{ site.name }} · {{ site.url }}
{% if links.unsubscribe %}Unsubscribe: {{ links.unsubscribe }}
{% endif %}`;
