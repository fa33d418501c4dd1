/**
 * The search index of one database (migrations 013 and 015): an FTS5 row of title and body text
 * per page, and beside it the title and body version that row holds, and the page's paper, trash
 * flag and recency that the ranking query checks per match (kept exact by 015's triggers, and
 * written here with each row). Writing is all here, as prepared
 * statements made once per instance; reading results is searchResults.ts. Pages in the trash stay
 * indexed (the query leaves them out), so restoring one needs no work.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../store/database.js';
import { nowIso } from '../store/ids.js';

/** The text of one page as the index stores it. */
export interface PageText {
  pageId: string;
  title: string;
  body: string;
  /** The body version (see bodyVersion) the text was read at or after. */
  bodyVersion: number;
}

/** A page whose indexed row is missing or behind: its body, its title, or both need writing. */
export interface StalePage {
  pageId: string;
  paperId: string;
  title: string;
  /** True when the body was never indexed or changed since. */
  body: boolean;
}

// The snippet marks matches with these two characters, so they must never occur in indexed text;
// other control characters carry no words either.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** Text as the index keeps it: control characters (the snippet's match markers among them) made spaces. */
export function indexableText(text: string): string {
  return text.replace(CONTROL, ' ');
}

/** What the index copies from a page row: its title, paper, trash flag (1 or 0) and recency. */
interface PageFields {
  title: string;
  paperId: string;
  trashed: number;
  recency: string;
}

/** A page beside what the index holds for it. */
interface IndexedRow {
  pageId: string;
  paperId: string;
  title: string;
  indexedTitle: string | null;
  indexedVersion: number | null;
  version: number;
}

// The highest stored update a page's body includes: its last logged update, or after compaction
// the snapshot's last_update_id (compaction keeps that number), so it only ever grows.
const BODY_VERSION = `MAX(COALESCE((SELECT MAX(u.id) FROM page_updates u WHERE u.page_id = p.id), 0), COALESCE(ps.last_update_id, 0))`;

/** Writes and staleness checks for the search index of one database. */
export class SearchIndex {
  private readonly selectDoc: Statement<[string], { doc_id: number }>;
  private readonly pageExists: Statement<[string], PageFields>;
  private readonly insertDoc: Statement<[string, string, number, string, string, number, string]>;
  private readonly updateDoc: Statement<[string, number, string, string, number, string, number]>;
  private readonly updateDocTitle: Statement<[string, number]>;
  private readonly insertText: Statement<[number, string, string]>;
  private readonly updateText: Statement<[string, string, number]>;
  private readonly updateTextTitle: Statement<[string, number]>;
  private readonly deleteDoc: Statement<[string]>;
  private readonly selectVersion: Statement<[string], { version: number }>;
  private readonly selectTitlesOfPaper: Statement<[string], { pageId: string; paperId: string; title: string; indexed: number }>;
  private readonly selectStaleAll: Statement<[], IndexedRow>;
  private readonly repairAllFields: Statement<[]>;
  private readonly writeText: (page: PageText) => boolean;

  constructor(private readonly db: Db) {
    this.selectDoc = db.prepare('SELECT doc_id FROM search_pages WHERE page_id = ?');
    this.pageExists = db.prepare(
      'SELECT title, paper_id AS paperId, deleted_at IS NOT NULL AS trashed, COALESCE(last_edited_at, created_at) AS recency FROM pages WHERE id = ?',
    );
    this.insertDoc = db.prepare(
      'INSERT INTO search_pages (page_id, title, body_version, indexed_at, paper_id, trashed, recency) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.updateDoc = db.prepare('UPDATE search_pages SET title = ?, body_version = ?, indexed_at = ?, paper_id = ?, trashed = ?, recency = ? WHERE doc_id = ?');
    this.updateDocTitle = db.prepare('UPDATE search_pages SET title = ? WHERE doc_id = ?');
    this.insertText = db.prepare('INSERT INTO search_text (rowid, title, body) VALUES (?, ?, ?)');
    this.updateText = db.prepare('UPDATE search_text SET title = ?, body = ? WHERE rowid = ?');
    this.updateTextTitle = db.prepare('UPDATE search_text SET title = ? WHERE rowid = ?');
    this.deleteDoc = db.prepare('DELETE FROM search_pages WHERE page_id = ?');
    this.selectVersion = db.prepare(
      `SELECT ${BODY_VERSION} AS version FROM pages p LEFT JOIN page_snapshots ps ON ps.page_id = p.id WHERE p.id = ?`,
    );
    this.selectTitlesOfPaper = db.prepare(
      `SELECT p.id AS pageId, p.paper_id AS paperId, p.title, s.page_id IS NOT NULL AS indexed
         FROM pages p LEFT JOIN search_pages s ON s.page_id = p.id
        WHERE p.paper_id = ? AND (s.page_id IS NULL OR s.title IS NOT p.title)`,
    );
    this.selectStaleAll = db.prepare(
      `SELECT p.id AS pageId, p.paper_id AS paperId, p.title, s.title AS indexedTitle, s.body_version AS indexedVersion, ${BODY_VERSION} AS version
         FROM pages p LEFT JOIN page_snapshots ps ON ps.page_id = p.id LEFT JOIN search_pages s ON s.page_id = p.id`,
    );
    // Migration 015's triggers keep these copies exact; this puts right any that are not (the
    // start-up catch-up runs it, so a database changed by hand or by old code heals on restart).
    this.repairAllFields = db.prepare(
      `UPDATE search_pages SET paper_id = p.paper_id, trashed = p.deleted_at IS NOT NULL, recency = COALESCE(p.last_edited_at, p.created_at)
         FROM pages p
        WHERE p.id = search_pages.page_id
          AND (search_pages.paper_id IS NOT p.paper_id OR search_pages.trashed IS NOT (p.deleted_at IS NOT NULL)
               OR search_pages.recency IS NOT COALESCE(p.last_edited_at, p.created_at))`,
    );
    this.writeText = db.transaction((page: PageText): boolean => {
      const fields = this.pageExists.get(page.pageId);
      if (!fields) return false;
      const title = indexableText(page.title);
      const body = indexableText(page.body);
      const doc = this.selectDoc.get(page.pageId);
      const now = nowIso();
      if (doc) {
        this.updateText.run(title, body, doc.doc_id);
        this.updateDoc.run(page.title, page.bodyVersion, now, fields.paperId, fields.trashed, fields.recency, doc.doc_id);
      } else {
        const docId = Number(
          this.insertDoc.run(page.pageId, page.title, page.bodyVersion, now, fields.paperId, fields.trashed, fields.recency).lastInsertRowid,
        );
        this.insertText.run(docId, title, body);
      }
      return true;
    });
  }

  /** Stores a page's title and text (replacing what was indexed); false if the page no longer exists. */
  write(page: PageText): boolean {
    return this.writeText(page);
  }

  /** Changes the indexed title of a page already indexed; false if it is not indexed yet. */
  writeTitle(pageId: string, title: string): boolean {
    const doc = this.selectDoc.get(pageId);
    if (!doc) return false;
    this.db.transaction(() => {
      this.updateTextTitle.run(indexableText(title), doc.doc_id);
      this.updateDocTitle.run(title, doc.doc_id);
    })();
    return true;
  }

  /** The page's title now, or null if there is no such page. */
  pageTitle(pageId: string): string | null {
    return this.pageExists.get(pageId)?.title ?? null;
  }

  /** Takes a page out of the index. */
  remove(pageId: string): void {
    this.deleteDoc.run(pageId);
  }

  /** The page's body version now (highest stored update it includes), or null if there is no such page. */
  bodyVersion(pageId: string): number | null {
    return this.selectVersion.get(pageId)?.version ?? null;
  }

  /** Copies each indexed page's paper, trash flag and recency from pages where they differ; the number of rows put right. */
  repairFields(): number {
    return this.repairAllFields.run().changes;
  }

  /** Every page whose indexed title or body is missing or out of date (the start-up catch-up). */
  stalePages(): StalePage[] {
    const out: StalePage[] = [];
    for (const row of this.selectStaleAll.all()) {
      const body = row.indexedVersion === null || row.version > row.indexedVersion;
      if (body || row.title !== row.indexedTitle) out.push({ pageId: row.pageId, paperId: row.paperId, title: row.title, body });
    }
    return out;
  }

  /**
   * A paper's pages that are not indexed yet or were renamed since (after a change to its tree);
   * their text is not compared here, since edits are followed as they are stored.
   */
  newOrRenamedPages(paperId: string): StalePage[] {
    return this.selectTitlesOfPaper.all(paperId).map((row) => ({ pageId: row.pageId, paperId: row.paperId, title: row.title, body: row.indexed === 0 }));
  }
}
