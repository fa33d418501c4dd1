/**
 * The PDF writer on small documents, read back by pdftotext (poppler-utils): a real PDF with
 * bookmarks for every section, a contents list whose page numbers are the pages the headings are
 * on, a running footer on every page but the cover, lists, tables, hard breaks, safe links only,
 * hostile text shown as text, and cancelling between sections.
 */
import { describe, expect, it } from 'vitest';
import { writePdf } from '../../server/export/pdf.js';
import { contentsLines, pageWithLine, pdfPages } from '../helpers/pdfText.js';
import { bullets, cell, documentOf, heading, item, link, numbered, para, row, section, text } from './exportFixtures.js';

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');
const long = (n: number) => Array.from({ length: n }, (_, i) => para(`Paragraph ${i + 1} of a long chapter, written so that the chapter runs over more than one page of the file.`));

describe('the PDF writer', () => {
  const doc = documentOf([
    section('1', 'Introduction', 1, [heading(1, 'Background'), para('Why discharge ', text('matters', [{ type: 'bold' }]), ' to us.'), ...long(60)]),
    section('1.1', 'Scope', 2, [para('Adult wards only.')]),
    section('2', 'Findings', 1, [
      { type: 'table', content: [row(cell('Ward', 'table_header'), cell('Delays', 'table_header')), row(cell('Ward A'), cell('12 days'))] },
      para('See ', text('the guidance', [link('https://example.org/guide')]), ' and ', text('this', [link('javascript:alert(1)')]), '.'),
      bullets(item(para('Outer point'), numbered(3, item(para('Inner point'))))),
      para('First line', { type: 'hard_break' }, 'Second line'),
    ]),
    section(null, 'References', 1, [para('Smith J (2020) Discharge. London.')], true),
  ]);

  it('writes a PDF with a bookmark for every section, the contributors and the references', async () => {
    const bytes = await writePdf(doc);
    const raw = latin1(bytes);
    expect(raw.startsWith('%PDF-')).toBe(true);
    expect(raw.trimEnd().endsWith('%%EOF')).toBe(true);
    expect(raw).toMatch(/\/Outlines \d+ 0 R/);
    for (const title of ['Contents', '1 Introduction', '1.1 Scope', '2 Findings', 'Contributors', 'References']) expect(raw).toContain(`/Title (${title})`);
    // The safe link is clickable; the javascript: one keeps its text and loses the link.
    expect(raw).toContain('/URI (https://example.org/guide)');
    expect(raw).not.toMatch(/javascript/i);
  });

  it('lists the contents with the page each heading is on, and numbers every page but the cover', async () => {
    const pages = await pdfPages(await writePdf(doc));
    expect(pages[0]).toContain('Discharge planning');
    expect(pages[0]).not.toMatch(/Page \d+ of/);
    expect(pages[1]).toContain('Contents');
    const contents = contentsLines(pages[1]);
    expect(contents.map(([entry]) => entry)).toEqual(['1 Introduction', '1.1 Scope', '2 Findings', 'Contributors', 'References']);
    // Headings come in contents order; the contributors page names chapters too, so look past it.
    let from = 2;
    for (const [entry, page] of contents) {
      expect(pageWithLine(pages, entry, from), entry).toBe(page);
      from = entry === 'Contributors' ? page : page - 1;
    }
    // The long first chapter runs over pages, so the numbers are not just one page apart.
    expect(contents[1][1]).toBeGreaterThan(contents[0][1]);
    pages.slice(1).forEach((page, i) => expect(page).toMatch(new RegExp(`Discharge planning +Page ${i + 2} of ${pages.length}`)));
  });

  it('lays out tables, nested lists, hard breaks and a page\'s own headings', async () => {
    const all = (await pdfPages(await writePdf(doc))).join('\n');
    expect(all).toMatch(/Ward +Delays\n+ *Ward A +12 days/);
    expect(all).toMatch(/Outer point\n *3\. +Inner point/);
    expect(all).toMatch(/First line\n *Second line/);
    expect(all).toMatch(/\n *Background\n/);
    expect(all).toMatch(/1 Introduction\n+ *Ada Author/);
  });

  it('shows hostile text as text, and characters the embedded font lacks (CJK) as "?"', async () => {
    const hostile = '<script>alert(1)</script> (x) \\ & %';
    const bytes = await writePdf(documentOf([section('1', hostile, 1, [para(hostile), para('Arrow \u2192 and \u4e2d done')])], { title: hostile }));
    const pages = await pdfPages(bytes);
    // The cover's 28-point title wraps, so its words are compared without the line break.
    expect(pages[0].replace(/\s+/g, '')).toContain(hostile.replace(/\s+/g, ''));
    expect(pages[2]).toContain(`1 ${hostile}`);
    expect(pages[2]).toContain('Arrow \u2192 and ? done');
    expect(latin1(bytes)).toContain('/Title (1 <script>alert\\(1\\)</script> \\(x\\) \\\\ & %)');
  });

  it('gives the event loop back between sections and stops when cancelled', async () => {
    let turns = 0;
    const tick = () => {
      turns++;
      if (turns < 1000) setImmediate(tick);
    };
    setImmediate(tick);
    await writePdf(doc);
    expect(turns).toBeGreaterThanOrEqual(3);

    const controller = new AbortController();
    const written = writePdf(doc, controller.signal);
    controller.abort(new Error('The export was cancelled.'));
    await expect(written).rejects.toThrow('The export was cancelled.');
  });
});

describe('a long table in a PDF', () => {
  it('repeats its header row on every page it runs over and never splits a row', async () => {
    const twoLines = (i: number) => ({ type: 'table_cell', content: [para(`Line one of row ${i}`), para(`Line two of row ${i}`)] });
    const rows = Array.from({ length: 90 }, (_, i) => row(cell(`Ward ${i + 1}`), twoLines(i + 1)));
    const table = { type: 'table', content: [row(cell('Ward', 'table_header'), cell('Delays', 'table_header')), ...rows] };
    const pages = await pdfPages(await writePdf(documentOf([section('1', 'Wards', 1, [table])])));
    const spanned = pages.filter((p) => /Ward \d+ /.test(p));
    expect(spanned.length).toBeGreaterThan(1);
    for (const page of spanned) expect(page).toMatch(/^ *Ward +Delays *$/m);
    for (let i = 1; i <= 90; i++) {
      const page = spanned.find((p) => p.includes(`Line one of row ${i}\n`));
      expect(page, `row ${i}`).toBeDefined();
      expect(page).toContain(`Line two of row ${i}\n`);
    }
  });
});

describe('a long contents list in a PDF', () => {
  it('runs over pages and still gives each chapter the page it starts on', async () => {
    const chapters = Array.from({ length: 45 }, (_, i) => section(String(i + 1), `Chapter title ${i + 1}`, 1, [para(`Text of chapter ${i + 1}.`)]));
    const pages = await pdfPages(await writePdf(documentOf(chapters)));
    const contents = [...contentsLines(pages[1]), ...contentsLines(pages[2])];
    expect(contentsLines(pages[2]).length).toBeGreaterThan(0);
    expect(contents.map(([entry]) => entry)).toEqual([...chapters.map((c) => `${c.number} ${c.title}`), 'Contributors']);
    // Two contents pages after the cover: chapter n starts on page n + 3.
    contents.slice(0, 45).forEach(([entry, page], i) => {
      expect(page, entry).toBe(i + 4);
      expect(pages[page - 1].trimStart().startsWith(entry), entry).toBe(true);
    });
  });
});
