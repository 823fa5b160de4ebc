// RFC 4180 CSV reader. Chat exports can be large, so the reader is a single linear pass that
// can also be fed chunk by chunk (from a file or an upload stream) through `CsvReader`.

export interface CsvRecord {
  /** 1-based physical line on which the record starts (newlines inside quotes count). */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  readonly code = 'csv_syntax';
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`CSV line ${line}: ${message}`);
    this.name = 'CsvSyntaxError';
  }
}

type State = 'fieldStart' | 'unquoted' | 'quoted' | 'quoteInQuoted';

export class CsvReader {
  private state: State = 'fieldStart';
  private field = '';
  private fields: string[] = [];
  private line = 1;
  private recordLine = 1;
  private quoteLine = 1;
  private pendingCR = false;
  private sawFirstChunk = false;
  private recordStarted = false;

  /** Feeds the next piece of text and returns the records it completed. */
  push(chunk: string): CsvRecord[] {
    let text = chunk;
    if (!this.sawFirstChunk && text.length > 0) {
      this.sawFirstChunk = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const out: CsvRecord[] = [];
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      if (this.pendingCR) {
        this.pendingCR = false;
        // CRLF is one line break; the CR already ended the record or was kept in a quoted field.
        if (ch === '\n') {
          if (this.state === 'quoted') this.field += '\n';
          continue;
        }
      }
      switch (this.state) {
        case 'quoted':
          if (ch === '"') this.state = 'quoteInQuoted';
          else {
            this.field += ch;
            if (ch === '\n' || ch === '\r') this.newline(ch);
          }
          break;
        case 'quoteInQuoted':
          if (ch === '"') {
            this.field += '"';
            this.state = 'quoted';
          } else if (ch === ',') this.endField();
          else if (ch === '\n' || ch === '\r') this.endRecord(out, ch);
          else
            throw new CsvSyntaxError(
              `unexpected character ${JSON.stringify(ch)} after a closing quote`,
              this.line,
            );
          break;
        case 'fieldStart':
          if (ch === '"') {
            this.recordStarted = true;
            this.quoteLine = this.line;
            this.state = 'quoted';
            break;
          }
          this.state = 'unquoted';
          this.unquoted(ch, out);
          break;
        case 'unquoted':
          this.unquoted(ch, out);
          break;
      }
    }
    return out;
  }

  /** Ends the input and returns the last record, if any. */
  end(): CsvRecord[] {
    if (this.state === 'quoted') {
      throw new CsvSyntaxError('quoted field is never closed', this.quoteLine);
    }
    const out: CsvRecord[] = [];
    if (this.recordStarted || this.field !== '' || this.fields.length > 0) {
      this.endField();
      out.push({ line: this.recordLine, fields: this.fields });
    }
    this.fields = [];
    this.recordStarted = false;
    return out;
  }

  private unquoted(ch: string, out: CsvRecord[]): void {
    if (ch === ',') {
      this.recordStarted = true;
      this.endField();
    } else if (ch === '\n' || ch === '\r') this.endRecord(out, ch);
    else {
      // A stray quote inside an unquoted field is kept literally, as most exporters intend.
      this.recordStarted = true;
      this.field += ch;
    }
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = '';
    this.state = 'fieldStart';
  }

  private endRecord(out: CsvRecord[], lineBreak: string): void {
    const blankLine = !this.recordStarted && this.fields.length === 0 && this.field === '';
    if (!blankLine) {
      this.endField();
      out.push({ line: this.recordLine, fields: this.fields });
    }
    this.fields = [];
    this.field = '';
    this.state = 'fieldStart';
    this.recordStarted = false;
    this.newline(lineBreak);
    this.recordLine = this.line;
  }

  private newline(lineBreak: string): void {
    this.line++;
    if (lineBreak === '\r') this.pendingCR = true;
  }
}

/** Parses a whole CSV text. Blank lines are skipped; a UTF-8 BOM is dropped. */
export function parseCsv(text: string): CsvRecord[] {
  const reader = new CsvReader();
  const records = reader.push(text);
  for (const record of reader.end()) records.push(record);
  return records;
}
