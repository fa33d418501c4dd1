/**
 * A page's text as Word content for the DOCX writer: ProseMirror blocks of shared/schema.ts become
 * docx paragraphs and tables. Marks become run formatting, a link stays a hyperlink only when
 * safeHref allows it, a page's own headings go `depth` levels below its title in Word's built-in
 * Heading styles (unnumbered), lists use real Word numbering (one list instance per list, nested
 * lists one level down), quotes are indented and a horizontal rule is a bordered empty paragraph.
 * A picture is an inline ImageRun in a paragraph of its own, sized from its pixel size (96 to the
 * inch) at its width percentage of the text width it sits in (the page's, or its table cell's
 * share of it), or at its natural size capped at that width, never taller than the page's text
 * area, with its alt text as the drawing's name, title and description (what Word's Alt Text
 * pane shows and screen readers read). An image export cannot embed shows as "Image: alt text"
 * (images.ts). A JPEG's EXIF orientation is not applied (the PDF writer does apply it), so a phone
 * photo stored on its side may show on its side in Word.
 */
import { Node as PmNode } from 'prosemirror-model';
import {
  AlignmentType,
  BorderStyle,
  LevelFormat,
  ExternalHyperlink,
  HeadingLevel,
  ImageRun,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  sectionMarginDefaults,
  sectionPageSizeDefaults,
  type NumberingDefinition,
  type ParagraphChild,
} from 'docx';
import { schema, safeHref } from '../../shared/schema.js';
import type { ExportSection } from './document.js';
import { drawnSize, exportImage, type ExportImages } from './images.js';

/** The text area of the writer's page (docx's default A4 and margins), in pixels at 96 to the inch. */
const TWIPS_PER_PIXEL = 15;
export const TEXT_WIDTH_PX = (sectionPageSizeDefaults.WIDTH - sectionMarginDefaults.LEFT - sectionMarginDefaults.RIGHT) / TWIPS_PER_PIXEL;
/** The tallest a picture may be: the page's text area less room for a line of text. */
export const TEXT_HEIGHT_PX = (sectionPageSizeDefaults.HEIGHT - sectionMarginDefaults.TOP - sectionMarginDefaults.BOTTOM) / TWIPS_PER_PIXEL - 48;
/** Padding Word gives a table cell on each side (0.08 inch), in pixels. */
const CELL_MARGIN_PX = 7.7;

/** The numbering references the writer's document defines (docx.ts). */
export const BULLET_LIST = 'quire-bullets';
export const NUMBERED_LIST = 'quire-numbers';

const BULLETS = ['\u2022', '\u25e6', '\u25aa'];
const NUMBER_FORMATS = [LevelFormat.DECIMAL, LevelFormat.LOWER_LETTER, LevelFormat.LOWER_ROMAN];
const levelIndent = (level: number) => ({ paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } });

/** Nine bullet levels, indented half an inch a level. */
export const bulletLevels = () => Array.from({ length: 9 }, (_, level) => ({ level, format: LevelFormat.BULLET, text: BULLETS[level % BULLETS.length], alignment: AlignmentType.LEFT, style: levelIndent(level) }));

/** Nine number levels (1. a. i. ...), indented half an inch a level; one level may start from another number. */
export const numberLevels = (start = 1, atLevel = 0) =>
  Array.from({ length: 9 }, (_, level) => ({
    level,
    format: NUMBER_FORMATS[level % NUMBER_FORMATS.length],
    text: `%${level + 1}.`,
    alignment: AlignmentType.LEFT,
    start: level === atLevel ? start : 1,
    style: levelIndent(level),
  }));

/** Word headings by level, 1 to 6. */
export const HEADING_LEVELS = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
  HeadingLevel.HEADING_5,
  HeadingLevel.HEADING_6,
] as const;

/** The Word heading style of a level, capped at Heading 6. */
export function headingLevel(level: number): (typeof HEADING_LEVELS)[number] {
  return HEADING_LEVELS[Math.min(HEADING_LEVELS.length, Math.max(1, level)) - 1];
}

/** Text as XML may carry it: control characters (other than tab and newline) and non-characters dropped. */
export function wordText(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '');
}

/** Lists need a fresh Word list instance each, counted over the whole document. */
export class ListCounter {
  private next = 1;
  take(): number {
    return this.next++;
  }
}

/** Where a block sits: how far a quote indents it, and the list level and instance it belongs to. */
interface Place {
  section: ExportSection;
  lists: ListCounter;
  /** Left indent in twentieths of a point (quotes add 720, half an inch). */
  indent: number;
  /** Inside a list item: which list and level. */
  list: { reference: string | NumberingDefinition; instance: number; level: number } | null;
  /** Cell text of a header row is bold. */
  bold: boolean;
  /** The pictures of the export. */
  images: ExportImages;
  /** The width text may take here, in pixels (the page's text width, less indents; a cell's share of it). */
  width: number;
}

const TABLE_BORDER = { style: BorderStyle.SINGLE, size: 4, color: '808080' } as const;
const TABLE_BORDERS = {
  top: TABLE_BORDER,
  bottom: TABLE_BORDER,
  left: TABLE_BORDER,
  right: TABLE_BORDER,
  insideHorizontal: TABLE_BORDER,
  insideVertical: TABLE_BORDER,
};

/** The runs of a text block: marks as formatting, hard breaks as line breaks, safe links as hyperlinks. */
export function inlineRuns(block: PmNode, bold = false): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  let link: { href: string; runs: TextRun[] } | null = null;
  const flush = () => {
    if (link) out.push(new ExternalHyperlink({ link: link.href, children: link.runs }));
    link = null;
  };
  block.forEach((child) => {
    let run: TextRun;
    let href: string | null = null;
    if (child.isText) {
      const has = (name: string) => child.marks.some((m) => m.type.name === name);
      const mark = child.marks.find((m) => m.type.name === 'link');
      href = mark ? safeHref(mark.attrs.href) : null;
      run = new TextRun({
        text: wordText(child.text ?? ''),
        bold: bold || has('bold') || undefined,
        italics: has('italic') || undefined,
        underline: has('underline') || href ? {} : undefined,
        strike: has('strike') || undefined,
        style: href ? 'Hyperlink' : undefined,
      });
    } else if (child.type.name === 'hard_break') {
      run = new TextRun({ break: 1 });
      href = link ? (link as { href: string }).href : null;
      } else return;
    if (link && link.href !== href) flush();
    if (href) {
      link ??= { href, runs: [] };
      link.runs.push(run);
    } else out.push(run);
  });
  flush();
  return out;
}

function paragraph(children: ParagraphChild[], place: Place, extra: { heading?: (typeof HEADING_LEVELS)[number]; thematicBreak?: boolean } = {}): Paragraph {
  return new Paragraph({
    children,
    heading: extra.heading,
    thematicBreak: extra.thematicBreak,
    indent: place.indent && !place.list ? { left: place.indent } : undefined,
    numbering: place.list ? { reference: place.list.reference, level: place.list.level, instance: place.list.instance } : undefined,
  });
}

/** A picture in a paragraph of its own, or its alt text (linked when its src is a safe link) when it cannot be embedded. */
function imageParagraph(node: PmNode, place: Place): Paragraph {
  const shown = exportImage(node.attrs, place.images);
  if (shown.kind === 'link') {
    const run = new TextRun({ text: wordText(shown.text), style: shown.href ? 'Hyperlink' : undefined, underline: shown.href ? {} : undefined });
    return paragraph([shown.href ? new ExternalHyperlink({ link: shown.href, children: [run] }) : run], place);
  }
  const { image } = shown;
  const size = drawnSize(image, shown.width, Math.max(16, place.width), TEXT_HEIGHT_PX, 1);
  const alt = wordText(shown.alt);
  return paragraph(
    [
      new ImageRun({
        type: image.contentType === 'image/png' ? 'png' : 'jpg',
        data: image.bytes,
        transformation: { width: Math.max(1, Math.round(size.width)), height: Math.max(1, Math.round(size.height)) },
        altText: { name: alt, title: alt, description: alt },
      }),
    ],
    place,
  );
}

function tableOf(node: PmNode, place: Place): Table {
  const rows: TableRow[] = [];
  let columns = 1;
  node.forEach((rowNode) => {
    let span = 0;
    rowNode.forEach((c) => (span += Number(c.attrs.colspan) || 1));
    columns = Math.max(columns, span);
  });
  node.forEach((rowNode, _offset, index) => {
    let headerRow = rowNode.childCount > 0;
    rowNode.forEach((c) => (headerRow &&= c.type.name === 'table_header'));
    const cells: TableCell[] = [];
    rowNode.forEach((cellNode) => {
      const share = (place.width * (Number(cellNode.attrs.colspan) || 1)) / columns - 2 * CELL_MARGIN_PX;
      const cellPlace: Place = { ...place, indent: 0, list: null, bold: cellNode.type.name === 'table_header', width: share };
      const children = blocks(cellNode, cellPlace);
      cells.push(
        new TableCell({
          children: children.length ? children : [new Paragraph({})],
          columnSpan: Number(cellNode.attrs.colspan) > 1 ? Number(cellNode.attrs.colspan) : undefined,
          rowSpan: Number(cellNode.attrs.rowspan) > 1 ? Number(cellNode.attrs.rowspan) : undefined,
        }),
      );
    });
    if (cells.length) rows.push(new TableRow({ children: cells, tableHeader: index === 0 && headerRow }));
  });
  return new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE }, borders: TABLE_BORDERS });
}

function list(node: PmNode, place: Place): (Paragraph | Table)[] {
  const level = place.list ? Math.min(8, place.list.level + 1) : 0;
  const order = node.type.name === 'ordered_list' ? Math.max(0, Math.floor(Number(node.attrs.order))) || 1 : 1;
  // A numbered list that starts from another number than 1 gets a numbering definition of its own.
  const reference = node.type.name !== 'ordered_list' ? BULLET_LIST : order === 1 ? NUMBERED_LIST : { reference: `${NUMBERED_LIST}-${order}-${level}`, levels: numberLevels(order, level) };
  const listPlace: Place = { ...place, list: { reference, instance: place.lists.take(), level }, width: place.width - (720 * (level + 1)) / TWIPS_PER_PIXEL };
  const out: (Paragraph | Table)[] = [];
  node.forEach((itemNode) => {
    // The item's first paragraph carries its number; what follows in the item is indented under it.
    let first = true;
    itemNode.forEach((child) => {
      const nested = child.type.name === 'bullet_list' || child.type.name === 'ordered_list';
      if (first && child.isTextblock) {
        out.push(paragraph(inlineRuns(child, place.bold), listPlace));
        first = false;
      } else if (nested) out.push(...list(child, listPlace));
      else out.push(...block(child, { ...place, list: null, indent: place.indent + 720 * (level + 1), width: listPlace.width }));
    });
    if (first) out.push(paragraph([], listPlace));
  });
  return out;
}

function block(node: PmNode, place: Place): (Paragraph | Table)[] {
  switch (node.type.name) {
    case 'paragraph':
      return [paragraph(inlineRuns(node, place.bold), place)];
    case 'heading':
      return [paragraph(inlineRuns(node), place, { heading: headingLevel(place.section.depth + (Number(node.attrs.level) || 1)) })];
    case 'blockquote':
      return blocks(node, { ...place, indent: place.indent + 720, width: place.width - 720 / TWIPS_PER_PIXEL });
    case 'horizontal_rule':
      return [paragraph([], place, { thematicBreak: true })];
    case 'bullet_list':
    case 'ordered_list':
      return list(node, place);
    case 'table':
      return [tableOf(node, place)];
    case 'image':
      return [imageParagraph(node, place)];
    default:
      return node.isTextblock ? [paragraph(inlineRuns(node, place.bold), place)] : blocks(node, place);
  }
}

function blocks(parent: PmNode, place: Place): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  parent.forEach((child) => out.push(...block(child, place)));
  return out;
}

/** A section's body as Word paragraphs and tables. */
export function sectionBody(section: ExportSection, lists: ListCounter, images: ExportImages = {}): (Paragraph | Table)[] {
  return blocks(PmNode.fromJSON(schema, section.body), { section, lists, indent: 0, list: null, bold: false, images, width: TEXT_WIDTH_PX });
}
