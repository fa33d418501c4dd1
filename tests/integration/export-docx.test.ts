/**
 * DOCX export against the real server, read back by a real consumer: text written by real
 * y-websocket clients into three chapters with sections is exported as Word through the REST job
 * routes, and LibreOffice (headless) converts the file to plain text: the numbered headings come
 * in the tree's order, the table's cells, the cover and the contributors are there, and the
 * headings carry Word's Heading styles. Needs `soffice` (Debian: libreoffice-writer-nogui).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { strFromU8, unzipSync } from 'fflate';
import { startServer, type TestServer } from '../helpers/server.js';
import { addMember, buildPage, buildPaper, buildUser, type TestUser } from '../helpers/factories.js';
import { replacePageText, type CollabClient } from '../helpers/collabClient.js';
import { exportThroughJobs } from '../helpers/exports.js';

const run = promisify(execFile);

let server: TestServer;
let editor: TestUser;
let ada: TestUser;
let paperId: string;
const clients: CollabClient[] = [];
const work = mkdtempSync(join(tmpdir(), 'quire-docx-'));

const text = (t: string) => ({ type: 'text', text: t });
const para = (t: string) => ({ type: 'paragraph', content: [text(t)] });
const cell = (t: string, type = 'table_cell') => ({ type, content: [para(t)] });

/** Opens a page as `who`, replaces its text with these blocks and waits until the server stored it. */
const write = (who: TestUser, pageId: string, blocks: unknown[]) => replacePageText(server.wsUrl, who.client.cookie, pageId, blocks, (client) => clients.push(client));

/** Exports the whole paper as DOCX through the job routes and returns the downloaded bytes. */
const exportDocx = (who: TestUser) => exportThroughJobs(server.url, who, paperId, { format: 'docx' });

/** Converts a file with LibreOffice headless in a fresh profile; fails clearly when soffice is missing. */
async function convert(file: string, to: string): Promise<string> {
  const found = await run('sh', ['-c', 'command -v soffice']).catch(() => null);
  if (!found) throw new Error('soffice (LibreOffice) is not installed: install libreoffice-writer-nogui (apt-get install libreoffice-writer-nogui; .ci/run installs it).');
  const profile = join(work, `lo-${randomUUID()}`);
  await run('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', to, '--outdir', work, file], { timeout: 120_000 });
  return join(work, file.replace(/^.*\//, '').replace(/\.docx$/, `.${to.split(':')[0]}`));
}

beforeAll(async () => {
  server = await startServer();
  editor = await buildUser(server.url, { name: 'Edith Editor' });
  ada = await buildUser(server.url, { name: 'Ada Author' });
  paperId = (await buildPaper(editor, { title: 'Discharge planning', subtitle: 'For ward managers' })).id;
  await editor.client.ok('PATCH', `/api/papers/${paperId}`, { organisation: 'Northern Trust', coverDate: '2026-03-31', editedBy: 'Dr Jane Smith', summary: 'Plan discharge early' });
  await addMember(editor, paperId, ada, 'author');
  const intro = (await buildPage(editor, paperId, { title: 'Introduction' })).id;
  const scope = (await buildPage(editor, paperId, { title: 'Scope', parentId: intro })).id;
  const findings = (await buildPage(editor, paperId, { title: 'Findings' })).id;
  const wards = (await buildPage(editor, paperId, { title: 'Wards', parentId: findings })).id;
  const conclusion = (await buildPage(editor, paperId, { title: 'Conclusion' })).id;
  await write(ada, intro, [para('Why discharge matters & how <we> plan it.')]);
  await write(editor, scope, [para('Adult wards only.')]);
  await write(ada, findings, [
    { type: 'table', content: [{ type: 'table_row', content: [cell('Ward', 'table_header'), cell('Delays', 'table_header')] }, { type: 'table_row', content: [cell('Ward Alpha'), cell('12 days')] }] },
  ]);
  await write(editor, wards, [{ type: 'bullet_list', content: [{ type: 'list_item', content: [para('Surgical')] }] }]);
  await write(ada, conclusion, [para('Start planning on admission.')]);
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('exporting a paper as DOCX', () => {
  it('downloads a Word file that LibreOffice converts, with numbered headings in order, the table and the contributors', async () => {
    const { bytes, job, headers } = await exportDocx(editor);
    expect(job.fileName).toBe('discharge-planning.docx');
    expect(headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const file = join(work, 'discharge-planning.docx');
    writeFileSync(file, bytes);

    const txt = readFileSync(await convert(file, 'txt:Text'), 'utf8');
    const lines = txt.split(/\r?\n/).map((l) => l.trim());
    // The body's headings (after the contents list, which repeats them with page numbers) in the tree's order.
    const body = lines.slice(lines.lastIndexOf('Contents') + 1);
    const headings = ['1 Introduction', '1.1 Scope', '2 Findings', '2.1 Wards', '3 Conclusion', 'Contributors'];
    const at = headings.map((h) => body.lastIndexOf(h));
    expect(at.every((i) => i >= 0), `${headings.join(', ')} in:\n${txt}`).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    // The cover, the text, the table's cells and the contributors by chapter.
    expect(lines.slice(0, 4)).toEqual(['Northern Trust', 'Discharge planning', 'For ward managers', 'Edited by Dr Jane Smith']);
    expect(lines).toContain('Why discharge matters & how <we> plan it.');
    expect(lines).toContain('Ward Alpha');
    expect(lines).toContain('12 days');
    expect(txt).toMatch(/1 Introduction: (Ada Author, Edith Editor|Edith Editor, Ada Author)/);
    expect(txt).toMatch(/2 Findings: (Ada Author, Edith Editor|Edith Editor, Ada Author)/);
    expect(txt).toContain('3 Conclusion: Ada Author');

    // The headings carry Word's Heading styles.
    const xml = strFromU8(unzipSync(bytes)['word/document.xml']);
    const styled = [...xml.matchAll(/<w:pStyle w:val="(Heading\d)"\/>(?:(?!<\/w:p>)[\s\S])*?<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(styled).toEqual(['Heading1 1 Introduction', 'Heading2 1.1 Scope', 'Heading1 2 Findings', 'Heading2 2.1 Wards', 'Heading1 3 Conclusion', 'Heading1 Contributors']);

    // And it converts to PDF too (LibreOffice's layout runs through the whole file).
    const pdf = readFileSync(await convert(file, 'pdf'));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  }, 240_000);
});
