/**
 * Paper templates: a named skeleton of pages (titles, nesting and starting text) that a new paper
 * can be created from. A template's pages are a flat list in reading order, each with its depth
 * (chapters are 1, their sections 2 ...), so the tree they make needs no ids. The built-in
 * "Briefing paper" template is always offered and cannot be changed; anyone signed in can save a
 * paper they edit as a new template, and its creator can rename or delete it.
 */
import { z } from 'zod';
import { limits } from './limits.js';
import { oneLine, type PersonRef } from './api.js';
import type { DocJSON } from './schema.js';

/** The id of the built-in template (never a stored row). */
export const BRIEFING_TEMPLATE_ID = 'briefing-paper';

export const TEMPLATE_LIMITS = {
  /** Longest template name, in characters. */
  nameChars: 80,
  /** Most pages in one template: as many as a paper may have. */
  pages: limits.pagesPerPaper,
  /** Largest text of all a template's pages together, as stored ProseMirror JSON in bytes. */
  textBytes: 4 * 1024 * 1024,
  /** Characters of each page's text shown when a template is previewed. */
  previewChars: 300,
} as const;

/** The message when someone tries to rename or delete the built-in template. */
export const BUILT_IN_UNCHANGEABLE = 'The built-in template cannot be changed; save a copy instead.';

export const templateName = z
  .string({ error: 'Template name is required.' })
  .overwrite(oneLine)
  .trim()
  .min(1, 'Template name is required.')
  .max(TEMPLATE_LIMITS.nameChars, `Template name must be at most ${TEMPLATE_LIMITS.nameChars} characters.`);

/** POST /papers/:paperId/save-as-template and PATCH /templates/:id. */
export const templateNameBody = z.object({ name: templateName });

/** One page of a template as stored: reading order gives its place, depth its level. */
export interface TemplatePage {
  title: string;
  /** 1 for a chapter, 2 for a section of the chapter before it, and so on. */
  depth: number;
  /** The page's starting text, in the schema of shared/schema.ts. */
  doc: DocJSON;
}

/** A template in the list: what the "Start from" choice and the management list show. */
export interface TemplateSummary {
  id: string;
  name: string;
  /** The built-in template: always there, cannot be renamed or deleted. */
  builtIn: boolean;
  /** Who saved it (null for the built-in one). */
  createdBy: PersonRef | null;
  createdAt: string | null;
  pageCount: number;
  /** Whether the person asking may rename and delete it (they saved it). */
  mayChange: boolean;
}

/** One page of a template as previewed: its number in the new paper, title and a little of its text. */
export interface TemplatePagePreview {
  number: string;
  depth: number;
  title: string;
  text: string;
}

/** GET /templates/:id. */
export interface TemplateView extends TemplateSummary {
  pages: TemplatePagePreview[];
}

/** Where one template page goes in a new paper: its parent (an index into the list, or null) and position among its siblings. */
export interface PlannedPage {
  index: number;
  parentIndex: number | null;
  position: number;
  /** The section number it will have: "1", "1.2" ... */
  number: string;
}

/**
 * Lays a template's pages out as a tree: each page's parent is the nearest page before it one
 * level up. Throws RangeError for a list that cannot be a tree (a first page that is not a
 * chapter, a jump of more than one level, a level beyond the tree's depth).
 */
export function planTemplatePages(pages: readonly { depth: number }[]): PlannedPage[] {
  const out: PlannedPage[] = [];
  // The open ancestors: for each depth, the index of the latest page at it and how many children it has so far.
  const openAt: { index: number | null; children: number }[] = [{ index: null, children: 0 }];
  pages.forEach((page, index) => {
    const depth = page.depth;
    if (!Number.isInteger(depth) || depth < 1 || depth > limits.treeDepth) throw new RangeError(`Template page ${index + 1} has depth ${depth}; depths run from 1 to ${limits.treeDepth}.`);
    if (depth > openAt.length) throw new RangeError(`Template page ${index + 1} is at depth ${depth} but the page before it is at depth ${openAt.length - 1}.`);
    openAt.length = depth;
    const parent = openAt[depth - 1];
    const position = parent.children;
    parent.children += 1;
    const parentNumber = parent.index === null ? '' : out[parent.index].number;
    out.push({ index, parentIndex: parent.index, position, number: parentNumber ? `${parentNumber}.${position + 1}` : String(position + 1) });
    openAt.push({ index, children: 0 });
  });
  return out;
}

/** Plain text of a ProseMirror JSON document, blocks separated by a space (for previews). */
export function docPlainText(doc: unknown): string {
  const parts: string[] = [];
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    const n = node as { type?: unknown; text?: unknown; content?: unknown };
    if (typeof n.text === 'string') parts.push(n.text);
    if (Array.isArray(n.content)) {
      for (const child of n.content) walk(child);
      if (n.type !== 'text') parts.push(' ');
    }
  };
  walk(doc);
  return parts.join('').replace(/\s+/g, ' ').trim();
}
