/**
 * The PDF writer, made by pdfkit with DejaVu Sans embedded (pdfFonts.ts; no browser, no
 * downloads). The file has a cover page, a contents list with page numbers, chapters starting on
 * new pages with their tree numbers ("1.2 Title"), PDF bookmarks for every section, the
 * contributors list and the references chapter last, and a running footer (the paper's title and
 * "Page N of M") on every page but the cover. Page numbers count the cover as page 1, so they are
 * the same numbers a PDF reader shows.
 *
 * The contents are written in two passes: the writer first counts how many pages the contents
 * will take (one line per entry, so the count is known before anything else is laid out) and
 * keeps those pages blank, lays out the chapters while noting the page each heading lands on, then
 * goes back and fills the contents in. The writer gives the event loop back between sections and
 * stops with the signal's reason when the export is cancelled.
 */
import PDFDocument from 'pdfkit';
import { CONTENTS_ANCHOR, CONTRIBUTORS_ANCHOR, headingText, type ExportCover, type ExportDocument, type ExportSection } from './document.js';
import { displayDate } from './dates.js';
import { BODY_SIZE, bottomOf, FONT, pdfText, TEXT_COLOUR, writeBody, writeHeading, writeRuns, type Pdf } from './pdfBody.js';
import { registerFonts } from './pdfFonts.js';
import { PdfPictures } from './pdfPictures.js';

const MARGIN = { top: 64, bottom: 72, left: 64, right: 64 };
const CONTENTS_LINE = 17;
const CONTENTS_SIZE = 10.5;
const CONTENTS_TITLE_ROOM = 48;
const CONTENTS_INDENT = 14;
const NUMBER_WIDTH = 36;
const FOOTER_SIZE = 8.5;

/** One line of the contents: what it says, how deep it is, where it links to and the page it is on. */
interface ContentsEntry {
  text: string;
  depth: number;
  anchor: string;
  page: number;
}

/** The usable width of a page. */
const widthOf = (pdf: Pdf): number => pdf.page.width - pdf.page.margins.left - pdf.page.margins.right;

/** The number (counting from 1) of the page being written. */
const currentPage = (pdf: Pdf): number => {
  const range = pdf.bufferedPageRange();
  return range.start + range.count;
};

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Writes an ExportDocument as a PDF file. */
export async function writePdf(source: ExportDocument, signal?: AbortSignal): Promise<Uint8Array> {
  const { cover } = source;
  const pdf = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    lang: 'en-GB',
    displayTitle: true,
    info: { Title: cover.title, Author: cover.editedBy || cover.organisation, Subject: cover.subtitle, Creator: 'Quire' },
    // No standard font: every word is set in the embedded DejaVu faces.
    font: null as unknown as string,
  });
  registerFonts(pdf);
  pdf.font(FONT.regular);
  const pictures = new PdfPictures(source.images);
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    pdf.on('end', resolve);
    pdf.on('error', reject);
  });

  writeCover(pdf, cover);
  const entries: ContentsEntry[] = [
    ...source.sections.filter((s) => !s.references).map((s) => ({ text: headingText(s), depth: s.depth, anchor: s.anchor, page: 0 })),
    { text: 'Contributors', depth: 1, anchor: CONTRIBUTORS_ANCHOR, page: 0 },
    ...source.sections.filter((s) => s.references).map((s) => ({ text: headingText(s), depth: s.depth, anchor: s.anchor, page: 0 })),
  ];
  const byAnchor = new Map(entries.map((e) => [e.anchor, e]));
  const contentsFirst = currentPage(pdf) + 1;
  const contentsPages = contentsPageCount(pdf, entries.length);
  for (let i = 0; i < contentsPages; i++) pdf.addPage();
  pdf.outline.addItem('Contents');

  const bookmarks: PDFKit.PDFOutline[] = [pdf.outline];
  const writeSection = (section: ExportSection) => {
    if (section.depth === 1) pdf.addPage();
    const frame = { x: pdf.page.margins.left, width: widthOf(pdf) };
    writeHeading(pdf, headingText(section), section.depth, frame, section.anchor);
    byAnchor.get(section.anchor)!.page = currentPage(pdf);
    const level = Math.min(section.depth, bookmarks.length);
    bookmarks.length = level;
    bookmarks.push(bookmarks[level - 1].addItem(headingText(section)));
    writeBody(pdf, section, frame, pictures);
  };

  for (const section of source.sections.filter((s) => !s.references)) {
    signal?.throwIfAborted();
    writeSection(section);
    await nextTurn();
  }
  signal?.throwIfAborted();
  writeContributors(pdf, source);
  byAnchor.get(CONTRIBUTORS_ANCHOR)!.page = currentPage(pdf);
  for (const section of source.sections.filter((s) => s.references)) {
    signal?.throwIfAborted();
    writeSection(section);
    await nextTurn();
  }

  writeContents(pdf, entries, contentsFirst);
  writeFooters(pdf, cover.title);
  signal?.throwIfAborted();
  pdf.end();
  await ended;
  return new Uint8Array(Buffer.concat(chunks));
}

function writeCover(pdf: Pdf, cover: ExportCover): void {
  const frame = { x: pdf.page.margins.left, width: widthOf(pdf) };
  const line = (text: string, font: string, size: number, gap = 0.5) => {
    if (!text) return;
    pdf.font(font).fontSize(size).fillColor(TEXT_COLOUR).text(pdfText(text), frame.x, pdf.y, { width: frame.width });
    pdf.moveDown(gap);
  };
  pdf.y = pdf.page.margins.top + 60;
  line(cover.organisation, FONT.bold, 12, 2);
  line(cover.title, FONT.bold, 28, 0.4);
  line(cover.subtitle, FONT.regular, 16, 1.5);
  if (cover.editedBy) line(`Edited by ${cover.editedBy}`, FONT.regular, 12, 0.3);
  line(displayDate(cover.date), FONT.regular, 12, 2);
  if (cover.keyPoints.length) {
    line('Key points', FONT.bold, 13, 0.4);
    for (const point of cover.keyPoints) line(`\u2022  ${point}`, FONT.regular, BODY_SIZE, 0.3);
    pdf.moveDown(1);
  }
  if (cover.acknowledgements.length) {
    line('Acknowledgements', FONT.bold, 13, 0.4);
    for (const paragraph of cover.acknowledgements) line(paragraph, FONT.regular, BODY_SIZE, 0.4);
    pdf.moveDown(1);
  }
  line(cover.edition, FONT.italic, 9, 0);
}

/** How many pages a contents list of this many one-line entries takes. */
function contentsPageCount(pdf: Pdf, entries: number): number {
  const room = bottomOf(pdf) - pdf.page.margins.top;
  const first = Math.floor((room - CONTENTS_TITLE_ROOM) / CONTENTS_LINE);
  const rest = Math.floor(room / CONTENTS_LINE);
  return entries <= first ? 1 : 1 + Math.ceil((entries - first) / rest);
}

/** Cuts text with an ellipsis so it fits in `width` at the current font. */
function fitted(pdf: Pdf, text: string, width: number): string {
  if (pdf.widthOfString(text) <= width) return text;
  let cut = text;
  while (cut.length > 1 && pdf.widthOfString(`${cut}\u2026`) > width) cut = cut.slice(0, Math.max(1, Math.floor(cut.length * 0.9)));
  return `${cut.trimEnd()}\u2026`;
}

/** Fills the reserved contents pages: each entry, dot leaders and its page number, linked to its heading. */
function writeContents(pdf: Pdf, entries: readonly ContentsEntry[], firstPage: number): void {
  let page = firstPage;
  pdf.switchToPage(page - 1);
  const left = pdf.page.margins.left;
  const width = widthOf(pdf);
  pdf.y = pdf.page.margins.top;
  pdf.addNamedDestination(CONTENTS_ANCHOR, 'XYZ', null, pdf.y, null);
  pdf.font(FONT.bold).fontSize(20).fillColor(TEXT_COLOUR).text('Contents', left, pdf.y, { width, lineBreak: false });
  let y = pdf.page.margins.top + CONTENTS_TITLE_ROOM;
  for (const entry of entries) {
    if (y + CONTENTS_LINE > bottomOf(pdf)) {
      page++;
      pdf.switchToPage(page - 1);
      y = pdf.page.margins.top;
    }
    const indent = (Math.min(entry.depth, 4) - 1) * CONTENTS_INDENT;
    pdf.font(entry.depth === 1 ? FONT.bold : FONT.regular).fontSize(CONTENTS_SIZE);
    const titleWidth = width - indent - NUMBER_WIDTH - 12;
    const text = fitted(pdf, pdfText(entry.text), titleWidth);
    pdf.text(text, left + indent, y, { lineBreak: false, goTo: entry.anchor });
    const dotsFrom = left + indent + pdf.widthOfString(text) + 4;
    pdf.font(FONT.regular);
    const number = String(entry.page);
    const dotsTo = left + width - pdf.widthOfString(number) - 4;
    const dots = Math.floor((dotsTo - dotsFrom) / pdf.widthOfString('.'));
    if (dots > 2) pdf.fillColor('#777777').text('.'.repeat(dots), dotsFrom, y, { lineBreak: false }).fillColor(TEXT_COLOUR);
    pdf.text(number, left + width - NUMBER_WIDTH, y, { width: NUMBER_WIDTH, align: 'right', lineBreak: false, goTo: entry.anchor });
    y += CONTENTS_LINE;
  }
}

function writeContributors(pdf: Pdf, source: ExportDocument): void {
  pdf.addPage();
  const frame = { x: pdf.page.margins.left, width: widthOf(pdf) };
  writeHeading(pdf, 'Contributors', 1, frame, CONTRIBUTORS_ANCHOR);
  pdf.outline.addItem('Contributors');
  pdf.font(FONT.regular).fontSize(BODY_SIZE).text('Everyone who wrote in each chapter, from the revision history.', frame.x, pdf.y, { width: frame.width });
  pdf.moveDown(0.6);
  for (const chapter of source.contributors) {
    pdf.font(FONT.bold).fontSize(BODY_SIZE).text(pdfText(headingText(chapter)), frame.x, pdf.y, { width: frame.width, goTo: chapter.anchor });
    const names = chapter.names.length ? chapter.names.join(', ') : 'No one has written here yet.';
    writeRuns(pdf, [{ text: pdfText(names), bold: false, italic: false, underline: false, strike: false, link: null }], { x: frame.x + 14, width: frame.width - 14 }, BODY_SIZE);
    pdf.moveDown(0.5);
  }
}

/** The paper's title and "Page N of M" at the foot of every page but the cover. */
function writeFooters(pdf: Pdf, title: string): void {
  const range = pdf.bufferedPageRange();
  const total = range.count;
  for (let i = range.start + 1; i < range.start + total; i++) {
    pdf.switchToPage(i);
    const bottom = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    const left = pdf.page.margins.left;
    const width = widthOf(pdf);
    const y = pdf.page.height - bottom + 28;
    const label = `Page ${i + 1} of ${total}`;
    pdf.font(FONT.regular).fontSize(FOOTER_SIZE).fillColor('#555555');
    pdf.text(fitted(pdf, pdfText(title), width * 0.7), left, y, { lineBreak: false });
    pdf.text(label, left, y, { width, align: 'right', lineBreak: false });
    pdf.page.margins.bottom = bottom;
  }
  pdf.fillColor(TEXT_COLOUR);
}
