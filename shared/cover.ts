/**
 * The cover and front matter of a paper: organisation, date, "edited by", key points and
 * acknowledgements (title and subtitle are the paper's own). Editors set them with
 * PATCH /papers/:paperId; everyone in the paper sees them, and export puts them on the cover.
 * The zod fields here are part of updatePaperBody (shared/api.ts), so client and server check
 * them with the same rules and messages.
 */
import { z } from 'zod';

export const COVER_LIMITS = {
  organisationChars: 200,
  editedByChars: 300,
  /** Key points: one a line. */
  summaryLines: 10,
  summaryLineChars: 300,
  acknowledgementsChars: 4000,
} as const;

/** The cover fields of a paper, as PaperView carries them. */
export interface CoverFields {
  organisation: string;
  /** A day (2026-03-31), or null: export then shows the date of the release or export. */
  coverDate: string | null;
  /** Free text, e.g. "Dr Jane Smith, on behalf of the Faculty". */
  editedBy: string;
  /** Key points, one a line (at most 10). */
  summary: string;
  acknowledgements: string;
}

/** The cover of a paper nobody has filled in yet. */
export const EMPTY_COVER: CoverFields = { organisation: '', coverDate: null, editedBy: '', summary: '', acknowledgements: '' };

/** The cover field names, in the order the form shows them. */
export const COVER_FIELDS = ['organisation', 'coverDate', 'editedBy', 'summary', 'acknowledgements'] as const;

// The same rule as oneLine in api.ts, kept here so that api.ts can import this module.
const toOneLine = (value: string) => value.replace(/ *[\u0000-\u001f\u007f-\u009f\u2028\u2029]+ */g, ' ');

/** Line endings made "\n", other control characters and trailing blanks on each line removed. */
export function normaliseLines(value: string): string {
  return value
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(/\t/g, ' ')
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, '')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The key points of a summary: its non-blank lines, each trimmed. */
export function keyPoints(summary: string): string[] {
  return normaliseLines(summary)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

const oneLineField = (what: string, max: number) =>
  z
    .string({ error: `${what} must be text.` })
    .overwrite(toOneLine)
    .trim()
    .max(max, `${what} must be at most ${max} characters.`);

const DATE_MESSAGE = 'Cover date must be a date like 2026-03-31, or empty.';

/** A real calendar day written as YYYY-MM-DD (so 2026-02-30 is refused). */
export function isCalendarDay(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The cover fields of PATCH /papers/:paperId, each optional (only those given change). */
export const coverBodyFields = {
  organisation: oneLineField('Organisation', COVER_LIMITS.organisationChars).optional(),
  /** A day, or null or "" to clear it. */
  coverDate: z
    .string({ error: DATE_MESSAGE })
    .trim()
    .nullable()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || isCalendarDay(v), DATE_MESSAGE)
    .optional(),
  editedBy: oneLineField('Edited by', COVER_LIMITS.editedByChars).optional(),
  summary: z
    .string({ error: 'Key points must be text.' })
    .transform((v) => keyPoints(v))
    .refine((points) => points.length <= COVER_LIMITS.summaryLines, `Key points: at most ${COVER_LIMITS.summaryLines} lines, one point a line.`)
    .superRefine((points, ctx) => {
      const long = points.findIndex((p) => p.length > COVER_LIMITS.summaryLineChars);
      if (long >= 0) ctx.addIssue({ code: 'custom', message: `Each key point must be at most ${COVER_LIMITS.summaryLineChars} characters; point ${long + 1} has ${points[long].length}.` });
    })
    .transform((points) => points.join('\n'))
    .optional(),
  acknowledgements: z
    .string({ error: 'Acknowledgements must be text.' })
    .transform(normaliseLines)
    .refine((v) => v.length <= COVER_LIMITS.acknowledgementsChars, `Acknowledgements must be at most ${COVER_LIMITS.acknowledgementsChars} characters.`)
    .optional(),
};
