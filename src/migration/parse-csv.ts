/**
 * CSV as RFC 4180 describes it and as spreadsheets write it: fields separated by `,` or (the
 * way German Excel saves) `;` or a tab, detected from the header line; a field in double
 * quotes may hold the separator, line breaks and `""` for a quote; records end with CRLF, LF
 * or CR; a leading byte-order mark is dropped. A quote inside an unquoted field is kept as a
 * character (`5" display`), as spreadsheets do.
 */

export type CsvDelimiter = ',' | ';' | '\t';

export interface CsvRecord {
  /** The record's row as a spreadsheet numbers it: the header is row 1. */
  readonly row: number;
  readonly fields: readonly string[];
}

export type CsvParse =
  | { readonly ok: true; readonly delimiter: CsvDelimiter; readonly header: CsvRecord; readonly records: readonly CsvRecord[] }
  | { readonly ok: false; readonly row: number; readonly message: string };

const candidates: readonly CsvDelimiter[] = [';', ',', '\t'];
const QUOTE = 34;
const CR = 13;
const LF = 10;
const SPACE = 32;

/** Where a quoted field written after spaces (`a, "b"`) starts; `i` itself when none follows them. */
function quoteAfterSpaces(text: string, i: number): number {
  let j = i;
  while (text.charCodeAt(j) === SPACE) j++;
  return text.charCodeAt(j) === QUOTE ? j : i;
}

/** The separator the header line uses most, outside quotes (`,` when it has none). */
export function detectDelimiter(text: string): CsvDelimiter {
  const counts = new Map<string, number>();
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  let best: CsvDelimiter = ',';
  for (const candidate of candidates) if ((counts.get(candidate) ?? 0) > (counts.get(best) ?? 0)) best = candidate;
  return best;
}

/** A record whose fields are all empty: a blank line, or a spreadsheet row of bare separators. */
const isBlank = (fields: readonly string[]): boolean => fields.every((field) => field === '');

/**
 * The header and the records of `text`, blank records left out (their rows still count, so
 * row numbers stay those of the spreadsheet). Fails only on a quote that is never closed, or
 * one followed by something other than a separator or the end of the record.
 */
export function parseCsv(input: string, delimiter: CsvDelimiter = detectDelimiter(input.replace(/^\uFEFF/, ''))): CsvParse {
  const text = input.replace(/^\uFEFF/, '');
  const n = text.length;
  const sep = delimiter.charCodeAt(0);
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let row = 1;
  let i = 0;
  for (;;) {
    if (text.charCodeAt(quoteAfterSpaces(text, i)) === QUOTE) {
      i = quoteAfterSpaces(text, i);
      let value = '';
      let from = i + 1;
      for (;;) {
        const close = text.indexOf('"', from);
        if (close < 0) return { ok: false, row, message: 'a quoted field is never closed (a " is missing)' };
        value += text.slice(from, close);
        if (text.charCodeAt(close + 1) !== QUOTE) {
          i = close + 1;
          while (text.charCodeAt(i) === SPACE) i++;
          break;
        }
        value += '"';
        from = close + 2;
      }
      const next = text.charCodeAt(i);
      if (i < n && next !== sep && next !== CR && next !== LF) {
        return { ok: false, row, message: `a quoted field is followed by ${JSON.stringify(text[i])} instead of ${JSON.stringify(delimiter)} or the end of the line` };
      }
      fields.push(value);
    } else {
      let end = i;
      for (let c = text.charCodeAt(end); end < n && c !== sep && c !== CR && c !== LF; c = text.charCodeAt(++end));
      fields.push(text.slice(i, end));
      i = end;
    }
    if (i < n && text.charCodeAt(i) === sep) {
      i++;
      continue;
    }
    // the end of a line or of the text ends the record; a final line break starts no new one
    i += text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
    if (!isBlank(fields)) records.push({ row, fields });
    fields = [];
    row++;
    if (i >= n) break;
  }
  const [header, ...rest] = records;
  if (!header) return { ok: false, row: 1, message: 'the file is empty: it needs a header line naming the columns' };
  return { ok: true, delimiter, header, records: rest };
}
