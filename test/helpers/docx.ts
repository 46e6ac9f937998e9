// A real Word document, written with the `docx` package as Word would save it: a heading and
// paragraphs, the second one split into several runs (bold, italic) as edited text often is.
import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';

export async function wordDocument(heading: string, paragraphs: string[]): Promise<Buffer> {
  const doc = new Document({
    creator: 'Rapporteur tests',
    sections: [
      {
        children: [
          new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(heading)] }),
          ...paragraphs.map((text, i) => {
            if (i !== 1) return new Paragraph({ children: [new TextRun(text)] });
            // Runs split mid-sentence must still read as one paragraph.
            const third = Math.floor(text.length / 3);
            return new Paragraph({
              children: [
                new TextRun(text.slice(0, third)),
                new TextRun({ text: text.slice(third, 2 * third), bold: true }),
                new TextRun({ text: text.slice(2 * third), italics: true }),
              ],
            });
          }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
