// A small, safe reader for request-type documentation ("markdown-ish" text): headings, paragraphs,
// bullet and numbered lists, fenced code, and inline `code`, **bold**, *emphasis* and [links](url).
// It produces plain data; DocText renders it with React elements (never raw HTML).

export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'strong'; text: string }
  | { kind: 'em'; text: string }
  | { kind: 'link'; text: string; href: string };

export type Block =
  | { kind: 'heading'; level: number; content: Inline[] }
  | { kind: 'paragraph'; content: Inline[] }
  | { kind: 'list'; ordered: boolean; items: Inline[][] }
  | { kind: 'code'; text: string; language: string };

/** Only links that stay on this site or go to http(s)/mailto; anything else (javascript:, data:) is text. */
export function safeHref(href: string): string | null {
  const trimmed = href.trim();
  if (/^(\/(?!\/)|#)/.test(trimmed)) return trimmed;
  if (/^(https?:\/\/|mailto:)/i.test(trimmed)) return trimmed;
  return null;
}

const inlinePattern =
  /`([^`]+)`|\*\*([^*]+)\*\*|\*([^*\s][^*]*)\*|_([^_\s][^_]*)_|\[([^\]]+)\]\(([^)\s]+)\)/g;

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  const push = (item: Inline) => {
    const last = out[out.length - 1];
    if (item.kind === 'text' && last?.kind === 'text') last.text += item.text;
    else if (item.kind !== 'text' || item.text) out.push(item);
  };
  let index = 0;
  for (const match of text.matchAll(inlinePattern)) {
    push({ kind: 'text', text: text.slice(index, match.index) });
    const [whole, code, strong, em, emUnderscore, linkText, href] = match;
    if (code !== undefined) push({ kind: 'code', text: code });
    else if (strong !== undefined) push({ kind: 'strong', text: strong });
    else if (em !== undefined || emUnderscore !== undefined)
      push({ kind: 'em', text: (em ?? emUnderscore)! });
    else if (linkText !== undefined && href !== undefined) {
      const safe = safeHref(href);
      push(safe ? { kind: 'link', text: linkText, href: safe } : { kind: 'text', text: linkText });
    } else push({ kind: 'text', text: whole });
    index = match.index + whole.length;
  }
  push({ kind: 'text', text: text.slice(index) });
  return out;
}

const bullet = /^\s*[-*+]\s+(.*)$/;
const numbered = /^\s*\d+[.)]\s+(.*)$/;
const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const fence = /^\s*(```|~~~)\s*([\w+-]*)\s*$/;

export function parseDocumentation(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let list: { ordered: boolean; items: string[] } | null = null;

  const flushParagraph = () => {
    if (paragraph.length) blocks.push({ kind: 'paragraph', content: parseInline(paragraph.join(' ')) });
    paragraph = [];
  };
  const flushList = () => {
    if (list) blocks.push({ kind: 'list', ordered: list.ordered, items: list.items.map(parseInline) });
    list = null;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fenced = fence.exec(line);
    if (fenced) {
      flushParagraph();
      flushList();
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i]!.trim().startsWith(fenced[1]!)) body.push(lines[i++]!);
      blocks.push({ kind: 'code', text: body.join('\n'), language: fenced[2] ?? '' });
      continue;
    }
    if (!line.trim()) {
      flushParagraph();
      flushList();
      continue;
    }
    const head = heading.exec(line);
    if (head) {
      flushParagraph();
      flushList();
      blocks.push({ kind: 'heading', level: head[1]!.length, content: parseInline(head[2]!) });
      continue;
    }
    const item = bullet.exec(line) ?? numbered.exec(line);
    if (item) {
      const ordered = !bullet.test(line);
      flushParagraph();
      if (list && list.ordered !== ordered) flushList();
      list ??= { ordered, items: [] };
      list.items.push(item[1]!);
      continue;
    }
    if (list && /^\s{2,}\S/.test(line)) {
      // An indented line continues the previous list item.
      list.items[list.items.length - 1] += ` ${line.trim()}`;
      continue;
    }
    flushList();
    paragraph.push(line.trim());
  }
  flushParagraph();
  flushList();
  return blocks;
}
