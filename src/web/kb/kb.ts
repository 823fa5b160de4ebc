// Knowledge base calls and small pure helpers shared by its pages and the portal's suggestions.
import type { Wire } from '../../shared/api/common';
import type { kbSearchHit } from '../../shared/api/kb';

export type SearchHit = Wire<typeof kbSearchHit>;

/** A snippet from the server is escaped text with <mark> around matches: split it for React. */
export function snippetParts(snippet: string): { text: string; marked: boolean }[] {
  const decode = (value: string) =>
    value
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&quot;', '"')
      .replaceAll('&#39;', "'")
      .replaceAll('&amp;', '&');
  return snippet
    .split(/(<mark>[\s\S]*?<\/mark>)/)
    .filter(Boolean)
    .map((part) =>
      part.startsWith('<mark>')
        ? { text: decode(part.slice(6, -7)), marked: true }
        : { text: decode(part), marked: false },
    );
}

export const percent = (value: number | null | undefined) =>
  value === null || value === undefined ? '—' : `${Math.round(value * 100)}%`;
