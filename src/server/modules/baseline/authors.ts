// Who wrote a message and whom it mentions. Exports identify authors by id when they can and by
// name otherwise; mentions appear as `<@123>` (raw) or `@Name` (DiscordChatExporter renders them).
import type { ChatMessage } from './chatExport.js';

export interface SupportTeam {
  /** Author names as they appear in the export (case-insensitive; a `#1234` tag is ignored). */
  names?: readonly string[];
  ids?: readonly string[];
}

const withoutTag = (name: string): string =>
  name
    .replace(/#\d{1,4}$/, '')
    .trim()
    .toLowerCase();

export const authorKey = (message: Pick<ChatMessage, 'authorId' | 'author'>): string =>
  message.authorId ?? `name:${withoutTag(message.author)}`;

export function isSupportAuthor(team: SupportTeam, message: ChatMessage): boolean {
  if (message.authorId && team.ids?.includes(message.authorId)) return true;
  const name = withoutTag(message.author);
  return team.names?.some((member) => withoutTag(member) === name) ?? false;
}

/** Finds the authors a message mentions, among everyone who wrote in the export. */
export class MentionDirectory {
  /** Lowercased `@` spellings, longest first, so `@budi santoso` wins over `@budi`. */
  private readonly spellings: { spelling: string; key: string }[] = [];
  private readonly ids = new Map<string, string>();

  constructor(messages: readonly ChatMessage[]) {
    const keysBySpelling = new Map<string, Set<string>>();
    const add = (spelling: string, key: string): void => {
      if (spelling.length < 2) return;
      const keys = keysBySpelling.get(spelling) ?? new Set<string>();
      keys.add(key);
      keysBySpelling.set(spelling, keys);
    };
    for (const message of messages) {
      const key = authorKey(message);
      const name = withoutTag(message.author);
      add(name, key);
      add(name.split(/[\s._]/)[0] ?? '', key);
      if (message.authorId) this.ids.set(message.authorId, key);
    }
    for (const [spelling, keys] of keysBySpelling) {
      // A first name shared by two people identifies neither.
      if (keys.size === 1) this.spellings.push({ spelling, key: [...keys][0]! });
    }
    this.spellings.sort((a, b) => b.spelling.length - a.spelling.length);
  }

  /** The text with every recognised mention blanked out. */
  withoutMentions(text: string): string {
    let lower = text.toLowerCase().replace(/<@!?\d+>/g, ' ');
    for (const { spelling } of this.spellings) lower = blankMentions(lower, spelling, () => undefined);
    return lower;
  }

  mentionedKeys(text: string): Set<string> {
    const found = new Set<string>();
    for (const match of text.matchAll(/<@!?(\d+)>/g)) {
      const key = this.ids.get(match[1]!);
      if (key) found.add(key);
    }
    let lower = text.toLowerCase();
    if (!lower.includes('@')) return found;
    for (const { spelling, key } of this.spellings)
      lower = blankMentions(lower, spelling, () => found.add(key));
    return found;
  }
}

/** Blanks each `@spelling` (so `@budi` is not found again inside `@budi santoso`). */
function blankMentions(lower: string, spelling: string, onFound: () => void): string {
  const at = `@${spelling}`;
  let text = lower;
  let position = text.indexOf(at);
  while (position >= 0) {
    const next = text[position + at.length];
    if (next === undefined || !/[\p{L}\p{N}]/u.test(next)) {
      onFound();
      text = text.slice(0, position) + ' '.repeat(at.length) + text.slice(position + at.length);
    }
    position = text.indexOf(at, position + 1);
  }
  return text;
}
