/**
 * Revision history of a page, as the API shows it (server/history makes it, client/ui/history
 * shows it). A revision is a saved version of one page's text; a diff compares two of them (or a
 * revision and the live page) as the rendered page with changes marked and attributed.
 */
import { z } from 'zod';
import type { PersonRef } from './api.js';
import { oneLine } from './api.js';

/** auto: after a quiet minute, every 10 minutes of continuous editing, or when the last editor left; named: on demand; restore: the result of restoring an older one. */
export type RevisionKind = 'auto' | 'named' | 'restore';

export interface RevisionView {
  id: number;
  pageId: string;
  /** 1, 2, 3 ... per page, in the order taken. */
  number: number;
  kind: RevisionKind;
  /** A name given on demand ("after reviewer round 1"); null for automatic ones. */
  name: string | null;
  createdAt: string;
  /** Who named or restored it; null for automatic revisions. */
  createdBy: PersonRef | null;
  /** Everyone who changed the text since the previous revision. */
  contributors: PersonRef[];
  wordsAdded: number;
  wordsRemoved: number;
  /** Words on the page at this revision. */
  words: number;
  /** For a restore: the revision number it brought back. */
  restoredFrom: number | null;
}

/** One revision's text, read-only: a ProseMirror doc of shared/schema.ts as JSON. */
export interface RevisionDocView {
  revision: RevisionView;
  doc: unknown;
}

/** Someone whose changes a diff shows, with their colour. */
export interface DiffAuthor extends PersonRef {
  color: string;
}

/**
 * Two versions compared: `doc` is a doc of shared/diffSchema.ts as JSON, the newer text with
 * deleted text put back in place, marked `insertion`, `deletion` or `format_change` (each with the
 * user id of who made it; `authors` gives their names and colours).
 */
export interface DiffView {
  from: RevisionView;
  /** null: the live page as it is now. */
  to: RevisionView | null;
  doc: unknown;
  authors: DiffAuthor[];
  wordsAdded: number;
  wordsRemoved: number;
}

export const REVISION_NAME_CHARS = 80;

export const nameRevisionBody = z.object({
  name: z
    .string({ error: 'A version name is required.' })
    .overwrite(oneLine)
    .trim()
    .min(1, 'A version name is required.')
    .max(REVISION_NAME_CHARS, `A version name must be at most ${REVISION_NAME_CHARS} characters.`),
});

/** GET .../diff?from=<revision id>&to=<revision id or "current"> */
export const diffQuery = z.object({
  from: z.coerce.number({ error: 'Choose the older version.' }).int().positive('Choose the older version.'),
  to: z.union([z.literal('current'), z.coerce.number().int().positive()], { error: 'Choose the newer version.' }).default('current'),
});
