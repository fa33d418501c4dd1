/**
 * Releases of a paper, as the API shows them (server/domain/releases.ts makes them,
 * client/ui/releases.ts shows them). A release is a named, frozen copy of the whole paper: for
 * every page live at that moment, its title, its place in the tree and the revision that holds its
 * text. Two releases can be compared page by page; a changed page's text is compared with the
 * history diff of its two revisions (GET .../pages/:pageId/diff?from=&to=).
 */
import { z } from 'zod';
import type { PageStatus, PersonRef } from './api.js';
import { oneLine } from './api.js';

export const RELEASE_NAME_CHARS = 80;
export const RELEASE_REASON_CHARS = 2000;

/** One release in the list. */
export interface ReleaseView {
  id: string;
  paperId: string;
  name: string;
  createdBy: PersonRef;
  createdAt: string;
  /** How many pages it froze. */
  pages: number;
  /** How many of them were not approved at the time. */
  notApproved: number;
  /** Why it was released with pages not approved; null when every page was approved. */
  reason: string | null;
}

/** One page as a release froze it. */
export interface ReleasePageView {
  pageId: string;
  parentId: string | null;
  position: number;
  /** Its section number in the frozen tree ("1", "2.1"). */
  number: string;
  /** Its depth in the frozen tree: chapters are 1. */
  depth: number;
  title: string;
  /** Its status when the release was frozen. */
  status: PageStatus;
  /** The revision that holds its frozen text (GET .../pages/:pageId/revisions/:revisionId reads it too). */
  revisionId: number;
}

/** GET /papers/:paperId/releases/:releaseId: a release and its frozen tree in reading order. */
export interface ReleaseDetailView {
  release: ReleaseView;
  pages: ReleasePageView[];
}

/** How a page differs between two releases. */
export type ReleaseChange = 'added' | 'removed' | 'renamed' | 'moved' | 'text_changed' | 'unchanged';

/** One page in a comparison: present in either release or both. */
export interface ReleaseComparePage {
  pageId: string;
  /** Its title in the newer release, or in the older one if it was removed. */
  title: string;
  /** Its title in the older release when it was renamed; otherwise null. */
  previousTitle: string | null;
  /** Its section number in the newer release, or in the older one if removed. */
  number: string;
  /** Its number in the older release when it moved; otherwise null. */
  previousNumber: string | null;
  /** Every way it changed; ['unchanged'] when none. A page may be renamed, moved and changed at once. */
  changes: ReleaseChange[];
  /** Its revision in the older release (null when added) and in the newer one (null when removed). */
  fromRevisionId: number | null;
  toRevisionId: number | null;
}

/** GET /papers/:paperId/releases/compare?from=&to= */
export interface ReleaseCompareView {
  from: ReleaseView;
  to: ReleaseView;
  /** The newer release's pages in its reading order, then the pages it no longer has. */
  pages: ReleaseComparePage[];
}

/** POST /papers/:paperId/releases */
export const createReleaseBody = z.object({
  name: z
    .string({ error: 'A release name is required.' })
    .overwrite(oneLine)
    .trim()
    .min(1, 'A release name is required.')
    .max(RELEASE_NAME_CHARS, `A release name must be at most ${RELEASE_NAME_CHARS} characters.`),
  reason: z
    .string({ error: 'The reason must be text.' })
    .trim()
    .max(RELEASE_REASON_CHARS, `A reason can be at most ${RELEASE_REASON_CHARS} characters.`)
    .optional()
    .transform((value) => (value ? value : undefined)),
});

/** GET .../releases/compare?from=<release id>&to=<release id> */
export const compareReleasesQuery = z.object({
  from: z.string({ error: 'Choose the earlier release.' }).min(1, 'Choose the earlier release.'),
  to: z.string({ error: 'Choose the later release.' }).min(1, 'Choose the later release.'),
});
