/**
 * The ranking query's plan in SQLite, as EXPLAIN QUERY PLAN reports it on a migrated database:
 * the FTS5 match is the outer loop, each match reaches its search_pages row by rowid, the person's
 * papers are listed once per query from members (never copied into the index), and pages is read
 * per match only inside the status and author filters, which run only when those filters are set;
 * otherwise pages is read only for the rows returned.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../server/store/database.js';
import { SEARCH_HITS_SQL } from '../../server/search/searchResults.js';

interface PlanRow {
  id: number;
  parent: number;
  detail: string;
}

let db: Db;

beforeEach(() => {
  db = openDatabase(':memory:');
});

afterEach(() => db.close());

function plan(): PlanRow[] {
  const params = { match: '"word"', userId: 'u', paperId: null, status: null, label: null, authorId: null, limit: 20 };
  return db.prepare(`EXPLAIN QUERY PLAN ${SEARCH_HITS_SQL}`).all(params) as PlanRow[];
}

describe('the ranking query plan', () => {
  it('scans the FTS5 matches first and reaches each index row by rowid', () => {
    const rows = plan();
    const ranking = rows.find((row) => row.detail.startsWith('CO-ROUTINE'))!;
    const loops = rows.filter((row) => row.parent === ranking.id && /^(SCAN|SEARCH)/.test(row.detail)).map((row) => row.detail);
    expect(loops[0]).toMatch(/^SCAN search_text VIRTUAL TABLE/);
    expect(loops[1]).toBe('SEARCH sp USING INTEGER PRIMARY KEY (rowid=?)');
    // No other table is joined per match: everything else is a sub-query.
    expect(loops).toHaveLength(2);
  });

  it('reads membership live from members, once per query', () => {
    const rows = plan();
    const list = rows.find((row) => row.detail.startsWith('LIST SUBQUERY'))!;
    expect(rows.filter((row) => row.parent === list.id).map((row) => row.detail)).toContain('SEARCH m USING INDEX members_user (user_id=?)');
  });

  it('reads pages per match only inside the filters, and otherwise only for the rows returned', () => {
    const rows = plan();
    const byId = new Map(rows.map((row) => [row.id, row]));
    const pagesReads = rows.filter((row) => /^SEARCH \w+ USING (COVERING )?INDEX sqlite_autoindex_pages_1 /.test(row.detail));
    for (const read of pagesReads) {
      const parent = byId.get(read.parent);
      // Either the outer query over the returned rows (parent 0), or a correlated filter sub-query.
      expect(read.parent === 0 || parent?.detail.startsWith('CORRELATED SCALAR SUBQUERY')).toBe(true);
    }
    expect(pagesReads.filter((read) => read.parent !== 0)).toHaveLength(2);
  });
});
