/** The diff of two revisions: whole blocks, lists, tables and rules inserted, deleted and changed. */
import { describe, expect, it } from 'vitest';
import { diffAfter, j, replace } from './diffWriters.js';

describe('diff of blocks', () => {
  it('puts a deleted paragraph back in place, marked deleted by who removed it', () => {
    const diff = diffAfter(j.doc(j.p('one'), j.p('two words'), j.p('three')), (page) => page.writer('bob').set(j.doc(j.p('one'), j.p('three'))).sync());
    expect(diff.lines).toEqual(['paragraph: one', 'paragraph (deleted by bob): [-two words|bob]', 'paragraph: three']);
    expect(diff).toMatchObject({ authorIds: ['bob'], wordsAdded: 0, wordsRemoved: 2 });
  });

  it('shows an inserted horizontal rule and an inserted empty paragraph, which hold no text', () => {
    const diff = diffAfter(j.doc(j.p('a'), j.p('b')), (page) => page.writer('bob').set(j.doc(j.p('a'), j.hr(), j.p(), j.p('b'))).sync());
    expect(diff.lines).toEqual(['paragraph: a', 'horizontal_rule (inserted by bob)', 'paragraph (inserted by bob): ', 'paragraph: b']);
    expect(diff).toMatchObject({ authorIds: ['bob'], wordsAdded: 0, wordsRemoved: 0 });
  });

  it('marks a heading whose level changed, saying what it was', () => {
    const diff = diffAfter(j.doc(j.h(2, 'Scope'), j.p('x')), (page) => page.writer('bob').set(j.doc(j.h(3, 'Scope'), j.p('x'))).sync());
    expect(diff.lines).toEqual(['heading (changed by bob, was heading 2): Scope', 'paragraph: x']);
    expect(diff).toMatchObject({ wordsAdded: 0, wordsRemoved: 0 });
  });

  it('shows a paragraph made a heading as one changed block, not a deletion and an insertion', () => {
    const diff = diffAfter(j.doc(j.p('Scope'), j.p('x')), (page) => page.writer('bob').set(j.doc(j.h(1, 'Scope'), j.p('x'))).sync());
    expect(diff.lines).toEqual(['heading (changed by bob, was paragraph): Scope', 'paragraph: x']);
    expect(diff).toMatchObject({ authorIds: ['bob'], wordsAdded: 0, wordsRemoved: 0 });
  });

  it('shows a paragraph made a heading and reworded as the old one deleted and the new one inserted', () => {
    const diff = diffAfter(j.doc(j.p('Scope'), j.p('x')), (page) => page.writer('bob').set(j.doc(j.h(1, 'Purpose'), j.p('x'))).sync());
    expect(diff.lines).toEqual(['heading (inserted by bob): [+Purpose|bob]', 'paragraph (deleted by bob): [-Scope|bob]', 'paragraph: x']);
    expect(diff).toMatchObject({ wordsAdded: 1, wordsRemoved: 1 });
  });
});

describe('diff of lists', () => {
  it('marks a list item added and one removed', () => {
    const diff = diffAfter(j.doc(j.ul('alpha', 'beta', 'gamma')), (page) =>
      page.writer('bob').set(j.doc({ type: 'bullet_list', content: [0, 2].map((i) => ({ type: 'list_item', content: [j.p(['alpha', 'beta', 'gamma'][i])] })) })).sync(),
    );
    expect(diff.lines).toEqual(['bullet_list', '  list_item', '    paragraph: alpha', '  list_item (deleted by bob)', '    paragraph (deleted by bob): [-beta|bob]', '  list_item', '    paragraph: gamma']);
    const added = diffAfter(j.doc(j.ul('alpha')), (page) => page.writer('bob').set(j.doc(j.ul('alpha', 'delta'))).sync());
    expect(added.lines).toEqual(['bullet_list', '  list_item', '    paragraph: alpha', '  list_item (inserted by bob)', '    paragraph (inserted by bob): [+delta|bob]']);
    expect(added).toMatchObject({ wordsAdded: 1, wordsRemoved: 0 });
  });

  it('marks text edited inside a nested list item', () => {
    const nested = (inner: string) =>
      j.doc({ type: 'bullet_list', content: [{ type: 'list_item', content: [j.p('outer'), j.ol(inner)] }] });
    const diff = diffAfter(nested('inner point'), (page) => page.writer('bob').edit(replace('point', 'points made')).sync());
    expect(diff.lines).toEqual(['bullet_list', '  list_item', '    paragraph: outer', '    ordered_list', '      list_item', '        paragraph: inner point[+s made|bob]']);
  });

  it('marks a numbered list whose start changed, saying where it started', () => {
    const diff = diffAfter(j.doc(j.ol('a', 'b')), (page) => page.writer('bob').set(j.doc({ ...j.ol('a', 'b'), attrs: { order: 4 } })).sync());
    expect(diff.lines[0]).toBe('ordered_list (changed by bob, was numbered list)');
    const back = diffAfter(j.doc({ ...j.ol('a'), attrs: { order: 4 } }), (page) => page.writer('cat').set(j.doc(j.ol('a'))).sync());
    expect(back.lines[0]).toBe('ordered_list (changed by cat, was numbered list from 4)');
  });

  it('shows a bulleted list made numbered as one changed list', () => {
    const diff = diffAfter(j.doc(j.ul('a', 'b')), (page) => page.writer('bob').set(j.doc(j.ol('a', 'b'))).sync());
    expect(diff.lines).toEqual(['ordered_list (changed by bob, was bulleted list)', '  list_item', '    paragraph: a', '  list_item', '    paragraph: b']);
    expect(diff).toMatchObject({ wordsAdded: 0, wordsRemoved: 0 });
  });
});

describe('diff of tables', () => {
  const cells = (lines: string[]) => lines.filter((l) => l.includes('paragraph')).map((l) => l.trim());

  it('marks text edited inside a cell', () => {
    const diff = diffAfter(j.doc(j.table(['Name', 'Count'], ['apples', '3'])), (page) => page.writer('bob').edit(replace('3', '4')).sync());
    expect(cells(diff.lines)).toEqual(['paragraph: Name', 'paragraph: Count', 'paragraph: apples', 'paragraph: [-3|bob][+4|bob]']);
  });

  it('shows an added row as a row marked inserted', () => {
    const diff = diffAfter(j.doc(j.table(['a', 'b'], ['c', 'd'])), (page) => page.writer('bob').set(j.doc(j.table(['a', 'b'], ['x', 'y'], ['c', 'd']))).sync());
    expect(diff.lines.filter((l) => l.includes('table_row'))).toEqual(['  table_row', '  table_row (inserted by bob)', '  table_row']);
    expect(cells(diff.lines)).toEqual(['paragraph: a', 'paragraph: b', 'paragraph (inserted by bob): [+x|bob]', 'paragraph (inserted by bob): [+y|bob]', 'paragraph: c', 'paragraph: d']);
  });

  it('keeps a removed row in place as a row marked deleted', () => {
    const diff = diffAfter(j.doc(j.table(['a', 'b'], ['c', 'd'], ['e', 'f'])), (page) => page.writer('bob').set(j.doc(j.table(['a', 'b'], ['e', 'f']))).sync());
    expect(diff.lines.filter((l) => l.includes('table_row'))).toEqual(['  table_row', '  table_row (deleted by bob)', '  table_row']);
    expect(diff).toMatchObject({ wordsAdded: 0, wordsRemoved: 2 });
  });

  it('keeps a removed column in place as cells marked deleted in every row', () => {
    const diff = diffAfter(j.doc(j.table(['a', 'b', 'c'], ['d', 'e', 'f'])), (page) => page.writer('bob').set(j.doc(j.table(['a', 'c'], ['d', 'f']))).sync());
    expect(diff.lines.filter((l) => l.includes('table_cell'))).toEqual([
      '    table_cell',
      '    table_cell (deleted by bob)',
      '    table_cell',
      '    table_cell',
      '    table_cell (deleted by bob)',
      '    table_cell',
    ]);
  });
});
