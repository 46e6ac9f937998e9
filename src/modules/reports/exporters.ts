// Writers for the shared document model: HTML (escaped, no script), DOCX (real Word footnotes,
// headings and a summary table, via the `docx` library) and PDF (via `pdfkit`, footnotes as
// numbered notes at the end). A synthetic document says so in its header on every page.
import {
  AlignmentType,
  Document,
  FootnoteReferenceRun,
  Header,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import PDFDocument from 'pdfkit';
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

export function reportsToHtml(reports: RenderedReport[], title: string): string {
  const synthetic = reports.some((r) => r.synthetic);
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
      const notes = r.footnotes
        .map((f) => `<li id="fn-${f.n}">${escapeHtml(f.text)} <a href="#ref-${f.n}">↩</a></li>`)
        .join('\n');
      return `<article${prefix ? ` id="${prefix}report"` : ''}><h1>${escapeHtml(r.title)}</h1><p class="subtitle">${escapeHtml(r.subtitle)}</p>${
        r.withheld ? `<p class="withheld">${escapeHtml(WITHHELD_NOTE)}</p>` : ''
      }${sections}<footer><h2>Notes</h2><ol class="footnotes">${notes}</ol></footer></article>`;
    })
    .join('\n<hr>\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>body{font-family:Georgia,serif;max-width:48rem;margin:2rem auto;line-height:1.5;color:#1b1b1b}
.synthetic{background:#ffbe2e;padding:.5rem 1rem;font-weight:bold;font-family:sans-serif}
.subtitle{color:#454545}.footnotes{font-size:.9rem}</style></head>
<body>${synthetic ? `<p class="synthetic" role="note">${SYNTHETIC_MARK}</p>` : ''}
${body}
</body></html>`;
}

export async function reportsToDocx(reports: RenderedReport[], title: string): Promise<Buffer> {
  const synthetic = reports.some((r) => r.synthetic);
  const footnotes: Record<number, { children: Paragraph[] }> = {};
  let next = 1;
  const children: (Paragraph | Table)[] = [];
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

export function reportsToPdf(reports: RenderedReport[], title: string): Promise<Buffer> {
  const synthetic = reports.some((r) => r.synthetic);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: title, Creator: 'Rapporteur' },
  });
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
      .font('Helvetica-Bold')
      .fontSize(9)
      .fillColor('#b50909')
      .text(SYNTHETIC_MARK, 56, 24, { align: 'center' });
    doc.fillColor('black').font('Times-Roman').fontSize(11);
    doc.y = y;
  };
  mark();
  doc.on('pageAdded', mark);
  reports.forEach((r, i) => {
    if (i > 0) doc.addPage();
    doc.font('Times-Bold').fontSize(18).text(r.title);
    doc.font('Times-Italic').fontSize(11).text(r.subtitle).moveDown();
    if (r.withheld) doc.font('Times-Italic').text(WITHHELD_NOTE).moveDown();
    for (const s of r.sections) {
      doc.font('Times-Bold').fontSize(13).text(`${s.number}. ${s.title}`).moveDown(0.3);
      for (const p of s.paragraphs) {
        p.runs.forEach((run, k) => {
          const last = k === p.runs.length - 1;
          if (run.footnote !== undefined) {
            doc.font('Times-Roman').fontSize(8).text(`[${run.footnote}]`, { continued: !last });
          } else {
            doc
              .font(run.bold ? 'Times-Bold' : run.italic ? 'Times-Italic' : 'Times-Roman')
              .fontSize(11)
              .text(run.text, { continued: !last });
          }
        });
        doc.moveDown(0.6);
      }
    }
    doc.font('Times-Bold').fontSize(13).text('Notes').moveDown(0.3);
    for (const f of r.footnotes) doc.font('Times-Roman').fontSize(9).text(`[${f.n}] ${f.text}`);
  });
  doc.end();
  return done;
}
