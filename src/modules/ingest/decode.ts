// Turning what was uploaded into plain text: .txt and .md as UTF-8, .html through
// sanitize-html (scripts, styles and every tag dropped; nothing is ever executed or rendered),
// .pdf through its text layer (unpdf, pure JavaScript), .docx through mammoth. Empty, binary
// and oversized files, and PDFs without a text layer, are refused with a message that says why.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mammoth from 'mammoth';
import sanitizeHtml from 'sanitize-html';
import { extractText, getDocumentProxy } from 'unpdf';
import { Invalid } from '../../domain/errors.ts';
import { inspectZip, type ZipLimits } from '../attachments/inspect.ts';

/** The largest file accepted (a 50 MB file is refused with this figure). */
export const INGEST_FILE_LIMIT = 20 * 1024 * 1024;

export const FORMATS = ['txt', 'md', 'html', 'pdf', 'docx'] as const;
export type Format = (typeof FORMATS)[number];

const BY_MEDIA_TYPE: Record<string, Format> = {
  'text/plain': 'txt',
  'text/markdown': 'md',
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
};

/** The format from the file name's extension, else from the media type. */
export function formatOf(
  fileName: string | null | undefined,
  mediaType: string | null | undefined,
): Format | null {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName ?? '')?.[1]?.toLowerCase();
  const fromExt = ext === 'htm' ? 'html' : ext === 'markdown' ? 'md' : ext === 'text' ? 'txt' : ext;
  if (fromExt && (FORMATS as readonly string[]).includes(fromExt)) return fromExt as Format;
  return BY_MEDIA_TYPE[(mediaType ?? '').split(';')[0]!.trim().toLowerCase()] ?? null;
}

export const MEDIA_TYPES: Record<Format, string> = {
  txt: 'text/plain',
  md: 'text/markdown',
  html: 'text/html',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

const refuse = (message: string) => Invalid.field('file', message);

function utf8(bytes: Uint8Array): string {
  // NUL bytes or many undecodable sequences: not a text file, whatever its name says.
  if (bytes.includes(0))
    throw refuse('this is a binary file, not text: upload .txt, .md, .html, .pdf or .docx');
  const text = new TextDecoder('utf-8').decode(bytes);
  const bad = (text.match(/\uFFFD/g) ?? []).length;
  if (bad > 0 && bad / text.length > 0.01)
    throw refuse('this file is not UTF-8 text (it looks binary)');
  return text.replace(/^\uFEFF/, '');
}

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&nbsp;': ' ',
};

/** Visible text of an HTML page: block ends become line breaks, scripts and styles vanish. */
export function htmlToText(html: string): string {
  const blocks = html.replace(
    /<\/(p|div|h[1-6]|li|tr|blockquote|section|article|header|footer)\s*>|<br\s*\/?>/gi,
    '$&\n',
  );
  const text = sanitizeHtml(blocks, {
    allowedTags: [],
    allowedAttributes: {},
    nonTextTags: [
      'script',
      'style',
      'textarea',
      'option',
      'noscript',
      'template',
      'iframe',
      'svg',
      'head',
    ],
  });
  return text.replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (e) => ENTITIES[e] ?? e);
}

async function pdfText(bytes: Uint8Array): Promise<string> {
  if (!Buffer.from(bytes.subarray(0, 5)).toString('latin1').startsWith('%PDF-'))
    throw refuse('this is not a PDF file (it does not start with %PDF-)');
  let text: string;
  try {
    const pdf = await getDocumentProxy(new Uint8Array(bytes));
    text = (await extractText(pdf, { mergePages: true })).text;
  } catch {
    throw refuse('this PDF could not be read (damaged or encrypted)');
  }
  if (text.replace(/\s/g, '').length === 0)
    throw refuse(
      'this PDF has no text layer (it is probably a scanned image): run it through OCR first, or paste its text',
    );
  return text;
}

/** A .docx is zipped XML: its entries are walked before mammoth inflates them (ASVS 5.2.3). */
export const DOCX_ZIP_LIMITS: ZipLimits = {
  maxUncompressedBytes: 200 * 1024 * 1024,
  maxRatio: 100,
  maxEntries: 5000,
};

async function docxText(bytes: Uint8Array): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'rapporteur-docx-'));
  try {
    const file = path.join(dir, 'upload.docx');
    await writeFile(file, bytes, { mode: 0o600 });
    await inspectZip(file, 'the .docx file', bytes.length, DOCX_ZIP_LIMITS);
  } catch (err) {
    // A zip bomb is named as such; any other broken archive gets the usual refusal below.
    if (err instanceof Error && /zip bomb|more than \d+ entries/.test(err.message)) throw err;
    throw refuse('this .docx file could not be read (damaged, or not a Word document)');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  try {
    return (await mammoth.extractRawText({ buffer: Buffer.from(bytes) })).value;
  } catch {
    throw refuse('this .docx file could not be read (damaged, or not a Word document)');
  }
}

/** Line ends, Unicode form and blank runs made uniform, so that the same article hashes alike. */
export function normaliseText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\u00a0]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export async function decodeFile(bytes: Uint8Array, format: Format): Promise<string> {
  if (bytes.length === 0) throw refuse('the file is empty');
  if (bytes.length > INGEST_FILE_LIMIT)
    throw refuse(
      `the file is ${(bytes.length / 1048576).toFixed(1)} MB; the limit is ${INGEST_FILE_LIMIT / 1048576} MB`,
    );
  let text: string;
  switch (format) {
    case 'txt':
    case 'md':
      text = utf8(bytes);
      break;
    case 'html':
      text = htmlToText(utf8(bytes));
      break;
    case 'pdf':
      text = await pdfText(bytes);
      break;
    case 'docx':
      text = await docxText(bytes);
      break;
  }
  const normalised = normaliseText(text);
  if (normalised.length === 0) throw refuse('the file contains no text');
  return normalised;
}
