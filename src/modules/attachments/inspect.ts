// What an uploaded file really is, decided from its bytes: the signature (file-type), plain
// text by strict UTF-8 decoding, and for the zip-based office formats a walk over every entry
// (yauzl) that refuses path traversal in entry names and zip bombs (total uncompressed size,
// compression ratio, entry count; each entry is actually inflated and counted, so a header
// that lies about its size is caught as well). Images are measured from their header
// (image-size) before anything could decode them, so a few kilobytes that declare billions of
// pixels (a decompression bomb) are refused. The name the client sent is never trusted.
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { fileTypeFromFile } from 'file-type';
import { imageSizeFromFile } from 'image-size/fromFile';
import yauzl from 'yauzl';
import { DomainError } from '../../domain/errors.ts';

export class FileTooLarge extends DomainError {
  readonly status = 413;
  readonly title = 'File too large';
}

export class FileRefused extends DomainError {
  readonly status = 415;
  readonly title = 'File type not allowed';
}

interface AllowedType {
  label: string;
  extensions: readonly string[];
  zip?: true;
}

/** The allow-list: content type (as detected) → what it is and the names it may carry. */
export const ALLOWED_TYPES: Readonly<Record<string, AllowedType>> = {
  'application/pdf': { label: 'PDF', extensions: ['pdf'] },
  'image/png': { label: 'PNG image', extensions: ['png'] },
  'image/jpeg': { label: 'JPEG image', extensions: ['jpg', 'jpeg', 'jpe', 'jfif'] },
  'image/gif': { label: 'GIF image', extensions: ['gif'] },
  'image/webp': { label: 'WebP image', extensions: ['webp'] },
  'image/tiff': { label: 'TIFF image', extensions: ['tif', 'tiff'] },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    label: 'Word document (DOCX)',
    extensions: ['docx'],
    zip: true,
  },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
    label: 'Excel workbook (XLSX)',
    extensions: ['xlsx'],
    zip: true,
  },
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': {
    label: 'PowerPoint presentation (PPTX)',
    extensions: ['pptx'],
    zip: true,
  },
  'application/vnd.oasis.opendocument.text': {
    label: 'OpenDocument text (ODT)',
    extensions: ['odt'],
    zip: true,
  },
  'application/vnd.oasis.opendocument.spreadsheet': {
    label: 'OpenDocument spreadsheet (ODS)',
    extensions: ['ods'],
    zip: true,
  },
  'application/vnd.oasis.opendocument.presentation': {
    label: 'OpenDocument presentation (ODP)',
    extensions: ['odp'],
    zip: true,
  },
  'text/plain': { label: 'plain text', extensions: ['txt', 'text', 'csv', 'tsv', 'md', 'log'] },
};

export const ALLOWED_SUMMARY =
  'PDF, PNG, JPEG, GIF, WebP, TIFF, DOCX, XLSX, PPTX, ODT, ODS, ODP and plain text (UTF-8)';

export interface ZipLimits {
  /** Largest total of uncompressed bytes over all entries. */
  maxUncompressedBytes: number;
  /** Largest ratio of uncompressed to compressed size (whole archive), above 1 MB unpacked. */
  maxRatio: number;
  maxEntries: number;
}

const NAMES: Record<string, string> = {
  'application/x-msdownload': 'a Windows program',
  'application/x-elf': 'a Linux program',
  'application/x-mach-binary': 'a macOS program',
  'application/zip': 'a zip archive',
  'application/x-sh': 'a shell script',
  'text/html': 'an HTML page',
  'application/x-rar-compressed': 'a RAR archive',
  'application/x-7z-compressed': 'a 7-Zip archive',
  'application/x-msi': 'a Windows installer',
  'application/x-cfb': 'an old-format Office file or installer (OLE)',
};

export function extensionOf(fileName: string): string | undefined {
  const m = /\.([A-Za-z0-9]{1,10})$/.exec(fileName);
  return m ? m[1]!.toLowerCase() : undefined;
}

/** Strict UTF-8 with no control characters but tab, newline, carriage return and form feed. */
async function isPlainText(file: string): Promise<boolean> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const stream = fs.createReadStream(file);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      // eslint-disable-next-line no-control-regex
      if (/[\x00-\x08\x0b\x0e-\x1f\x7f]/.test(decoder.decode(chunk, { stream: true })))
        return false;
    }
    decoder.decode();
    return true;
  } catch {
    return false;
  } finally {
    stream.destroy();
  }
}

/**
 * The detected content type of a staged file, from the allow-list; refuses anything else,
 * and a name whose extension claims another type (an .exe named .pdf is refused either way).
 */
export async function detectContentType(
  file: string,
  fileName: string,
  size: number,
  zipLimits: ZipLimits,
): Promise<string> {
  const detected = size === 0 ? undefined : await fileTypeFromFile(file);
  let mime = detected?.mime as string | undefined;
  if (!mime && size > 0 && (await isPlainText(file))) mime = 'text/plain';
  const claimed = extensionOf(fileName);
  const allowed = mime ? ALLOWED_TYPES[mime] : undefined;
  if (!mime || !allowed) {
    const what = mime
      ? `${NAMES[mime] ?? `of type ${mime}`}${detected?.ext ? ` (.${detected.ext})` : ''}`
      : size === 0
        ? 'empty'
        : 'of a type that could not be recognised from its content';
    throw new FileRefused(
      `"${fileName}" is ${what}, whatever its name says; allowed are ${ALLOWED_SUMMARY}.`,
    );
  }
  if (claimed && !allowed.extensions.includes(claimed)) {
    throw new FileRefused(
      `"${fileName}" is named .${claimed} but its content is a ${allowed.label}; a file must be what its name says. Rename it to .${allowed.extensions[0]} if that is what it is.`,
    );
  }
  if (allowed.zip) await inspectZip(file, fileName, size, zipLimits);
  if (mime.startsWith('image/')) await inspectImage(file, fileName);
  return mime;
}

/** The most pixels an attached image may declare (100 megapixels: a 12,000 × 8,000 scan is 96). */
export const MAX_IMAGE_PIXELS = 100_000_000;

/** Refuses images whose header declares more pixels than any viewer should be asked to decode. */
export async function inspectImage(file: string, fileName: string): Promise<void> {
  let dimensions: { width: number; height: number; images?: { width: number; height: number }[] };
  try {
    dimensions = await imageSizeFromFile(file);
  } catch (err) {
    throw new FileRefused(
      `"${fileName}" was refused: its image header cannot be read (${(err as Error).message}). The image may be damaged or crafted.`,
    );
  }
  const frames = dimensions.images?.length ? dimensions.images : [dimensions];
  for (const { width, height } of frames) {
    if (width * height > MAX_IMAGE_PIXELS)
      throw new FileTooLarge(
        `"${fileName}" declares ${width.toLocaleString('en')} × ${height.toLocaleString('en')} pixels; images may have at most ${(MAX_IMAGE_PIXELS / 1_000_000).toLocaleString('en')} megapixels.`,
      );
  }
}

interface ZipEntry {
  fileName: string;
  uncompressedSize: number;
  compressedSize: number;
}
interface ZipFile {
  eachEntry(): AsyncIterable<ZipEntry>;
  openReadStreamPromise(entry: ZipEntry): Promise<Readable>;
  close(): void;
}
const openZip = (
  yauzl as unknown as {
    openPromise(path: string, options: Record<string, boolean>): Promise<ZipFile>;
  }
).openPromise;

/** Refuses entry names that climb out of the archive and archives that inflate too far. */
export async function inspectZip(
  file: string,
  fileName: string,
  size: number,
  limits: ZipLimits,
): Promise<void> {
  const refuse = (why: string) =>
    new FileRefused(`"${fileName}" was refused: ${why}. The document may be damaged or crafted.`);
  let zip: ZipFile;
  try {
    zip = await openZip(file, {
      lazyEntries: true,
      autoClose: true,
      validateEntrySizes: true,
      strictFileNames: true,
    });
  } catch (err) {
    throw refuse(`its zip structure is invalid (${(err as Error).message})`);
  }
  let entries = 0;
  let declared = 0;
  let inflated = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      entries++;
      if (entries > limits.maxEntries)
        throw refuse(`it holds more than ${limits.maxEntries} entries`);
      const name = entry.fileName;
      if (name.startsWith('/') || /^[A-Za-z]:/.test(name) || name.split('/').includes('..'))
        throw refuse(`an entry name leaves the archive (${JSON.stringify(name)})`);
      declared += entry.uncompressedSize;
      if (declared > limits.maxUncompressedBytes)
        throw refuse(
          `it would unpack to more than ${limits.maxUncompressedBytes} bytes (zip bomb limit)`,
        );
      if (name.endsWith('/')) continue;
      const stream = await zip.openReadStreamPromise(entry);
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        inflated += chunk.length;
        if (inflated > limits.maxUncompressedBytes) {
          stream.destroy();
          throw refuse(
            `it unpacks to more than ${limits.maxUncompressedBytes} bytes (zip bomb limit)`,
          );
        }
      }
    }
  } catch (err) {
    zip.close();
    if (err instanceof FileRefused) throw err;
    throw refuse(`its zip structure is invalid (${(err as Error).message})`);
  }
  if (inflated > 1_048_576 && inflated / Math.max(size, 1) > limits.maxRatio)
    throw refuse(
      `it unpacks ${Math.round(inflated / Math.max(size, 1))} times its size (limit ${limits.maxRatio}; zip bomb)`,
    );
}

/**
 * A file name safe to store and to send back in Content-Disposition: the last path segment,
 * NFC, without control or bidirectional-override characters or characters Windows forbids,
 * at most 200 characters with its extension kept.
 */
export function sanitiseFileName(raw: string | undefined): string {
  let name = (raw ?? '').normalize('NFC');
  name = name.split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  name = name.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
  name = name.replace(/[<>:"|?*]/g, '_').trim();
  name = name.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  if (name.length > 200) {
    const ext = extensionOf(name);
    name = ext ? `${name.slice(0, 199 - ext.length)}.${ext}` : name.slice(0, 200);
  }
  return name || 'attachment';
}
