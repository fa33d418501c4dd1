/** The diff of two revisions: text inserted, deleted, retyped and left alone inside paragraphs. */
import { describe, expect, it } from 'vitest';
import { countWords, diffStates, docJson } from '../../server/history/diff/index.js';
import { schema } from '../../shared/schema.js';
import { PageCopy, checkedDiff, diffAfter, find, j, render, replace } from './diffWriters.js';

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

  it('shows text deleted and typed again in the same place as unchanged, and other retyped text as changed', () => {
    const diff = diffAfter(j.doc(j.p('keep this word')), (page) => {
      const bob = page.writer('bob');
      bob.edit(replace('this ', '')).sync();
      bob.edit(replace('keep ', 'keep this ')).sync();
    });
    expect(diff.lines).toEqual(['paragraph: keep this word']);
    expect(diff).toMatchObject({ authorIds: [], wordsAdded: 0, wordsRemoved: 0 });
    const moved = diffAfter(j.doc(j.p('keep this word')), (page) => {
      const bob = page.writer('bob');
      bob.edit(replace('this ', '')).sync();
      bob.edit(replace('word', 'word this')).sync();
    });
    expect(moved.lines).toEqual(['paragraph: keep [-this |bob]word[+ this|bob]']);
  });

  it('does not show text typed and removed again between the two revisions', () => {
    const diff = diffAfter(j.doc(j.p('keep')), (page) => {
      const bob = page.writer('bob');
      bob.edit(replace('keep', 'keep extra words')).sync();
      bob.edit(replace(' extra words', '')).sync();
    });
    expect(diff.lines).toEqual(['paragraph: keep']);
    expect(diff).toMatchObject({ authorIds: [], wordsAdded: 0, wordsRemoved: 0 });
  });

  it('shows a paragraph split in two as a new paragraph break, not its tail retyped', () => {
    const diff = diffAfter(j.doc(j.p('Hello wide world'), j.p('end')), (page) =>
      page.writer('bob').edit((tr) => tr.split(find(tr.doc, ' world').from)).sync(),
    );
    expect(diff.lines).toEqual(['paragraph: Hello wide', 'paragraph (inserted by bob):  world', 'paragraph: end']);
    expect(diff).toMatchObject({ authorIds: ['bob'], wordsAdded: 0, wordsRemoved: 0 });
  });

  it('shows a paragraph split twice, and three joined into one, as moved breaks', () => {
    const split = diffAfter(j.doc(j.p('one two three')), (page) =>
      page
        .writer('bob')
        .edit((tr) => tr.split(find(tr.doc, ' two').from))
        .edit((tr) => tr.split(find(tr.doc, ' three').from))
        .sync(),
    );
    expect(split.lines).toEqual(['paragraph: one', 'paragraph (inserted by bob):  two', 'paragraph (inserted by bob):  three']);
    expect(split).toMatchObject({ wordsAdded: 0, wordsRemoved: 0 });
    const joined = diffAfter(j.doc(j.p('one'), j.p(' two'), j.p(' three')), (page) =>
      page
        .writer('bob')
        .edit((tr) => tr.join(find(tr.doc, ' two').from - 1))
        .edit((tr) => tr.join(find(tr.doc, ' three').from - 1))
        .sync(),
    );
    expect(joined.lines).toEqual(['paragraph: one two three', 'paragraph (deleted by bob): ', 'paragraph (deleted by bob): ']);
    expect(joined).toMatchObject({ wordsAdded: 0, wordsRemoved: 0 });
  });

  it('shows two paragraphs joined as a removed paragraph break, not the second retyped', () => {
    const diff = diffAfter(j.doc(j.p('Hello'), j.p(' world'), j.p('end')), (page) =>
      page.writer('bob').edit((tr) => tr.join(find(tr.doc, ' world').from - 1)).sync(),
    );
    expect(diff.lines).toEqual(['paragraph: Hello world', 'paragraph (deleted by bob): ', 'paragraph: end']);
    expect(diff).toMatchObject({ authorIds: ['bob'], wordsAdded: 0, wordsRemoved: 0 });
  });

  it('shows a list item split by Enter as a new item holding the moved words', () => {
    const diff = diffAfter(j.doc(j.ul('first half second half')), (page) =>
      page.writer('bob').edit((tr) => tr.split(find(tr.doc, 'second').from, 2)).sync(),
    );
    expect(diff.lines).toEqual([
      'bullet_list',
      '  list_item',
      '    paragraph: first half ',
      '  list_item (inserted by bob)',
      '    paragraph (inserted by bob): second half',
    ]);
    expect(diff).toMatchObject({ wordsAdded: 0, wordsRemoved: 0 });
  });

  it('shows a split or join followed by more typing as the break plus the typing', () => {
    const diff = diffAfter(j.doc(j.p('Hello world')), (page) =>
      page
        .writer('bob')
        .edit((tr) => tr.split(find(tr.doc, ' world').from))
        .edit(replace('world', 'world again'))
        .sync(),
    );
    expect(diff.lines).toEqual(['paragraph: Hello', 'paragraph (inserted by bob):  world[+ again|bob]']);
    expect(diff).toMatchObject({ wordsAdded: 1, wordsRemoved: 0 });
    const joined = diffAfter(j.doc(j.p('Hello'), j.p(' world')), (page) =>
      page
        .writer('bob')
        .edit((tr) => tr.join(find(tr.doc, ' world').from - 1))
        .edit(replace('world', 'world again'))
        .sync(),
    );
    expect(joined.lines).toEqual(['paragraph: Hello world[+ again|bob]', 'paragraph (deleted by bob): ']);
  });

  it('counts a word changed inside as one added word', () => {
    const diff = diffAfter(j.doc(j.p('a cat sat')), (page) => page.writer('bob').edit(replace('cat', 'cart')).sync());
    expect(diff.lines).toEqual(['paragraph: a ca[+r|bob]t sat']);
    expect(diff).toMatchObject({ wordsAdded: 1, wordsRemoved: 0 });
  });

  it('marks an inserted line break', () => {
    const diff = diffAfter(j.doc(j.p('one two')), (page) =>
      page.writer('bob').edit((tr) => tr.insert(find(tr.doc, 'two').from, schema.nodes.hard_break.create())).sync(),
    );
    expect(diff.lines).toEqual(['paragraph: one [+<hard_break>|bob]two']);
  });

  it('marks a deleted line break, not the text after it that y-prosemirror wrote again', () => {
    const diff = diffAfter(j.doc(j.p('one', { type: 'hard_break' }, 'two')), (page) =>
      page.writer('bob').edit((tr) => tr.delete(find(tr.doc, 'two').from - 1, find(tr.doc, 'two').from)).sync(),
    );
    expect(diff.lines).toEqual(['paragraph: one[-<hard_break>|bob]two']);
    expect(diff).toMatchObject({ authorIds: ['bob'], wordsAdded: 0, wordsRemoved: 0 });
  });

  it('compares two revisions given newest first without losing text the later one deleted', () => {
    const page = PageCopy.create('ann', j.doc(j.p('The quick brown fox'), j.p('gone soon')));
    const before = page.revision();
    page.writer('bob').set(j.doc(j.p('The brown fox jumps'))).sync();
    // checkedDiff checks both sides; who is named follows the direction given (the routes pass older first).
    const lines = render(checkedDiff(page.revision(), before, page.attribution).doc);
    expect(lines[0]).toMatch(/^paragraph: The .*\[-[^\]]*jumps\|/);
    expect(lines[1]).toMatch(/^paragraph \(inserted by .*\): \[\+gone soon\|/);
  });
});
