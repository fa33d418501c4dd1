/**
 * The diff of two revisions when several people edited at the same time between them: each
 * writer has its own Y.Doc and client id, edits offline, then syncs with the page copy, as two
 * editors on a slow connection would.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Transform } from 'prosemirror-transform';
import { schema } from '../../shared/schema.js';
import { PageCopy, checkedDiff, diffAfter, find, j, render, replace } from './diffWriters.js';

describe('diff across concurrent edits by two people', () => {
  it('attributes edits to different paragraphs to each writer', () => {
    const diff = diffAfter(j.doc(j.p('first para'), j.p('second para')), (page) => {
      const bob = page.writer('bob');
      const cat = page.writer('cat');
      bob.edit(replace('first', 'opening'));
      cat.edit(replace('second para', 'second paragraph here'));
      bob.sync();
      cat.sync();
    });
    expect(diff.lines).toEqual(['paragraph: [-first|bob][+opening|bob] para', 'paragraph: second para[+graph here|cat]']);
    expect(diff.authorIds).toEqual(['bob', 'cat']);
    expect([diff.wordsAdded, diff.wordsRemoved]).toEqual([3, 1]);
  });

  it('attributes edits to the same paragraph, including typing at the same spot, to each writer', () => {
    const diff = diffAfter(j.doc(j.p('one two three')), (page) => {
      const bob = page.writer('bob');
      const cat = page.writer('cat');
      bob.edit(replace('one', 'One')).edit(replace('two', 'two bob'));
      cat.edit(replace('three', 'four')).edit(replace('two', 'two cat'));
      cat.sync();
      bob.sync();
      cat.sync();
    });
    // y-prosemirror writes the smallest change: "one" to "One" replaces one letter.
    expect(diff.lines).toEqual(['paragraph: [-o|bob][+O|bob]ne two [+bob |bob][-three|cat][+cat four|cat]']);
    expect(diff.authorIds).toEqual(['bob', 'cat']);
  });

  it('splits one merged deletion between the two people who deleted its parts', () => {
    const diff = diffAfter(j.doc(j.p('one two six four')), (page) => {
      const bob = page.writer('bob');
      const cat = page.writer('cat');
      bob.edit(replace('two ', ''));
      cat.edit(replace('six ', ''));
      bob.sync();
      cat.sync();
    });
    expect(diff.lines).toEqual(['paragraph: one [-two |bob][-six |cat]four']);
    expect(diff).toMatchObject({ authorIds: ['bob', 'cat'], wordsAdded: 0, wordsRemoved: 2 });
  });

  it('shows a paragraph one person deleted while the other typed in it as deleted by the first', () => {
    const diff = diffAfter(j.doc(j.p('keep'), j.p('doomed text'), j.p('end')), (page) => {
      const bob = page.writer('bob');
      const cat = page.writer('cat');
      bob.set(j.doc(j.p('keep'), j.p('end')));
      cat.edit(replace('doomed', 'doomed but edited'));
      bob.sync();
      cat.sync();
    });
    // cat's words went into a paragraph that no longer exists, so neither revision shows them.
    expect(diff.lines).toEqual(['paragraph: keep', 'paragraph (deleted by bob): [-doomed text|bob]', 'paragraph: end']);
  });

  it('attributes text typed into a word while someone else made it bold', () => {
    const diff = diffAfter(j.doc(j.p('a wonderful day')), (page) => {
      const bob = page.writer('bob');
      const cat = page.writer('cat');
      bob.edit((tr) => {
        const { from, to } = find(tr.doc, 'wonderful');
        tr.addMark(from, to, schema.marks.bold.create());
      });
      cat.edit(replace('wonderful', 'wonderfully'));
      bob.sync();
      cat.sync();
    });
    expect(diff.lines).toEqual(['paragraph: a [~wonderful|bob|not bold][+ly|cat] day']);
  });

  it('compares revisions with others between them, by three writers', () => {
    const page = PageCopy.create('ann', j.doc(j.h(1, 'Title'), j.p('alpha beta'), j.ul('point')));
    const first = page.revision();
    const bob = page.writer('bob');
    const cat = page.writer('cat');
    bob.edit(replace('beta', 'beta gamma')).sync();
    const middle = page.revision();
    cat.sync().set(j.doc(j.h(2, 'Title'), j.p('alpha beta gamma'), j.ul('point', 'another point'))).sync();
    page.writer('ann').edit(replace('alpha ', '')).sync();
    const last = page.revision();
    const diff = checkedDiff(first, last, page.attribution);
    expect(render(diff.doc)).toEqual([
      'heading (changed by cat, was heading 1): Title',
      'paragraph: [-alpha |ann]beta[+ gamma|bob]',
      'bullet_list',
      '  list_item',
      '    paragraph: point',
      '  list_item (inserted by cat)',
      '    paragraph (inserted by cat): [+another point|cat]',
    ]);
    expect(diff.authorIds).toEqual(['cat', 'ann', 'bob']);
    expect(render(checkedDiff(middle, last, page.attribution).doc)[1]).toBe('paragraph: [-alpha |ann]beta gamma');
  });

  it('compares the first revision with the empty page as all inserted', () => {
    const page = PageCopy.create('ann', j.doc(j.p('three little words'), j.hr()));
    const diff = checkedDiff(Y.encodeStateAsUpdate(new Y.Doc()), page.revision(), page.attribution);
    expect(render(diff.doc)).toEqual(['paragraph (inserted by ann): [+three little words|ann]', 'horizontal_rule (inserted by ann)']);
    expect(diff).toMatchObject({ authorIds: ['ann'], wordsAdded: 3, wordsRemoved: 0 });
  });

  it('shows a list emptied by two people deleting one item each as deleted, as the editor drops it', () => {
    const deleteItem = (text: string) => (tr: Transform) => {
      const at = tr.doc.resolve(find(tr.doc, text).from);
      tr.delete(at.before(at.depth - 1), at.after(at.depth - 1));
    };
    const diff = diffAfter(j.doc(j.p('intro'), j.ul('alpha', 'beta'), j.p('end')), (page) => {
      const bob = page.writer('bob');
      const cat = page.writer('cat');
      bob.edit(deleteItem('alpha'));
      cat.edit(deleteItem('beta'));
      bob.sync();
      cat.sync();
    });
    // Yjs keeps an empty list, which the schema does not allow: y-prosemirror renders the page without it.
    expect(diff.lines).toEqual([
      'paragraph: intro',
      'bullet_list (deleted by someone)',
      '  list_item (deleted by bob)',
      '    paragraph (deleted by bob): [-alpha|bob]',
      '  list_item (deleted by cat)',
      '    paragraph (deleted by cat): [-beta|cat]',
      'paragraph: end',
    ]);
  });

  it('shows a restore as the change back by whoever restored, and the restored page as the old one unchanged', () => {
    const page = PageCopy.create('ann', j.doc(j.p('The quick fox'), j.ul('one')));
    const original = page.revision();
    page.writer('bob').set(j.doc(j.p('The slow fox'), j.ul('one', 'two'))).sync();
    const edited = page.revision();
    // A restore applies the old document to the live page with updateYFragment (server/history/restore.ts).
    page.writer('eve').set(j.doc(j.p('The quick fox'), j.ul('one'))).sync();
    const restored = page.revision();
    expect(render(checkedDiff(edited, restored, page.attribution).doc)).toEqual([
      'paragraph: The [-slow|eve][+quick|eve] fox',
      'bullet_list',
      '  list_item',
      '    paragraph: one',
      '  list_item (deleted by eve)',
      '    paragraph (deleted by eve): [-two|eve]',
    ]);
    const same = checkedDiff(original, restored, page.attribution);
    expect(render(same.doc)).toEqual(['paragraph: The quick fox', 'bullet_list', '  list_item', '    paragraph: one']);
    expect(same).toMatchObject({ authorIds: [], wordsAdded: 0, wordsRemoved: 0 });
  });
});
