/**
 * One page's text laid out in a PDF (pdfkit): paragraphs as runs of DejaVu Sans (pdfFonts.ts) with
 * bold, italic, underline, strike and clickable links; a page's own headings below its title;
 * indented blockquotes; nested bullet and numbered lists; tables drawn as a grid whose rows never
 * split across pages (a long table repeats its header row on each new page); hard breaks and rules.
 *
 * Pictures (pdfPictures.ts) are drawn at their width percentage of the text column (natural size
 * at 96 pixels to the inch, at most the column, when they have none), never taller than the page,
 * whole on one page. A table cell holds text only in this grid, so a picture inside a table shows
 * as "Image: alt text" there; any image export cannot embed is shown that way too (images.ts).
 * Nothing is read from the network.
 */
import { Node as PmNode } from 'prosemirror-model';
import { schema, safeHref } from '../../shared/schema.js';
import type { ExportSection } from './document.js';
import { altText } from './images.js';
import { FONT, fontHasGlyph } from './pdfFonts.js';
import type { PdfPictures } from './pdfPictures.js';

export type Pdf = PDFKit.PDFDocument;
export { FONT };

/** The body size and the colours export uses. */
export const BODY_SIZE = 10.5;
export const TEXT_COLOUR = '#1a1a1a';
const LINK_COLOUR = '#1a4f8b';
const RULE_COLOUR = '#8a8a8a';
const LIST_INDENT = 18;
const QUOTE_INDENT = 20;
const CELL_PAD = 4;

/** Heading sizes by level (1 is a chapter). */
const HEADING_SIZE = [20, 15, 13, 12, 11, 11];
export const headingSize = (level: number): number => HEADING_SIZE[Math.min(HEADING_SIZE.length, Math.max(1, level)) - 1];

/** A run of text sharing one style. */
interface Run {
  text: string;
  bold: boolean;
  italic: boolean;
  underline: boolean;
  strike: boolean;
  link: string | null;
}

/** Where a block is laid out: its left edge and width. */
export interface Frame {
  x: number;
  width: number;
}

const fontOf = (bold: boolean, italic: boolean): string => (bold ? (italic ? FONT.boldItalic : FONT.bold) : italic ? FONT.italic : FONT.regular);

/**
 * Text as the PDF writes it: a tab becomes a space, other control characters are dropped, and a
 * character the embedded font has no glyph for (CJK, most emoji) becomes "?" rather than a blank.
 */
export function pdfText(text: string): string {
  return text
    .replace(/\t/g, ' ')
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, '')
    .replace(/[^\n\x20-\x7e]/gu, (ch) => (fontHasGlyph(ch.codePointAt(0)!) ? ch : '?'));
}

/** The runs of a text block; a link whose href is unsafe keeps its text but loses the link. */
function runsOf(block: PmNode, bold = false): Run[] {
  const runs: Run[] = [];
  let pendingBreak = '';
  block.forEach((child) => {
    const has = (name: string) => child.marks.some((m) => m.type.name === name);
    const linkMark = child.marks.find((m) => m.type.name === 'link');
    const base = { bold: bold || has('bold'), italic: has('italic'), underline: has('underline'), strike: has('strike'), link: linkMark ? safeHref(linkMark.attrs.href) : null };
    if (child.isText) {
      runs.push({ ...base, text: pendingBreak + pdfText(child.text ?? '') });
      pendingBreak = '';
    }
    // pdfkit breaks a continued line only at a newline that starts a run, so a break opens the next run.
    else if (child.type.name === 'hard_break') pendingBreak += '\n';
  });
  return runs.filter((r) => r.text.length > 0);
}

/** The plain text of a node, its text blocks one to a line (a picture as "Image: alt text"). */
function plainText(node: PmNode): string {
  if (node.isTextblock) return runsOf(node).map((r) => r.text).join('');
  const lines: string[] = [];
  node.descendants((child) => {
    if (child.type.name === 'image') {
      lines.push(pdfText(`Image: ${altText(child.attrs.alt)}`));
      return false;
    }
    if (!child.isTextblock) return true;
    lines.push(runsOf(child).map((r) => r.text).join(''));
    return false;
  });
  return lines.join('\n');
}

/** The lowest y text may reach on the current page. */
export const bottomOf = (pdf: Pdf): number => pdf.page.height - pdf.page.margins.bottom;

/** Starts a new page when less than `needed` points are left on this one. */
export function ensureRoom(pdf: Pdf, needed: number): void {
  if (pdf.y + needed > bottomOf(pdf)) pdf.addPage();
}

/** Writes runs as one wrapped paragraph in the frame, at the current y. */
export function writeRuns(pdf: Pdf, runs: readonly Run[], frame: Frame, size: number): void {
  pdf.fontSize(size);
  if (runs.length === 0) {
    pdf.font(FONT.regular).text(' ', frame.x, pdf.y, { width: frame.width });
    return;
  }
  runs.forEach((run, i) => {
    pdf.font(fontOf(run.bold, run.italic)).fillColor(run.link ? LINK_COLOUR : TEXT_COLOUR);
    const options: PDFKit.Mixins.TextOptions = { width: frame.width, continued: i < runs.length - 1, underline: run.underline || run.link !== null, strike: run.strike };
    if (run.link) options.link = run.link;
    if (i === 0) pdf.text(run.text, frame.x, pdf.y, options);
    else pdf.text(run.text, options);
  });
  pdf.fillColor(TEXT_COLOUR);
}

/** Writes a plain, bold heading of this level. */
export function writeHeading(pdf: Pdf, text: string, level: number, frame: Frame, destination?: string): void {
  const size = headingSize(level);
  pdf.moveDown(0.3);
  ensureRoom(pdf, size * 3);
  if (destination) pdf.addNamedDestination(destination, 'XYZ', null, pdf.y, null);
  pdf.font(FONT.bold).fontSize(size).fillColor(TEXT_COLOUR).text(pdfText(text), frame.x, pdf.y, { width: frame.width });
  pdf.moveDown(0.25);
}

/** Lays out one section's body; its own headings go `depth` levels below the section's title. */
export function writeBody(pdf: Pdf, section: ExportSection, frame: Frame, pictures: PdfPictures): void {
  const doc = PmNode.fromJSON(schema, section.body);
  doc.forEach((child) => writeBlock(pdf, child, frame, section.depth, pictures));
}

function writeBlock(pdf: Pdf, node: PmNode, frame: Frame, depth: number, pictures: PdfPictures): void {
  switch (node.type.name) {
    case 'paragraph':
      writeRuns(pdf, runsOf(node), frame, BODY_SIZE);
      pdf.moveDown(0.45);
      return;
    case 'heading':
      writeHeading(pdf, plainText(node), depth + (Number(node.attrs.level) || 1), frame);
      return;
    case 'blockquote':
      node.forEach((child) => writeBlock(pdf, child, { x: frame.x + QUOTE_INDENT, width: frame.width - QUOTE_INDENT }, depth, pictures));
      return;
    case 'horizontal_rule': {
      ensureRoom(pdf, 12);
      const y = pdf.y + 4;
      pdf.moveTo(frame.x, y).lineTo(frame.x + frame.width, y).strokeColor(RULE_COLOUR).lineWidth(0.75).stroke();
      pdf.y = y + 8;
      return;
    }
    case 'bullet_list':
    case 'ordered_list':
      writeList(pdf, node, frame, depth, pictures);
      return;
    case 'table':
      writeTable(pdf, node, frame);
      return;
    case 'image': {
      const shown = pictures.draw(pdf, node, frame);
      if (shown.kind === 'link') writeRuns(pdf, [{ text: pdfText(shown.text), bold: false, italic: false, underline: false, strike: false, link: shown.href }], frame, BODY_SIZE);
      pdf.moveDown(0.45);
      return;
    }
    default:
      if (node.isTextblock) writeRuns(pdf, runsOf(node), frame, BODY_SIZE);
      else node.forEach((child) => writeBlock(pdf, child, frame, depth, pictures));
  }
}

function writeList(pdf: Pdf, list: PmNode, frame: Frame, depth: number, pictures: PdfPictures): void {
  const ordered = list.type.name === 'ordered_list';
  const start = Number(list.attrs.order ?? 1) || 0;
  const inner: Frame = { x: frame.x + LIST_INDENT, width: frame.width - LIST_INDENT };
  list.forEach((item, _offset, index) => {
    pdf.font(FONT.regular).fontSize(BODY_SIZE);
    ensureRoom(pdf, pdf.currentLineHeight(true) * 1.5);
    const y = pdf.y;
    pdf.fillColor(TEXT_COLOUR).text(ordered ? `${start + index}.` : '\u2022', frame.x, y, { width: LIST_INDENT - 4, lineBreak: false });
    pdf.y = y;
    item.forEach((child, _o, i) => {
      writeBlock(pdf, child, inner, depth, pictures);
      // Items of a list sit closer together than paragraphs do.
      if (i === 0 && child.type.name === 'paragraph') pdf.moveUp(0.25);
    });
  });
  pdf.moveDown(0.2);
}

/** One table cell as laid out: its text, width and whether it is a header. */
interface Cell {
  text: string;
  width: number;
  header: boolean;
}

function writeTable(pdf: Pdf, table: PmNode, frame: Frame): void {
  const rows: Cell[][] = [];
  let columns = 1;
  table.forEach((row) => {
    let span = 0;
    row.forEach((cell) => (span += Number(cell.attrs.colspan) || 1));
    columns = Math.max(columns, span);
  });
  const unit = frame.width / columns;
  table.forEach((row) => {
    const cells: Cell[] = [];
    row.forEach((cell) => cells.push({ text: plainText(cell), width: unit * (Number(cell.attrs.colspan) || 1), header: cell.type.name === 'table_header' }));
    rows.push(cells);
  });
  const header = rows.length > 1 && rows[0].length > 0 && rows[0].every((c) => c.header) ? rows[0] : null;
  const size = BODY_SIZE - 1;
  const heightOf = (cells: Cell[]) =>
    Math.max(...cells.map((c) => pdf.font(c.header ? FONT.bold : FONT.regular).fontSize(size).heightOfString(c.text || ' ', { width: c.width - 2 * CELL_PAD })), 0) + 2 * CELL_PAD;
  pdf.x = frame.x;
  rows.forEach((cells, index) => {
    const room = bottomOf(pdf) - pdf.page.margins.top;
    const height = Math.min(heightOf(cells), room);
    if (pdf.y + height > bottomOf(pdf)) {
      pdf.addPage();
      if (header && index > 0) drawRow(pdf, header, frame.x, Math.min(heightOf(header), room), size);
    }
    drawRow(pdf, cells, frame.x, height, size);
  });
  pdf.x = frame.x;
  pdf.moveDown(0.6);
}

/** Draws one row at the current y and moves below it; text taller than the row is cut with an ellipsis. */
function drawRow(pdf: Pdf, cells: Cell[], x: number, height: number, size: number): void {
  const y = pdf.y;
  let left = x;
  for (const cell of cells) {
    pdf.rect(left, y, cell.width, height).strokeColor(RULE_COLOUR).lineWidth(0.5).stroke();
    pdf
      .font(cell.header ? FONT.bold : FONT.regular)
      .fontSize(size)
      .fillColor(TEXT_COLOUR)
      .text(cell.text, left + CELL_PAD, y + CELL_PAD, { width: cell.width - 2 * CELL_PAD, height: height - 2 * CELL_PAD, ellipsis: true });
    left += cell.width;
  }
  pdf.x = x;
  pdf.y = y + height;
}
