/**
 * The fields search keeps beside each indexed page (migration 015: its paper, trash flag and
 * recency) stay exact over the real server: putting a chapter in the trash takes it and its
 * sections out of results on the very next request and restoring brings them back, an edit makes
 * a page the most recent of two equal matches, and a restart puts right an index row whose copied
 * fields went wrong. Membership is never copied: removing someone hides the paper at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/store/database.js';
import { startServer, tempDataDir, type TestServer } from '../helpers/server.js';
import { addMember, ApiClient, buildPage, buildPaper, buildUser, type TestUser } from '../helpers/factories.js';
import { replacePageText, type CollabClient } from '../helpers/collabClient.js';
import { waitFor } from '../helpers/waitFor.js';
import type { SearchResponse } from '../../shared/search.js';

let server: TestServer;
let editor: TestUser;
let reader: TestUser;
let paperId: string;
const clients: CollabClient[] = [];

const paragraphs = (...texts: string[]) => texts.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] }));

async function write(srv: TestServer, who: TestUser, pageId: string, ...texts: string[]) {
  clients.push(await replacePageText(srv.wsUrl, who.client.cookie, pageId, paragraphs(...texts)));
}

async function titlesFor(who: TestUser | ApiClient, q: string): Promise<string[]> {
  const client = who instanceof ApiClient ? who : who.client;
  return (await client.ok<SearchResponse>('GET', `/api/search?${new URLSearchParams({ q })}`)).results.map((r) => r.pageTitle);
}

const fieldsOf = (srv: TestServer, pageId: string) =>
  srv.db.prepare('SELECT paper_id AS paperId, trashed, recency FROM search_pages WHERE page_id = ?').get(pageId) as
    | { paperId: string; trashed: number; recency: string }
    | undefined;

beforeAll(async () => {
  server = await startServer();
  editor = await buildUser(server.url, { name: 'Fern Fields' });
  reader = await buildUser(server.url, { name: 'Reed Reader' });
  paperId = (await buildPaper(editor, { title: 'Fields paper' })).id;
  await addMember(editor, paperId, reader, 'reader');
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await server.stop();
});

describe('the trash flag', () => {
  it('leaves a trashed chapter and its sections out on the next request, and brings them back on restore', async () => {
    const chapter = (await buildPage(editor, paperId, { title: 'Wetlands chapter' })).id;
    const section = (await buildPage(editor, paperId, { title: 'Wetlands section', parentId: chapter })).id;
    const other = (await buildPage(editor, paperId, { title: 'Wetlands elsewhere' })).id;
    await write(server, editor, chapter, 'The bittern booms in the reeds.');
    await write(server, editor, section, 'A bittern nest was found in May.');
    await write(server, editor, other, 'One bittern was heard at dusk.');
    await waitFor(async () => (await titlesFor(reader, 'bittern')).length === 3, { timeout: 20_000, message: 'three pages indexed' });

    await editor.client.ok('DELETE', `/api/papers/${paperId}/pages/${chapter}`);
    // No waiting: the flag changed in the same transaction as the trash.
    expect(await titlesFor(reader, 'bittern')).toEqual(['Wetlands elsewhere']);
    expect(await titlesFor(editor, 'bittern')).toEqual(['Wetlands elsewhere']);
    expect(fieldsOf(server, section)?.trashed).toBe(1);

    await editor.client.ok('POST', `/api/papers/${paperId}/pages/${chapter}/restore`);
    expect((await titlesFor(reader, 'bittern')).sort()).toEqual(['Wetlands chapter', 'Wetlands elsewhere', 'Wetlands section']);
    expect(fieldsOf(server, section)?.trashed).toBe(0);
  });

  it('keeps the page paper in the index, but reads membership live: a removed reader sees nothing at once', async () => {
    const page = (await buildPage(editor, paperId, { title: 'Heathland' })).id;
    await write(server, editor, page, 'Nightjars churr over the heath.');
    await waitFor(async () => (await titlesFor(reader, 'nightjars')).length === 1, { timeout: 20_000, message: 'page indexed' });
    expect(fieldsOf(server, page)?.paperId).toBe(paperId);

    await editor.client.ok('DELETE', `/api/papers/${paperId}/members/${reader.user.id}`);
    expect(await titlesFor(reader, 'nightjars')).toEqual([]);
    await addMember(editor, paperId, reader, 'reader');
    expect(await titlesFor(reader, 'nightjars')).toEqual(['Heathland']);
  });
});

describe('recency', () => {
  it('puts the page edited last first among equal matches, after a real edit', async () => {
    const first = (await buildPage(editor, paperId, { title: 'Pond one' })).id;
    const second = (await buildPage(editor, paperId, { title: 'Pond two' })).id;
    await write(server, editor, first, 'Identical grebe wording.');
    await write(server, editor, second, 'Identical grebe wording.');
    // Known, distinct edit times: the second page is the more recent.
    server.db.prepare('UPDATE pages SET last_edited_at = ? WHERE id = ?').run('2026-01-01T00:00:00.000Z', first);
    server.db.prepare('UPDATE pages SET last_edited_at = ? WHERE id = ?').run('2026-06-01T00:00:00.000Z', second);
    await waitFor(async () => (await titlesFor(reader, 'grebe')).length === 2, { timeout: 20_000, message: 'both pages indexed' });
    expect(await titlesFor(reader, 'grebe')).toEqual(['Pond two', 'Pond one']);
    expect(fieldsOf(server, first)?.recency).toBe('2026-01-01T00:00:00.000Z');

    // The same words again through the collab socket: the score stays equal, the edit time moves.
    await write(server, editor, first, 'Identical grebe wording.');
    await waitFor(async () => (await titlesFor(reader, 'grebe'))[0] === 'Pond one', { timeout: 20_000, message: 'the edited page first' });
    const edited = server.db.prepare('SELECT last_edited_at FROM pages WHERE id = ?').get(first) as { last_edited_at: string };
    expect(edited.last_edited_at > '2026-06-01T00:00:00.000Z').toBe(true);
    expect(fieldsOf(server, first)?.recency).toBe(edited.last_edited_at);
  });
});

describe('after a restart', () => {
  it('puts right index rows whose paper, trash flag or recency differ from their page', async () => {
    const data = tempDataDir();
    let first: TestServer | undefined = await startServer({ dataDir: data.dir });
    let second: TestServer | undefined;
    try {
      const owner = await buildUser(first.url, { name: 'Otto Owner' });
      const paper = (await buildPaper(owner, { title: 'Restart paper' })).id;
      const live = (await buildPage(owner, paper, { title: 'Live page' })).id;
      const trashed = (await buildPage(owner, paper, { title: 'Trashed page' })).id;
      await write(first, owner, live, 'Avocets feed on the mudflats.');
      await write(first, owner, trashed, 'Avocets also nest here.');
      await waitFor(async () => (await titlesFor(owner, 'avocets')).length === 2, { timeout: 20_000, message: 'both pages indexed' });
      await owner.client.ok('DELETE', `/api/papers/${paper}/pages/${trashed}`);
      for (const client of clients.splice(0)) client.destroy();
      const dbFile = first.config.dbFile;
      await first.stop(false);
      first = undefined;

      // Wrong copies, as old code or a hand edit might leave them (no trigger fires for these).
      const db = openDatabase(dbFile);
      db.prepare('UPDATE search_pages SET trashed = 1 - trashed, recency = ?').run('1999-01-01T00:00:00.000Z');
      db.close();

      second = await startServer({ dataDir: data.dir });
      const client = new ApiClient(second.url);
      await client.ok('POST', '/api/auth/signin', { email: owner.email, password: owner.password });
      expect(await titlesFor(client, 'avocets')).toEqual(['Live page']);
      const rows = second.db
        .prepare(
          `SELECT COUNT(*) AS n FROM search_pages s JOIN pages p ON p.id = s.page_id
            WHERE s.trashed IS NOT (p.deleted_at IS NOT NULL) OR s.recency IS NOT COALESCE(p.last_edited_at, p.created_at)`,
        )
        .get() as { n: number };
      expect(rows.n).toBe(0);
    } finally {
      await first?.stop(false);
      await second?.stop(false);
      data.cleanup();
    }
  });
});
