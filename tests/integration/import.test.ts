/**
 * Import through the real routes: a file becomes a preview (nothing created but its pictures),
 * and a confirmed preview becomes pages in the tree whose text the collab server serves and whose
 * pictures the file routes serve. Roles, strangers, other people's previews, cancelled previews,
 * oversize files and files that are not what their name says are refused with sentences.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, ROOT, type TestServer } from '../helpers/server.js';
import { addMember, buildPage, buildPaper, buildUser, type TestUser } from '../helpers/factories.js';
import { connectClient, waitSynced } from '../helpers/collabClient.js';
import { pageDocOf } from '../../server/history/pageText.js';
import { fileById, pageFiles } from '../../server/store/files.js';
import { parseFileUrl } from '../../shared/files.js';
import { limits } from '../../shared/limits.js';
import type { ImportPreview } from '../../shared/imports.js';
import type { PageView } from '../../shared/api.js';
import { sampleDocx, TINY_PNG } from '../fixtures/import/sampleDocx.js';

const fixture = (name: string) => readFileSync(join(ROOT, 'tests/fixtures/import', name));

let server: TestServer;
let editor: TestUser;
let author: TestUser;
let reviewer: TestUser;
let reader: TestUser;
let stranger: TestUser;
let paperId: string;

beforeAll(async () => {
  server = await startServer();
  editor = await buildUser(server.url, { name: 'Edith Editor' });
  author = await buildUser(server.url, { name: 'Arthur Author' });
  reviewer = await buildUser(server.url, { name: 'Rita Reviewer' });
  reader = await buildUser(server.url, { name: 'Reggie Reader' });
  stranger = await buildUser(server.url, { name: 'Stan Stranger' });
  paperId = (await buildPaper(editor, { title: 'Imports' })).id;
  await addMember(editor, paperId, author, 'author');
  await addMember(editor, paperId, reviewer, 'reviewer');
  await addMember(editor, paperId, reader, 'reader');
});

afterAll(async () => {
  await server.stop();
});

/** Sends a file's bytes to the preview route as `who`. */
async function upload(who: TestUser, name: string, bytes: Uint8Array, paper = paperId): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}/api/papers/${paper}/imports?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { cookie: who.client.cookie, 'content-type': 'application/octet-stream' },
    body: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as BodyInit,
  });
  return { status: res.status, body: await res.json() };
}

/** The text of a page as the collab server serves it to a real y-websocket client. */
async function servedText(who: TestUser, pageId: string): Promise<string> {
  const client = connectClient(server.wsUrl, pageId, { cookie: who.client.cookie });
  try {
    await waitSynced(client);
    return pageDocOf(client.doc).textContent;
  } finally {
    client.destroy();
  }
}

/** The Quire file ids the images of a document show. */
function imageFileIds(doc: unknown): string[] {
  const ids: string[] = [];
  const walk = (node: any) => {
    if (node?.type === 'image') ids.push(parseFileUrl(node.attrs.src)!.fileId);
    for (const child of node?.content ?? []) walk(child);
  };
  walk(doc);
  return ids;
}

describe('importing a Markdown file', () => {
  it('previews without creating pages, then makes a page for each top-level heading with its text and picture', async () => {
    const before = (await editor.client.ok('GET', `/api/papers/${paperId}/pages`)).pages.length;
    const { status, body } = await upload(author, 'Sample briefing.md', fixture('sample.md'));
    expect(status).toBe(200);
    const preview = body as ImportPreview;
    expect(preview.format).toBe('markdown');
    expect(preview.fileName).toBe('Sample briefing.md');
    expect(preview.pages.map((p) => p.title)).toEqual(['Sample briefing', 'Integrated care in practice', 'Evidence and outcomes']);
    expect(preview.pictures).toBe(1);
    expect(preview.notKept.map((l) => l.message)).toEqual(
      expect.arrayContaining(['Scripts and embedded content (frames, forms, media) were removed.', 'Links with unsafe addresses were kept as plain text.']),
    );
    // Nothing is a page yet; the picture waits without a page.
    expect((await editor.client.ok('GET', `/api/papers/${paperId}/pages`)).pages.length).toBe(before);
    const [pictureId] = imageFileIds(preview.document);
    expect(fileById(server.db, paperId, pictureId)).toMatchObject({ pageId: null, contentType: 'image/png', purpose: 'image', deletedAt: null });

    const result = await author.client.request('POST', `/api/papers/${paperId}/imports/${preview.importId}`, { mode: 'split', parentId: null });
    expect(result.status).toBe(201);
    const created = result.body.pages as PageView[];
    expect(created.map((p) => p.title)).toEqual(['Sample briefing', 'Integrated care in practice', 'Evidence and outcomes']);
    expect(created.every((p) => p.parentId === null)).toBe(true);

    const tree = (await reader.client.ok('GET', `/api/papers/${paperId}/pages`)).pages as PageView[];
    expect(tree.slice(-3).map((p) => p.title)).toEqual(['Sample briefing', 'Integrated care in practice', 'Evidence and outcomes']);

    const care = created[1];
    const text = await servedText(reader, care.id);
    expect(text).toContain('Integrated care joins up health and social care.');
    expect(text).toContain('District nurses');
    expect(text).not.toContain('alert');
    expect(await servedText(reader, created[2].id)).toContain('Length of stay');

    // The picture now belongs to the page that shows it, and the file route serves its bytes.
    expect(pageFiles(server.db, care.id, 'image').map((f) => f.id)).toEqual([pictureId]);
    const picture = await fetch(`${server.url}/api/papers/${paperId}/files/${pictureId}`, { headers: { cookie: reader.client.cookie } });
    expect(picture.status).toBe(200);
    expect(picture.headers.get('content-type')).toMatch(/^image\/png/);
    expect(Buffer.from(await picture.arrayBuffer()).equals(TINY_PNG)).toBe(true);

    const audit = await editor.client.ok('GET', `/api/papers/${paperId}/audit?action=pages.imported`);
    expect(audit.entries[0]).toMatchObject({ action: 'pages.imported', detail: { fileName: 'Sample briefing.md', format: 'markdown', mode: 'split', pages: 3 } });
  });
});

describe('importing a Word file', () => {
  it('makes one page under a chosen page, titled as asked, with its lists, table, link and pictures', async () => {
    const parent = await buildPage(editor, paperId, { title: 'Background' });
    const { status, body } = await upload(editor, 'Board report.docx', await sampleDocx());
    expect(status).toBe(200);
    const preview = body as ImportPreview;
    expect(preview.format).toBe('docx');
    expect(preview.pictures).toBe(2);
    expect(preview.notKept.find((l) => l.message.startsWith('Pictures without a description'))).toMatchObject({ count: 1 });

    const { pages } = await editor.client.ok('POST', `/api/papers/${paperId}/imports/${preview.importId}`, { mode: 'page', parentId: parent.id, title: 'Report from the board' });
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject({ title: 'Report from the board', parentId: parent.id });
    const text = await servedText(editor, pages[0].id);
    for (const words of ['Integrated care in practice', 'Community nurses', 'Agree the scope', 'Admissions', "the King's Fund"]) expect(text).toContain(words);
    expect(pageFiles(server.db, pages[0].id, 'image')).toHaveLength(2);
  });
});

describe('who may import', () => {
  it('refuses reviewers and readers (403) and strangers (404)', async () => {
    expect((await upload(reviewer, 'notes.md', Buffer.from('# Notes'))).status).toBe(403);
    expect((await upload(reader, 'notes.md', Buffer.from('# Notes'))).status).toBe(403);
    const stranger404 = await upload(stranger, 'notes.md', Buffer.from('# Notes'));
    expect(stranger404.status).toBe(404);
  });

  it("lets only the person who made a preview confirm it, and forgets a cancelled one", async () => {
    const { body } = await upload(editor, 'sample.html', fixture('sample.html'));
    const preview = body as ImportPreview;
    const other = await author.client.request('POST', `/api/papers/${paperId}/imports/${preview.importId}`, { mode: 'page', parentId: null });
    expect(other.status).toBe(404);
    expect(other.body.error.message).toBe('This preview has expired; choose the file again.');

    expect((await editor.client.request('DELETE', `/api/papers/${paperId}/imports/${preview.importId}`)).status).toBe(204);
    const gone = await editor.client.request('POST', `/api/papers/${paperId}/imports/${preview.importId}`, { mode: 'page', parentId: null });
    expect(gone.status).toBe(404);
    expect(gone.body.error.message).toBe('This preview has expired; choose the file again.');
    // The cancelled preview's picture is released, never given a page.
    const [pictureId] = imageFileIds(preview.document);
    expect(fileById(server.db, paperId, pictureId)).toMatchObject({ pageId: null });
    expect(fileById(server.db, paperId, pictureId)!.deletedAt).not.toBeNull();
  });
});

describe('pictures of previews never confirmed', () => {
  it('are let go once older than any preview can be, even after a restart forgot the preview', async () => {
    const { body } = await upload(author, 'sample.md', fixture('sample.md'));
    const [waiting] = imageFileIds(body.document);
    // As if the server had restarted and two hours passed: the preview is gone, its picture still waits.
    server.db.prepare('UPDATE files SET uploaded_at = ? WHERE id = ?').run(new Date(Date.now() - 2 * 60 * 60 * 1000).toISOString(), waiting);
    const { body: fresh } = await upload(author, 'sample.md', fixture('sample.md'));
    expect(fileById(server.db, paperId, waiting)!.deletedAt).not.toBeNull();
    const [current] = imageFileIds(fresh.document);
    expect(fileById(server.db, paperId, current)).toMatchObject({ pageId: null, deletedAt: null });
  });
});

describe('files that cannot be imported', () => {
  it('refuses a file over the import limit with 413 and a sentence', async () => {
    const res = await upload(author, 'huge.md', Buffer.alloc(limits.importBytes + 1, 0x61));
    expect(res.status).toBe(413);
    expect(res.body.error.message).toMatch(/^The file is larger than .+, the most one import may bring in\./);
  });

  it('says when a file named .docx is not a Word document, and when a file is not text', async () => {
    const fake = await upload(author, 'minutes.docx', Buffer.from([0x13, 0x37, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x01]));
    expect(fake.status).toBe(400);
    expect(fake.body.error.message).toBe('This file is named .docx but is not a Word document. Save it from Word as a .docx file and choose it again.');
    const binary = await upload(author, 'scan.pdf', Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff]));
    expect(binary.status).toBe(400);
    expect(binary.body.error.message).toMatch(/^Quire imports Markdown/);
  });

  it('refuses a confirmation with a mode it does not know, naming the choices', async () => {
    const { body } = await upload(author, 'notes.md', Buffer.from('# Notes\n\nSome text.'));
    const res = await author.client.request('POST', `/api/papers/${paperId}/imports/${body.importId}`, { mode: 'chapters', parentId: null });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.mode).toMatch(/Choose "page"/);
  });
});
