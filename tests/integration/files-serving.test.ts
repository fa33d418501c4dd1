/**
 * Downloading files from the real server: the headers that keep a file from ever running as
 * part of Quire (its detected type, nosniff, a sandboxing policy, inline only for plain images),
 * SVG with a script served only as a download, revalidation by ETag, and the 404s for another
 * paper's file and a removed attachment. Also the attachments list a page shows.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';
import { addMember, buildPage, buildPaper, buildUser, type TestUser } from '../helpers/factories.js';
import { download, upload } from '../helpers/uploads.js';
import { gifBytes, pdfBytes, pngBytes, sampleFile, SVG_WITH_SCRIPT, webpBytes } from '../fixtures/files/samples.js';
import { fileUrl } from '../../shared/files.js';

let server: TestServer;
let editor: TestUser;
let author: TestUser;
let paperId: string;
let pageId: string;

beforeAll(async () => {
  server = await startServer();
  editor = await buildUser(server.url, { name: 'Edith Editor' });
  author = await buildUser(server.url, { name: 'Arthur Author' });
  paperId = (await buildPaper(editor)).id;
  await addMember(editor, paperId, author, 'author');
  pageId = (await buildPage(editor, paperId, { title: 'Annexes' })).id;
});

afterAll(async () => {
  await server?.stop();
});

const attach = async (content: Uint8Array | string, name: string, who = editor) => {
  const res = await upload(server.url, who, paperId, pageId, content, { name });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.file as { id: string; url: string; contentType: string; name: string };
};

describe('an SVG with a script', () => {
  it('is accepted as an attachment and served only as a sandboxed download, never as SVG inline', async () => {
    const file = await attach(SVG_WITH_SCRIPT, 'drawing.svg');
    expect(file.contentType).toBe('image/svg+xml');
    const got = await download(server.url, editor, file.url);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('application/octet-stream');
    expect(got.headers.get('content-disposition')).toMatch(/^attachment; filename="drawing\.svg"/);
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(got.bytes.toString('utf8')).toBe(SVG_WITH_SCRIPT);
  });

  it('cannot be placed in a page', async () => {
    const res = await upload(server.url, editor, paperId, pageId, SVG_WITH_SCRIPT, { name: 'drawing.svg', purpose: 'image', contentType: 'image/svg+xml' });
    expect(res.status).toBe(415);
    expect(res.body.error.message).toContain('This file is an SVG drawing:');
  });
});

describe('headers of a download', () => {
  it.each([
    ['a PNG', () => pngBytes(), 'chart.png', 'image/png', 'inline'],
    ['a GIF', () => gifBytes(), 'anim.gif', 'image/gif', 'inline'],
    ['a WebP', () => webpBytes(), 'photo.webp', 'image/webp', 'inline'],
    ['a PDF', () => pdfBytes(), 'annex.pdf', 'application/pdf', 'attachment'],
    ['a Word document', () => sampleFile('tiny.docx'), 'annex.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'attachment'],
    ['unknown bytes', () => Buffer.from([0, 1, 2, 3, 255]), 'data.bin', 'application/octet-stream', 'attachment'],
  ])('serves %s with its detected type, shown %s only if it is a plain image', async (_label, bytes, name, type, disposition) => {
    const content = bytes();
    const file = await attach(content, name);
    const got = await download(server.url, editor, file.url);
    expect(got.headers.get('content-type')).toBe(type);
    expect(got.headers.get('content-disposition')?.split(';')[0]).toBe(disposition);
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(got.headers.get('cache-control')).toBe('private, no-cache');
    expect(got.headers.get('content-length')).toBe(String(content.length));
    expect(got.bytes.equals(content)).toBe(true);
  });

  it('answers 304 to a matching If-None-Match, and the bytes to any other', async () => {
    const file = await attach(pngBytes(9, 9), 'cached.png');
    const first = await download(server.url, editor, file.url);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    const again = await download(server.url, editor, file.url, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.bytes.length).toBe(0);
    expect((await download(server.url, editor, file.url, { 'if-none-match': `"other", W/${etag}` })).status).toBe(304);
    const other = await download(server.url, editor, file.url, { 'if-none-match': '"0000"' });
    expect(other.status).toBe(200);
    expect(other.bytes.equals(first.bytes)).toBe(true);
  });

  it('answers HEAD with the headers and no body', async () => {
    const file = await attach(pdfBytes(), 'head.pdf');
    const res = await fetch(server.url + file.url, { method: 'HEAD', headers: { cookie: editor.client.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-length')).toBe(String(pdfBytes().length));
    expect((await res.arrayBuffer()).byteLength).toBe(0);
  });
});

describe('which file a URL reaches', () => {
  it('does not serve another paper’s file under this paper, even to a member of both', async () => {
    const otherPaper = await buildPaper(editor, { title: 'Another paper' });
    const otherPage = await buildPage(editor, otherPaper.id);
    const theirs = await upload(server.url, editor, otherPaper.id, otherPage.id, pngBytes(), { name: 'theirs.png' });
    expect(theirs.status).toBe(201);
    const crossed = await download(server.url, editor, fileUrl(paperId, theirs.body.file.id));
    expect(crossed.status).toBe(404);
    expect(crossed.body.error.message).toBe('This file was not found in this paper.');
    expect((await download(server.url, editor, theirs.body.file.url)).status).toBe(200);
  });

  it('answers 404 with a sentence for a removed attachment', async () => {
    const file = await attach('Old minutes.', 'old.txt');
    expect((await editor.client.request('DELETE', file.url)).status).toBe(204);
    const got = await download(server.url, editor, file.url);
    expect(got.status).toBe(404);
    expect(got.body.error.message).toBe('This attachment was removed from its page, so it can no longer be downloaded.');
  });

  it('answers a sentence, not a broken file, when the bytes are missing from the disk', async () => {
    const file = await attach('Bytes that will go missing.', 'missing.txt');
    const { sha256 } = server.db.prepare('SELECT sha256 FROM files WHERE id = ?').get(file.id) as { sha256: string };
    rmSync(server.quire.blobs.pathOf(sha256));
    const got = await download(server.url, editor, file.url);
    expect(got.status).toBe(404);
    expect(got.headers.get('content-type')).toMatch(/^application\/json/);
    expect(got.headers.get('content-disposition')).toBeNull();
    expect(got.body.error.message).toBe('This file’s contents are missing on the server. Ask an editor to upload it again.');
  });

  it('asks for a session before anything', async () => {
    const file = await attach('Private.', 'private.txt');
    expect((await download(server.url, null, file.url)).status).toBe(401);
  });
});

describe('the attachments list', () => {
  it('lists a page’s attachments newest first with size and uploader, without placed pictures or removed files', async () => {
    const page = await buildPage(editor, paperId, { title: 'Listed' });
    const post = (content: string | Uint8Array, name: string, who: TestUser, purpose: 'image' | 'attachment' = 'attachment') => upload(server.url, who, paperId, page.id, content, { name, purpose });
    const first = (await post('First file.', 'first.txt', editor)).body.file;
    const second = (await post(pdfBytes(), 'second.pdf', author)).body.file;
    await post(pngBytes(), 'placed.png', editor, 'image');
    const removed = (await post('Gone.', 'gone.txt', editor)).body.file;
    await editor.client.ok('DELETE', removed.url);
    // Same-millisecond uploads sort by id; make the order certain.
    server.db.prepare('UPDATE files SET uploaded_at = ? WHERE id = ?').run('2026-01-01T00:00:00.000Z', first.id);

    const { files } = await author.client.ok('GET', `/api/papers/${paperId}/pages/${page.id}/files`);
    expect(files.map((f: { name: string }) => f.name)).toEqual(['second.pdf', 'first.txt']);
    expect(files[0]).toMatchObject({ id: second.id, size: pdfBytes().length, contentType: 'application/pdf', purpose: 'attachment', uploadedBy: { id: author.user.id, name: 'Arthur Author' }, url: fileUrl(paperId, second.id) });
    expect(typeof files[0].uploadedAt).toBe('string');
  });

  it('answers 404 for a page of another paper', async () => {
    const otherPaper = await buildPaper(editor, { title: 'Elsewhere' });
    const otherPage = await buildPage(editor, otherPaper.id);
    const res = await editor.client.request('GET', `/api/papers/${paperId}/pages/${otherPage.id}/files`);
    expect(res.status).toBe(404);
  });
});
