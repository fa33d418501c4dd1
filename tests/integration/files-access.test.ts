/**
 * Who may upload, download and remove files, against the real server: the role matrix (readers
 * and reviewers read only; non-members see nothing), an approved page's files are the editors'
 * alone, a page in the trash takes none, and an attachment is removed by its uploader or an
 * editor, audited and announced, while a placed picture is not removed this way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';
import { addMember, buildPage, buildPaper, buildUser, type TestUser } from '../helpers/factories.js';
import { download, upload } from '../helpers/uploads.js';
import { pngBytes } from '../fixtures/files/samples.js';
import { APPROVED_READ_ONLY } from '../../shared/pageStatus.js';

let server: TestServer;
let editor: TestUser;
let author: TestUser;
let otherAuthor: TestUser;
let reviewer: TestUser;
let reader: TestUser;
let stranger: TestUser;
let paperId: string;

beforeAll(async () => {
  server = await startServer();
  editor = await buildUser(server.url, { name: 'Edith Editor' });
  author = await buildUser(server.url, { name: 'Arthur Author' });
  otherAuthor = await buildUser(server.url, { name: 'Olga Author' });
  reviewer = await buildUser(server.url, { name: 'Rita Reviewer' });
  reader = await buildUser(server.url, { name: 'Rex Reader' });
  stranger = await buildUser(server.url, { name: 'Stan Stranger' });
  paperId = (await buildPaper(editor)).id;
  await addMember(editor, paperId, author, 'author');
  await addMember(editor, paperId, otherAuthor, 'author');
  await addMember(editor, paperId, reviewer, 'reviewer');
  await addMember(editor, paperId, reader, 'reader');
});

afterAll(async () => {
  await server?.stop();
});

const newPage = async () => (await buildPage(editor, paperId, { title: 'Access' })).id;
const attachment = async (who: TestUser, pageId: string) => {
  const res = await upload(server.url, who, paperId, pageId, `Notes by ${who.user.name}.`, { name: 'notes.txt' });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.file as { id: string; url: string };
};
const remove = (who: TestUser, url: string) => who.client.request('DELETE', url);
const countRows = (pageId: string) => (server.db.prepare('SELECT COUNT(*) AS n FROM files WHERE page_id = ?').get(pageId) as { n: number }).n;

describe('the role matrix', () => {
  it('lets authors and editors upload, and refuses readers and reviewers with a sentence', async () => {
    const pageId = await newPage();
    for (const who of [editor, author]) expect((await upload(server.url, who, paperId, pageId, 'Allowed.', { name: 'ok.txt' })).status).toBe(201);
    for (const who of [reviewer, reader]) {
      const res = await upload(server.url, who, paperId, pageId, pngBytes(), { name: 'no.png', purpose: 'image' });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe('Your role in this paper does not allow that.');
    }
    expect(countRows(pageId)).toBe(2);
  });

  it('lets every member read and download, and a non-member nothing (404, as if the paper did not exist)', async () => {
    const pageId = await newPage();
    const file = await attachment(author, pageId);
    for (const who of [editor, author, reviewer, reader]) {
      expect((await download(server.url, who, file.url)).status).toBe(200);
      expect((await who.client.request('GET', `/api/papers/${paperId}/pages/${pageId}/files`)).status).toBe(200);
    }
    expect((await download(server.url, stranger, file.url)).status).toBe(404);
    expect((await stranger.client.request('GET', `/api/papers/${paperId}/pages/${pageId}/files`)).status).toBe(404);
    expect((await upload(server.url, stranger, paperId, pageId, 'Intruder.', { name: 'x.txt' })).status).toBe(404);
    expect((await remove(stranger, file.url)).status).toBe(404);
    expect(countRows(pageId)).toBe(1);
  });

  it('refuses an upload sent from another site, even with a member’s cookie', async () => {
    const pageId = await newPage();
    const res = await fetch(`${server.url}/api/papers/${paperId}/pages/${pageId}/files?purpose=attachment&name=csrf.txt`, {
      method: 'POST',
      headers: { cookie: editor.client.cookie, origin: 'https://evil.example', 'content-type': 'text/plain' },
      body: 'Planted by another site.',
    });
    expect(res.status).toBe(403);
    expect(countRows(pageId)).toBe(0);
  });

  it('refuses readers and reviewers who try to remove an attachment', async () => {
    const pageId = await newPage();
    const file = await attachment(editor, pageId);
    for (const who of [reviewer, reader]) expect((await remove(who, file.url)).status).toBe(403);
    expect((await download(server.url, reader, file.url)).status).toBe(200);
  });
});

describe('the page’s state', () => {
  it('keeps an approved page’s files for editors: authors may neither add nor remove', async () => {
    const pageId = await newPage();
    const own = await attachment(author, pageId);
    await editor.client.ok('POST', `/api/papers/${paperId}/pages/${pageId}/status`, { status: 'approved' });
    const added = await upload(server.url, author, paperId, pageId, 'Late addition.', { name: 'late.txt' });
    expect(added.status).toBe(403);
    expect(added.body.error.message).toBe(APPROVED_READ_ONLY);
    const removed = await remove(author, own.url);
    expect(removed.status).toBe(403);
    expect(removed.body.error.message).toBe(APPROVED_READ_ONLY);
    expect((await upload(server.url, editor, paperId, pageId, pngBytes(), { name: 'final.png', purpose: 'image' })).status).toBe(201);
    expect((await remove(editor, own.url)).status).toBe(204);
  });

  it('takes no files on a page in the trash, and says so; a page of another paper is not found', async () => {
    const pageId = await newPage();
    const file = await attachment(editor, pageId);
    await editor.client.ok('DELETE', `/api/papers/${paperId}/pages/${pageId}`);
    const res = await upload(server.url, editor, paperId, pageId, 'Too late.', { name: 'late.txt' });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe('This page is in the trash. Restore it before adding files to it.');
    expect((await remove(editor, file.url)).status).toBe(409);
    const other = await buildPaper(editor, { title: 'Other' });
    const otherPage = await buildPage(editor, other.id);
    const crossed = await upload(server.url, editor, paperId, otherPage.id, 'Wrong paper.', { name: 'x.txt' });
    expect(crossed.status).toBe(404);
    expect(countRows(otherPage.id)).toBe(0);
  });
});

describe('removing an attachment', () => {
  it('lets its uploader remove it, but not another author', async () => {
    const pageId = await newPage();
    const file = await attachment(author, pageId);
    const refused = await remove(otherAuthor, file.url);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe('Only the person who uploaded this attachment, or an editor, can remove it.');
    expect((await remove(author, file.url)).status).toBe(204);
    const again = await remove(author, file.url);
    expect(again.status).toBe(404);
    expect(again.body.error.message).toBe('This attachment was not found. It may have been removed already.');
  });

  it('lets an editor remove anyone’s, audited with the file’s name and page', async () => {
    const pageId = await newPage();
    const file = await attachment(author, pageId);
    expect((await remove(editor, file.url)).status).toBe(204);
    const row = server.db.prepare("SELECT actor_id, detail FROM audit_log WHERE action = 'file.deleted' AND target = ?").get(file.id) as { actor_id: string; detail: string };
    expect(row.actor_id).toBe(editor.user.id);
    expect(JSON.parse(row.detail)).toMatchObject({ name: 'notes.txt', pageId, pageTitle: 'Access' });
    const { files } = await editor.client.ok('GET', `/api/papers/${paperId}/pages/${pageId}/files`);
    expect(files).toEqual([]);
  });

  it('stops an uploader whose role no longer lets them edit', async () => {
    const demoted = await buildUser(server.url, { name: 'Dana Demoted' });
    await addMember(editor, paperId, demoted, 'author');
    const pageId = await newPage();
    const file = await attachment(demoted, pageId);
    await editor.client.ok('PATCH', `/api/papers/${paperId}/members/${demoted.user.id}`, { role: 'reviewer' });
    expect((await remove(demoted, file.url)).status).toBe(403);
    expect((await download(server.url, demoted, file.url)).status).toBe(200);
  });

  it('does not remove a picture placed in a page: that is done in the text', async () => {
    const pageId = await newPage();
    const placed = await upload(server.url, author, paperId, pageId, pngBytes(), { name: 'figure.png', purpose: 'image' });
    const res = await remove(editor, placed.body.file.url);
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe('A picture placed in a page is removed by deleting it from the page’s text.');
    expect((await download(server.url, reader, placed.body.file.url)).status).toBe(200);
  });
});
