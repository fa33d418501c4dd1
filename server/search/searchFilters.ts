/**
 * What the search filters offer one person: their papers, the label names and the people who have
 * written in those papers' pages (history attribution, page_clients, or created a page). Everything
 * is limited to papers the person is a member of, in SQL; a paper id they do not belong to
 * yields empty lists, as if it did not exist.
 */
import type { Db } from '../store/database.js';
import type { SearchFilters } from '../../shared/search.js';

/** The papers, labels and authors a person may filter their search by (optionally within one paper). */
export function searchFilters(db: Db, userId: string, paperId: string | null): SearchFilters {
  const papers = db
    .prepare('SELECT pa.id, pa.title FROM papers pa JOIN members m ON m.paper_id = pa.id AND m.user_id = ? ORDER BY pa.title COLLATE NOCASE, pa.id')
    .all(userId) as { id: string; title: string }[];
  const within = { userId, paperId };
  // One name per label key; the first spelling (by paper title) stands for the rest.
  const labels = db
    .prepare(
      `SELECT MIN(l.name) AS name FROM labels l JOIN members m ON m.paper_id = l.paper_id AND m.user_id = @userId
        WHERE @paperId IS NULL OR l.paper_id = @paperId GROUP BY l.name_key ORDER BY l.name_key`,
    )
    .all(within) as { name: string }[];
  const authors = db
    .prepare(
      `SELECT u.id, u.name FROM users u WHERE u.id IN (
         SELECT pc.user_id FROM page_clients pc JOIN pages p ON p.id = pc.page_id
           JOIN members m ON m.paper_id = p.paper_id AND m.user_id = @userId
          WHERE p.deleted_at IS NULL AND (@paperId IS NULL OR p.paper_id = @paperId)
         UNION
         SELECT p.created_by FROM pages p JOIN members m ON m.paper_id = p.paper_id AND m.user_id = @userId
          WHERE p.deleted_at IS NULL AND (@paperId IS NULL OR p.paper_id = @paperId))
        ORDER BY u.name COLLATE NOCASE, u.id`,
    )
    .all(within) as { id: string; name: string }[];
  return { papers, labels: labels.map((row) => row.name), authors };
}
