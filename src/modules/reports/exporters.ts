// Writers for the shared document model: HTML (escaped, no script, figures as sanitised inline
// SVG), DOCX (real Word footnotes, headings, a summary table and figures as PNG with alt text,
// via the `docx` library) and PDF (via `pdfkit` with embedded DejaVu fonts, so that names in
// Polish, Greek or Cyrillic print; footnotes as numbered notes at the end; figures as PNG).
// A synthetic document says so in its header on every page.
import { readFileSync } from 'node:fs';
import {
  AlignmentType,
  Document,
  FootnoteReferenceRun,
  Header,
  HeadingLevel,
  ImageRun,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import PDFDocument from 'pdfkit';
import sanitizeHtml from 'sanitize-html';
import { figurePng, fontFile, type ReportFigure } from './figures.ts';
import { SYNTHETIC_MARK, WITHHELD_NOTE, type RenderedReport, type Run } from './render.ts';

const escapeHtml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

function htmlRun(run: Run): string {
  if (run.footnote !== undefined)
    return `<sup><a href="#fn-${run.footnote}" id="ref-${run.footnote}">${run.footnote}</a></sup>`;
  const text = escapeHtml(run.text);
  if (run.bold) return `<strong>${text}</strong>`;
  if (run.italic) return `<em>${text}</em>`;
  return text;
}

/**
 * Our own SVG, passed through an allow-list anyway: only drawing elements and presentation
 * attributes survive, so text that reached a label can never become markup or script.
 */
function safeSvg(svg: string): string {
  return sanitizeHtml(svg, {
    allowedTags: ['svg', 'title', 'rect', 'text', 'path', 'line', 'g', 'defs', 'clipPath'],
    allowedAttributes: {
      '*': [
        'xmlns',
        'width',
        'height',
        'viewBox',
        'role',
        'aria-label',
        'font-family',
        'font-size',
        'font-weight',
        'font-style',
        'text-anchor',
        'x',
        'y',
        'x1',
        'x2',
        'y1',
        'y2',
        'd',
        'fill',
        'stroke',
        'stroke-width',
        'clip-path',
        'id',
      ],
    },
    allowedSchemes: [],
    parser: { lowerCaseTags: false, lowerCaseAttributeNames: false, recognizeSelfClosing: true },
  });
}

function htmlFigure(f: ReportFigure, n: number): string {
  return `<figure>${safeSvg(f.svg)}<figcaption>${escapeHtml(`Figure ${n}. ${f.caption}`)}</figcaption></figure>`;
}

export function reportsToHtml(
  reports: RenderedReport[],
  title: string,
  figures: ReportFigure[] = [],
): string {
  const synthetic = reports.some((r) => r.synthetic);
  const leading = figures.map((f, i) => htmlFigure(f, i + 1)).join('\n');
  const body = reports
    .map((r, i) => {
      const prefix = reports.length > 1 ? `r${i + 1}-` : '';
      const sections = r.sections
        .map(
          (s) =>
            `<section><h2>${escapeHtml(`${s.number}. ${s.title}`)}</h2>${s.paragraphs
              .map((p) => `<p>${p.runs.map(htmlRun).join('')}</p>`)
              .join('\n')}</section>`,
        )
        .join('\n');
      const shown = r.figures ?? [];
      const figureSection = shown.length
        ? `<section class="figures"><h2>Figures</h2>${shown.map((f, k) => htmlFigure(f, k + 1)).join('\n')}</section>`
        : '';
      const notes = r.footnotes
        .map((f) => `<li id="fn-${f.n}">${escapeHtml(f.text)} <a href="#ref-${f.n}">↩</a></li>`)
        .join('\n');
      return `<article${prefix ? ` id="${prefix}report"` : ''}><h1>${escapeHtml(r.title)}</h1><p class="subtitle">${escapeHtml(r.subtitle)}</p>${
        r.withheld ? `<p class="withheld">${escapeHtml(WITHHELD_NOTE)}</p>` : ''
      }${sections}${figureSection}<footer><h2>Notes</h2><ol class="footnotes">${notes}</ol></footer></article>`;
    })
    .join('\n<hr>\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>body{font-family:Georgia,serif;max-width:48rem;margin:2rem auto;line-height:1.5;color:#1b1b1b}
.synthetic{background:#ffbe2e;padding:.5rem 1rem;font-weight:bold;font-family:sans-serif}
.subtitle{color:#454545}.footnotes{font-size:.9rem}
figure{margin:1.5rem 0}figure svg{max-width:100%;height:auto}figcaption{font-style:italic}</style></head>
<body>${synthetic ? `<p class="synthetic" role="note">${SYNTHETIC_MARK}</p>` : ''}
${leading}
${body}
</body></html>`;
}

/** Usable width of an A4/Letter page with Word's default margins, in pixels at 96 dpi. */
const DOCX_FIGURE_WIDTH = 600;

function docxFigure(f: ReportFigure, n: number): Paragraph[] {
  const width = Math.min(DOCX_FIGURE_WIDTH, f.width);
  return [
    new Paragraph({
      keepNext: true,
      children: [
        new ImageRun({
          type: 'png',
          data: figurePng(f),
          transformation: { width, height: Math.round((f.height * width) / f.width) },
          altText: { name: `Figure ${n}`, title: f.caption, description: f.description },
        }),
      ],
    }),
    new Paragraph({
      children: [new TextRun({ text: `Figure ${n}. ${f.caption}`, italics: true })],
    }),
  ];
}

export async function reportsToDocx(
  reports: RenderedReport[],
  title: string,
  figures: ReportFigure[] = [],
): Promise<Buffer> {
  const synthetic = reports.some((r) => r.synthetic);
  const footnotes: Record<number, { children: Paragraph[] }> = {};
  let next = 1;
  const children: (Paragraph | Table)[] = [];
  if (figures.length > 0) {
    children.push(new Paragraph({ text: title, heading: HeadingLevel.TITLE }));
    figures.forEach((f, i) => children.push(...docxFigure(f, i + 1)));
  }
  for (const r of reports) {
    children.push(new Paragraph({ text: r.title, heading: HeadingLevel.TITLE }));
    children.push(new Paragraph({ children: [new TextRun({ text: r.subtitle, italics: true })] }));
    if (r.withheld) children.push(new Paragraph({ text: WITHHELD_NOTE }));
    // Where each footnote of this report landed in the document-wide numbering.
    const numbering = new Map<number, number>();
    for (const f of r.footnotes) {
      numbering.set(f.n, next);
      footnotes[next] = { children: [new Paragraph({ text: f.text })] };
      next++;
    }
    for (const s of r.sections) {
      children.push(
        new Paragraph({ text: `${s.number}. ${s.title}`, heading: HeadingLevel.HEADING_1 }),
      );
      for (const p of s.paragraphs) {
        children.push(
          new Paragraph({
            children: p.runs.map((run) =>
              run.footnote !== undefined
                ? new FootnoteReferenceRun(numbering.get(run.footnote)!)
                : new TextRun({
                    text: run.text,
                    bold: run.bold ?? false,
                    italics: run.italic ?? false,
                  }),
            ),
          }),
        );
      }
    }
    if (r.figures?.length) {
      children.push(new Paragraph({ text: 'Figures', heading: HeadingLevel.HEADING_2 }));
      r.figures.forEach((f, i) => children.push(...docxFigure(f, i + 1)));
    }
    // A summary table: what each section cites.
    children.push(
      new Paragraph({ text: 'Records cited by section', heading: HeadingLevel.HEADING_2 }),
    );
    children.push(
      new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        rows: [
          new TableRow({
            tableHeader: true,
            children: ['Section', 'Notes'].map(
              (h) =>
                new TableCell({
                  children: [new Paragraph({ children: [new TextRun({ text: h, bold: true })] })],
                }),
            ),
          }),
          ...r.sections.map(
            (s) =>
              new TableRow({
                children: [
                  new TableCell({ children: [new Paragraph(`${s.number}. ${s.title}`)] }),
                  new TableCell({
                    children: [
                      new Paragraph(
                        String(
                          s.paragraphs
                            .flatMap((p) => p.runs)
                            .filter((x) => x.footnote !== undefined).length,
                        ),
                      ),
                    ],
                  }),
                ],
              }),
          ),
        ],
      }),
    );
  }
  const doc = new Document({
    title,
    creator: 'Rapporteur',
    footnotes,
    sections: [
      {
        headers: synthetic
          ? {
              default: new Header({
                children: [
                  new Paragraph({
                    alignment: AlignmentType.CENTER,
                    children: [new TextRun({ text: SYNTHETIC_MARK, bold: true, color: 'B50909' })],
                  }),
                ],
              }),
            }
          : {},
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}

let fonts: Record<string, Buffer> | null = null;

/** DejaVu Serif and Sans, read once: the standard PDF fonts cover Latin-1 only. */
function pdfFonts(): Record<string, Buffer> {
  fonts ??= {
    Serif: readFileSync(fontFile('DejaVuSerif.ttf')),
    'Serif-Bold': readFileSync(fontFile('DejaVuSerif-Bold.ttf')),
    'Serif-Italic': readFileSync(fontFile('DejaVuSerif-Italic.ttf')),
    'Sans-Bold': readFileSync(fontFile('DejaVuSans-Bold.ttf')),
  };
  return fonts;
}

export function reportsToPdf(
  reports: RenderedReport[],
  title: string,
  figures: ReportFigure[] = [],
): Promise<Buffer> {
  const synthetic = reports.some((r) => r.synthetic);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: title, Creator: 'Rapporteur' },
  });
  for (const [name, data] of Object.entries(pdfFonts())) doc.registerFont(name, data);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const mark = () => {
    if (!synthetic) return;
    const y = doc.y;
    doc
      .font('Sans-Bold')
      .fontSize(9)
      .fillColor('#b50909')
      .text(SYNTHETIC_MARK, 56, 24, { align: 'center' });
    doc.fillColor('black').font('Serif').fontSize(11);
    doc.y = y;
  };
  mark();
  doc.on('pageAdded', mark);
  const figure = (f: ReportFigure, n: number) => {
    const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
    const height = (f.height * width) / f.width;
    if (doc.y + height + 30 > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const x = doc.page.margins.left;
    doc.image(figurePng(f), x, doc.y, { width, height });
    doc.y += height + 4;
    doc.x = x;
    doc.font('Serif-Italic').fontSize(10).text(`Figure ${n}. ${f.caption}`).moveDown();
  };
  if (figures.length > 0) {
    doc.font('Serif-Bold').fontSize(18).text(title).moveDown();
    figures.forEach((f, i) => figure(f, i + 1));
    doc.addPage();
  }
  reports.forEach((r, i) => {
    if (i > 0) doc.addPage();
    doc.font('Serif-Bold').fontSize(18).text(r.title);
    doc.font('Serif-Italic').fontSize(11).text(r.subtitle).moveDown();
    if (r.withheld) doc.font('Serif-Italic').text(WITHHELD_NOTE).moveDown();
    for (const s of r.sections) {
      doc.font('Serif-Bold').fontSize(13).text(`${s.number}. ${s.title}`).moveDown(0.3);
      for (const p of s.paragraphs) {
        p.runs.forEach((run, k) => {
          const last = k === p.runs.length - 1;
          if (run.footnote !== undefined) {
            doc.font('Serif').fontSize(8).text(`[${run.footnote}]`, { continued: !last });
          } else {
            doc
              .font(run.bold ? 'Serif-Bold' : run.italic ? 'Serif-Italic' : 'Serif')
              .fontSize(11)
              .text(run.text, { continued: !last });
          }
        });
        doc.moveDown(0.6);
      }
    }
    if (r.figures?.length) {
      doc.font('Serif-Bold').fontSize(13).text('Figures').moveDown(0.3);
      r.figures.forEach((f, k) => figure(f, k + 1));
    }
    doc.font('Serif-Bold').fontSize(13).text('Notes').moveDown(0.3);
    for (const f of r.footnotes) doc.font('Serif').fontSize(9).text(`[${f.n}] ${f.text}`);
  });
  doc.end();
  return done;
}
