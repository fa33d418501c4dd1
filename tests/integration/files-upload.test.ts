/**
 * Uploading files against the real server and a real data folder: the type comes from the
 * content (a PNG named report.pdf is a PNG; HTML named photo.png and claimed as image/png is
 * text), pictures placed in a page must be PNG or JPEG of a sane size, names cannot reach the file
 * system, size limits hold for a declared length and for a chunked body, the same bytes are kept
 * once, each upload is audited and announced, and files survive a restart.
 */
import { request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { startServer, type TestServer } from '../helpers/server.js';
import { addMember, buildPage, buildPaper, buildUser, type TestUser } from '../helpers/factories.js';
import { download, filesUnder, upload } from '../helpers/uploads.js';
import { waitFor } from '../helpers/waitFor.js';
import { gifBytes, HTML_WITH_SCRIPT, jpegBytes, pngBytes } from '../fixtures/files/samples.js';
import { limits } from '../../shared/limits.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/events.js';

const MB = 1024 * 1024;
const BLOB_PATH = /^files\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}$/;

let server: TestServer;
let editor: TestUser;
let paperId: string;

beforeAll(async () => {
  server = await startServer();
  editor = await buildUser(server.url, { name: 'Edith Editor' });
  paperId = (await buildPaper(editor)).id;
});

afterAll(async () => {
  await server?.stop();
  // The restart test starts a second server on the first one's folder, which stop() leaves in place.
  if (server) rmSync(server.dataDir, { recursive: true, force: true });
});

const newPage = async (title = 'Evidence') => (await buildPage(editor, paperId, { title })).id;
const blobs = () => filesUnder(join(server.dataDir, 'files'));
const rowsOf = (pageId: string) => (server.db.prepare('SELECT COUNT(*) AS n FROM files WHERE page_id = ?').get(pageId) as { n: number }).n;

describe('the true type, from the content', () => {
  it('serves a PNG named report.pdf (and claimed as a PDF) as an inline PNG', async () => {
    const pageId = await newPage();
    const png = pngBytes(4, 3);
    const res = await upload(server.url, editor, paperId, pageId, png, { name: 'report.pdf', contentType: 'application/pdf' });
    expect(res.status).toBe(201);
    expect(res.body.file).toMatchObject({ name: 'report.pdf', contentType: 'image/png', size: png.length, purpose: 'attachment', width: 4, height: 3, pageId, paperId });
    expect(res.body.file.uploadedBy).toEqual({ id: editor.user.id, name: 'Edith Editor' });

    const got = await download(server.url, editor, res.body.file.url);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(got.headers.get('content-disposition')).toMatch(/^inline; filename="report\.pdf"/);
    expect(got.bytes.equals(png)).toBe(true);
  });

  it('serves HTML named photo.png and claimed as image/png as a plain-text download, never as HTML', async () => {
    const pageId = await newPage();
    const res = await upload(server.url, editor, paperId, pageId, HTML_WITH_SCRIPT, { name: 'photo.png', contentType: 'image/png' });
    expect(res.status).toBe(201);
    expect(res.body.file.contentType).toBe('text/plain');

    const got = await download(server.url, editor, res.body.file.url);
    expect(got.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(got.headers.get('content-type')).not.toMatch(/html|image/);
    expect(got.headers.get('content-disposition')).toMatch(/^attachment; filename="photo\.png"/);
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.bytes.toString('utf8')).toBe(HTML_WITH_SCRIPT);
  });

  it('refuses to place anything but PNG or JPEG in a page, naming what the file is, and keeps nothing', async () => {
    const pageId = await newPage();
    const before = blobs();
    const gif = await upload(server.url, editor, paperId, pageId, gifBytes(), { name: 'chart.gif', purpose: 'image', contentType: 'image/png' });
    expect(gif.status).toBe(415);
    expect(gif.body.error.message).toBe(
      'Only PNG and JPEG pictures can be placed in a page, because every export can include them. This file is a GIF image: add it as an attachment, or save it as PNG or JPEG.',
    );
    const html = await upload(server.url, editor, paperId, pageId, HTML_WITH_SCRIPT, { name: 'photo.jpg', purpose: 'image', contentType: 'image/jpeg' });
    expect(html.status).toBe(415);
    expect(html.body.error.message).toContain('This file is plain text:');
    expect(rowsOf(pageId)).toBe(0);
    expect(blobs()).toEqual(before);
  });

  it('places PNG and JPEG pictures with their pixel size, and keeps them off the attachments list', async () => {
    const pageId = await newPage();
    const png = await upload(server.url, editor, paperId, pageId, pngBytes(8, 6), { name: 'map.png', purpose: 'image' });
    const jpeg = await upload(server.url, editor, paperId, pageId, jpegBytes(640, 480), { name: 'photo.jpeg', purpose: 'image' });
    expect(png.status).toBe(201);
    expect(jpeg.status).toBe(201);
    expect(png.body.file).toMatchObject({ purpose: 'image', contentType: 'image/png', width: 8, height: 6 });
    expect(jpeg.body.file).toMatchObject({ purpose: 'image', contentType: 'image/jpeg', width: 640, height: 480 });
    expect(png.body.file.url).toBe(`/api/papers/${paperId}/files/${png.body.file.id}`);
    const list = await editor.client.ok('GET', `/api/papers/${paperId}/pages/${pageId}/files`);
    expect(list.files).toEqual([]);
  });

  it('refuses a picture whose header claims an absurd size, with the numbers, and keeps nothing', async () => {
    const pageId = await newPage();
    const before = blobs();
    const res = await upload(server.url, editor, paperId, pageId, pngBytes(1, 1, { width: 50_000, height: 50_000 }), { name: 'bomb.png', purpose: 'image' });
    expect(res.status).toBe(415);
    expect(res.body.error.message).toBe(
      'This picture is 50,000 by 50,000 pixels. Pictures can be at most 20,000 pixels a side and 100 megapixels in all: make it smaller and upload it again.',
    );
    const broken = await upload(server.url, editor, paperId, pageId, pngBytes().subarray(0, 16), { name: 'broken.png', purpose: 'image' });
    expect(broken.status).toBe(415);
    expect(broken.body.error.message).toMatch(/could not be read/);
    expect(rowsOf(pageId)).toBe(0);
    expect(blobs()).toEqual(before);
  });

  it('asks what the file is for when the purpose is missing or unknown', async () => {
    const pageId = await newPage();
    const res = await upload(server.url, editor, paperId, pageId, 'text', { purpose: 'poster' as never });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('Say what the file is for: purpose=image (a picture placed in the page) or purpose=attachment.');
  });
});

describe('names that try to leave the storage folder', () => {
  it('keeps only a clean last segment and writes nothing outside <dataDir>/files', async () => {
    const pageId = await newPage();
    const outside = () => filesUnder(server.dataDir).filter((path) => !path.startsWith('files/'));
    const before = outside();
    const names: [string, string][] = [
      ['../../etc/passwd', 'passwd'],
      ['..\\..\\win.ini', 'win.ini'],
      ['/abs/path', 'path'],
      ['evil\u0000.txt', 'evil.txt'],
      ['invoice\u202Etxt.exe', 'invoicetxt.exe'],
      ['..', 'file'],
    ];
    for (const [index, [raw, clean]] of names.entries()) {
      const res = await upload(server.url, editor, paperId, pageId, `Attachment number ${index}.`, { name: raw });
      expect(res.status, raw).toBe(201);
      expect(res.body.file.name, raw).toBe(clean);
      const got = await download(server.url, editor, res.body.file.url);
      expect(got.headers.get('content-disposition'), raw).toBe(`attachment; filename="${clean}"; filename*=UTF-8''${encodeURIComponent(clean)}`);
    }
    // Only the database's own files live outside files/, and everything inside is a blob named by its SHA-256.
    expect(outside()).toEqual(before);
    expect(filesUnder(server.dataDir).filter((path) => path.startsWith('files/')).every((path) => BLOB_PATH.test(path))).toBe(true);
    for (const escaped of ['etc/passwd', 'win.ini', 'abs/path', 'passwd']) {
      expect(existsSync(join(dirname(server.dataDir), escaped)), escaped).toBe(false);
      expect(existsSync(join(server.dataDir, escaped)), escaped).toBe(false);
    }
  });
});

/** Sends headers declaring a body, but none of it, and resolves with the answer: proof the server did not wait to read it. */
function declaredOnly(pageId: string, length: number, purpose: 'image' | 'attachment'): Promise<{ status: number; body: any }> {
  const url = new URL(`${server.url}/api/papers/${paperId}/pages/${pageId}/files?purpose=${purpose}&name=big.bin`);
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: { cookie: editor.client.cookie, 'content-length': String(length), 'content-type': 'application/octet-stream' } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode!, body: JSON.parse(text) });
      });
    });
    req.on('error', reject);
    req.flushHeaders();
  });
}

/** Streams `length` bytes with chunked transfer encoding (no Content-Length), as a browser streaming a file may. */
function chunked(pageId: string, length: number): Promise<{ status: number; body: any }> {
  const url = new URL(`${server.url}/api/papers/${paperId}/pages/${pageId}/files?purpose=attachment&name=stream.bin`);
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: { cookie: editor.client.cookie, 'transfer-encoding': 'chunked' } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    const chunk = Buffer.alloc(MB, 0x61);
    let sent = 0;
    const pump = () => {
      while (sent < length) {
        const part = chunk.subarray(0, Math.min(MB, length - sent));
        sent += part.length;
        if (!req.write(part)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

describe('size limits', () => {
  it('answers 413 from the declared length alone, before reading the body', async () => {
    const pageId = await newPage();
    const res = await declaredOnly(pageId, 30 * MB, 'attachment');
    expect(res.status).toBe(413);
    expect(res.body.error.message).toBe('That file is 30 MB. Files can be at most 25 MB.');
    const picture = await declaredOnly(pageId, Math.round(12.3 * MB), 'image');
    expect(picture.status).toBe(413);
    expect(picture.body.error.message).toBe('That picture is 12.3 MB. Pictures placed in a page can be at most 10 MB.');
    expect(rowsOf(pageId)).toBe(0);
  });

  it('refuses a body one byte over the limit, sent whole, and keeps nothing', async () => {
    const pageId = await newPage();
    const before = blobs();
    const res = await upload(server.url, editor, paperId, pageId, Buffer.alloc(limits.fileBytes + 1, 0x61), { name: 'big.txt' });
    expect(res.status).toBe(413);
    expect(res.body.error.message).toBe('That file is 25.1 MB. Files can be at most 25 MB.');
    expect(rowsOf(pageId)).toBe(0);
    expect(blobs()).toEqual(before);
  });

  it('stops reading a chunked body at the limit and says so', async () => {
    const pageId = await newPage();
    const before = blobs();
    const res = await chunked(pageId, limits.fileBytes + MB);
    expect(res.status).toBe(413);
    expect(res.body.error.message).toBe('That file is larger than 25 MB. Files can be at most 25 MB.');
    expect(rowsOf(pageId)).toBe(0);
    expect(blobs()).toEqual(before);
  });

  it('accepts a picture of exactly the limit, and a chunked file under it', async () => {
    const pageId = await newPage();
    const png = pngBytes(2, 2);
    const padded = Buffer.concat([png, Buffer.alloc(limits.imageBytes - png.length)]);
    const res = await upload(server.url, editor, paperId, pageId, padded, { name: 'exact.png', purpose: 'image' });
    expect(res.status).toBe(201);
    expect(res.body.file.size).toBe(limits.imageBytes);
    const streamed = await chunked(pageId, 2 * MB + 17);
    expect(streamed.status).toBe(201);
    expect(streamed.body.file).toMatchObject({ size: 2 * MB + 17, contentType: 'text/plain', name: 'stream.bin' });
  });

  it('asks for the bytes as they are, not compressed in transit', async () => {
    const pageId = await newPage();
    const res = await fetch(`${server.url}/api/papers/${paperId}/pages/${pageId}/files?purpose=attachment&name=packed.txt`, {
      method: 'POST',
      headers: { cookie: editor.client.cookie, 'content-encoding': 'gzip' },
      body: new Blob([new Uint8Array(gzipSync('A compressed note.'))]),
    });
    expect(res.status).toBe(415);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe('Send the file as it is, without a Content-Encoding.');
    expect(rowsOf(pageId)).toBe(0);
  });

  it('refuses an empty file with a sentence', async () => {
    const pageId = await newPage();
    const res = await upload(server.url, editor, paperId, pageId, '', { name: 'empty.txt' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('This file is empty.');
    expect(rowsOf(pageId)).toBe(0);
  });
});

describe('personal data', () => {
  it("lists a person's uploads in their data download, and nobody else's", async () => {
    const pageId = await newPage('Appendix');
    const author = await buildUser(server.url, { name: 'Aled Author' });
    await addMember(editor, paperId, author, 'author');
    const res = await upload(server.url, author, paperId, pageId, pngBytes(2, 2), { name: 'survey results.png' });
    expect(res.status).toBe(201);
    const mine = (await author.client.ok<{ filesUploaded: unknown[] }>('GET', '/api/account/export')).filesUploaded;
    expect(mine).toEqual([
      { paperId, pageId, pageTitle: 'Appendix', name: 'survey results.png', size: res.body.file.size, contentType: 'image/png', purpose: 'attachment', uploadedAt: res.body.file.uploadedAt, removedAt: null },
    ]);
    const editors = (await editor.client.ok<{ filesUploaded: { name: string }[] }>('GET', '/api/account/export')).filesUploaded;
    expect(editors.map((f) => f.name)).not.toContain('survey results.png');
  });
});

describe('storage', () => {
  it('keeps the same bytes once: two uploads, two rows, one blob', async () => {
    const pageId = await newPage();
    const bytes = pngBytes(5, 5);
    const first = await upload(server.url, editor, paperId, pageId, bytes, { name: 'first.png' });
    const second = await upload(server.url, editor, paperId, pageId, bytes, { name: 'second.png' });
    expect(first.body.file.id).not.toBe(second.body.file.id);
    const shas = server.db.prepare('SELECT DISTINCT sha256 FROM files WHERE page_id = ?').all(pageId) as { sha256: string }[];
    expect(rowsOf(pageId)).toBe(2);
    expect(shas).toHaveLength(1);
    expect(blobs().filter((path) => path.endsWith(shas[0].sha256))).toHaveLength(1);
    for (const res of [first, second]) expect((await download(server.url, editor, res.body.file.url)).bytes.equals(bytes)).toBe(true);
  });

  it('writes every upload to the audit trail and tells the paper room when attachments come and go', async () => {
    const pageId = await newPage('Announced');
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(server.url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie: editor.client.cookie } });
    try {
      const received: { event: string; data: any }[] = [];
      socket.onAny((event, data) => received.push({ event, data }));
      expect((await new Promise<{ ok: boolean }>((resolve) => socket.emit('paper:join', paperId, resolve))).ok).toBe(true);
      const res = await upload(server.url, editor, paperId, pageId, 'Minutes of the meeting.', { name: 'minutes.txt' });
      await waitFor(() => received.some((r) => r.event === 'files:changed' && r.data.pageId === pageId && r.data.paperId === paperId), { message: 'files:changed' });
      const audit = server.db.prepare("SELECT actor_id, target, detail FROM audit_log WHERE action = 'file.uploaded' AND target = ?").get(res.body.file.id) as { actor_id: string; target: string; detail: string };
      expect(audit.actor_id).toBe(editor.user.id);
      expect(JSON.parse(audit.detail)).toEqual({ name: 'minutes.txt', size: 23, contentType: 'text/plain', purpose: 'attachment', pageId, pageTitle: 'Announced' });
      received.length = 0;
      expect((await editor.client.request('DELETE', res.body.file.url)).status).toBe(204);
      await waitFor(() => received.some((r) => r.event === 'files:changed' && r.data.pageId === pageId), { message: 'files:changed after removing' });
    } finally {
      socket.disconnect();
    }
  });

  it('keeps files across a restart on the same data folder', async () => {
    const pageId = await newPage();
    const bytes = jpegBytes(12, 9);
    const res = await upload(server.url, editor, paperId, pageId, bytes, { name: 'kept.jpg', purpose: 'image' });
    expect(res.status).toBe(201);
    const dataDir = server.dataDir;
    await server.stop(false);
    server = await startServer({ dataDir });
    const got = await download(server.url, editor, res.body.file.url);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/jpeg');
    expect(got.bytes.equals(bytes)).toBe(true);
  });
});

