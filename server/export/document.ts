/**
 * The format-neutral export document: what every writer (HTML, Markdown, PDF and DOCX) turns
 * into a file. assemble.ts builds it from a source (the live paper or a release); writers only
 * read it, so a new format is one new writer and no change to assembly.
 *
 * Sections come in reading order with their number from the page tree (chapters 1, 2 ...;
 * sections 1.1 ...). The references chapter (a top-level page titled "References", any case)
 * comes last and is not numbered, with the pages under it. A page's own headings (h1 to h3 inside
 * its text) sit under its title: a writer puts them `depth` levels further down, so an h1 inside
 * section 1.2 becomes a level-3 heading, never a chapter heading.
 */
import type { DocJSON } from '../../shared/schema.js';
import type { ExportImages } from './images.js';

/** The cover and front matter. */
export interface ExportCover {
  title: string;
  subtitle: string;
  organisation: string;
  /** The day shown on the cover: the paper's cover date, or the date of the export or release (YYYY-MM-DD). */
  date: string;
  editedBy: string;
  keyPoints: string[];
  /** Acknowledgements, one paragraph each. */
  acknowledgements: string[];
  /** What was exported, in words: "Whole paper, live text" or "Chapter 2, release v1.0". */
  edition: string;
}

/** One page of the paper, with its place in the tree and its text. */
export interface ExportSection {
  pageId: string;
  /** "1", "1.2"; null for the references chapter and the pages under it. */
  number: string | null;
  title: string;
  /** 1 for a chapter, 2 for a section of it, and so on. */
  depth: number;
  /** The id its heading carries and the contents link to (letters, digits and dashes). */
  anchor: string;
  /** True for the references chapter and the pages under it. */
  references: boolean;
  /** The page's text: ProseMirror JSON of shared/schema.ts. */
  body: DocJSON;
}

/** Everyone who wrote in one chapter (the chapter and the pages under it), by name. */
export interface ChapterContributors {
  number: string | null;
  title: string;
  anchor: string;
  names: string[];
}

/** A whole export, ready for a writer. */
export interface ExportDocument {
  cover: ExportCover;
  /** Every section in reading order (the references chapter last). */
  sections: ExportSection[];
  contributors: ChapterContributors[];
  /** The pictures the sections place, by src, read from the store before writing (images.ts). */
  images: ExportImages;
}

/** The heading text of a section: "1.2 Title", or the title alone when unnumbered. */
export function headingText(section: Pick<ExportSection, 'number' | 'title'>): string {
  return section.number ? `${section.number} ${section.title}` : section.title;
}

/** The anchor of the contributors list. */
export const CONTRIBUTORS_ANCHOR = 'contributors';
/** The anchor of the contents list. */
export const CONTENTS_ANCHOR = 'contents';
