/**
 * Which pages count as moved between two releases' trees (domain/releases.ts movedPages), and the
 * sentences a refused release gives.
 */
import { describe, expect, it } from 'vitest';
import { gateMessage, movedPages, reasonNeededMessage } from '../../server/domain/releases.js';
import type { ReleasePageView } from '../../shared/releases.js';

/** A tree from "parent/id" strings in order (no parent: a chapter). */
function tree(...paths: string[]): ReleasePageView[] {
  const positions = new Map<string | null, number>();
  return paths.map((path) => {
    const [parentId, pageId] = path.includes('/') ? path.split('/') : [null, path];
    const position = positions.get(parentId) ?? 0;
    positions.set(parentId, position + 1);
    return { pageId, parentId, position, number: '', depth: 1, title: pageId, status: 'draft', revisionId: 1 };
  });
}

const moved = (older: ReleasePageView[], newer: ReleasePageView[]) => [...movedPages(older, newer)].sort();

describe('moved pages between two releases', () => {
  it('counts only the chapter put first, not the ones it passed', () => {
    expect(moved(tree('a', 'b', 'c', 'd'), tree('d', 'a', 'b', 'c'))).toEqual(['d']);
  });

  it('does not count pages shifted by a page added or removed before them', () => {
    expect(moved(tree('a', 'b', 'c'), tree('new', 'a', 'c'))).toEqual([]);
  });

  it('counts a page given a new parent, but not its children, which kept theirs', () => {
    expect(moved(tree('a', 'b', 'b/b1', 'b/b2'), tree('a', 'a/b', 'b/b1', 'b/b2'))).toEqual(['b']);
  });

  it('counts one page of two swapped, and nothing when the order is the same', () => {
    expect(moved(tree('a', 'b'), tree('b', 'a'))).toHaveLength(1);
    expect(moved(tree('a', 'a/x', 'b'), tree('a', 'a/x', 'b'))).toEqual([]);
  });
});

describe('the sentences of a refused release', () => {
  it('counts pages and findings in words that read right for one and for many', () => {
    expect(reasonNeededMessage(1, 4)).toBe('1 page is not approved (of 4). Give a reason for releasing the paper before it is approved.');
    expect(reasonNeededMessage(3, 4)).toBe('3 pages are not approved (of 4). Give a reason for releasing the paper before they are approved.');
    expect(gateMessage(2)).toBe('2 possible confidential details need checking first: run the confidentiality check and fix or acknowledge them.');
  });
});
