/**
 * What an import could not keep, counted by kind and told in plain words for the preview's
 * "Could not be kept" list. Each kind has one sentence; the first example seen is shown with it.
 */
import type { NotKeptLine } from '../../shared/imports.js';
import { limits } from '../../shared/limits.js';
import { formatBytes } from '../../shared/files.js';

/** Every kind of loss, with the sentence the preview shows (in this order). */
const MESSAGES = {
  embedded: 'Scripts and embedded content (frames, forms, media) were removed.',
  styles: 'Styles, colours and fonts were not kept; the text is kept.',
  deepHeadings: 'Headings below level 3 became level 3 headings.',
  code: 'Code blocks became plain paragraphs.',
  unsafeLinks: 'Links with unsafe addresses were kept as plain text.',
  remotePictures: 'Pictures linked from other sites or files were not brought in (Quire never fetches them). Add them again with the picture button.',
  pictureTypes: 'Pictures of a type Quire cannot place were not brought in (only PNG and JPEG).',
  largePictures: `Pictures larger than ${formatBytes(limits.imageBytes)}, or of too many pixels, were not brought in.`,
  noDescription: 'Pictures without a description were given their file name: each needs a description.',
  wordStyles: 'Word styles Quire does not have were not kept; their text is kept as plain paragraphs.',
  wordComments: 'Comments in the Word file were not brought in; add them again as Quire comments.',
  wordNotes: 'Footnotes and endnotes became a numbered list at the end; their markers stay as plain text, like [1].',
  wordOther: 'Some parts of the Word file could not be read.',
} as const;

/** A kind of loss the preview reports. */
export type NotKeptKind = keyof typeof MESSAGES;

const EXAMPLE_CHARS = 80;

/** Counts losses by kind during one import. */
export class NotKept {
  private readonly seen = new Map<NotKeptKind, { count: number; example?: string }>();

  /** Records one loss, with an example (the first one given is kept). */
  add(kind: NotKeptKind, example?: string): void {
    const entry = this.seen.get(kind) ?? { count: 0 };
    entry.count += 1;
    const clean = example?.replace(/\s+/g, ' ').trim();
    if (entry.example === undefined && clean) entry.example = clean.length > EXAMPLE_CHARS ? `${clean.slice(0, EXAMPLE_CHARS - 1)}…` : clean;
    this.seen.set(kind, entry);
  }

  /** How many losses of a kind were recorded. */
  count(kind: NotKeptKind): number {
    return this.seen.get(kind)?.count ?? 0;
  }

  /** The preview's lines, in a fixed order. */
  lines(): NotKeptLine[] {
    return (Object.keys(MESSAGES) as NotKeptKind[]).flatMap((kind) => {
      const entry = this.seen.get(kind);
      if (!entry) return [];
      return [{ message: MESSAGES[kind], count: entry.count, ...(entry.example ? { example: entry.example } : {}) }];
    });
  }
}
