// What an uploaded file becomes: its format from the name or media type, HTML reduced to its
// visible text, the same text normalised alike, and clear refusals of what cannot be read.
import { describe, expect, it } from 'vitest';
import { decodeFile, formatOf, htmlToText, normaliseText } from './decode.ts';

const refusal = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return (e as { errors: { field: string; message: string }[] }).errors[0]!.message;
  }
  throw new Error('expected a refusal');
};

describe('decoding uploads', () => {
  it('tells the format from the extension first, then the media type', () => {
    expect(formatOf('report.PDF', 'application/octet-stream')).toBe('pdf');
    expect(formatOf('page.htm', null)).toBe('html');
    expect(formatOf(null, 'text/markdown; charset=utf-8')).toBe('md');
    expect(formatOf('tool.exe', 'application/octet-stream')).toBeNull();
  });

  it('keeps only the visible text of HTML: no scripts, styles or tags, entities decoded', () => {
    const text = htmlToText(
      '<head><style>b{}</style></head><h1>Title &amp; more</h1><p>One<script>alert(1)</script></p><p>Two</p><noscript>x</noscript>',
    );
    expect(normaliseText(text)).toBe('Title & more\nOne\nTwo');
  });

  it('normalises line ends, Unicode form and blank runs', () => {
    expect(normaliseText('a\r\nb  \n\n\n\nc\u0301')).toBe('a\nb\n\nć');
  });

  it('refuses empty, binary and damaged files with the reason', async () => {
    expect(await refusal(decodeFile(new Uint8Array(), 'txt'))).toBe('the file is empty');
    expect(await refusal(decodeFile(new Uint8Array([104, 0, 105]), 'md'))).toMatch(/binary/);
    expect(await refusal(decodeFile(new TextEncoder().encode('not a pdf'), 'pdf'))).toMatch(
      /not a PDF/,
    );
    expect(await refusal(decodeFile(new TextEncoder().encode('PK not really'), 'docx'))).toMatch(
      /could not be read/,
    );
    expect(
      await refusal(decodeFile(new TextEncoder().encode('<script>x()</script>'), 'html')),
    ).toBe('the file contains no text');
  });
});
