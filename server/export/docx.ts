/**
 * The DOCX writer: a Word document with the cover on its own page (title, subtitle, organisation,
 * date, editor, key points, acknowledgements), a table of contents field over headings 1 to 3
 * (Word and LibreOffice refresh it; the document asks for fields to be updated on open), each
 * chapter on a new page with its number as text before its title ("1.2 Title") in Word's built-in
 * Heading 1/2/3 styles, so the navigation pane and the contents field see the paper's tree, then
 * the contributors and the references chapter last, pictures embedded (docxBody.ts). The footer
 * says "Page N of M" with fields.
 *
 * The writer yields to the event loop between chapters and stops, with the signal's reason, when
 * the export is cancelled.
 */
import {
  AlignmentType,
  Document,
  Footer,
  Packer,
  PageBreak,
  PageNumber,
  Paragraph,
  TableOfContents,
  TextRun,
  type Table,
} from 'docx';
import { headingText, type ExportDocument, type ExportSection } from './document.js';
import { displayDate } from './dates.js';
import { BULLET_LIST, bulletLevels, headingLevel, ListCounter, NUMBERED_LIST, numberLevels, sectionBody, wordText } from './docxBody.js';

type Block = Paragraph | Table | TableOfContents;

/** Bulleted and numbered lists, nine levels each. */
const NUMBERING = {
  config: [
    { reference: BULLET_LIST, levels: bulletLevels() },
    { reference: NUMBERED_LIST, levels: numberLevels() },
  ],
};

const text = (value: string, options: { bold?: boolean; size?: number } = {}) => new TextRun({ text: wordText(value), ...options });

function coverBlocks(doc: ExportDocument, lists: ListCounter): Block[] {
  const c = doc.cover;
  const out: Block[] = [];
  if (c.organisation) out.push(new Paragraph({ children: [text(c.organisation, { bold: true })] }));
  out.push(new Paragraph({ style: 'Title', children: [text(c.title)] }));
  if (c.subtitle) out.push(new Paragraph({ style: 'Subtitle', children: [text(c.subtitle)] }));
  if (c.editedBy) out.push(new Paragraph({ children: [text(`Edited by ${c.editedBy}`)] }));
  out.push(new Paragraph({ children: [text(displayDate(c.date))] }));
  if (c.edition) out.push(new Paragraph({ children: [text(c.edition)] }));
  if (c.keyPoints.length) {
    out.push(new Paragraph({ spacing: { before: 240 }, children: [text('Key points', { bold: true, size: 28 })] }));
    const instance = lists.take();
    for (const point of c.keyPoints) out.push(new Paragraph({ numbering: { reference: BULLET_LIST, level: 0, instance }, children: [text(point)] }));
  }
  if (c.acknowledgements.length) {
    out.push(new Paragraph({ spacing: { before: 240 }, children: [text('Acknowledgements', { bold: true, size: 28 })] }));
    for (const ack of c.acknowledgements) out.push(new Paragraph({ children: [text(ack)] }));
  }
  out.push(new Paragraph({ children: [new PageBreak()] }));
  return out;
}

function contentsBlocks(): Block[] {
  return [
    new Paragraph({ children: [text('Contents', { bold: true, size: 32 })] }),
    new TableOfContents('Contents', { hyperlink: true, headingStyleRange: '1-3' }),
  ];
}

/** A section's numbered heading (chapters start a new page) and its body. */
function sectionBlocks(section: ExportSection, lists: ListCounter, images: ExportDocument['images']): Block[] {
  const heading = new Paragraph({
    heading: headingLevel(section.depth),
    pageBreakBefore: section.depth === 1,
    children: [text(headingText(section))],
  });
  return [heading, ...sectionBody(section, lists, images)];
}

function contributorsBlocks(doc: ExportDocument, lists: ListCounter): Block[] {
  const instance = lists.take();
  const out: Block[] = [
    new Paragraph({ heading: headingLevel(1), pageBreakBefore: true, children: [text('Contributors')] }),
    new Paragraph({ children: [text('Everyone who wrote in each chapter, from the revision history.')] }),
  ];
  for (const chapter of doc.contributors) {
    const names = chapter.names.length ? chapter.names.join(', ') : 'no one has written here yet.';
    out.push(new Paragraph({ numbering: { reference: BULLET_LIST, level: 0, instance }, children: [text(`${headingText(chapter)}: `, { bold: true }), text(names)] }));
  }
  return out;
}

const pageFooter = () =>
  new Footer({
  children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES] })] })],
});

/** Lets other work run (yielding to the event loop) and stops if the export was cancelled. */
const breathe = async (signal?: AbortSignal) => {
  signal?.throwIfAborted();
  await new Promise<void>((resolve) => setImmediate(resolve));
  signal?.throwIfAborted();
};

/** Writes an ExportDocument as a Word (.docx) file. */
export async function writeDocx(doc: ExportDocument, signal?: AbortSignal): Promise<Uint8Array> {
  signal?.throwIfAborted();
  const lists = new ListCounter();
  const children: Block[] = [...coverBlocks(doc, lists), ...contentsBlocks()];
  const main = doc.sections.filter((s) => !s.references);
  const refs = doc.sections.filter((s) => s.references);
  for (const section of main) {
    if (section.depth === 1) await breathe(signal);
    children.push(...sectionBlocks(section, lists, doc.images));
  }
  children.push(...contributorsBlocks(doc, lists));
  for (const section of refs) children.push(...sectionBlocks(section, lists, doc.images));
  await breathe(signal);

  const file = new Document({
    title: wordText(doc.cover.title),
    subject: wordText(doc.cover.subtitle),
    creator: wordText(doc.cover.editedBy || doc.cover.organisation || 'Quire'),
    features: { updateFields: true },
    numbering: NUMBERING,
    sections: [{ footers: { default: pageFooter() }, children }],
  });
  const bytes = await Packer.toBuffer(file);
  signal?.throwIfAborted();
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
