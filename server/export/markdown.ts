/**
 * The Markdown writer: CommonMark with GitHub-style pipe tables. The cover becomes a title block,
 * the contents a list of links to the headings (GitHub's heading anchors), each page a heading
 * "1.2 Title" at its depth with its own headings further down (capped at level 6). Text is escaped
 * so nothing a person typed can become Markdown structure or HTML: characters that open inline
 * syntax anywhere are backslash-escaped, and so are line starts that would open a block.
 * Underline has no Markdown form and is written as plain text.
 *
 * Pictures are embedded as data: URLs through reference-style images: the text says
 * `![alt text][image-1]` where the picture stands and the definitions (`[image-1]: data:...`) come
 * at the end of the file, so the prose stays readable in a text editor and a picture placed twice
 * is stored once. CommonMark has no width, so a picture's width percentage is not kept, and some
 * Markdown viewers do not show data: images at all (they show the alt text).
 */
import { Node as PmNode, type Mark } from 'prosemirror-model';
import { schema, safeHref } from '../../shared/schema.js';
import { headingText, type ExportDocument, type ExportSection } from './document.js';
import { dataUrl, exportImage, type ExportImages } from './images.js';
import { displayDate } from './dates.js';

/** Inline text with everything CommonMark (and GFM tables and strikethrough) could read as syntax escaped. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replace(/[\\`*_[\]<>#|~&!]/g, (c) => `\\${c}`)
    .replace(/[\r\n]+/g, ' ');
}

/** A link destination CommonMark reads whole: spaces, brackets and parentheses percent-encoded. */
function destination(href: string): string {
  return href.replace(/[\s<>()\\]/g, (c) => encodeURIComponent(c).replace(/[()]/g, (p) => `%${p.charCodeAt(0).toString(16).toUpperCase()}`));
}

const MARK_DELIMITERS: Record<string, string> = { bold: '**', italic: '*', strike: '~~' };

/** The marks written as delimiters (link handled apart), outermost first, in a stable order. */
function delimited(marks: readonly Mark[]): string[] {
  return marks.filter((m) => m.type.name in MARK_DELIMITERS).map((m) => m.type.name);
}

/**
 * The inline content of a text block. Each run of text with the same marks is written on its own
 * with its delimiters inside its spaces ("**bold** " not "**bold **", which CommonMark would not
 * read as bold); a link wraps its runs.
 */
export function inlineMarkdown(block: PmNode): string {
  type Run = { text: string; marks: string[]; href: string | null; title: string | null };
  const runs: Run[] = [];
  block.forEach((child) => {
    const link = child.marks.find((m) => m.type.name === 'link');
    const href = link ? safeHref(link.attrs.href) : null;
    const title = link?.attrs.title ? String(link.attrs.title) : null;
    if (child.isText) runs.push({ text: child.text ?? '', marks: delimited(child.marks), href, title });
    else if (child.type.name === 'hard_break') runs.push({ text: '\n', marks: [], href: null, title: null });
  });
  let out = '';
  for (let i = 0; i < runs.length; ) {
    const run = runs[i];
    if (run.text === '\n') {
      out += '\\\n';
      i++;
      continue;
    }
    // Consecutive runs under one link become one link.
    let j = i + 1;
    while (run.href && j < runs.length && runs[j].href === run.href && runs[j].title === run.title && runs[j].text !== '\n') j++;
    const inner = runs.slice(i, j).map(styled).join('');
    if (run.href && inner.trim()) {
      const title = run.title ? ` "${run.title.replace(/["\\]/g, (c) => `\\${c}`)}"` : '';
      out += `[${inner}](${destination(run.href)}${title})`;
    } else out += inner;
    i = j;
  }
  return out;
}

function styled(run: { text: string; marks: string[] }): string {
  const text = escapeMarkdown(run.text);
  if (run.marks.length === 0 || text.trim() === '') return text;
  const lead = /^\s*/.exec(text)![0];
  const trail = /\s*$/.exec(text)![0];
  const open = run.marks.map((m) => MARK_DELIMITERS[m]).join('');
  const close = run.marks.map((m) => MARK_DELIMITERS[m]).reverse().join('');
  return `${lead}${open}${text.trim()}${close}${trail}`;
}

/** The pictures of one Markdown file: a reference label for each embedded one, and their definitions for the end. */
class Pictures {
  private readonly labels = new Map<string, string>();

  constructor(private readonly images: ExportImages) {}

  /** An image node as Markdown: a reference-style image, or its alt text (a link when its src is a safe link). */
  markdown(node: PmNode): string {
    const image = exportImage(node.attrs, this.images);
    if (image.kind === 'link') return image.href ? `[${escapeMarkdown(image.text)}](${destination(image.href)})` : escapeMarkdown(image.text);
    const src = String(node.attrs.src);
    let label = this.labels.get(src);
    if (!label) this.labels.set(src, (label = `image-${this.labels.size + 1}`));
    return `![${escapeMarkdown(image.alt)}][${label}]`;
  }

  /** The link reference definitions of every picture used, in order of first use. */
  definitions(): string {
    return [...this.labels].map(([src, label]) => `[${label}]: ${dataUrl(this.images[src])}`).join('\n');
  }
}

/** Where a block is written: its section (for heading depth) and the file's pictures. */
type Place = ExportSection & { pictures: Pictures };

/**
 * Paragraph text made safe at each line's start, where CommonMark opens blocks: leading blanks
 * (code) are dropped, and a list marker ("-", "+", "1." "1)") or a setext underline ("=") is escaped.
 */
function safeLines(text: string): string {
  return text
    .split('\n')
    .map((line) =>
      line
        .replace(/^[ \t]+/, '')
        .replace(/^([-+=])/, '\\$1')
        .replace(/^(\d+)([.)])/, '$1\\$2'),
    )
    .join('\n');
}

/** One table as a GFM pipe table: its first row is the header; colspans are padded with empty cells; cell blocks joined by <br>. */
function tableMarkdown(table: PmNode, section: Place): string {
  const rows: string[][] = [];
  table.forEach((row) => {
    const cells: string[] = [];
    row.forEach((cell) => {
      const blocks: string[] = [];
      cell.descendants((n) => {
        if (n.type.name === 'image') {
          blocks.push(section.pictures.markdown(n));
          return false;
        }
        if (!n.isTextblock) return true;
        const text = inlineMarkdown(n).replace(/\\\n/g, ' ').trim();
        if (text) blocks.push(text);
        return false;
      });
      cells.push(blocks.join('<br>'));
      for (let extra = 1; extra < (Number(cell.attrs.colspan) || 1); extra++) cells.push('');
    });
    rows.push(cells);
  });
  if (rows.length === 0) return '';
  const width = Math.max(...rows.map((r) => r.length));
  const line = (cells: string[]) => `| ${Array.from({ length: width }, (_, i) => cells[i] || ' ').join(' | ')} |`;
  return [line(rows[0]), `|${' --- |'.repeat(width)}`, ...rows.slice(1).map(line)].join('\n');
}

const indent = (text: string, by: string) =>
  text
    .split('\n')
    .map((line, i) => (i === 0 || line === '' ? line : by + line))
    .join('\n');

/**
 * The blocks of a page body (or of a list item, quote or cell), blank-line separated; in a list
 * item a nested list follows its paragraph on the next line, so the list stays tight.
 */
function blocksMarkdown(parent: PmNode, section: Place): string {
  let out = '';
  const inItem = parent.type.name === 'list_item';
  parent.forEach((node) => {
    const md = blockMarkdown(node, section);
    if (md.trim() === '') return;
    const list = node.type.name === 'bullet_list' || node.type.name === 'ordered_list';
    out += out === '' ? md : `${inItem && list ? '\n' : '\n\n'}${md}`;
  });
  return out;
}

function listMarkdown(list: PmNode, section: Place): string {
  const ordered = list.type.name === 'ordered_list';
  const start = ordered ? Number(list.attrs.order) || 1 : 1;
  const items: string[] = [];
  list.forEach((item, _offset, index) => {
    const marker = ordered ? `${start + index}. ` : '- ';
    const body = blocksMarkdown(item, section) || ' ';
    items.push(marker + indent(body, ' '.repeat(marker.length)));
  });
  return items.join('\n');
}

function blockMarkdown(node: PmNode, section: Place): string {
  switch (node.type.name) {
    case 'paragraph':
      return safeLines(inlineMarkdown(node));
    case 'heading': {
      const level = Math.min(6, section.depth + (Number(node.attrs.level) || 1));
      const text = inlineMarkdown(node).replace(/\\\n/g, ' ').trim();
      return text ? `${'#'.repeat(level)} ${text}` : '';
    }
    case 'blockquote':
      return blocksMarkdown(node, section)
        .split('\n')
        .map((line) => (line ? `> ${line}` : '>'))
        .join('\n');
    case 'horizontal_rule':
      return '***';
    case 'bullet_list':
    case 'ordered_list':
      return listMarkdown(node, section);
    case 'table':
      return tableMarkdown(node, section);
    case 'image':
      return section.pictures.markdown(node);
    default:
      return node.isTextblock ? safeLines(inlineMarkdown(node)) : blocksMarkdown(node, section);
  }
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as dashes. */
export function headingAnchor(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function sectionMarkdown(section: ExportSection, pictures: Pictures): string {
  const heading = `${'#'.repeat(Math.min(6, section.depth))} ${escapeMarkdown(headingText(section))}`;
  const body = blocksMarkdown(PmNode.fromJSON(schema, section.body), { ...section, pictures });
  return body ? `${heading}\n\n${body}` : heading;
}

/** Writes an ExportDocument as CommonMark with GFM tables. */
export function writeMarkdown(doc: ExportDocument): string {
  const c = doc.cover;
  const pictures = new Pictures(doc.images);
  const parts: string[] = [];
  if (c.organisation) parts.push(escapeMarkdown(c.organisation));
  parts.push(`# ${escapeMarkdown(c.title)}`);
  if (c.subtitle) parts.push(`**${escapeMarkdown(c.subtitle).trim()}**`);
  const facts = [c.editedBy ? `Edited by ${escapeMarkdown(c.editedBy)}` : '', escapeMarkdown(displayDate(c.date)), escapeMarkdown(c.edition)].filter(Boolean);
  parts.push(facts.join('  \n'));
  if (c.keyPoints.length) parts.push('## Key points', c.keyPoints.map((p) => `- ${escapeMarkdown(p)}`).join('\n'));
  if (c.acknowledgements.length) parts.push('## Acknowledgements', ...c.acknowledgements.map(escapeMarkdown));

  const main = doc.sections.filter((s) => !s.references);
  const refs = doc.sections.filter((s) => s.references);
  const entry = (text: string, depth: number) => `${'  '.repeat(Math.max(0, depth - 1))}- [${escapeMarkdown(text)}](#${headingAnchor(text)})`;
  parts.push(
    '## Contents',
    [...main.map((s) => entry(headingText(s), s.depth)), entry('Contributors', 1), ...refs.map((s) => entry(headingText(s), s.depth))].join('\n'),
  );
  parts.push(...main.map((s) => sectionMarkdown(s, pictures)));
  parts.push(
    `# Contributors`,
    'Everyone who wrote in each chapter, from the revision history.',
    doc.contributors.map((ch) => `- ${escapeMarkdown(headingText(ch))}: ${escapeMarkdown(ch.names.length ? ch.names.join(', ') : 'no one has written here yet.')}`).join('\n'),
  );
  parts.push(...refs.map((s) => sectionMarkdown(s, pictures)));
  const definitions = pictures.definitions();
  if (definitions) parts.push(definitions);
  return parts.join('\n\n') + '\n';
}
