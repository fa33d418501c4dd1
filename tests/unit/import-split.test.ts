/**
 * Splitting an imported document at its top-level headings, and the store of waiting previews
 * (each its maker's alone, expiring after 30 minutes and releasing its pictures when dropped).
 */
import { describe, expect, it } from 'vitest';
import { splitAtHeadings } from '../../server/import/splitPages.js';
import { ImportSessions, IMPORT_PREVIEW_MS, type PendingImport } from '../../server/import/importSessions.js';
import { titleFromFileName } from '../../shared/imports.js';
import { schema, type DocJSON } from '../../shared/schema.js';

const p = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });
const h = (level: number, text: string) => ({ type: 'heading', attrs: { level }, content: text ? [{ type: 'text', text }] : [] });
const doc = (...content: unknown[]): DocJSON => ({ type: 'doc', content });

describe('splitting at top-level headings', () => {
  it('makes a page per level-1 heading, titled by it, with an opening page for text before the first heading', () => {
    const pages = splitAtHeadings(doc(p('Before any heading.'), h(1, 'Scope'), p('Scope text.'), h(2, 'Detail'), p('Detail text.'), h(1, 'Findings'), p('Findings text.')), 'Board report');
    expect(pages.map((page) => page.title)).toEqual(['Board report', 'Scope', 'Findings']);
    expect(pages[0].doc).toEqual(doc(p('Before any heading.')));
    // The heading under a page title moves up a level: the page's own headings start at 1.
    expect(pages[1].doc).toEqual(doc(p('Scope text.'), h(1, 'Detail'), p('Detail text.')));
    for (const page of pages) expect(() => schema.nodeFromJSON(page.doc).check()).not.toThrow();
  });

  it('splits at level 2 when that is the highest level used, and skips an empty opening', () => {
    const pages = splitAtHeadings(doc({ type: 'paragraph' }, h(2, 'One'), p('a'), h(3, 'Inner'), h(2, 'Two'), h(2, '')), 'file');
    expect(pages.map((page) => page.title)).toEqual(['One', 'Two', 'Section 3']);
    expect(pages[0].doc).toEqual(doc(p('a'), h(1, 'Inner')));
    // A heading with nothing under it still makes a valid (empty) page.
    expect(pages[1].doc).toEqual(doc({ type: 'paragraph' }));
  });

  it('keeps a document without headings as one page named after the file', () => {
    const whole = doc(p('Just text.'));
    expect(splitAtHeadings(whole, 'Notes')).toEqual([{ title: 'Notes', doc: whole }]);
  });

  it('titles pages from file names without folders or extensions', () => {
    expect(titleFromFileName('C:\\Users\\me\\Board report.final.docx')).toBe('Board report.final');
    expect(titleFromFileName('notes.md')).toBe('notes');
    expect(titleFromFileName('.md')).toBe('Untitled import');
  });
});

describe('waiting previews', () => {
  const converted = { format: 'markdown' as const, documentJson: JSON.stringify(doc(p('x'))), pagesJson: '[]', notKept: [], fileIds: ['f1', 'f2'] };

  it("give a preview only to its maker in its paper, expire after 30 minutes and release the expired one's pictures", () => {
    let now = 1_000;
    const dropped: PendingImport[] = [];
    const sessions = new ImportSessions((pending) => dropped.push(pending), () => now);
    const mine = sessions.add({ paperId: 'paper', userId: 'me', fileName: 'a.md', converted });
    expect(sessions.get(mine.id, 'paper', 'me')?.fileName).toBe('a.md');
    expect(sessions.get(mine.id, 'paper', 'someone else')).toBeNull();
    expect(sessions.get(mine.id, 'another paper', 'me')).toBeNull();
    now += IMPORT_PREVIEW_MS - 1;
    expect(sessions.get(mine.id, 'paper', 'me')).not.toBeNull();
    now += 1;
    expect(sessions.get(mine.id, 'paper', 'me')).toBeNull();
    expect(dropped.map((d) => d.fileIds)).toEqual([['f1', 'f2']]);
  });

  it('forget a confirmed preview without releasing its pictures, and keep at most five per person', () => {
    const dropped: string[] = [];
    const sessions = new ImportSessions((pending) => dropped.push(pending.fileName));
    const first = sessions.add({ paperId: 'paper', userId: 'me', fileName: 'first.md', converted });
    sessions.finish(first.id);
    expect(sessions.get(first.id, 'paper', 'me')).toBeNull();
    expect(dropped).toEqual([]);
    for (let i = 1; i <= 6; i++) sessions.add({ paperId: 'paper', userId: 'me', fileName: `${i}.md`, converted });
    expect(dropped).toEqual(['1.md']);
    expect(sessions.size).toBe(5);
  });
});
