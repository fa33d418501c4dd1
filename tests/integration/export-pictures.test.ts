/**
 * Pictures in exports against the real server: PNG files stored in the app's blob store and the
 * files table, placed in a page by a real y-websocket client, exported through the REST job
 * routes in all four formats. Each format embeds this paper's picture (and only it), and an image
 * that names another paper's file, a deleted file, a file whose bytes are gone or a GIF shows as
 * its alt text instead, without failing the export. A release export embeds the picture it
 * placed. Needs pdfimages and pdftotext (Debian: poppler-utils).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { startServer, type TestServer } from '../helpers/server.js';
import { buildPage, buildPaper, buildUser, type TestUser } from '../helpers/factories.js';
import { replacePageText, type CollabClient } from '../helpers/collabClient.js';
import { exportThroughJobs } from '../helpers/exports.js';
import { pdfPages, requirePdftotext } from '../helpers/pdfText.js';
import { insertFile, markFileDeleted } from '../../server/store/files.js';
import { sha256Hex } from '../../server/files/blobStore.js';
import { fileUrl } from '../../shared/files.js';
import type { StartExportBody } from '../../shared/export.js';
import { pngOf } from '../unit/exportPictures.js';
import { gifBytes } from '../fixtures/files/samples.js';

const run = promisify(execFile);

let server: TestServer;
let editor: TestUser;
let paperId: string;
let pageId: string;
const clients: CollabClient[] = [];
const chart = pngOf(320, 160, [200, 40, 40]);
const src = {} as Record<'own' | 'other' | 'deleted' | 'missing' | 'gif', string>;

const para = (t: string) => ({ type: 'paragraph', content: [{ type: 'text', text: t }] });
const image = (url: string, alt: string, width: number | null = null) => ({ type: 'image', attrs: { src: url, alt, width } });

/** Stores a PNG as a file of a paper, as the upload route would, and returns its URL. */
function storePicture(paper: string, page: string | null, bytes: Uint8Array, who: TestUser, store = true, contentType = 'image/png'): string {
  const sha256 = store ? server.quire.blobs.put(bytes) : sha256Hex(bytes);
  const id = insertFile(server.db, { paperId: paper, pageId: page, sha256, name: 'chart.png', size: bytes.byteLength, contentType, purpose: 'image', width: 320, height: 160, uploadedBy: who.user.id });
  return fileUrl(paper, id);
}

const exportAs = (body: Partial<StartExportBody>) => exportThroughJobs(server.url, editor, paperId, body);

/** pdfimages -list: the pixel size of each image drawn, by page. */
async function pdfImageSizes(bytes: Uint8Array): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'quire-pdfimages-'));
  try {
    writeFileSync(join(dir, 'export.pdf'), bytes);
    const { stdout } = await run('pdfimages', ['-list', join(dir, 'export.pdf')]);
    return stdout.split('\n').slice(2).filter((l) => l.trim()).map((l) => l.trim().split(/\s+/).slice(3, 5).join('x'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

beforeAll(async () => {
  requirePdftotext();
  server = await startServer();
  editor = await buildUser(server.url, { name: 'Edith Editor' });
  paperId = (await buildPaper(editor, { title: 'Bed pressures' })).id;
  pageId = (await buildPage(editor, paperId, { title: 'Findings' })).id;
  const otherPaper = (await buildPaper(editor, { title: 'Another paper' })).id;
  const otherPage = (await buildPage(editor, otherPaper, { title: 'Theirs' })).id;
  src.own = storePicture(paperId, pageId, chart, editor);
  src.other = storePicture(otherPaper, otherPage, pngOf(50, 50, [0, 200, 0]), editor);
  src.deleted = storePicture(paperId, pageId, pngOf(60, 30, [0, 0, 200]), editor);
  markFileDeleted(server.db, src.deleted.split('/').pop()!, editor.user.id);
  src.missing = storePicture(paperId, pageId, pngOf(70, 35, [90, 90, 0]), editor, false);
  // A GIF can be attached but not placed: if an image names one, it is not embedded.
  src.gif = storePicture(paperId, pageId, gifBytes(8, 8), editor, true, 'image/gif');
  await replacePageText(server.wsUrl, editor.client.cookie, pageId, [
    para('Occupancy rose all winter.'),
    image(src.own, 'Occupancy by week', 50),
    para('Text after the chart.'),
    image(src.other, 'Picture from another paper'),
    image(src.deleted, 'Deleted picture'),
    image(src.missing, 'Picture whose bytes are gone'),
    image(src.gif, 'Animated picture'),
  ], (c) => clients.push(c));
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.stop();
});

const FALLBACKS = ['Image: Picture from another paper', 'Image: Deleted picture', 'Image: Picture whose bytes are gone', 'Image: Animated picture'];

describe('exporting a paper with pictures', () => {
  it('embeds the picture in the HTML file as a data: URL with its alt text and width', async () => {
    const html = Buffer.from((await exportAs({ format: 'html' })).bytes).toString('utf8');
    const images = [...html.matchAll(/<img src="data:image\/png;base64,([A-Za-z0-9+/=]+)" alt="([^"]*)"( width="(\d+)%")? \/>/g)];
    expect(images.map((m) => [m[2], m[4]])).toEqual([['Occupancy by week', '50']]);
    expect(Buffer.from(images[0][1], 'base64').equals(Buffer.from(chart))).toBe(true);
    for (const text of FALLBACKS) expect(html).toContain(text);
    expect(html).not.toContain('/files/');
  });

  it('embeds the picture in the Markdown file as a reference-style data: image', async () => {
    const md = Buffer.from((await exportAs({ format: 'markdown' })).bytes).toString('utf8');
    expect(md).toContain('Occupancy rose all winter.\n\n![Occupancy by week][image-1]\n\nText after the chart.');
    const definitions = [...md.matchAll(/^\[image-\d+\]: data:image\/png;base64,([A-Za-z0-9+/=]+)$/gm)];
    expect(definitions).toHaveLength(1);
    expect(Buffer.from(definitions[0][1], 'base64').equals(Buffer.from(chart))).toBe(true);
    for (const text of FALLBACKS) expect(md).toContain(text);
  });

  it('draws the picture in the PDF, and pdftotext reads the text around it', async () => {
    const { bytes } = await exportAs({ format: 'pdf' });
    expect(await pdfImageSizes(bytes)).toEqual(['320x160']);
    const text = (await pdfPages(bytes)).join('\n');
    expect(text).toMatch(/Occupancy rose all winter\.[\s\S]*Text after the chart\.[\s\S]*Image: Picture from another paper/);
    for (const fallback of FALLBACKS) expect(text).toContain(fallback);
  });

  it('places the picture in the DOCX file with its alt text', async () => {
    const files = unzipSync((await exportAs({ format: 'docx' })).bytes);
    const media = Object.entries(files).filter(([path]) => path.startsWith('word/media/'));
    expect(media).toHaveLength(1);
    expect(Buffer.from(media[0][1]).equals(Buffer.from(chart))).toBe(true);
    const xml = strFromU8(files['word/document.xml']);
    expect([...xml.matchAll(/<wp:docPr [^>]*descr="([^"]*)"/g)].map((m) => m[1])).toEqual(['Occupancy by week']);
    for (const text of FALLBACKS) expect(xml).toContain(text);
  });

  it('embeds the pictures a release placed', async () => {
    const { release } = await editor.client.ok<{ release: { id: string } }>('POST', `/api/papers/${paperId}/releases`, { name: 'v1 with chart', reason: 'A first look.' });
    await replacePageText(server.wsUrl, editor.client.cookie, pageId, [para('The chart was taken out after the release.')], (c) => clients.push(c));
    const files = unzipSync((await exportAs({ format: 'docx', source: { kind: 'release', releaseId: release.id } })).bytes);
    expect(Object.keys(files).filter((path) => path.startsWith('word/media/'))).toHaveLength(1);
    const live = unzipSync((await exportAs({ format: 'docx' })).bytes);
    expect(Object.keys(live).filter((path) => path.startsWith('word/media/'))).toHaveLength(0);
  });
});
