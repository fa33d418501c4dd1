/**
 * Search keeps up with the pages: a word typed through a real y-websocket client becomes findable
 * within seconds and stops being findable once deleted; a rename and a new page are findable by
 * their titles; and after a restart the index catches up on pages whose text changed while it was
 * not looking (here: an index row made stale by hand, as a crash between storing and indexing would).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { startServer, type TestServer } from '../helpers/server.js';
import { ApiClient, buildPage, buildPaper, buildUser, type TestUser } from '../helpers/factories.js';
import { openDatabase } from '../../server/store/database.js';
import { addParagraph, connectClient, replacePageText, waitSaved, waitSynced, type CollabClient } from '../helpers/collabClient.js';
import { waitFor } from '../helpers/waitFor.js';
import { FRAGMENT_NAME } from '../../shared/collab.js';
import type { SearchResponse, SearchResult } from '../../shared/search.js';

let server: TestServer;
let editor: TestUser;
let paperId: string;
const clients: CollabClient[] = [];
const dataDirs: string[] = [];

async function search(query: string): Promise<SearchResult[]> {
  return (await editor.client.ok<SearchResponse>('GET', `/api/search?${new URLSearchParams({ q: query })}`)).results;
}

const found = (query: string) => async () => (await search(query)).length > 0;
const gone = (query: string) => async () => (await search(query)).length === 0;

beforeAll(async () => {
  server = await startServer();
  dataDirs.push(server.dataDir);
  editor = await buildUser(server.url, { name: 'Fresh Writer' });
  paperId = (await buildPaper(editor, { title: 'Freshness paper' })).id;
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await server.stop();
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

describe('search follows edits', () => {
  it('finds a word typed through the collab socket within seconds, and forgets it once deleted', async () => {
    const page = await buildPage(editor, paperId, { title: 'Field notes' });
    const client = connectClient(server.wsUrl, page.id, { cookie: editor.client.cookie });
    clients.push(client);
    await waitSynced(client);
    addParagraph(client.doc, 'A sighting of the quetzalcoatlus near the river.');
    await waitSaved(client);
    await waitFor(found('quetzalcoatlus'), { timeout: 15_000, message: 'the typed word to be found' });
    const [hit] = await search('quetzalcoatlus');
    expect(hit!.pageTitle).toBe('Field notes');
    expect(hit!.snippet.filter((p) => p.match).map((p) => p.text)).toEqual(['quetzalcoatlus']);

    const fragment = client.doc.getXmlFragment(FRAGMENT_NAME);
    client.doc.transact(() => fragment.delete(0, fragment.length));
    addParagraph(client.doc, 'Nothing was seen after all.');
    await waitSaved(client);
    await waitFor(gone('quetzalcoatlus'), { timeout: 15_000, message: 'the deleted word to be gone' });
    await waitFor(found('seen after'), { timeout: 15_000, message: 'the new text to be found' });
  });

  it('finds a renamed page by its new title at once, and a new page by its title', async () => {
    const page = await buildPage(editor, paperId, { title: 'Untitled draft' });
    await waitFor(found('untitled'), { timeout: 5_000, message: 'the new page by its title' });
    await editor.client.ok('PATCH', `/api/papers/${paperId}/pages/${page.id}`, { title: 'Heronry census' });
    await waitFor(found('heronry'), { timeout: 5_000, message: 'the renamed page by its new title' });
    expect(await search('untitled')).toEqual([]);
  });
});

describe('after a restart', () => {
  it('re-indexes a page whose text changed since it was indexed', async () => {
    const page = await buildPage(editor, paperId, { title: 'Restart page' });
    clients.push(await replacePageText(server.wsUrl, editor.client.cookie, page.id, [{ type: 'paragraph', content: [{ type: 'text', text: 'Cormorant colonies grew.' }] }]));
    await waitFor(found('cormorant'), { timeout: 15_000, message: 'the text indexed' });
    for (const client of clients.splice(0)) client.destroy();
    const dataDir = server.dataDir;
    await server.stop(false);

    // As if the server had stopped between storing an edit and indexing it: the index holds older text.
    const db = openDatabase(server.config.dbFile);
    const row = db.prepare('SELECT doc_id FROM search_pages WHERE page_id = ?').get(page.id) as { doc_id: number };
    db.prepare('UPDATE search_text SET body = ? WHERE rowid = ?').run('Stale pelican text.', row.doc_id);
    db.prepare('UPDATE search_pages SET body_version = -1 WHERE page_id = ?').run(page.id);
    db.close();

    server = await startServer({ dataDir });
    const client = new ApiClient(server.url);
    client.cookie = editor.client.cookie;
    editor = { ...editor, client };
    await waitFor(found('cormorant'), { timeout: 15_000, message: 'the caught-up text' });
    expect(await search('pelican')).toEqual([]);
  });
});
