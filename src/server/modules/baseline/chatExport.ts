// Reads a chat-channel export (DiscordChatExporter CSV or a browser extension's CSV) into
// normalised messages. Columns are found from the header by synonyms, or named explicitly.
import { z } from 'zod';
import { isValidTimeZone, parseChatDate } from './chatDates.js';
import { CsvReader, type CsvRecord } from './csv.js';

export const messageFields = ['id', 'authorId', 'author', 'date', 'content', 'replyTo', 'thread'] as const;
export type MessageField = (typeof messageFields)[number];
const requiredFields: readonly MessageField[] = ['author', 'date', 'content'];

/** Header spellings per field, most specific first; compared lowercased without punctuation. */
export const columnSynonyms: Record<MessageField, readonly string[]> = {
  id: ['messageid', 'message_id', 'msgid', 'id'],
  authorId: ['authorid', 'userid', 'senderid', 'memberid'],
  author: ['author', 'username', 'user', 'sender', 'authorname', 'displayname', 'nickname', 'name', 'from'],
  date: ['date', 'timestamp', 'time', 'datetime', 'sentat', 'createdat', 'created', 'postedat', 'sent'],
  content: ['content', 'message', 'text', 'body', 'messagecontent', 'messagetext'],
  replyTo: [
    'replyto',
    'replytoid',
    'inreplyto',
    'replyid',
    'referencedmessageid',
    'referencedmessage',
    'reference',
    'parentid',
    'parentmessageid',
    'repliedto',
  ],
  thread: ['threadid', 'thread', 'threadname', 'conversationid', 'conversation'],
};

const columnRef = z.union([z.string().min(1), z.number().int().min(0)]);

export const chatExportOptionsSchema = z.object({
  /** Header name (or 0-based index) per field; overrides detection for the fields given. */
  columns: z.partialRecord(z.enum(messageFields), columnRef).optional(),
  /** False when the file has no header row; then every required column must be an index. */
  hasHeader: z.boolean().default(true),
  timeZone: z.string().refine(isValidTimeZone, 'not a known IANA time zone').optional(),
  dateFormat: z.string().min(1).optional(),
  dayFirst: z.boolean().default(false),
  /** `skip` keeps going past rows that are too short or have an unreadable date, and lists them. */
  onInvalidRow: z.enum(['error', 'skip']).default('error'),
});
export type ChatExportOptions = z.input<typeof chatExportOptionsSchema>;

export interface ChatMessage {
  /** 0-based position among the export's messages. */
  index: number;
  /** Line of the CSV on which the message starts. */
  line: number;
  id?: string;
  authorId?: string;
  author: string;
  at: Date;
  text: string;
  replyTo?: string;
  thread?: string;
}

export interface InvalidRow {
  line: number;
  reason: string;
}

export interface ChatExport {
  messages: ChatMessage[];
  invalidRows: InvalidRow[];
  /** The column index each field was read from. */
  columns: Partial<Record<MessageField, number>>;
}

export class ChatExportError extends Error {
  constructor(
    readonly code: 'missing_column' | 'unknown_column' | 'invalid_row' | 'needs_time_zone' | 'empty_export',
    message: string,
    readonly line?: number,
  ) {
    super(line === undefined ? message : `CSV line ${line}: ${message}`);
    this.name = 'ChatExportError';
  }
}

const headerKey = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Finds each field's column: explicit mapping first, then the header's synonyms. */
export function resolveColumns(
  header: readonly string[] | null,
  explicit: Partial<Record<MessageField, string | number>> = {},
): Partial<Record<MessageField, number>> {
  const keys = header?.map(headerKey) ?? [];
  const resolved: Partial<Record<MessageField, number>> = {};
  const taken = new Set<number>();
  for (const field of messageFields) {
    const ref = explicit[field];
    if (ref === undefined) continue;
    const index = typeof ref === 'number' ? ref : keys.indexOf(headerKey(ref));
    if (index < 0 || (header && index >= header.length)) {
      throw new ChatExportError(
        'unknown_column',
        `column ${JSON.stringify(ref)} given for "${field}" is not in the header (${describeHeader(header)})`,
      );
    }
    resolved[field] = index;
    taken.add(index);
  }
  for (const field of messageFields) {
    if (resolved[field] !== undefined) continue;
    for (const synonym of columnSynonyms[field]) {
      const index = keys.indexOf(headerKey(synonym));
      if (index >= 0 && !taken.has(index)) {
        resolved[field] = index;
        taken.add(index);
        break;
      }
    }
  }
  for (const field of requiredFields) {
    if (resolved[field] === undefined) {
      throw new ChatExportError(
        'missing_column',
        `no column for "${field}": expected a header such as ${columnSynonyms[field].slice(0, 4).join(', ')} ` +
          `(header: ${describeHeader(header)}); name it with columns.${field}`,
      );
    }
  }
  return resolved;
}

function describeHeader(header: readonly string[] | null): string {
  return header ? header.join(', ') : 'none';
}

/** Reads a whole export held in memory. */
export function readChatExport(csvText: string, options: ChatExportOptions = {}): ChatExport {
  const reader = new ChatExportReader(options);
  reader.push(csvText);
  return reader.end();
}

/** Incremental form of `readChatExport`, for uploads read in chunks. */
export class ChatExportReader {
  private readonly csv = new CsvReader();
  private readonly options: z.output<typeof chatExportOptionsSchema>;
  private columns: Partial<Record<MessageField, number>> | null = null;
  private readonly messages: ChatMessage[] = [];
  private readonly invalidRows: InvalidRow[] = [];
  private needsZoneLine: number | null = null;

  constructor(options: ChatExportOptions = {}) {
    this.options = chatExportOptionsSchema.parse(options);
    if (!this.options.hasHeader) this.columns = resolveColumns(null, this.options.columns);
  }

  push(chunk: string): void {
    for (const record of this.csv.push(chunk)) this.accept(record);
  }

  end(): ChatExport {
    for (const record of this.csv.end()) this.accept(record);
    if (!this.columns)
      throw new ChatExportError('empty_export', 'the export is empty: not even a header row');
    if (this.needsZoneLine !== null) {
      throw new ChatExportError(
        'needs_time_zone',
        'dates carry no UTC offset (an older export); give the channel time zone as timeZone, e.g. "Asia/Jakarta"',
        this.needsZoneLine,
      );
    }
    return { messages: this.messages, invalidRows: this.invalidRows, columns: this.columns };
  }

  private accept(record: CsvRecord): void {
    if (!this.columns) {
      this.columns = resolveColumns(record.fields, this.options.columns);
      return;
    }
    const columns = this.columns;
    const field = (name: MessageField): string | undefined => {
      const index = columns[name];
      return index === undefined ? undefined : record.fields[index];
    };
    const author = field('author');
    const date = field('date');
    const content = field('content');
    if (author === undefined || date === undefined || content === undefined) {
      this.invalid(record.line, `the row has ${record.fields.length} fields, fewer than the header`);
      return;
    }
    const parsed = parseChatDate(date, this.options);
    if (!parsed.ok) {
      if (parsed.reason === 'needs_time_zone') this.needsZoneLine ??= record.line;
      else this.invalid(record.line, `unreadable date ${JSON.stringify(date)}`);
      return;
    }
    const message: ChatMessage = {
      index: this.messages.length,
      line: record.line,
      author: author.trim(),
      at: parsed.at,
      text: content.replace(/\r\n?/g, '\n'),
    };
    const optional = {
      id: field('id'),
      authorId: field('authorId'),
      replyTo: field('replyTo'),
      thread: field('thread'),
    };
    for (const [key, value] of Object.entries(optional) as [keyof typeof optional, string | undefined][]) {
      const trimmed = value?.trim();
      if (trimmed) message[key] = trimmed;
    }
    this.messages.push(message);
  }

  private invalid(line: number, reason: string): void {
    if (this.options.onInvalidRow === 'error') throw new ChatExportError('invalid_row', reason, line);
    this.invalidRows.push({ line, reason });
  }
}
