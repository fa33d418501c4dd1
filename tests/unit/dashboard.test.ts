/**
 * The dashboard's pure rules (shared/dashboard.ts): the summary's counts and progress sentence,
 * sorting by each kind of column with ties kept in tree order, section numbers compared part by
 * part, the "My chapters" filter, and the assignee body's validation.
 */
import { describe, expect, it } from 'vitest';
import { assignedTo, assigneesBody, compareNumbers, progressText, sortRows, summarise, type DashboardRow } from '../../shared/dashboard.js';

const row = (number: string, overrides: Partial<DashboardRow> = {}): DashboardRow => ({
  pageId: `page-${number}`,
  number,
  title: `Page ${number}`,
  depth: number.split('.').length,
  status: 'draft',
  statusSetBy: null,
  statusSetAt: null,
  assignees: [],
  words: 0,
  lastEditedBy: null,
  lastEditedAt: null,
  openComments: 0,
  labels: [],
  ...overrides,
});

const rows = [
  row('1', { title: 'introduction', status: 'approved', words: 300, lastEditedAt: '2026-01-02T10:00:00.000Z', assignees: [{ id: 'u-ben', name: 'Ben' }] }),
  row('1.1', { title: 'Scope', status: 'in_review', words: 40, openComments: 3 }),
  row('2', { title: 'Evidence', status: 'approved', words: 1200, lastEditedAt: '2026-01-01T09:00:00.000Z', labels: ['Legal'] }),
  row('10', { title: 'References', status: 'draft', words: 40, assignees: [{ id: 'u-ada', name: 'Ada' }, { id: 'u-ben', name: 'Ben' }] }),
  row('2.10', { title: 'Tables', words: 5 }),
  row('2.9', { title: 'Figures', words: 5 }),
];

describe('the summary', () => {
  it('counts pages, chapters, each status and the words', () => {
    const summary = summarise(rows);
    expect(summary).toEqual({ pages: 6, chapters: 3, byStatus: { draft: 3, in_review: 1, approved: 2 }, words: 1590 });
    expect(progressText(summary)).toBe('2 of 6 approved');
  });

  it('is all zeros for an empty paper', () => {
    expect(summarise([])).toEqual({ pages: 0, chapters: 0, byStatus: { draft: 0, in_review: 0, approved: 0 }, words: 0 });
    expect(progressText(summarise([]))).toBe('0 of 0 approved');
  });
});

describe('sorting', () => {
  const numbers = (list: DashboardRow[]) => list.map((r) => r.number);

  it('compares section numbers part by part, so 2.10 follows 2.9 and 10 follows 2', () => {
    expect(numbers(sortRows(rows, 'number', 'ascending'))).toEqual(['1', '1.1', '2', '2.9', '2.10', '10']);
    expect(numbers(sortRows(rows, 'number', 'descending'))).toEqual(['10', '2.10', '2.9', '2', '1.1', '1']);
    expect(compareNumbers('1', '1.1')).toBeLessThan(0);
  });

  it('sorts words as numbers, keeping tree order among equal counts in both directions', () => {
    expect(numbers(sortRows(rows, 'words', 'ascending'))).toEqual(['2.9', '2.10', '1.1', '10', '1', '2']);
    expect(numbers(sortRows(rows, 'words', 'descending'))).toEqual(['2', '1', '1.1', '10', '2.9', '2.10']);
  });

  it('sorts status by progress (draft, in review, approved), titles without regard to case, and never-edited pages as oldest', () => {
    expect(numbers(sortRows(rows, 'status', 'ascending'))).toEqual(['2.9', '2.10', '10', '1.1', '1', '2']);
    expect(sortRows(rows, 'title', 'ascending').map((r) => r.title)).toEqual(['Evidence', 'Figures', 'introduction', 'References', 'Scope', 'Tables']);
    expect(numbers(sortRows(rows, 'lastEditedAt', 'descending')).slice(0, 2)).toEqual(['1', '2']);
    expect(numbers(sortRows(rows, 'openComments', 'descending'))[0]).toBe('1.1');
  });

  it('leaves the rows it was given in their order', () => {
    const copy = [...rows];
    sortRows(rows, 'words', 'descending');
    expect(rows).toEqual(copy);
  });
});

describe('my chapters and the assignee body', () => {
  it('keeps the rows assigned to one person', () => {
    expect(assignedTo(rows, 'u-ben').map((r) => r.number)).toEqual(['1', '10']);
    expect(assignedTo(rows, 'u-nobody')).toEqual([]);
  });

  it('accepts a list of ids (once each) and refuses anything else with a sentence', () => {
    expect(assigneesBody.parse({ userIds: ['abcdef1', 'abcdef1', 'ghijkl2'] })).toEqual({ userIds: ['abcdef1', 'ghijkl2'] });
    expect(assigneesBody.safeParse({ userIds: 'abcdef1' }).error?.issues[0].message).toBe('userIds must be a list of user ids.');
    expect(assigneesBody.safeParse({ userIds: ['x'] }).error?.issues[0].message).toBe('Each assignee must be a user id.');
    expect(assigneesBody.safeParse({ userIds: Array.from({ length: 21 }, (_, i) => `user-${i}00`) }).error?.issues[0].message).toBe('A page can be assigned to at most 20 people.');
  });
});
