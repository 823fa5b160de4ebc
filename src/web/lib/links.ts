// Web addresses inside plain text (comments, automation output) as parts to render as links:
// only http(s) addresses become links, trailing punctuation stays text, the rest stays text
// (React escapes it; nothing here is HTML).

export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

const urlPattern = /\bhttps?:\/\/[^\s<>"']+/gi;

export function linkParts(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let index = 0;
  for (const match of text.matchAll(urlPattern)) {
    let url = match[0];
    // "See https://x.example/run/7." or "(https://x.example)": the dot and bracket are not the address's.
    while (/[.,;:!?)\]}]$/.test(url)) {
      if (url.endsWith(')') && (url.match(/\(/g)?.length ?? 0) >= (url.match(/\)/g)?.length ?? 0)) break;
      url = url.slice(0, -1);
    }
    if (!URL.canParse(url)) continue;
    if (match.index > index) parts.push({ kind: 'text', text: text.slice(index, match.index) });
    parts.push({ kind: 'link', text: url, href: url });
    index = match.index + url.length;
  }
  if (index < text.length) parts.push({ kind: 'text', text: text.slice(index) });
  return parts;
}
