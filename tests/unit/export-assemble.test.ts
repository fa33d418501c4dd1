/**
 * Assembly rules that need no server: sections in tree order numbered without the references
 * chapter, which comes last and unnumbered with its pages; file names and cover dates.
 */
import { describe, expect, it } from 'vitest';
import { coverOf, isReferencesTitle, outline } from '../../server/export/assemble.js';
import { displayDate } from '../../server/export/dates.js';
import { fileSlug } from '../../shared/export.js';

const page = (id: string, parentId: string | null, position: number, title = id) => ({ id, parentId, position, title });

describe('export outline', () => {
  it('numbers chapters and sections from the tree, leaving out the references chapter wherever it sits', () => {
    const pages = [page('intro', null, 0, 'Introduction'), page('refs', null, 1, '  REFERENCES '), page('scope', 'intro', 0), page('aims', 'intro', 1), page('web', 'refs', 0), page('body', null, 2), page('deep', 'aims', 0)];
    expect(outline(pages).map((s) => [s.pageId, s.number, s.depth, s.anchor, s.references])).toEqual([
      ['intro', '1', 1, 's-1', false],
      ['scope', '1.1', 2, 's-1-1', false],
      ['aims', '1.2', 2, 's-1-2', false],
      ['deep', '1.2.1', 3, 's-1-2-1', false],
      ['body', '2', 1, 's-2', false],
      ['refs', null, 1, 'references', true],
      ['web', null, 2, 'references-1', true],
    ]);
  });

  it('treats only a top-level "References" as the references chapter', () => {
    expect(isReferencesTitle(' references')).toBe(true);
    expect(isReferencesTitle('References and notes')).toBe(false);
    const nested = outline([page('a', null, 0), page('r', 'a', 0, 'References')]);
    expect(nested.map((s) => [s.number, s.references])).toEqual([
      ['1', false],
      ['1.1', false],
    ]);
  });

  it('builds the cover: the cover date or else the export day, key points and acknowledgement paragraphs', () => {
    const fields = { title: 'T', subtitle: '', organisation: '', coverDate: null, editedBy: '', summary: ' One \n\nTwo', acknowledgements: 'First\nline.\n\nSecond.' };
    const cover = coverOf(fields, 'Whole paper, live text', '2026-11-22');
    expect(cover.date).toBe('2026-11-22');
    expect(cover.keyPoints).toEqual(['One', 'Two']);
    expect(cover.acknowledgements).toEqual(['First line.', 'Second.']);
    expect(coverOf({ ...fields, coverDate: '2026-03-31' }, '', '2026-11-22').date).toBe('2026-03-31');
  });

  it('writes days in words and file names as safe slugs', () => {
    expect(displayDate('2026-03-01')).toBe('1 March 2026');
    expect(displayDate('not a day')).toBe('not a day');
    expect(fileSlug('Café: "discharge" / planning\\2026 <script>')).toBe('cafe-discharge-planning-2026-script');
    expect(fileSlug('¿¡!')).toBe('paper');
  });
});
