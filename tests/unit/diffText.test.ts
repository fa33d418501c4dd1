/** The diff of two revisions: text inserted, deleted, retyped and left alone inside paragraphs. */
import { describe, expect, it } from 'vitest';
import { countWords, diffStates, docJson } from '../../server/history/diff/index.js';
import { PageCopy, j, render, replace } from './diffWriters.js';

describe('diff of text in a paragraph', () => {
  it('marks inserted and deleted words with who wrote or removed them', () => {
    const page = PageCopy.create('ann', j.doc(j.p('The quick brown fox')));
    const before = page.revision();
    page.writer('bob').edit(replace('quick ', '')).edit(replace('fox', 'fox jumps')).sync();
    const diff = diffStates(before, page.revision(), page.attribution);
    expect(render(diff.doc)).toEqual(['paragraph: The [-quick |bob]brown fox[+ jumps|bob]']);
    expect(diff.authorIds).toEqual(['bob']);
    expect([diff.wordsAdded, diff.wordsRemoved]).toEqual([1, 1]);
  });

  it('shows an unchanged page with no marks and no words changed', () => {
    const page = PageCopy.create('ann', j.doc(j.h(2, 'Scope'), j.p('Some ', j.t('bold', 'bold'), ' text'), j.ul('one', 'two')));
    const state = page.revision();
    const diff = diffStates(state, state, page.attribution);
    expect(render(diff.doc)).toEqual(['heading: Scope', 'paragraph: Some bold text', 'bullet_list', '  list_item', '    paragraph: one', '  list_item', '    paragraph: two']);
    expect(diff).toMatchObject({ authorIds: [], wordsAdded: 0, wordsRemoved: 0 });
    expect(JSON.stringify(diff.doc)).not.toMatch(/insertion|deletion|format_change|"change":"/);
  });

  it('opens one revision as plain page JSON and counts its words', () => {
    const page = PageCopy.create('ann', j.doc(j.h(1, 'Findings'), j.p("Don't panic: co-authors wrote 3.5 pages."), j.ul('one', 'two')));
    expect(docJson(page.revision())).toEqual(j.doc(j.h(1, 'Findings'), j.p("Don't panic: co-authors wrote 3.5 pages."), j.ul('one', 'two')));
    expect(countWords(page.revision())).toBe(1 + 6 + 2);
  });
});
