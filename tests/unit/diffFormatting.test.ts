/** The diff of two revisions: formatting changes, shown on the text with the old formatting in words. */
import { describe, expect, it } from 'vitest';
import type { Transform } from 'prosemirror-transform';
import type { MarkType } from 'prosemirror-model';
import { schema } from '../../shared/schema.js';
import { diffSchema } from '../../shared/diffSchema.js';
import { diffAfter, find, j } from './diffWriters.js';

const addMark = (text: string, type: MarkType, attrs?: Record<string, unknown>) => (tr: Transform) => {
  const { from, to } = find(tr.doc, text);
  tr.addMark(from, to, type.create(attrs));
};
const removeMark = (text: string, type: MarkType) => (tr: Transform) => {
  const { from, to } = find(tr.doc, text);
  tr.removeMark(from, to, type);
};

/** The marks on each text node of the first block, by name. */
function markNames(doc: unknown): Array<[string, string[]]> {
  const out: Array<[string, string[]]> = [];
  diffSchema.nodeFromJSON(doc).firstChild!.forEach((n) => out.push([n.text!, n.marks.map((m) => m.type.name)]));
  return out;
}

describe('diff of formatting', () => {
  it('marks text made bold, keeping the bold, and says it was not bold', () => {
    const diff = diffAfter(j.doc(j.p('make this bold')), (page) => page.writer('bob').edit(addMark('this', schema.marks.bold)).sync());
    expect(diff.lines).toEqual(['paragraph: make [~this|bob|not bold] bold']);
    expect(markNames(diff.doc)).toEqual([['make ', []], ['this', ['format_change', 'bold']], [' bold', []]]);
    expect(diff).toMatchObject({ authorIds: ['bob'], wordsAdded: 0, wordsRemoved: 0 });
  });

  it('marks bold removed and italic added, naming both', () => {
    const diff = diffAfter(j.doc(j.p('was ', j.t('strong', 'bold'), ' here')), (page) => {
      // y-prosemirror does not notice one attribute-less mark swapped for another in one step, so two steps.
      page.writer('bob').edit(removeMark('strong', schema.marks.bold)).edit(addMark('strong', schema.marks.italic)).sync();
    });
    expect(diff.lines).toEqual(['paragraph: was [~strong|bob|bold, not italic] here']);
    expect(markNames(diff.doc)[1]).toEqual(['strong', ['format_change', 'italic']]);
  });

  it('marks a link added, changed and removed with the old target in words', () => {
    const start = j.doc(j.p('see ', { type: 'text', text: 'old', marks: [{ type: 'link', attrs: { href: 'https://old.example' } }] }, ' and site and ', { type: 'text', text: 'gone', marks: [{ type: 'link', attrs: { href: 'https://gone.example' } }] }));
    const diff = diffAfter(start, (page) =>
      page
        .writer('bob')
        .edit(addMark('site', schema.marks.link, { href: 'https://new.example' }))
        .edit(addMark('old', schema.marks.link, { href: 'https://moved.example' }))
        .edit(removeMark('gone', schema.marks.link))
        .sync(),
    );
    expect(diff.lines).toEqual(['paragraph: see [~old|bob|link to https://old.example] and [~site|bob|no link] and [~gone|bob|link to https://gone.example]']);
  });

  it('attributes each formatting change to whoever made it when two people format at once', () => {
    const diff = diffAfter(j.doc(j.p('first second third')), (page) => {
      const bob = page.writer('bob');
      const cat = page.writer('cat');
      bob.edit(addMark('first', schema.marks.underline));
      cat.edit(addMark('third', schema.marks.strike));
      bob.sync();
      cat.sync();
    });
    expect(diff.lines).toEqual(['paragraph: [~first|bob|not underlined] second [~third|cat|not struck through]']);
    expect(diff.authorIds).toEqual(['bob', 'cat']);
  });

  it('keeps formatting on inserted and deleted text', () => {
    const diff = diffAfter(j.doc(j.p('plain ', j.t('bold words', 'bold'))), (page) =>
      page.writer('bob').set(j.doc(j.p('plain ', j.t('bold', 'bold'), ' and ', j.t('new', 'italic')))).sync(),
    );
    // y-prosemirror keeps the common prefix "plain bold " and unbolds its last space.
    expect(markNames(diff.doc)).toEqual([
      ['plain ', []],
      ['bold', ['bold']],
      [' ', ['format_change']],
      ['words', ['deletion', 'bold']],
      ['and ', ['insertion']],
      ['new', ['insertion', 'italic']],
    ]);
  });
});
