/**
 * The HTML writer: one self-contained XHTML-compatible file (no external style sheets, scripts,
 * fonts or images: pictures are embedded as data: URLs with their alt text and width) with a print style sheet: the cover on its own page, a linked contents list,
 * each chapter on a new page, the page number and paper title in the page margins where the
 * browser supports CSS page margin boxes. Page text goes through the schema's own toDOM specs
 * (xhtml.ts escapes everything); links are kept only when safeHref allows them.
 */
import { Node as PmNode, type Mark } from 'prosemirror-model';
import { schema, safeHref } from '../../shared/schema.js';
import { CONTENTS_ANCHOR, CONTRIBUTORS_ANCHOR, headingText, type ExportDocument, type ExportSection } from './document.js';
import { element, escapeText, specParts } from './xhtml.js';
import { dataUrl, exportImage, type ExportImages } from './images.js';
import { displayDate } from './dates.js';
import { HTML_STYLE } from './htmlStyle.js';

/** The marks of an inline node that export keeps (a link whose href is unsafe is dropped, its text kept). */
function keptMarks(node: PmNode): readonly Mark[] {
  return node.marks.filter((m) => m.type.name !== 'link' || safeHref(m.attrs.href) !== null);
}

/** The inline content of a text block, with marks opened and closed as a stack so that runs share one element. */
function inlineHtml(block: PmNode): string {
  let out = '';
  const open: { mark: Mark; close: string }[] = [];
  block.forEach((child) => {
    const marks = keptMarks(child);
    let keep = 0;
    while (keep < open.length && keep < marks.length && open[keep].mark.eq(marks[keep])) keep++;
    while (open.length > keep) out += open.pop()!.close;
    for (const mark of marks.slice(keep)) {
      const parts = specParts(mark.type.spec.toDOM!(mark, true));
      out += parts.before;
      open.push({ mark, close: parts.after });
    }
    if (child.isText) out += escapeText(child.text ?? '');
    else out += specParts(child.type.spec.toDOM!(child)).before;
  });
  while (open.length > 0) out += open.pop()!.close;
  return out;
}

/** A picture as <img> with a data: URL, its alt text and its width as a percentage of the column; or its alt text. */
function imageHtml(node: PmNode, images: ExportImages): string {
  const image = exportImage(node.attrs, images);
  if (image.kind === 'embedded') return element('img', { src: dataUrl(image.image), alt: image.alt, width: image.width === null ? null : `${image.width}%` }, '');
  return image.href ? element('a', { href: image.href, rel: 'noopener noreferrer nofollow' }, escapeText(image.text)) : escapeText(image.text);
}

/** Writes one page's body; its own headings go `depth` levels below its title. */
function bodyHtml(section: ExportSection, images: ExportImages): string {
  const doc = PmNode.fromJSON(schema, section.body);
  let headings = 0;
  const block = (node: PmNode): string => {
    if (node.type.name === 'heading') {
      const level = Math.min(6, section.depth + (Number(node.attrs.level) || 1));
      return element(`h${level}`, { id: `${section.anchor}-h${++headings}` }, inlineHtml(node));
    }
    if (node.type.name === 'image') return element('p', { class: 'image' }, imageHtml(node, images));
    const parts = specParts(node.type.spec.toDOM!(node));
    if (node.isTextblock) return parts.before + inlineHtml(node) + parts.after;
    let inner = '';
    node.forEach((child) => (inner += block(child)));
    return parts.before + inner + parts.after;
  };
  let out = '';
  doc.forEach((child) => (out += block(child)));
  return out;
}

function coverHtml(doc: ExportDocument): string {
  const c = doc.cover;
  let inner = '';
  if (c.organisation) inner += element('p', { class: 'organisation' }, escapeText(c.organisation));
  inner += element('h1', { class: 'title' }, escapeText(c.title));
  if (c.subtitle) inner += element('p', { class: 'subtitle' }, escapeText(c.subtitle));
  if (c.editedBy) inner += element('p', { class: 'edited-by' }, `Edited by ${escapeText(c.editedBy)}`);
  inner += element('p', { class: 'date' }, element('time', { datetime: c.date }, escapeText(displayDate(c.date))));
  if (c.keyPoints.length) {
    inner += element('section', { class: 'key-points', 'aria-labelledby': 'key-points' }, element('h2', { id: 'key-points' }, 'Key points') + element('ul', undefined, c.keyPoints.map((p) => element('li', undefined, escapeText(p))).join('')));
  }
  if (c.acknowledgements.length) {
    inner += element('section', { class: 'acknowledgements', 'aria-labelledby': 'acknowledgements' }, element('h2', { id: 'acknowledgements' }, 'Acknowledgements') + c.acknowledgements.map((p) => element('p', undefined, escapeText(p))).join(''));
  }
  inner += element('p', { class: 'edition' }, escapeText(c.edition));
  return element('header', { class: 'cover' }, inner);
}

function contentsHtml(doc: ExportDocument): string {
  const item = (anchor: string, text: string, depth: number) => element('li', { class: `depth-${Math.min(depth, 6)}` }, element('a', { href: `#${anchor}` }, escapeText(text)));
  const main = doc.sections.filter((s) => !s.references);
  const refs = doc.sections.filter((s) => s.references);
  const items = [...main.map((s) => item(s.anchor, headingText(s), s.depth)), item(CONTRIBUTORS_ANCHOR, 'Contributors', 1), ...refs.map((s) => item(s.anchor, headingText(s), s.depth))];
  return element('nav', { class: 'contents', 'aria-labelledby': CONTENTS_ANCHOR }, element('h1', { id: CONTENTS_ANCHOR }, 'Contents') + element('ul', undefined, items.join('')));
}

function sectionHtml(section: ExportSection, images: ExportImages): string {
  const level = Math.min(6, section.depth);
  const heading = element(`h${level}`, { id: section.anchor }, escapeText(headingText(section)));
  const kind = section.depth === 1 ? 'chapter' : 'section';
  return element('section', { class: `${kind} depth-${Math.min(section.depth, 6)}${section.references ? ' references' : ''}` }, heading + bodyHtml(section, images));
}

function contributorsHtml(doc: ExportDocument): string {
  const entries = doc.contributors
    .map((c) => element('dt', undefined, element('a', { href: `#${c.anchor}` }, escapeText(headingText(c)))) + element('dd', undefined, escapeText(c.names.length ? c.names.join(', ') : 'No one has written here yet.')))
    .join('');
  const intro = element('p', undefined, 'Everyone who wrote in each chapter, from the revision history.');
  return element('section', { class: 'chapter contributors' }, element('h1', { id: CONTRIBUTORS_ANCHOR }, 'Contributors') + intro + element('dl', undefined, entries));
}

/** Writes an ExportDocument as one self-contained HTML file. */
export function writeHtml(doc: ExportDocument): string {
  const main = doc.sections.filter((s) => !s.references).map((s) => sectionHtml(s, doc.images)).join('\n');
  const refs = doc.sections.filter((s) => s.references).map((s) => sectionHtml(s, doc.images)).join('\n');
  const title = doc.cover.title;
  return [
    '<!DOCTYPE html>',
    '<html xmlns="http://www.w3.org/1999/xhtml" lang="en-GB" xml:lang="en-GB">',
    '<head>',
    '<meta charset="utf-8" />',
    '<meta name="viewport" content="width=device-width, initial-scale=1" />',
    `<meta name="generator" content="Quire" />`,
    `<title>${escapeText(title)}</title>`,
    `<style>${HTML_STYLE}</style>`,
    '</head>',
    '<body>',
    coverHtml(doc),
    contentsHtml(doc),
    `<main>${main}</main>`,
    contributorsHtml(doc),
    refs,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
