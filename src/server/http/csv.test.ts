import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.js';

describe('toCsv', () => {
  const columns = [
    { header: 'name', value: (row: { name: string; n: number | null }) => row.name },
    { header: 'n', value: (row: { name: string; n: number | null }) => row.n },
  ];

  it('writes a header, CRLF line ends, and empty cells for null', () => {
    expect(
      toCsv(columns, [
        { name: 'a', n: 1 },
        { name: 'b', n: null },
      ]),
    ).toBe('name,n\r\na,1\r\nb,\r\n');
  });

  it('quotes commas, quotes and line breaks', () => {
    expect(toCsv(columns, [{ name: 'say "hi", then\nleave', n: 2 }])).toBe(
      'name,n\r\n"say ""hi"", then\nleave",2\r\n',
    );
  });

  it('defuses text a spreadsheet would run as a formula, but not negative numbers', () => {
    expect(toCsv(columns, [{ name: '=HYPERLINK("x")', n: -3 }])).toBe(
      'name,n\r\n"\'=HYPERLINK(""x"")",-3\r\n',
    );
  });
});
