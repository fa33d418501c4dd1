/**
 * Labels: short tags on pages ("evidence needed", "legal"), kept per paper. A label's text is
 * normalised (Unicode NFC, outer spaces trimmed, any run of inner white space made one space)
 * and compared without regard to case, so "Evidence  needed" and "evidence needed" are one
 * label. The rules, the request bodies (zod) and the views live here, shared by the server
 * (server/domain/labels.ts) and the client (client/ui/labels.ts).
 */
import { z } from 'zod';

/** Longest label, in characters (code points). */
export const LABEL_MAX_CHARS = 40;
/** Most labels on one page. */
export const LABELS_PER_PAGE = 20;
/** Most labels in one paper (used or not). */
export const LABELS_PER_PAPER = 500;

export const LABEL_REQUIRED = 'A label needs at least one letter or number.';
export const LABEL_TOO_LONG = `A label can be at most ${LABEL_MAX_CHARS} characters.`;
export const LABEL_BAD_CHARS = 'Labels may use letters, numbers, spaces and - _ . & ( ) /';

/** Letters and their combining marks in any script, decimal digits, spaces and - _ . & ( ) / */
const ALLOWED = /^[\p{L}\p{M}\p{Nd} _.&()/-]+$/u;

/** The stored form of a label's text: NFC, trimmed, inner white space collapsed to one space. */
export function normaliseLabel(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/** The key two labels of one paper are compared by: normalised and lower-cased (any language). */
export function labelKey(text: string): string {
  return normaliseLabel(text).toLowerCase();
}

/** Why a (normalised) label text is refused, or null if it is fine. */
export function labelProblem(name: string): string | null {
  if (name.length === 0) return LABEL_REQUIRED;
  if ([...name].length > LABEL_MAX_CHARS) return LABEL_TOO_LONG;
  if (!ALLOWED.test(name)) return LABEL_BAD_CHARS;
  // Punctuation alone ("--", "()") names nothing.
  if (!/[\p{L}\p{Nd}]/u.test(name)) return LABEL_REQUIRED;
  return null;
}

/** A label's text in a request: normalised, then checked, with the sentence saying what is wrong. */
export const labelName = z
  .string({ error: 'A label is required.' })
  .transform(normaliseLabel)
  .superRefine((name, ctx) => {
    const problem = labelProblem(name);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const labelId = z.string({ error: 'Choose a label.' }).regex(/^[A-Za-z0-9_-]{6,40}$/, 'Not a label id.');

/** POST /papers/:paperId/pages/:pageId/labels: add a label (made if the paper has none by that name). */
export const addLabelBody = z.object({ name: labelName });
/** PATCH /papers/:paperId/labels/:labelId */
export const renameLabelBody = z.object({ name: labelName });
/** POST /papers/:paperId/labels/:labelId/merge: every page with this label gets `intoLabelId` instead. */
export const mergeLabelBody = z.object({ intoLabelId: labelId });

/** A label of a paper, with how many live pages carry it. */
export interface LabelView {
  id: string;
  name: string;
  pages: number;
}

/**
 * Whether a page with these labels passes a filter of chosen labels: it must have every chosen
 * one (compared by key). An empty filter passes everything.
 */
export function hasAllLabels(pageLabels: readonly string[], chosen: readonly string[]): boolean {
  if (chosen.length === 0) return true;
  const keys = new Set(pageLabels.map(labelKey));
  return chosen.every((name) => keys.has(labelKey(name)));
}
