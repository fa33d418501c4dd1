/**
 * Export against the real server, with text written by real y-websocket clients: the whole paper
 * as HTML (well-formed, self-contained, cover fields, numbered headings with a linked contents,
 * a page's own headings below its title, a table, contributors by chapter from who wrote, the
 * references chapter last and unnumbered), one chapter as Markdown, progress on the requester's
 * sockets, cancelling, a release's frozen text, the confidentiality gate refusing until an editor
 * acknowledges, and who may export (readers only when the paper allows; jobs are private).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { startServer, type TestServer } from '../helpers/server.js';
import { addMember, buildPage, buildPaper, buildUser, type TestUser } from '../helpers/factories.js';
import { replacePageText, type CollabClient } from '../helpers/collabClient.js';
import { waitFor } from '../helpers/waitFor.js';
import { exportThroughJobs } from '../helpers/exports.js';
import { xmlProblems } from '../helpers/xmlWellFormed.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/events.js';
import type { ExportJobView, ExportProgress, StartExportBody } from '../../shared/export.js';
import { anonymiseUser } from '../../server/store/users.js';
import { insertPage } from '../../server/store/pages.js';

let server: TestServer;
let editor: TestUser;
let ada: TestUser;
let bob: TestUser;
let reviewer: TestUser;
let reader: TestUser;
let paperId: string;
const ids = {} as Record<'intro' | 'scope' | 'refs' | 'findings' | 'conclusion', string>;
const clients: CollabClient[] = [];

const text = (t: string, marks?: unknown[]) => ({ type: 'text', text: t, ...(marks ? { marks } : {}) });
const para = (t: string) => ({ type: 'paragraph', content: [text(t)] });
const cell = (t: string, type = 'table_cell') => ({ type, content: [para(t)] });

/** Opens a page as `who`, replaces its text with these blocks and waits until the server stored it. */
const write = (who: TestUser, pageId: string, blocks: unknown[]) => replacePageText(server.wsUrl, who.client.cookie, pageId, blocks, (client) => clients.push(client));

const base = () => `/api/papers/${paperId}/exports`;

/** Exports through the job routes and returns the file as text. */
async function exportFile(who: TestUser, body: Partial<StartExportBody>) {
  const { jobId, job, bytes, headers } = await exportThroughJobs(server.url, who, paperId, body);
  return { jobId, job, text: new TextDecoder().decode(bytes), headers };
}

beforeAll(async () => {
  server = await startServer();
  editor = await buildUser(server.url, { name: 'Edith Editor' });
  ada = await buildUser(server.url, { name: 'Ada Author' });
  bob = await buildUser(server.url, { name: 'Bob Writer' });
  reviewer = await buildUser(server.url, { name: 'Rita Reviewer' });
  reader = await buildUser(server.url, { name: 'Rex Reader' });
  paperId = (await buildPaper(editor, { title: 'Discharge planning: a briefing', subtitle: 'For ward managers' })).id;
  await editor.client.ok('PATCH', `/api/papers/${paperId}`, {
    organisation: 'Northern Trust',
    coverDate: '2026-03-31',
    editedBy: 'Dr Jane Smith',
    summary: 'Plan discharge early\nTalk to families',
    acknowledgements: 'With thanks to the ward team.',
  });
  await addMember(editor, paperId, ada, 'author');
  await addMember(editor, paperId, bob, 'author');
  await addMember(editor, paperId, reviewer, 'reviewer');
  await addMember(editor, paperId, reader, 'reader');
  ids.intro = (await buildPage(editor, paperId, { title: 'Introduction' })).id;
  ids.scope = (await buildPage(editor, paperId, { title: 'Scope', parentId: ids.intro })).id;
  // The references chapter sits second in the tree; export moves it to the end, unnumbered.
  ids.refs = (await buildPage(editor, paperId, { title: 'References' })).id;
  ids.findings = (await buildPage(editor, paperId, { title: 'Findings' })).id;
  ids.conclusion = (await buildPage(editor, paperId, { title: 'Conclusion' })).id;

  await write(ada, ids.intro, [{ type: 'heading', attrs: { level: 1 }, content: [text('Background')] }, para('Why discharge matters & how <we> plan it.')]);
  await write(editor, ids.scope, [para('Adult wards only.')]);
  await write(bob, ids.findings, [
    { type: 'table', content: [{ type: 'table_row', content: [cell('Ward', 'table_header'), cell('Delays', 'table_header')] }, { type: 'table_row', content: [cell('A | B'), cell('12')] }] },
    { type: 'paragraph', content: [text('See '), text('the guidance', [{ type: 'link', attrs: { href: 'https://example.org/guide', title: null } }])] },
  ]);
  await write(ada, ids.conclusion, [para('Start planning on admission.')]);
  await write(editor, ids.refs, [para('Smith J (2020) Discharge. London.')]);
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server.stop();
});

describe('exporting a paper', () => {
  it('writes the whole paper as one well-formed, self-contained HTML file, numbered from the tree', async () => {
    const { text: html, headers, job } = await exportFile(editor, { format: 'html' });
    expect(headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(headers.get('content-disposition')).toBe('attachment; filename="discharge-planning-a-briefing.html"');
    expect(job.fileName).toBe('discharge-planning-a-briefing.html');
    expect(xmlProblems(html)).toEqual([]);
    expect(html).not.toMatch(/<script|<link |\ssrc=/i);

    // The cover.
    expect(html).toContain('<p class="organisation">Northern Trust</p><h1 class="title">Discharge planning: a briefing</h1><p class="subtitle">For ward managers</p>');
    expect(html).toContain('Edited by Dr Jane Smith');
    expect(html).toContain('<time datetime="2026-03-31">31 March 2026</time>');
    expect(html).toContain('<li>Plan discharge early</li><li>Talk to families</li>');
    expect(html).toContain('With thanks to the ward team.');

    // Numbered headings in order, the page's own h1 below its title, references last.
    const headings = [...html.matchAll(/<h(\d) id="([^"]+)">([^<]*)<\/h\d>/g)].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
    expect(headings).toEqual(['2 key-points Key points', '2 acknowledgements Acknowledgements', '1 contents Contents', '1 s-1 1 Introduction', '2 s-1-h1 Background', '2 s-1-1 1.1 Scope', '1 s-2 2 Findings', '1 s-3 3 Conclusion', '1 contributors Contributors', '1 references References']);
    const contents = /<nav class="contents"[\s\S]*?<\/nav>/.exec(html)![0];
    expect([...contents.matchAll(/href="#([^"]+)">([^<]*)</g)].map((m) => `${m[1]} ${m[2]}`)).toEqual(['s-1 1 Introduction', 's-1-1 1.1 Scope', 's-2 2 Findings', 's-3 3 Conclusion', 'contributors Contributors', 'references References']);

    // Text, escaped; the table; a safe link.
    expect(html).toContain('<p>Why discharge matters &amp; how &lt;we&gt; plan it.</p>');
    expect(html).toContain('<tr><th><p>Ward</p></th><th><p>Delays</p></th></tr><tr><td><p>A | B</p></td><td><p>12</p></td></tr>');
    expect(html).toContain('<a href="https://example.org/guide" rel="noopener noreferrer nofollow">the guidance</a>');

    // Everyone who wrote, by chapter.
    const contributors = /<dl>([\s\S]*?)<\/dl>/.exec(html)![1];
    expect([...contributors.matchAll(/<dt><a href="#[^"]+">([^<]*)<\/a><\/dt><dd>([^<]*)<\/dd>/g)].map((m) => `${m[1]}: ${m[2]}`)).toEqual([
      '1 Introduction: Ada Author, Edith Editor',
      '2 Findings: Bob Writer',
      '3 Conclusion: Ada Author',
      'References: Edith Editor',
    ]);
  });

  it('audits the export with its format, scope and source', async () => {
    const { jobId } = await exportFile(editor, { format: 'markdown', scope: { kind: 'chapter', pageId: ids.findings } });
    expect(jobId).toBeTruthy();
    const { entries } = await editor.client.ok('GET', `/api/papers/${paperId}/audit?action=paper.exported`);
    expect(entries[0]).toMatchObject({ action: 'paper.exported', target: ids.findings, detail: { format: 'markdown', scope: 'chapter', source: 'live' } });
  });

  it('writes one chapter as Markdown with its sections, numbered as in the paper, and a GFM table', async () => {
    const intro = await exportFile(ada, { format: 'markdown', scope: { kind: 'chapter', pageId: ids.intro } });
    expect(intro.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(intro.headers.get('content-disposition')).toBe('attachment; filename="discharge-planning-a-briefing-chapter-1.md"');
    const md = intro.text;
    expect(md).toContain('# Discharge planning: a briefing');
    expect(md).toContain('## Contents\n\n- [1 Introduction](#1-introduction)\n  - [1.1 Scope](#11-scope)\n- [Contributors](#contributors)');
    expect(md).toContain('# 1 Introduction\n\n## Background\n\nWhy discharge matters \\& how \\<we\\> plan it.\n\n## 1.1 Scope\n\nAdult wards only.');
    expect(md).not.toContain('Findings');
    expect(md).toContain('- 1 Introduction: Ada Author, Edith Editor');

    const findings = await exportFile(ada, { format: 'markdown', scope: { kind: 'chapter', pageId: ids.findings } });
    expect(findings.text).toContain('# 2 Findings\n\n| Ward | Delays |\n| --- | --- |\n| A \\| B | 12 |\n\nSee [the guidance](https://example.org/guide)');
  });

  it('names a former member "Former member" among the contributors', async () => {
    const gone = await buildUser(server.url, { name: 'Gone Person' });
    await addMember(editor, paperId, gone, 'author');
    await write(gone, ids.scope, [para('Adult wards only.'), para('Also day cases.')]);
    anonymiseUser(server.db, gone.user.id);
    const { text: md } = await exportFile(editor, { format: 'markdown', scope: { kind: 'chapter', pageId: ids.intro } });
    expect(md).toContain('- 1 Introduction: Ada Author, Edith Editor, Former member');
    expect(md).not.toContain('Gone Person');
  });

  it('refuses bad requests with a sentence', async () => {
    const odt = await editor.client.request('POST', base(), { format: 'odt' });
    expect(odt.status).toBe(400);
    expect(odt.body.error.message).toBe('Choose a format: html, markdown, docx or pdf.');
    const chapter = await editor.client.request('POST', base(), { format: 'html', scope: { kind: 'chapter', pageId: 'no-such-page' } });
    expect(chapter.status).toBe(404);
    expect(chapter.body.error.message).toMatch(/not in the paper/);
    const release = await editor.client.request('POST', base(), { format: 'html', source: { kind: 'release', releaseId: 'no-such-release' } });
    expect(release.status).toBe(404);
  });
});

describe('export jobs', () => {
  it("reports progress page by page to the requester's sockets only", async () => {
    const listen = async (who: TestUser) => {
      const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connectSocket(server.url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie: who.client.cookie } });
      const heard: ExportProgress[] = [];
      socket.on('export:progress', (event) => heard.push(event));
      await waitFor(() => socket.connected, { message: 'the socket to connect' });
      return { socket, heard };
    };
    const mine = await listen(editor);
    const theirs = await listen(ada);
    try {
      const { jobId } = await exportFile(editor, { format: 'html' });
      await waitFor(() => mine.heard.some((e) => e.status === 'done'), { message: 'the last progress event' });
      const events = mine.heard.filter((e) => e.jobId === jobId);
      expect(events.map((e) => `${e.status} ${e.done}/${e.of}`)).toEqual(['running 0/5', 'running 1/5', 'running 2/5', 'running 3/5', 'running 4/5', 'running 5/5', 'done 5/5']);
      expect(theirs.heard).toEqual([]);
    } finally {
      mine.socket.close();
      theirs.socket.close();
    }
  });

  it('cancels a long export between pages; a cancelled export has no file and is not audited', async () => {
    const long = (await buildPaper(editor, { title: 'A long paper' })).id;
    server.db.transaction(() => {
      for (let i = 0; i < 400; i++) insertPage(server.db, { paperId: long, parentId: null, position: i, title: `Chapter ${i + 1}`, createdBy: editor.user.id });
    })();
    const path = `/api/papers/${long}/exports`;
    const { jobId } = await editor.client.ok('POST', path, { format: 'html' });
    await waitFor(async () => (await editor.client.ok('GET', `${path}/${jobId}`)).job.done > 0, { message: 'the export to start reading pages' });
    const cancelled = await editor.client.ok<{ job: ExportJobView }>('DELETE', `${path}/${jobId}`);
    expect(cancelled.job.status).toBe('cancelled');
    expect(cancelled.job.done).toBeLessThan(400);
    const { job } = await editor.client.ok<{ job: ExportJobView }>('GET', `${path}/${jobId}`);
    expect(job.status).toBe('cancelled');
    const download = await editor.client.request('GET', `${path}/${jobId}/download`);
    expect(download.status).toBe(409);
    expect(download.body.error.message).toBe('The export was cancelled; start a new one.');
    const { entries } = await editor.client.ok('GET', `/api/papers/${long}/audit?action=paper.exported`);
    expect(entries).toEqual([]);
  });

  it("keeps each person's jobs private", async () => {
    const { jobId } = await exportFile(editor, { format: 'markdown' });
    for (const path of [`${base()}/${jobId}`, `${base()}/${jobId}/download`]) {
      const res = await reviewer.client.request('GET', path);
      expect(res.status).toBe(404);
    }
    expect((await reviewer.client.request('DELETE', `${base()}/${jobId}`)).status).toBe(404);
  });
});

describe('who may export', () => {
  it('lets reviewers export, and readers only when the paper allows', async () => {
    await exportFile(reviewer, { format: 'markdown' });
    const refused = await reader.client.request('POST', base(), { format: 'html' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/an editor can allow readers to export/);
    await editor.client.ok('PATCH', `/api/papers/${paperId}`, { readersMayExport: true });
    const { text: html } = await exportFile(reader, { format: 'html' });
    expect(html).toContain('1 Introduction');
  });
});

describe('exporting a release', () => {
  it('writes the text the release froze, not the text since', async () => {
    const { release } = await editor.client.ok('POST', `/api/papers/${paperId}/releases`, { name: 'v1.0 for consultation', reason: 'Early look for the board.' });
    await write(ada, ids.conclusion, [para('Plan from the first day, with the family.')]);
    const { text: md } = await exportFile(editor, { format: 'markdown', source: { kind: 'release', releaseId: release.id } });
    expect(md).toContain('Start planning on admission.');
    expect(md).not.toContain('with the family');
    expect(md).toContain('Whole paper, release v1.0 for consultation');
    const { text: live } = await exportFile(editor, { format: 'markdown' });
    expect(live).toContain('Plan from the first day, with the family.');
  });
});

describe('the confidentiality gate', () => {
  it('refuses an export while findings are not acknowledged, and lets it go ahead once they are', async () => {
    await write(ada, ids.conclusion, [para('Patient 943 476 5919 was discharged.')]);
    const refused = await editor.client.request('POST', base(), { format: 'html' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('confidentiality');
    expect(refused.body.error.fields).toEqual({ findings: '1' });
    expect(refused.body.error.message).toMatch(/^The confidentiality check found 1 thing that may identify patients/);

    const scan = await editor.client.ok('POST', `/api/papers/${paperId}/confidentiality/scan`);
    await editor.client.ok('POST', `/api/papers/${paperId}/confidentiality/acknowledge`, { reason: 'Made-up number for the example.', findingIds: scan.findings.map((f: { id: string }) => f.id) });
    const { text: html } = await exportFile(editor, { format: 'html' });
    expect(html).toContain('Patient 943 476 5919 was discharged.');
  });
});
