/**
 * Converting a sample of each import format (Markdown, HTML, a real Word file written with the
 * docx package) into a page document: tables, nested lists, links and pictures are kept; scripts,
 * frames, unsafe links and pictures from elsewhere are not, and the preview's lines say so.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertImport, type ConvertedImport } from '../../server/import/convert.js';
import type { PictureStore } from '../../server/import/importImages.js';
import { schema, safeHref, quireFileSrc } from '../../shared/schema.js';
import { ROOT } from '../helpers/server.js';
import { sampleDocx, TINY_PNG } from '../fixtures/import/sampleDocx.js';

const fixture = (name: string) => readFileSync(join(ROOT, 'tests/fixtures/import', name));

/** Keeps placed pictures in memory and names them as Quire file URLs of paper "p1". */
function memoryPictures() {
  const placed: { bytes: Uint8Array; contentType: string; name: string }[] = [];
  const store: PictureStore = {
    place(picture) {
      placed.push(picture);
      const fileId = `file${placed.length}`;
      return { src: `/api/papers/p1/files/${fileId}`, fileId };
    },
  };
  return { store, placed };
}

type Json = { type: string; attrs?: Record<string, any>; content?: Json[]; text?: string; marks?: { type: string; attrs?: Record<string, any> }[] };
const nodes = (doc: Json): Json[] => [doc, ...(doc.content ?? []).flatMap(nodes)];
const textOf = (node: Json): string => node.text ?? (node.content ?? []).map(textOf).join('');
const ofType = (doc: unknown, type: string) => nodes(doc as Json).filter((n) => n.type === type);
const links = (doc: unknown) => nodes(doc as Json).flatMap((n) => (n.marks ?? []).filter((m) => m.type === 'link').map((m) => ({ text: n.text, href: m.attrs!.href })));
const line = (result: ConvertedImport, start: string) => result.notKept.find((l) => l.message.startsWith(start));

/** What every converted document must be: valid under the schema, with only safe links and Quire pictures. */
function expectSafe(result: ConvertedImport) {
  expect(() => schema.nodeFromJSON(result.document).check()).not.toThrow();
  for (const link of links(result.document)) expect(safeHref(link.href)).toBe(link.href);
  for (const image of ofType(result.document, 'image')) expect(quireFileSrc(image.attrs!.src)).toBe(image.attrs!.src);
  const json = JSON.stringify(result.document);
  expect(json).not.toMatch(/javascript:|<script|alert\(|iframe|example\.org\/logo/);
}

describe('a Markdown file', () => {
  it('keeps headings, nested lists, the pipe table, links and the inline PNG; drops the rest and says so', async () => {
    const { store, placed } = memoryPictures();
    const result = await convertImport(fixture('sample.md'), 'Sample briefing.md', store);
    expect(result.format).toBe('markdown');
    expectSafe(result);
    const doc = result.document as Json;
    expect(ofType(doc, 'heading').map((h) => [h.attrs!.level, textOf(h)])).toEqual([
      [1, 'Integrated care in practice'],
      [2, 'Who takes part'],
      [1, 'Evidence and outcomes'],
    ]);
    const [bullets] = ofType(doc, 'bullet_list');
    expect(ofType(bullets, 'list_item').map(textOf)).toEqual(['Community nursesDistrict nursesPractice nurses', 'District nurses', 'Practice nurses', 'Social workers']);
    expect(ofType(bullets.content![0], 'bullet_list')).toHaveLength(1);
    expect(ofType(doc, 'ordered_list').map(textOf)).toEqual(['Agree the scopeShare the records']);
    const [table] = ofType(doc, 'table');
    expect(table.content!.map((row) => row.content!.map(textOf))).toEqual([
      ['Measure', 'Before', 'After'],
      ['Admissions', '120', '95'],
      ['Length of stay', '6.1', '5.4'],
    ]);
    expect(ofType(table, 'table_header')).toHaveLength(3);
    expect(links(doc)).toEqual([
      { text: "the King's Fund", href: 'https://www.kingsfund.org.uk/' },
      { text: 'https://example.org/team', href: 'https://example.org/team' },
    ]);
    expect(textOf(doc)).toContain('See the King\'s Fund and a trap.');
    expect(ofType(doc, 'image')).toEqual([{ type: 'image', attrs: { src: '/api/papers/p1/files/file1', alt: 'Care pathway diagram', width: null } }]);
    expect(placed).toHaveLength(1);
    expect(Buffer.from(placed[0].bytes).equals(TINY_PNG)).toBe(true);
    expect(placed[0].contentType).toBe('image/png');

    expect(line(result, 'Scripts and embedded content')).toEqual({ message: 'Scripts and embedded content (frames, forms, media) were removed.', count: 2, example: '<script>' });
    expect(line(result, 'Styles, colours and fonts')).toMatchObject({ count: 1, example: 'a style sheet' });
    expect(line(result, 'Links with unsafe addresses')).toEqual({ message: 'Links with unsafe addresses were kept as plain text.', count: 1, example: "javascript:alert('x')" });
    expect(line(result, 'Pictures linked from other sites')).toMatchObject({ count: 1, example: 'https://example.org/logo.png' });
    expect(result.fileIds).toEqual(['file1']);
  });
});

describe('an HTML file', () => {
  it('keeps structure and text but not styles, colours, fonts, frames, code formatting, deep headings or GIFs', async () => {
    const { store, placed } = memoryPictures();
    const result = await convertImport(fixture('sample.html'), 'sample.html', store);
    expect(result.format).toBe('html');
    expectSafe(result);
    const doc = result.document as Json;
    expect(ofType(doc, 'heading').map((h) => [h.attrs!.level, textOf(h)])).toEqual([
      [1, 'Integrated care in practice'],
      [2, 'Who takes part'],
      [3, 'A minor note'],
      [1, 'Evidence and outcomes'],
    ]);
    expect(ofType(doc, 'paragraph').map(textOf)).toEqual(expect.arrayContaining(['referral = triage(patient)', 'send(referral)', 'Click handlers are dropped.']));
    expect(ofType(doc, 'table')).toHaveLength(1);
    expect(ofType(doc, 'list_item').map(textOf)).toContain('Social workers');
    expect(links(doc)).toEqual([{ text: "the King's Fund", href: 'https://www.kingsfund.org.uk/' }]);
    expect(ofType(doc, 'image').map((i) => i.attrs!.alt)).toEqual(['Care pathway diagram']);
    expect(placed).toHaveLength(1);
    // A picture was a paragraph of its own: no empty paragraphs are left around it.
    expect(ofType(doc, 'paragraph').filter((p) => textOf(p) === '')).toEqual([]);

    expect(line(result, 'Scripts and embedded content')).toMatchObject({ count: 2 });
    expect(line(result, 'Styles, colours and fonts')).toMatchObject({ count: 3 });
    expect(line(result, 'Headings below level 3')).toEqual({ message: 'Headings below level 3 became level 3 headings.', count: 1, example: 'A minor note' });
    expect(line(result, 'Code blocks')).toEqual({ message: 'Code blocks became plain paragraphs.', count: 1, example: 'referral = triage(patient)' });
    expect(line(result, 'Pictures of a type')).toEqual({ message: 'Pictures of a type Quire cannot place were not brought in (only PNG and JPEG).', count: 1, example: 'image/gif' });
    expect(line(result, 'Pictures linked from other sites')).toMatchObject({ count: 1 });
  });

  it("never keeps a picture that points at a Quire file (it may be another paper's)", async () => {
    const { store, placed } = memoryPictures();
    const result = await convertImport(Buffer.from('<p>Text</p><img src="/api/papers/other/files/secret" alt="Borrowed">'), 'borrow.html', store);
    expect(ofType(result.document, 'image')).toEqual([]);
    expect(placed).toEqual([]);
    expect(line(result, 'Pictures linked from other sites')).toMatchObject({ count: 1, example: '/api/papers/other/files/secret' });
  });

  it("reads only the body's text of an HTML fragment or an XHTML file, never its title", async () => {
    const { store } = memoryPictures();
    for (const html of ['<head><title>Hidden title</title></head><body><p>Body text</p></body>', '<?xml version="1.0"?>\n<!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml"><head><title>Hidden title</title></head><body><p>Body text</p></body></html>']) {
      expect((await convertImport(Buffer.from(html), 'a.html', store)).document).toEqual({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Body text' }] }] });
    }
  });

  it('refuses HTML nested absurdly deep with a sentence, not a crash', async () => {
    const { store } = memoryPictures();
    const deep = Buffer.from(`${'<div>'.repeat(5000)}deep${'</div>'.repeat(5000)}`);
    await expect(convertImport(deep, 'deep.html', store)).rejects.toThrow(/^This file nests its parts more than 200 levels deep/);
  });

  it('judges a picture by its bytes, not what its data: URL claims', async () => {
    const { store, placed } = memoryPictures();
    const lyingPng = `data:image/png;base64,${Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>').toString('base64')}`;
    const realPngClaimingGif = `data:image/gif;base64,${TINY_PNG.toString('base64')}`;
    const result = await convertImport(Buffer.from(`<p><img src="${lyingPng}" alt="Fake"></p><p><img src="${realPngClaimingGif}"></p>`), 'x.html', store);
    expect(placed.map((p) => p.contentType)).toEqual(['image/png']);
    expect(ofType(result.document, 'image').map((i) => i.attrs!.alt)).toEqual(['x-picture-1.png']);
    expect(line(result, 'Pictures of a type')).toMatchObject({ count: 1, example: 'image/svg+xml' });
    expect(line(result, 'Pictures without a description')).toEqual({ message: 'Pictures without a description were given their file name: each needs a description.', count: 1, example: 'x-picture-1.png' });
  });
});

describe('a Word file', () => {
  it('keeps headings, Word lists, the table, the web link and both embedded pictures; names what it could not keep, comments and footnotes included', async () => {
    const { store, placed } = memoryPictures();
    const result = await convertImport(await sampleDocx(), 'Sample briefing.docx', store);
    expect(result.format).toBe('docx');
    expectSafe(result);
    const doc = result.document as Json;
    expect(ofType(doc, 'heading').map((h) => [h.attrs!.level, textOf(h)])).toEqual([
      [1, 'Integrated care in practice'],
      [2, 'Who takes part'],
      [1, 'Evidence and outcomes'],
    ]);
    expect(ofType(doc, 'bullet_list').map(textOf)).toEqual(['Community nursesSocial workers']);
    // The footnote is a numbered list at the end; its marker stays in the text, without a link to nowhere.
    expect(ofType(doc, 'ordered_list').map(textOf)).toEqual(['Agree the scopeShare the records', 'Kings Fund, 2025.']);
    expect(ofType(doc, 'paragraph').map(textOf)).toContain('Outcomes improve when teams share records.[1]');
    expect(ofType(doc, 'table')[0].content!.map((row) => row.content!.map(textOf))).toEqual([
      ['Measure', 'Before', 'After'],
      ['Admissions', '120', '95'],
    ]);
    expect(links(doc)).toEqual([{ text: "the King's Fund", href: 'https://www.kingsfund.org.uk/' }]);
    expect(ofType(doc, 'image').map((i) => i.attrs!.alt)).toEqual(['Care pathway diagram', 'Sample-briefing-picture-2.png']);
    expect(placed.map((p) => p.contentType)).toEqual(['image/png', 'image/png']);
    expect(line(result, 'Word styles')).toEqual({ message: 'Word styles Quire does not have were not kept; their text is kept as plain paragraphs.', count: 1, example: 'Callout' });
    expect(line(result, 'Links with unsafe addresses')).toMatchObject({ count: 1 });
    expect(line(result, 'Pictures without a description')).toMatchObject({ count: 1 });
    expect(line(result, 'Comments in the Word file')).toEqual({ message: 'Comments in the Word file were not brought in; add them again as Quire comments.', count: 1 });
    expect(line(result, 'Footnotes and endnotes')).toEqual({ message: 'Footnotes and endnotes became a numbered list at the end; their markers stay as plain text, like [1].', count: 1 });
    expect(JSON.stringify(doc)).not.toContain('\u2191');
  });

  it('refuses a ZIP that is not a Word document, and a file named .docx that is not one, with sentences', async () => {
    const { store } = memoryPictures();
    await expect(convertImport(Buffer.from('# just text'), 'notes.docx', store)).rejects.toThrow('This file is named .docx but is not a Word document.');
    await expect(convertImport(Buffer.from([0, 1, 2, 3]), 'picture.bin', store)).rejects.toThrow(/^Quire imports Markdown \(\.md, \.txt\), HTML \(\.html\) and Word \(\.docx\) files\./);
    await expect(convertImport(Buffer.from('\ufeff# Notes', 'utf16le'), 'notes.md', store)).rejects.toThrow(/^This file is not UTF-8 text/);
    await expect(convertImport(Buffer.from('old'), 'minutes.doc', store)).rejects.toThrow('Quire cannot read the old Word format (.doc).');
    await expect(convertImport(Buffer.alloc(0), 'empty.md', store)).rejects.toThrow('The file is empty.');
  });

  it('reads a Word file by its content whatever its name', async () => {
    const { store } = memoryPictures();
    expect((await convertImport(await sampleDocx(), 'renamed.txt', store)).format).toBe('docx');
  });
});
