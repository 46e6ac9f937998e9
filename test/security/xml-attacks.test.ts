// XML entity attacks on the zipped-XML formats people upload (ASVS 1.5.1): an XLSX table for the
// statistics import and a DOCX text for ingestion, each with a document type declaring an
// external entity (a local file whose content must never come back) and the "billion laughs"
// chain of nested entities (which must not be expanded into gigabytes). Each parser either
// refuses the document or reads it with the entities left unresolved, in well under a second
// of parsing. The same documents without the declarations read normally, so the fixtures are
// sound.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeFile } from '../../src/modules/ingest/decode.ts';
import { openTable } from '../../src/modules/statistics/reader.ts';
import { zipOf, type ZipEntryInput } from '../helpers/zip.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapporteur-xxe-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const SECRET = 'XXE-SECRET-7f3a9c';
const secretFile = path.join(dir, 'secret.txt');
fs.writeFileSync(secretFile, SECRET);

const LAUGHS = [
  '<!ENTITY lol "lol">',
  ...Array.from(
    { length: 9 },
    (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
  ),
].join('');

/** A document type with an external entity `xxe` and the nested `lol9`, or none. */
const doctype = (root: string, attack: boolean) =>
  attack ? `<!DOCTYPE ${root} [<!ENTITY xxe SYSTEM "file://${secretFile}">${LAUGHS}]>` : '';
const refs = (attack: boolean) => (attack ? '&xxe;&lol9;' : '');

export function xlsx(attack: boolean): Buffer {
  const xml = (s: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>${s}`);
  const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  return zipOf([
    {
      name: '[Content_Types].xml',
      data: xml(
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
      ),
    },
    {
      name: '_rels/.rels',
      data: xml(
        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ),
    },
    {
      name: 'xl/workbook.xml',
      data: xml(
        `<workbook xmlns="${main}" xmlns:r="${rel}"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: xml(
        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
      ),
    },
    {
      name: 'xl/sharedStrings.xml',
      data: xml(
        `${doctype('sst', attack)}<sst xmlns="${main}" count="1" uniqueCount="1"><si><t>Country${refs(attack)}</t></si></sst>`,
      ),
    },
    {
      name: 'xl/worksheets/sheet1.xml',
      data: xml(
        `${doctype('worksheet', attack)}<worksheet xmlns="${main}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>Value${refs(attack)}</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>France</t></is></c><c r="B2"><v>42</v></c></row></sheetData></worksheet>`,
      ),
    },
  ]);
}

function docx(attack: boolean, ...extra: ZipEntryInput[]): Buffer {
  const w = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
  return zipOf([
    {
      name: '[Content_Types].xml',
      data: Buffer.from(
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
      ),
    },
    {
      name: '_rels/.rels',
      data: Buffer.from(
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
      ),
    },
    {
      name: 'word/document.xml',
      data: Buffer.from(
        `<?xml version="1.0" encoding="UTF-8"?>${doctype('w:document', attack)}<w:document xmlns:w="${w}"><w:body><w:p><w:r><w:t>Boat intercepted off Lampedusa${refs(attack)}</w:t></w:r></w:p></w:body></w:document>`,
      ),
    },
    ...extra,
  ]);
}

async function readXlsx(bytes: Buffer): Promise<string[][]> {
  const file = path.join(dir, `t-${Math.random().toString(36).slice(2)}.xlsx`);
  fs.writeFileSync(file, bytes);
  const table = await openTable(file, { format: 'xlsx', encoding: 'utf-8', delimiter: ',' });
  const rows: string[][] = [];
  for await (const r of table.rows) rows.push(r.cells);
  return rows;
}

/** Runs the parser; returns what it read, or the error it refused the document with. */
async function attempt<T>(run: () => Promise<T>) {
  const started = Date.now();
  try {
    return { value: await run(), error: undefined, ms: Date.now() - started };
  } catch (error) {
    return { value: undefined, error: error as Error, ms: Date.now() - started };
  }
}

describe('XML entity attacks in uploaded office documents', () => {
  it('reads the clean XLSX fixture, so the attack fixture is otherwise sound', async () => {
    expect(await readXlsx(xlsx(false))).toEqual([
      ['Country', 'Value'],
      ['France', '42'],
    ]);
  });

  it('never resolves an external entity nor expands nested ones in an XLSX table', async () => {
    const result = await attempt(() => readXlsx(xlsx(true)));
    expect(result.ms).toBeLessThan(5000);
    const text = JSON.stringify(result.value ?? result.error?.message ?? '');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('lollollol');
    expect(text.length).toBeLessThan(10_000);
  });

  it('reads the clean DOCX fixture, so the attack fixture is otherwise sound', async () => {
    expect(await decodeFile(docx(false), 'docx')).toBe('Boat intercepted off Lampedusa');
  });

  it('never resolves an external entity nor expands nested ones in a DOCX text', async () => {
    const result = await attempt(() => decodeFile(docx(true), 'docx'));
    expect(result.ms).toBeLessThan(5000);
    const text = JSON.stringify(result.value ?? result.error?.message ?? '');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('lollollol');
    expect(text.length).toBeLessThan(10_000);
    // Refused, it says so in the words of a problem; read, it keeps the document's own text.
    if (result.error) expect(result.error.message).toMatch(/could not be read/);
    else expect(result.value).toContain('Boat intercepted off Lampedusa');
  });
});

describe('zip bombs in uploaded DOCX texts', () => {
  it('refuses a .docx that inflates far beyond its size before reading it', async () => {
    const bomb = docx(false, {
      name: 'word/media/zeros.bin',
      data: Buffer.alloc(20 * 1024 * 1024),
    });
    expect(bomb.length).toBeLessThan(100 * 1024);
    const result = await attempt(() => decodeFile(bomb, 'docx'));
    expect(result.error?.message).toMatch(/zip bomb/);
  });

  it('refuses a .docx whose entry names leave the archive, as a damaged file', async () => {
    const escape = docx(false, { name: '../../etc/evil.txt', data: Buffer.from('x') });
    const result = await attempt(() => decodeFile(escape, 'docx'));
    expect(result.error?.message).toMatch(/could not be read/);
  });
});
