import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectDelimiter, parseCsv } from './parse-csv.js';
import type { CsvDelimiter } from './parse-csv.js';

function fieldsOf(text: string, delimiter?: CsvDelimiter): string[][] {
  const parsed = parseCsv(text, delimiter);
  if (!parsed.ok) throw new Error(parsed.message);
  return [parsed.header, ...parsed.records].map((r) => [...r.fields]);
}

describe('parseCsv', () => {
  it('reads quoted fields with separators, doubled quotes and line breaks inside', () => {
    const text = 'name,note\r\n"Muster, Erika","says ""hi""\r\nand bye"\r\nplain,"" \n';
    expect(fieldsOf(text)).toEqual([['name', 'note'], ['Muster, Erika', 'says "hi"\r\nand bye'], ['plain', '']]);
  });

  it('numbers records by spreadsheet row: multi-line fields count once, blank rows count but are left out', () => {
    const parsed = parseCsv('a;b\n"x\ny";1\n\n;\n;;\nz;2');
    expect(parsed.ok && parsed.records.map((r) => [r.row, ...r.fields])).toEqual([[2, 'x\ny', '1'], [6, 'z', '2']]);
  });

  it('drops a byte-order mark, takes CR, LF or CRLF, and keeps empty last fields', () => {
    expect(fieldsOf('\uFEFFa,b\rc,\n,d\r\n,')).toEqual([['a', 'b'], ['c', ''], ['', 'd']]);
    expect(fieldsOf('a,b,\n1,2,')).toEqual([['a', 'b', ''], ['1', '2', '']]);
  });

  it('keeps a quote inside an unquoted field as a character, and ignores spaces around a quoted field', () => {
    expect(fieldsOf('model\nT4 5" display')).toEqual([['model'], ['T4 5" display']]);
    expect(fieldsOf('a, "b" ,c\n')).toEqual([['a', 'b', 'c']]);
  });

  it('names the row of a quote never closed or followed by stray characters, and refuses an empty file', () => {
    expect(parseCsv('a,b\n1,"open\n2,3\n')).toEqual({ ok: false, row: 2, message: 'a quoted field is never closed (a " is missing)' });
    expect(parseCsv('a\n"x"y\n')).toMatchObject({ ok: false, row: 2, message: expect.stringContaining('followed by "y"') });
    expect(parseCsv('\uFEFF\n\n')).toMatchObject({ ok: false, row: 1 });
  });

  it('detects the separator from the header line, outside quotes', () => {
    expect(detectDelimiter('Name;E-Mail;Nebenstelle\nMuster, Erika;e@x.de;23')).toBe(';');
    expect(detectDelimiter('"a;b",c,d\n')).toBe(',');
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
    expect(detectDelimiter('name')).toBe(',');
  });

  it('reads back whatever a writer following RFC 4180 wrote', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'ä', ' ', ',', ';', '"', '\n', '\r', 'x') });
    const table = fc.array(fc.array(field, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 6 }).filter((rows) => rows.every((r) => r.some((f) => f !== '')));
    fc.assert(
      fc.property(table, fc.constantFrom<CsvDelimiter>(',', ';'), fc.constantFrom('\r\n', '\n'), (rows, delimiter, eol) => {
        const quote = (f: string) => `"${f.replaceAll('"', '""')}"`;
        const text = rows.map((r) => r.map(quote).join(delimiter)).join(eol) + eol;
        expect(fieldsOf(text, delimiter)).toEqual(rows);
      }),
    );
  });
});
