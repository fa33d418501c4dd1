/**
 * The confidentiality check's API shapes: what a scan answers (each finding, where it is and
 * whether an editor acknowledged it) and the body of an acknowledgement. The detectors themselves
 * are in shared/confidentiality.ts.
 *
 * A finding's id is a hash of where it is (a page, or a field of the paper), its kind, its text and
 * which occurrence of that text it is there; it stays the same while that text stays, whatever is
 * written around it, so an acknowledgement covers exactly the findings the editor saw.
 */
import { z } from 'zod';
import { limits } from './limits.js';
import type { FindingKind } from './confidentiality.js';
import type { PersonRef } from './api.js';

/** The paper's own text fields the check reads, in the order it reads them (the cover's included). */
export const PAPER_FIELDS = ['title', 'subtitle', 'description', 'organisation', 'editedBy', 'summary', 'acknowledgements'] as const;
export type PaperField = (typeof PAPER_FIELDS)[number];

/** Where in the paper a finding is: a page's text or title, or one of the paper's own fields. */
export type FindingPlace = 'page_text' | 'page_title' | `paper_${PaperField}`;

/** Who acknowledged a finding, when and why. */
export interface AcknowledgementView {
  by: PersonRef;
  at: string;
  reason: string;
}

/** One finding as people see it. */
export interface FindingView {
  /** Stable: the same text in the same place keeps its id between scans. */
  id: string;
  kind: FindingKind;
  /** How the kind is named ("NHS number"). */
  label: string;
  /**
   * The text found: in full for those who may acknowledge (editors), who need it to find and
   * judge it; with most digits and letters hidden for everyone else.
   */
  text: string;
  /** Whether `text` and `context` hide part of the finding. */
  masked: boolean;
  place: FindingPlace;
  /** The page (null for the paper's title, subtitle and description). */
  pageId: string | null;
  pageTitle: string | null;
  /** The page's section number ("2.1"), null for the paper's own fields. */
  pageNumber: string | null;
  /** Which text block of the page (paragraph, heading, list item or table cell text), from 0; null outside the page's text. */
  blockIndex: number | null;
  /** A few words around the finding, as written (masked like `text`). */
  context: string;
  acknowledged: boolean;
  acknowledgement: AcknowledgementView | null;
}

/** The answer of a scan: every finding now in the paper, in reading order. */
export interface ScanView {
  scannedAt: string;
  /** How many pages were read. */
  pages: number;
  findings: FindingView[];
  /** Findings not yet acknowledged; export and release may go ahead when this is 0. */
  unacknowledged: number;
}

/** POST /papers/:paperId/confidentiality/scan: optionally an id for the check, to hear its progress ('confidentiality:progress'). */
export const scanBody = z.object({
  checkId: z.string({ error: 'A check id must be text.' }).regex(/^[A-Za-z0-9_-]{8,64}$/, 'A check id is 8-64 letters, digits, - or _.').optional(),
});

/** POST /papers/:paperId/confidentiality/acknowledge: the findings (by id, from a scan) and why they may stay. */
export const acknowledgeBody = z.object({
  reason: z
    .string({ error: 'Give a reason for keeping these findings.' })
    .trim()
    .min(1, 'Give a reason for keeping these findings.')
    .max(limits.acknowledgementReasonChars, `A reason can be at most ${limits.acknowledgementReasonChars} characters.`),
  findingIds: z
    .array(z.string().regex(/^[0-9a-f]{24}$/, 'Finding ids come from a scan; run the check again.'), { error: 'Name the findings to acknowledge.' })
    .min(1, 'Choose at least one finding to acknowledge.')
    .max(limits.acknowledgedFindings, `At most ${limits.acknowledgedFindings} findings can be acknowledged at once.`),
});

export type AcknowledgeBody = z.infer<typeof acknowledgeBody>;

/**
 * Hides most of a finding's letters and digits (the first two and last two stay, separators stay),
 * so someone who may not see it in full can still tell which one it is: "943 476 5919" becomes
 * "94* *** **19".
 */
export function maskFinding(text: string): string {
  const positions = [...text].map((ch, i) => (/[\p{L}\p{N}]/u.test(ch) ? i : -1)).filter((i) => i >= 0);
  const keep = new Set(positions.length > 6 ? [...positions.slice(0, 2), ...positions.slice(-2)] : positions.slice(0, 1));
  return [...text].map((ch, i) => (positions.includes(i) && !keep.has(i) ? '*' : ch)).join('');
}
