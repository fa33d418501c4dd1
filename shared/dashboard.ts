/**
 * The editor's dashboard and chapter assignment, shared by server and client: the body of
 * PUT /papers/:paperId/pages/:pageId/assignees, the rows and summary of
 * GET /papers/:paperId/dashboard, and the pure rules over them (the summary's counts, sorting,
 * the "My chapters" filter), so the server and the table agree and unit tests can pin them down.
 */
import { z } from 'zod';
import type { PageStatus, PersonRef } from './api.js';

/** How many people one page may be assigned to. */
export const ASSIGNEES_PER_PAGE = 20;

const userId = z.string({ error: 'Each assignee must be a user id.' }).regex(/^[A-Za-z0-9_-]{6,40}$/, 'Each assignee must be a user id.');

/** The whole list of a page's assignees (replacing the old one); an empty list unassigns the page. */
export const assigneesBody = z.object({
  userIds: z
    .array(userId, { error: 'userIds must be a list of user ids.' })
    .max(ASSIGNEES_PER_PAGE, `A page can be assigned to at most ${ASSIGNEES_PER_PAGE} people.`)
    .transform((ids) => [...new Set(ids)]),
});
export type AssigneesBody = z.infer<typeof assigneesBody>;

/** One page of the paper as the dashboard shows it, in tree (reading) order. */
export interface DashboardRow {
  pageId: string;
  /** Section number from the tree: "1", "1.2". */
  number: string;
  title: string;
  /** Chapters are depth 1, their sections 2, and so on. */
  depth: number;
  status: PageStatus;
  statusSetBy: PersonRef | null;
  statusSetAt: string | null;
  assignees: PersonRef[];
  /** Words on the page now (its live text, as the history counts them). */
  words: number;
  lastEditedBy: PersonRef | null;
  lastEditedAt: string | null;
  openComments: number;
  labels: string[];
}

/** Counts over every live page of the paper. */
export interface DashboardSummary {
  pages: number;
  chapters: number;
  byStatus: Record<PageStatus, number>;
  words: number;
}

export interface DashboardView {
  rows: DashboardRow[];
  summary: DashboardSummary;
}

/** The summary of a set of rows: pages, chapters (depth 1), pages by status, and total words. */
export function summarise(rows: readonly DashboardRow[]): DashboardSummary {
  const byStatus: Record<PageStatus, number> = { draft: 0, in_review: 0, approved: 0 };
  let words = 0;
  let chapters = 0;
  for (const row of rows) {
    byStatus[row.status] += 1;
    words += row.words;
    if (row.depth === 1) chapters += 1;
  }
  return { pages: rows.length, chapters, byStatus, words };
}

/** The progress sentence, e.g. "9 of 12 approved". */
export const progressText = (summary: DashboardSummary): string => `${summary.byStatus.approved} of ${summary.pages} approved`;

/** The columns the table can be sorted by. */
export const SORT_KEYS = ['number', 'title', 'status', 'assignees', 'words', 'lastEditedAt', 'openComments', 'labels'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDirection = 'ascending' | 'descending';

const STATUS_ORDER: Record<PageStatus, number> = { draft: 0, in_review: 1, approved: 2 };

/** Compares section numbers part by part ("1.10" after "1.9"). */
export function compareNumbers(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

const text = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'base', numeric: true });

const compareBy: Record<SortKey, (a: DashboardRow, b: DashboardRow) => number> = {
  number: (a, b) => compareNumbers(a.number, b.number),
  title: (a, b) => text(a.title, b.title),
  status: (a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status],
  assignees: (a, b) => text(a.assignees.map((p) => p.name).join(', '), b.assignees.map((p) => p.name).join(', ')),
  words: (a, b) => a.words - b.words,
  // Never edited sorts as oldest; ISO times compare as text.
  lastEditedAt: (a, b) => text(a.lastEditedAt ?? '', b.lastEditedAt ?? ''),
  openComments: (a, b) => a.openComments - b.openComments,
  labels: (a, b) => text(a.labels.join(', '), b.labels.join(', ')),
};

/** The rows sorted by a column (ties keep tree order), as a new array. */
export function sortRows(rows: readonly DashboardRow[], key: SortKey, direction: SortDirection): DashboardRow[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => sign * compareBy[key](a, b) || compareNumbers(a.number, b.number));
}

/** The rows assigned to one person ("My chapters"). */
export const assignedTo = (rows: readonly DashboardRow[], userId: string): DashboardRow[] => rows.filter((r) => r.assignees.some((p) => p.id === userId));
