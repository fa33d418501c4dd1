/**
 * Names and words beyond Windows-1252 in a PDF export through the real job routes: a member named
 * "Siân Łukasiewicz" writes Welsh, Polish, Greek and Ukrainian words into a page with a real
 * y-websocket client, and pdftotext reads the page text and her name in the contributors back
 * exactly (the PDF embeds DejaVu Sans; the standard fonts printed these letters as "?").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';
import { addMember, buildPage, buildPaper, buildUser, type TestUser } from '../helpers/factories.js';
import { replacePageText, type CollabClient } from '../helpers/collabClient.js';
import { exportThroughJobs } from '../helpers/exports.js';
import { pdfPages, requirePdftotext } from '../helpers/pdfText.js';

const WORDS = 'Gwenllïan ŵyr ŷd, Łódź, Ελλάδα, Київ';
const NAME = 'Siân Łukasiewicz';

let server: TestServer;
let editor: TestUser;
let sian: TestUser;
let paperId: string;
const clients: CollabClient[] = [];

beforeAll(async () => {
  requirePdftotext();
  server = await startServer();
  editor = await buildUser(server.url, { name: 'Edith Editor' });
  sian = await buildUser(server.url, { name: NAME });
  paperId = (await buildPaper(editor, { title: 'Iaith a lle' })).id;
  await addMember(editor, paperId, sian, 'author');
  const pageId = (await buildPage(editor, paperId, { title: 'Ελλάδα a Łódź' })).id;
  await replacePageText(server.wsUrl, sian.client.cookie, pageId, [{ type: 'paragraph', content: [{ type: 'text', text: WORDS }] }], (c) => clients.push(c));
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.stop();
});

describe('a PDF export in many scripts', () => {
  it('prints the page text, the heading and the contributor exactly as written', async () => {
    const { bytes } = await exportThroughJobs(server.url, editor, paperId, { format: 'pdf' });
    const pages = await pdfPages(bytes);
    const lines = pages.join('\n').split('\n').map((l) => l.trim());
    expect(lines).toContain(WORDS);
    expect(lines).toContain('1 Ελλάδα a Łódź');
    expect(lines).toContain(NAME);
    expect(pages.join('\n')).not.toContain('?');
  });
});
