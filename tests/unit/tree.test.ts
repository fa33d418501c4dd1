import { describe, expect, it } from 'vitest';
import { ancestry, childrenByParent, orderedTree, sectionNumbers, subtreeDepth, wouldCycle, type TreeNode } from '../../shared/tree.js';

// 1 intro, 1.1 scope, 1.2 method, 1.2.1 survey, 2 findings (positions deliberately out of id order).
const pages: TreeNode[] = [
  { id: 'findings', parentId: null, position: 1 },
  { id: 'intro', parentId: null, position: 0 },
  { id: 'method', parentId: 'intro', position: 1 },
  { id: 'scope', parentId: 'intro', position: 0 },
  { id: 'survey', parentId: 'method', position: 0 },
];

describe('shared/tree', () => {
  it('numbers sections from the tree order', () => {
    const numbers = sectionNumbers(pages);
    expect(Object.fromEntries(numbers)).toEqual({ intro: '1', scope: '1.1', method: '1.2', survey: '1.2.1', findings: '2' });
  });

  it('lists pages in reading order with their depth', () => {
    expect(orderedTree(pages).map(({ page, depth }) => `${page.id}@${depth}`)).toEqual(['intro@1', 'scope@2', 'method@2', 'survey@3', 'findings@1']);
  });

  it('orders siblings by position, then id when positions tie', () => {
    const tied = [
      { id: 'b', parentId: null, position: 0 },
      { id: 'a', parentId: null, position: 0 },
    ];
    expect(childrenByParent(tied).get(null)!.map((p) => p.id)).toEqual(['a', 'b']);
  });

  it('gives the chain from chapter to page', () => {
    expect(ancestry(pages, 'survey').map((p) => p.id)).toEqual(['intro', 'method', 'survey']);
    expect(ancestry(pages, 'unknown')).toEqual([]);
  });

  it('stops walking ancestry at a loop in damaged data', () => {
    const loop = [
      { id: 'a', parentId: 'b', position: 0 },
      { id: 'b', parentId: 'a', position: 0 },
    ];
    expect(ancestry(loop, 'a').map((p) => p.id)).toEqual(['b', 'a']);
  });

  it('detects a move that would put a page inside itself or its descendants', () => {
    expect(wouldCycle(pages, 'intro', 'survey')).toBe(true);
    expect(wouldCycle(pages, 'intro', 'intro')).toBe(true);
    expect(wouldCycle(pages, 'method', 'findings')).toBe(false);
    expect(wouldCycle(pages, 'survey', 'intro')).toBe(false);
    expect(wouldCycle(pages, 'intro', null)).toBe(false);
  });

  it('measures the depth of a subtree', () => {
    expect(subtreeDepth(pages, 'intro')).toBe(3);
    expect(subtreeDepth(pages, 'survey')).toBe(1);
  });
});
