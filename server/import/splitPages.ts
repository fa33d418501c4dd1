/**
 * Splitting an imported document into pages at its top-level headings. The highest heading level
 * the document uses (1 if it has any level-1 heading, else 2, else 3) marks where a page starts;
 * that heading's text becomes the page's title (the title lives in the page tree, not the text)
 * and the headings below it move up so each page's own headings start at level 1. Whatever comes
 * before the first heading becomes a first page titled from the file name.
 */
import type { DocJSON } from '../../shared/schema.js';
import type { ImportSection } from '../../shared/imports.js';
import { oneLine } from '../../shared/api.js';
import { limits } from '../../shared/limits.js';

interface JsonNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: JsonNode[];
  text?: string;
}

const EMPTY_BODY: JsonNode[] = [{ type: 'paragraph' }];

/** The plain text of a JSON node. */
function textOf(node: JsonNode): string {
  return node.text ?? (node.content ?? []).map(textOf).join('');
}

/** Whether blocks hold anything a person would miss (text, a picture, a table, a rule). */
function hasContent(blocks: readonly JsonNode[]): boolean {
  return blocks.some((block) => block.type !== 'paragraph' || textOf(block).trim() !== '' || (block.content ?? []).some((n) => n.type !== 'text'));
}

/** Moves a heading up by `by` levels (never above level 1). */
function promote(node: JsonNode, by: number): JsonNode {
  if (node.type !== 'heading' || by === 0) return node;
  return { ...node, attrs: { ...node.attrs, level: Math.max(1, Number(node.attrs?.level ?? 1) - by) } };
}

/** A heading's text as a page title; an empty heading is titled by its place ("Section 3"). */
function titleOf(heading: JsonNode, place: number): string {
  const title = oneLine(textOf(heading)).replace(/\s+/g, ' ').trim().slice(0, limits.pageTitleChars).trim();
  return title || `Section ${place}`;
}

/** Splits a document at its top-level headings; a document without headings is one page titled `fileTitle`. */
export function splitAtHeadings(doc: DocJSON, fileTitle: string): ImportSection[] {
  const blocks = (doc.content ?? []) as JsonNode[];
  const levels = blocks.filter((b) => b.type === 'heading').map((b) => Number(b.attrs?.level ?? 1));
  if (levels.length === 0) return [{ title: fileTitle, doc }];
  const top = Math.min(...levels);
  const sections: { title: string; blocks: JsonNode[] }[] = [];
  // The part before the first heading is a page only if it holds something.
  let current: { title: string; blocks: JsonNode[] } = { title: fileTitle, blocks: [] };
  let intro = true;
  for (const block of blocks) {
    if (block.type === 'heading' && Number(block.attrs?.level ?? 1) === top) {
      if (!intro || hasContent(current.blocks)) sections.push(current);
      intro = false;
      current = { title: titleOf(block, sections.length + 1), blocks: [] };
    } else {
      current.blocks.push(promote(block, top));
    }
  }
  sections.push(current);
  return sections.map((section) => ({ title: section.title, doc: { type: 'doc', content: section.blocks.length ? section.blocks : EMPTY_BODY } }));
}
