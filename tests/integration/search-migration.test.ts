/**
 * Migration 015 on a database that already has a search index: a file migrated only to 014, with
 * indexed pages (one in the trash, one edited, one in a paper the searcher is not in), is opened
 * the way the server opens it; every indexed page gets its paper, trash flag and recency from
 * pages, search ranks and filters with them as before, and the new triggers keep them exact.
 */
import Database from 'better-sqlite3';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS_DIR, openDatabase, type Db } from '../../server/store/database.js';
import { insertUser } from '../../server/store/users.js';
import { insertPaper } from '../../server/store/papers.js';
import { insertMember } from '../../server/store/members.js';
import { insertPage, newBatchId, trashPages, untrashPages } from '../../server/store/pages.js';
import { SearchIndex } from '../../server/search/searchIndex.js';
import { SearchResults } from '../../server/search/searchResults.js';
import { searchQuery } from '../../shared/search.js';
import { tempDataDir } from '../helpers/server.js';

let data: ReturnType<typeof tempDataDir>;
let file: string;
let db: Db | undefined;

interface Seeded {
  reader: string;
  paperId: string;
  live: string;
  edited: string;
  trashed: string;
  elsewhere: string;
}

/** A database file migrated to 014 with four pages indexed the 013 way (no copied fields). */
function seedAt014(): Seeded {
  const dir14 = join(data.dir, 'migrations-to-014');
  mkdirSync(dir14);
  for (const name of readdirSync(MIGRATIONS_DIR)) if (/^\d+_.+\.sql$/.test(name) && parseInt(name, 10) <= 14) copyFileSync(join(MIGRATIONS_DIR, name), join(dir14, name));
  const old = new Database(file);
  old.pragma('foreign_keys = ON');
  expect(migrate(old, dir14).at(-1)).toBe('014_files.sql');
  const writer = insertUser(old, { name: 'Wren Writer', email: 'wren@example.org', passwordHash: 'x' }).id;
  const reader = insertUser(old, { name: 'Robin Reader', email: 'robin@example.org', passwordHash: 'x' }).id;
  const paperId = insertPaper(old, { title: 'Shore paper', subtitle: '', description: '', createdBy: writer });
  const otherPaper = insertPaper(old, { title: 'Closed paper', subtitle: '', description: '', createdBy: writer });
  insertMember(old, paperId, writer, 'editor', null);
  insertMember(old, paperId, reader, 'reader', null);
  insertMember(old, otherPaper, writer, 'editor', null);
  const page = (paper: string, title: string, position: number) => insertPage(old, { paperId: paper, parentId: null, position, title, createdBy: writer });
  const seeded = { reader, paperId, live: page(paperId, 'Live plover', 0), edited: page(paperId, 'Edited plover', 1), trashed: page(paperId, 'Trashed plover', 2), elsewhere: page(otherPaper, 'Closed plover', 0) };
  old.prepare('UPDATE pages SET created_at = ? WHERE paper_id = ?').run('2026-01-01T00:00:00.000Z', paperId);
  old.prepare('UPDATE pages SET last_edited_at = ?, last_edited_by = ? WHERE id = ?').run('2026-03-01T00:00:00.000Z', writer, seeded.edited);
  trashPages(old, [seeded.trashed], writer, newBatchId());
  const doc = old.prepare("INSERT INTO search_pages (page_id, title, body_version, indexed_at) VALUES (?, ?, 0, '2026-01-02T00:00:00.000Z')");
  const text = old.prepare('INSERT INTO search_text (rowid, title, body) VALUES (?, ?, ?)');
  for (const id of [seeded.live, seeded.edited, seeded.trashed, seeded.elsewhere]) {
    const title = (old.prepare('SELECT title FROM pages WHERE id = ?').get(id) as { title: string }).title;
    text.run(Number(doc.run(id, title).lastInsertRowid), title, 'Ringed plovers run along the tideline.');
  }
  old.close();
  return seeded;
}

const fields = (pageId: string) =>
  db!.prepare('SELECT paper_id AS paperId, trashed, recency FROM search_pages WHERE page_id = ?').get(pageId) as { paperId: string; trashed: number; recency: string };
const search = (userId: string, q: string) => new SearchResults(db!).search(userId, searchQuery.parse({ q, limit: 20 })).map((r) => r.pageTitle);

beforeEach(() => {
  data = tempDataDir();
  file = join(data.dir, 'quire.db');
});

afterEach(() => {
  db?.close();
  db = undefined;
  data.cleanup();
});

describe('migration 015 on an indexed database', () => {
  it('fills every indexed page’s paper, trash flag and recency from pages', () => {
    const seeded = seedAt014();
    db = openDatabase(file);
    expect(fields(seeded.live)).toEqual({ paperId: seeded.paperId, trashed: 0, recency: '2026-01-01T00:00:00.000Z' });
    expect(fields(seeded.edited)).toEqual({ paperId: seeded.paperId, trashed: 0, recency: '2026-03-01T00:00:00.000Z' });
    expect(fields(seeded.trashed).trashed).toBe(1);
    expect((db.prepare('SELECT COUNT(*) AS n FROM search_text').get() as { n: number }).n).toBe(4);
    // The edited page first (equal scores), the trashed page and the other paper's page left out.
    expect(search(seeded.reader, 'plovers')).toEqual(['Edited plover', 'Live plover']);
  });

  it('keeps the fields exact afterwards: restore, trash, edit, a new page and deletion for good', () => {
    const seeded = seedAt014();
    db = openDatabase(file);
    untrashPages(db, [seeded.trashed]);
    expect(fields(seeded.trashed).trashed).toBe(0);
    expect(search(seeded.reader, 'plovers')).toContain('Trashed plover');
    trashPages(db, [seeded.live], seeded.reader, newBatchId());
    expect(search(seeded.reader, 'plovers')).not.toContain('Live plover');
    db.prepare('UPDATE pages SET last_edited_at = ? WHERE id = ?').run('2026-05-01T00:00:00.000Z', seeded.trashed);
    expect(fields(seeded.trashed).recency).toBe('2026-05-01T00:00:00.000Z');
    expect(search(seeded.reader, 'plovers')[0]).toBe('Trashed plover');

    const added = insertPage(db, { paperId: seeded.paperId, parentId: null, position: 3, title: 'New plover', createdBy: seeded.reader });
    expect(new SearchIndex(db).write({ pageId: added, title: 'New plover', body: 'Plovers again.', bodyVersion: 0 })).toBe(true);
    expect(fields(added)).toMatchObject({ paperId: seeded.paperId, trashed: 0 });

    db.prepare('DELETE FROM pages WHERE id = ?').run(seeded.edited);
    expect(db.prepare('SELECT 1 FROM search_pages WHERE page_id = ?').get(seeded.edited)).toBeUndefined();
    expect((db.prepare('SELECT COUNT(*) AS n FROM search_text').get() as { n: number }).n).toBe(4);
  });
});
