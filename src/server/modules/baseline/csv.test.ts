import { describe, expect, it } from 'vitest';
import { CsvReader, CsvSyntaxError, parseCsv } from './csv.js';

const fields = (text: string) => parseCsv(text).map((record) => record.fields);

describe('parseCsv', () => {
  it('reads plain records with LF or CRLF line ends, without an empty record at the end', () => {
    expect(fields('a,b\n1,2\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(fields('a,b\r\n1,2\r\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(fields('a,b\r1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('drops a UTF-8 byte order mark so the first header is not "\\uFEFFAuthorID"', () => {
    expect(fields('\uFEFF"AuthorID","Author"\n"1","Budi"\n')[0]).toEqual(['AuthorID', 'Author']);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    const text = '"id","content"\n"1","copy ""orders"", users\nfrom a to b"\n"2",""\n';
    expect(fields(text)).toEqual([
      ['id', 'content'],
      ['1', 'copy "orders", users\nfrom a to b'],
      ['2', ''],
    ]);
  });

  it('keeps CRLF inside a quoted field as written', () => {
    expect(fields('"a\r\nb",c\r\n')).toEqual([['a\r\nb', 'c']]);
  });

  it('numbers each record by the line it starts on, counting line breaks inside quotes', () => {
    const text = 'h1,h2\n"x","two\nlines\nhere"\n\n"y","z"\n';
    expect(parseCsv(text).map((record) => record.line)).toEqual([1, 2, 6]);
  });

  it('skips blank lines but keeps a record of empty fields', () => {
    expect(fields('a\n\n\nb\n,\n')).toEqual([['a'], ['b'], ['', '']]);
  });

  it('keeps a stray quote inside an unquoted field literally', () => {
    expect(fields('say 5" screen,x\n')).toEqual([['say 5" screen', 'x']]);
  });

  it('names the line of a quoted field that is never closed', () => {
    const text = 'a,b\n"1","never\nclosed\n';
    expect(() => parseCsv(text)).toThrow(CsvSyntaxError);
    expect(() => parseCsv(text)).toThrow('CSV line 2: quoted field is never closed');
  });

  it('names the line of text after a closing quote', () => {
    expect(() => parseCsv('a,b\n"1"x,2\n')).toThrow(
      'CSV line 2: unexpected character "x" after a closing quote',
    );
  });
});

describe('CsvReader', () => {
  it('gives the same records whatever the chunk boundaries', () => {
    const text = '\uFEFF"id","text"\r\n"1","a ""quoted"", word\r\nnext line"\r\n"2","b"\r\n';
    const whole = parseCsv(text);
    for (let cut = 0; cut <= text.length; cut++) {
      const reader = new CsvReader();
      const records = [...reader.push(text.slice(0, cut)), ...reader.push(text.slice(cut)), ...reader.end()];
      expect(records, `cut at ${cut}`).toEqual(whole);
    }
  });

  it('returns records as soon as they are complete', () => {
    const reader = new CsvReader();
    expect(reader.push('a,b\nc,')).toEqual([{ line: 1, fields: ['a', 'b'] }]);
    expect(reader.push('d')).toEqual([]);
    expect(reader.end()).toEqual([{ line: 2, fields: ['c', 'd'] }]);
  });
});
