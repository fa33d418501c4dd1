/**
 * PDF export against the real server, read back by a real consumer: text written by real
 * y-websocket clients into three chapters with sections (and a references chapter) is exported as
 * PDF through the REST job routes, and pdftotext (poppler-utils) reads the file: the cover, a
 * contents list whose page numbers are the pages pdftotext finds the headings on, the numbered
 * headings in the tree's order, the table's cells, the contributors by chapter from who wrote,
 * and "Page N of M" on every page but the cover. Needs `pdftotext` (Debian: poppler-utils).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';
import { addMember, buildPage, buildPaper, buildUser, type TestUser } from '../helpers/factories.js';
import { replacePageText, type CollabClient } from '../helpers/collabClient.js';
import { exportThroughJobs } from '../helpers/exports.js';
import { contentsLines, pageWithLine, pdfPages, requirePdftotext } from '../helpers/pdfText.js';
import type { StartExportBody } from '../../shared/export.js';

let server: TestServer;
let editor: TestUser;
let ada: TestUser;
let paperId: string;
const ids = {} as Record<'intro' | 'scope' | 'findings' | 'wards' | 'conclusion' | 'refs', string>;
const clients: CollabClient[] = [];

const text = (t: string) => ({ type: 'text', text: t });
const para = (t: string) => ({ type: 'paragraph', content: [text(t)] });
const cell = (t: string, type = 'table_cell') => ({ type, content: [para(t)] });

/** Opens a page as `who`, replaces its text with these blocks and waits until the server stored it. */
const write = (who: TestUser, pageId: string, blocks: unknown[]) => replacePageText(server.wsUrl, who.client.cookie, pageId, blocks, (client) => clients.push(client));

/** Exports through the job routes and returns the downloaded bytes. */
const exportPdf = (who: TestUser, body: Partial<StartExportBody> = {}) => exportThroughJobs(server.url, who, paperId, { format: 'pdf', ...body });

beforeAll(async () => {
  requirePdftotext();
  server = await startServer();
  editor = await buildUser(server.url, { name: 'Edith Editor' });
  ada = await buildUser(server.url, { name: 'Ada Author' });
  paperId = (await buildPaper(editor, { title: 'Discharge planning', subtitle: 'For ward managers' })).id;
  await editor.client.ok('PATCH', `/api/papers/${paperId}`, { organisation: 'Northern Trust', coverDate: '2026-03-31', editedBy: 'Dr Jane Smith', summary: 'Plan discharge early' });
  await addMember(editor, paperId, ada, 'author');
  ids.intro = (await buildPage(editor, paperId, { title: 'Introduction' })).id;
  ids.scope = (await buildPage(editor, paperId, { title: 'Scope', parentId: ids.intro })).id;
  ids.refs = (await buildPage(editor, paperId, { title: 'References' })).id;
  ids.findings = (await buildPage(editor, paperId, { title: 'Findings' })).id;
  ids.wards = (await buildPage(editor, paperId, { title: 'Wards', parentId: ids.findings })).id;
  ids.conclusion = (await buildPage(editor, paperId, { title: 'Conclusion' })).id;
  // The introduction runs over several pages, so the contents' numbers are not consecutive.
  const long = Array.from({ length: 70 }, (_, i) => para(`Paragraph ${i + 1}: why discharge matters & how <we> plan it, from the ward to the home, with the family.`));
  await write(ada, ids.intro, long);
  await write(editor, ids.scope, [para('Adult wards only.')]);
  await write(ada, ids.findings, [
    { type: 'table', content: [{ type: 'table_row', content: [cell('Ward', 'table_header'), cell('Delays', 'table_header')] }, { type: 'table_row', content: [cell('Ward Alpha'), cell('12 days')] }] },
  ]);
  await write(editor, ids.wards, [{ type: 'bullet_list', content: [{ type: 'list_item', content: [para('Surgical')] }] }]);
  await write(ada, ids.conclusion, [para('Start planning on admission.')]);
  await write(editor, ids.refs, [para('Smith J (2020) Discharge. London.')]);
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.stop();
});

describe('exporting a paper as PDF', () => {
  it('downloads a PDF whose contents give the pages pdftotext finds the numbered headings on', async () => {
    const { bytes, job, headers } = await exportPdf(editor);
    expect(job.fileName).toBe('discharge-planning.pdf');
    expect(headers.get('content-type')).toBe('application/pdf');
    const pages = await pdfPages(bytes);

    // The cover, alone on page 1 and without a footer.
    const cover = pages[0].split('\n').map((l) => l.trim()).filter(Boolean);
    expect(cover.slice(0, 5)).toEqual(['Northern Trust', 'Discharge planning', 'For ward managers', 'Edited by Dr Jane Smith', '31 March 2026']);
    expect(pages[0]).toMatch(/Key points\n•\s+Plan discharge early/);
    expect(pages[0]).not.toMatch(/Page \d+ of/);

    // The contents: every numbered heading in the tree's order, the contributors, references last.
    const contents = contentsLines(pages[1]);
    const entries = ['1 Introduction', '1.1 Scope', '2 Findings', '2.1 Wards', '3 Conclusion', 'Contributors', 'References'];
    expect(contents.map(([entry]) => entry)).toEqual(entries);
    // Each number is the page pdftotext finds that heading on, the headings coming in that order.
    let from = 2;
    for (const [entry, page] of contents) {
      expect(pageWithLine(pages, entry, from), `${entry} in:\n${pages.join('\f')}`).toBe(page);
      from = entry === 'Contributors' ? page : page - 1;
    }
    expect(contents[1][1] - contents[0][1]).toBeGreaterThanOrEqual(1);
    expect(new Set(contents.filter(([e]) => /^\d+ /.test(e)).map(([, p]) => p)).size).toBe(3);

    // Every page but the cover has the running footer.
    pages.slice(1).forEach((page, i) => expect(page).toMatch(new RegExp(`Discharge planning +Page ${i + 2} of ${pages.length}`)));

    // The text, the table's cells, the list and the contributors by chapter, from who wrote.
    const all = pages.join('\n');
    expect(all).toContain('Paragraph 1: why discharge matters & how <we> plan it');
    expect(all).toMatch(/Ward +Delays\n+ *Ward Alpha +12 days/);
    expect(all).toMatch(/•\s+Surgical/);
    const contributors = pages[contents[5][1] - 1];
    expect(contributors).toMatch(/1 Introduction\n *(Ada Author, Edith Editor|Edith Editor, Ada Author)/);
    expect(contributors).toMatch(/2 Findings\n *(Ada Author, Edith Editor|Edith Editor, Ada Author)/);
    expect(contributors).toMatch(/3 Conclusion\n *Ada Author/);
    expect(pages[contents[6][1] - 1]).toContain('Smith J (2020) Discharge. London.');
  });

  it('exports one chapter with its sections, numbered as in the paper', async () => {
    const { bytes, job } = await exportPdf(ada, { scope: { kind: 'chapter', pageId: ids.findings } });
    expect(job.fileName).toBe('discharge-planning-chapter-2.pdf');
    const pages = await pdfPages(bytes);
    expect(contentsLines(pages[1]).map(([entry]) => entry)).toEqual(['2 Findings', '2.1 Wards', 'Contributors']);
    expect(pages.join('\n')).not.toContain('1 Introduction');
  });
});
