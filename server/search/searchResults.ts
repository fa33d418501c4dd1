/**
 * Reading the search index: ranked pages for one person, with their place in the paper and a
 * snippet. Access is part of the SQL: a page is a candidate only if the person is a member of its
 * paper right now and it is not in the trash, and every filter is applied in the same query before
 * LIMIT, so nothing from another paper is ever counted, ranked or returned. Ranking is FTS5's bm25
 * with the title weighted above the body, then the most recently edited page first.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../store/database.js';
import type { PageStatus } from '../../shared/api.js';
import type { SearchQuery, SearchResult, SnippetPart } from '../../shared/search.js';
import { matchExpression } from './searchQuery.js';

/** How much more a word in the title counts than the same word in the text, in bm25. */
export const TITLE_WEIGHT = 10;
/** Words of text around the best match in a snippet. */
export const SNIPPET_WORDS = 20;

const MARK_START = '\u0001';
const MARK_END = '\u0002';

interface HitRow {
  doc_id: number;
  page_id: string;
  paper_id: string;
  paper_title: string;
  title: string;
  status: PageStatus;
  last_edited_at: string | null;
  last_edited_by: string | null;
  last_edited_by_name: string | null;
}

interface HitParams {
  match: string;
  userId: string;
  paperId: string | null;
  status: string | null;
  label: string | null;
  authorId: string | null;
  limit: number;
}

interface PlaceRow {
  title: string;
  /** The page's place among its live siblings, from 1. */
  ordinal: number;
}

// The hits come from the FTS5 index first (CROSS JOIN keeps it the outer loop), each joined to
// its search_pages row by doc_id (the rowid), which holds the page's paper, trash flag and
// recency (migration 015): membership (read live from members, the person's papers listed
// once per query), trash and the paper filter are checked there, so a match that fails them
// never touches pages and never has bm25 computed (the result column is evaluated only for
// rows that pass). Status, label and author filters read their live tables only when set.
// The page, its paper's title and the last editor's name are looked up for the rows returned.
/** The ranking query: the ids, pages and shown fields of a person's best matches, best first. */
export const SEARCH_HITS_SQL = `SELECT h.doc_id, p.id AS page_id, p.paper_id, pa.title AS paper_title, p.title, p.status,
          p.last_edited_at, p.last_edited_by, u.name AS last_edited_by_name
     FROM (SELECT sp.doc_id, sp.page_id, bm25(search_text, ${TITLE_WEIGHT}, 1.0) AS score, sp.recency
             FROM search_text CROSS JOIN search_pages sp ON sp.doc_id = search_text.rowid
            WHERE search_text MATCH @match
              AND sp.trashed = 0
              AND sp.paper_id IN (SELECT m.paper_id FROM members m WHERE m.user_id = @userId)
              AND (@paperId IS NULL OR sp.paper_id = @paperId)
              AND (@status IS NULL OR EXISTS (SELECT 1 FROM pages ps WHERE ps.id = sp.page_id AND ps.status = @status))
              AND (@label IS NULL OR EXISTS (SELECT 1 FROM page_labels pl JOIN labels l ON l.id = pl.label_id
                                              WHERE pl.page_id = sp.page_id AND l.name_key = @label))
              AND (@authorId IS NULL OR EXISTS (SELECT 1 FROM pages pc WHERE pc.id = sp.page_id AND pc.created_by = @authorId)
                   OR EXISTS (SELECT 1 FROM page_clients pc WHERE pc.page_id = sp.page_id AND pc.user_id = @authorId))
            ORDER BY score, sp.recency DESC, sp.page_id
            LIMIT @limit) h
     JOIN pages p ON p.id = h.page_id
     JOIN papers pa ON pa.id = p.paper_id
     LEFT JOIN users u ON u.id = p.last_edited_by
    ORDER BY h.score, h.recency DESC, h.page_id`;

/** Splits text with the snippet's match markers into parts, marking the matched ones. */
export function snippetParts(marked: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  const push = (text: string, match: boolean) => {
    if (!text) return;
    const last = parts[parts.length - 1];
    if (last && last.match === match) last.text += text;
    else parts.push({ text, match });
  };
  let rest = marked;
  while (rest) {
    const start = rest.indexOf(MARK_START);
    if (start < 0) {
      push(rest, false);
      break;
    }
    push(rest.slice(0, start), false);
    const end = rest.indexOf(MARK_END, start + 1);
    push(rest.slice(start + 1, end < 0 ? undefined : end), true);
    rest = end < 0 ? '' : rest.slice(end + 1);
  }
  return parts.map((part) => ({ text: part.text.replace(/[\u0001\u0002]/g, ''), match: part.match }));
}

/** Search over one database's index; prepared statements made once per instance. */
export class SearchResults {
  private readonly selectHits: Statement<HitParams, HitRow>;
  private readonly selectMarks: Statement<{ match: string; docId: number }, { title: string; body: string }>;
  private readonly selectLabels: Statement<[string], { name: string }>;
  private readonly selectPlaces: Statement<[string], PlaceRow>;

  constructor(db: Db) {
    this.selectHits = db.prepare(SEARCH_HITS_SQL);
    // Snippets only for the pages returned: snippet() over every hit would cost more than ranking.
    // The CAST matters: FTS5 ignores a rowid constraint bound as a JavaScript number (a REAL).
    this.selectMarks = db.prepare(
      `SELECT highlight(search_text, 0, '${MARK_START}', '${MARK_END}') AS title,
              snippet(search_text, 1, '${MARK_START}', '${MARK_END}', '…', ${SNIPPET_WORDS}) AS body
         FROM search_text WHERE search_text MATCH @match AND rowid = CAST(@docId AS INTEGER)`,
    );
    this.selectLabels = db.prepare('SELECT l.name FROM page_labels pl JOIN labels l ON l.id = pl.label_id WHERE pl.page_id = ? ORDER BY l.name_key, l.id');
    // The page and the pages above it, each with its place among its live siblings (ordered by
    // position then id, as shared/tree.ts orders them): the section number and breadcrumb, read
    // through the pages_paper index without loading the paper's whole tree.
    this.selectPlaces = db.prepare(
      `WITH RECURSIVE chain(id, paper_id, parent_id, position, title, depth) AS (
         SELECT id, paper_id, parent_id, position, title, 0 FROM pages WHERE id = ?
         UNION ALL
         SELECT p.id, p.paper_id, p.parent_id, p.position, p.title, c.depth + 1 FROM pages p JOIN chain c ON p.id = c.parent_id
       )
       SELECT c.title, 1 + (SELECT COUNT(*) FROM pages s
                             WHERE s.paper_id = c.paper_id AND s.parent_id IS c.parent_id AND s.position <= c.position AND s.deleted_at IS NULL
                               AND (s.position < c.position OR (s.position = c.position AND s.id < c.id))) AS ordinal
         FROM chain c ORDER BY c.depth DESC`,
    );
  }

  /** The pages matching a person's query that they may read, best first (no query: no results). */
  search(userId: string, query: SearchQuery): SearchResult[] {
    const match = matchExpression(query.q);
    if (!match) return [];
    const hits = this.selectHits.all({
      match,
      userId,
      paperId: query.paperId ?? null,
      status: query.status ?? null,
      label: query.label ?? null,
      authorId: query.authorId ?? null,
      limit: query.limit,
    });
    return hits.map((hit) => {
      const marks = this.selectMarks.get({ match, docId: hit.doc_id });
      const chain = this.selectPlaces.all(hit.page_id);
      return {
        paperId: hit.paper_id,
        paperTitle: hit.paper_title,
        pageId: hit.page_id,
        pageTitle: hit.title,
        titleParts: marks ? snippetParts(marks.title) : [{ text: hit.title, match: false }],
        number: chain.map((page) => page.ordinal).join('.'),
        breadcrumb: chain.slice(0, -1).map((page) => page.title),
        status: hit.status,
        labels: this.selectLabels.all(hit.page_id).map((row) => row.name),
        lastEditedAt: hit.last_edited_at,
        lastEditedBy: hit.last_edited_at ? { id: hit.last_edited_by ?? '', name: hit.last_edited_by_name ?? 'A former member' } : null,
        snippet: marks ? snippetParts(marks.body) : [],
      };
    });
  }
}
