import { describe, expect, it } from 'vitest';
import { parseChatDate } from './chatDates.js';
import { ChatExportError, ChatExportReader, readChatExport } from './chatExport.js';

const discordExport = [
  '\uFEFFAuthorID,Author,Date,Content,Attachments,Reactions',
  '"111","Budi Santoso","2023-01-15T10:30:00.250+07:00","tolong nyalain staging bugfix1x2 dong","",""',
  '"222","Agus Infra","2023-01-15T10:41:05+07:00","done, ""bugfix1x2"" is up, cek ya',
  'kalau masih error bilang","https://cdn.discordapp.com/a.png","👍 (1)"',
].join('\r\n');

describe('readChatExport', () => {
  it('reads a DiscordChatExporter CSV: BOM, quoted fields, offsets, multi-line content', () => {
    const { messages } = readChatExport(discordExport);
    expect(messages).toEqual([
      {
        index: 0,
        line: 2,
        authorId: '111',
        author: 'Budi Santoso',
        at: new Date('2023-01-15T03:30:00.250Z'),
        text: 'tolong nyalain staging bugfix1x2 dong',
      },
      {
        index: 1,
        line: 3,
        authorId: '222',
        author: 'Agus Infra',
        at: new Date('2023-01-15T03:41:05Z'),
        text: 'done, "bugfix1x2" is up, cek ya\nkalau masih error bilang',
      },
    ]);
  });

  it('takes the message id from newer exports that lead with MessageID', () => {
    const csv = [
      'MessageID,AuthorID,Author,Date,Content,Attachments,Reactions',
      '"1097461","111","Budi","2023-04-20T09:00:00+07:00","pls recreate staging-x","",""',
    ].join('\n');
    const [message] = readChatExport(csv).messages;
    expect(message).toMatchObject({ id: '1097461', authorId: '111', author: 'Budi' });
  });

  it('needs the channel time zone for older exports whose dates carry no offset', () => {
    const csv = [
      'AuthorID,Author,Date,Content',
      '"1","Budi","04/20/2023 12:00 AM","hi"',
      '"1","Budi","04/20/2023 1:05 PM","x"',
    ].join('\n');
    expect(() => readChatExport(csv)).toThrow(ChatExportError);
    expect(() => readChatExport(csv)).toThrow(/CSV line 2: dates carry no UTC offset.*timeZone/);
    const { messages } = readChatExport(csv, { timeZone: 'Asia/Jakarta' });
    // Midnight and 13:05 in Jakarta (UTC+7) are 17:00 the day before and 06:05 in UTC.
    expect(messages.map((m) => m.at.toISOString())).toEqual([
      '2023-04-19T17:00:00.000Z',
      '2023-04-20T06:05:00.000Z',
    ]);
  });

  it('rejects a time zone that does not exist', () => {
    expect(() => readChatExport(discordExport, { timeZone: 'Asia/Atlantis' })).toThrow(
      /not a known IANA time zone/,
    );
  });

  it('maps the headers of other exporters by their synonyms, with reply and thread columns', () => {
    const csv = [
      'Username,Timestamp,Message,Thread ID,Reply To,Message ID',
      'budi,2023-02-01T08:00:00Z,copy db orders from stg-a to stg-b,,,m1',
      'agus,2023-02-01T08:20:00Z,done,t9,m1,m2',
    ].join('\n');
    const { messages, columns } = readChatExport(csv);
    expect(columns).toEqual({ id: 5, author: 0, date: 1, content: 2, replyTo: 4, thread: 3 });
    expect(messages[1]).toMatchObject({
      id: 'm2',
      author: 'agus',
      replyTo: 'm1',
      thread: 't9',
      text: 'done',
    });
    expect(messages[0]).not.toHaveProperty('replyTo');
  });

  it('takes an explicit column mapping, by header name or index', () => {
    const csv = ['Sender Name,When,Body,Channel', 'budi,2023-02-01T08:00:00Z,hello,infra'].join('\n');
    const byName = readChatExport(csv, { columns: { author: 'Sender Name', date: 'When', content: 'Body' } });
    expect(byName.messages[0]).toMatchObject({ author: 'budi', text: 'hello' });
    const headerless = readChatExport('budi,2023-02-01T08:00:00Z,hello', {
      hasHeader: false,
      columns: { author: 0, date: 1, content: 2 },
    });
    expect(headerless.messages[0]).toMatchObject({ author: 'budi', text: 'hello' });
  });

  it('names the missing column and the header it looked in', () => {
    const csv = ['AuthorID,Author,Content', '"1","Budi","hi"'].join('\n');
    expect(() => readChatExport(csv)).toThrow(
      'no column for "date": expected a header such as date, timestamp, time, datetime ' +
        '(header: AuthorID, Author, Content); name it with columns.date',
    );
    expect(() => readChatExport(csv, { columns: { date: 'Sent' } })).toThrow(
      'column "Sent" given for "date" is not in the header (AuthorID, Author, Content)',
    );
  });

  it('stops at an unreadable date with its line, or lists it when asked to skip', () => {
    const csv = ['Author,Date,Content', 'budi,2023-02-01T08:00:00Z,a', 'budi,yesterday,b', 'budi'].join('\n');
    expect(() => readChatExport(csv)).toThrow('CSV line 3: unreadable date "yesterday"');
    const lenient = readChatExport(csv, { onInvalidRow: 'skip' });
    expect(lenient.messages.map((m) => m.text)).toEqual(['a']);
    expect(lenient.invalidRows).toEqual([
      { line: 3, reason: 'unreadable date "yesterday"' },
      { line: 4, reason: 'the row has 1 fields, fewer than the header' },
    ]);
  });

  it('reads an export fed in chunks like a whole one', () => {
    const reader = new ChatExportReader();
    for (let i = 0; i < discordExport.length; i += 7) reader.push(discordExport.slice(i, i + 7));
    expect(reader.end()).toEqual(readChatExport(discordExport));
  });
});

describe('parseChatDate', () => {
  const jakarta = { timeZone: 'Asia/Jakarta' };
  const at = (raw: string, options = {}) => {
    const result = parseChatDate(raw, options);
    return result.ok ? result.at.toISOString() : result.reason;
  };

  it('reads the layouts exporters write', () => {
    expect(at('2023-01-15T10:30:00+07:00')).toBe('2023-01-15T03:30:00.000Z');
    expect(at('2023-01-15 10:30:00Z')).toBe('2023-01-15T10:30:00.000Z');
    expect(at('20-Apr-23 12:00 AM', jakarta)).toBe('2023-04-19T17:00:00.000Z');
    expect(at('2023-01-15 10:30', jakarta)).toBe('2023-01-15T03:30:00.000Z');
    expect(at('1673753400')).toBe('2023-01-15T03:30:00.000Z');
    expect(at('1673753400000')).toBe('2023-01-15T03:30:00.000Z');
  });

  it('reads 05/04/2023 as 4 May unless told the day comes first', () => {
    expect(at('05/04/2023 09:00', jakarta)).toBe('2023-05-04T02:00:00.000Z');
    expect(at('05/04/2023 09:00', { ...jakarta, dayFirst: true })).toBe('2023-04-05T02:00:00.000Z');
  });

  it('uses an explicit format when given one', () => {
    expect(at('15.01.2023 10:30', { ...jakarta, dateFormat: 'dd.MM.yyyy HH:mm' })).toBe(
      '2023-01-15T03:30:00.000Z',
    );
  });

  it('says why a date cannot be read', () => {
    expect(at('04/20/2023 12:00 AM')).toBe('needs_time_zone');
    expect(at('02/30/2023 10:00', jakarta)).toBe('unreadable');
    expect(at('13:00 PM 1/1/2023', jakarta)).toBe('unreadable');
  });
});
