/**
 * The search pieces on a real SQLite database with the real migrations: what a person types
 * becomes a MATCH expression that never errors (a seeded fuzz over search syntax), snippets split
 * into marked parts even when the text holds the marker characters, and the index knows which
 * pages are stale and drops a page's text when the page is deleted for good.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../server/store/database.js';
import { insertUser } from '../../server/store/users.js';
import { insertPaper } from '../../server/store/papers.js';
import { insertMember } from '../../server/store/members.js';
import { insertPage } from '../../server/store/pages.js';
import { matchExpression, MAX_TERMS, searchTerms } from '../../server/search/searchQuery.js';
import { SearchIndex } from '../../server/search/searchIndex.js';
import { SearchResults, snippetParts } from '../../server/search/searchResults.js';
import { searchQuery } from '../../shared/search.js';
import { createRng, seedsFor } from '../helpers/rng.js';

let db: Db;
let index: SearchIndex;
let results: SearchResults;
let userId: string;
let paperId: string;

const page = (title: string) => insertPage(db, { paperId, parentId: null, position: 0, title, createdBy: userId });
const search = (q: string) => results.search(userId, searchQuery.parse({ q }));

beforeEach(() => {
  db = openDatabase(':memory:');
  index = new SearchIndex(db);
  results = new SearchResults(db);
  userId = insertUser(db, { name: 'Una Unit', email: 'una@example.org', passwordHash: 'x' }).id;
  paperId = insertPaper(db, { title: 'Unit paper', subtitle: '', description: '', createdBy: userId });
  insertMember(db, paperId, userId, 'editor', null);
});
afterEach(() => db.close());

describe('matchExpression', () => {
  it('quotes every word, makes the last one a prefix while typing, and keeps phrases whole', () => {
    expect(matchExpression('climate')).toBe('"climate"*');
    expect(matchExpression('climate ')).toBe('"climate"');
    expect(matchExpression('net zero targets')).toBe('"net" "zero" "targets"*');
    expect(matchExpression('"net zero" targets')).toBe('"net zero" "targets"*');
    expect(matchExpression('targets "net zero"')).toBe('"targets" "net zero"');
    expect(matchExpression('say "hi')).toBe('"say" "hi"*');
    expect(matchExpression('a"b')).toBe('"a" "b"*');
    expect(matchExpression('NEAR(a b) OR c*')).toBe('"NEAR(a" "b)" "OR" "c*"*');
  });

  it('has nothing to search for in empty or punctuation-only text', () => {
    for (const typed of ['', '   ', '"', '""', '" "', '***', '- ( ) ^ :', '\u0301']) expect(matchExpression(typed), typed).toBeNull();
  });

  it('uses at most MAX_TERMS terms', () => {
    expect(searchTerms(Array.from({ length: 40 }, (_, i) => `w${i}`).join(' '))).toHaveLength(MAX_TERMS);
  });

  it('never makes FTS5 fail, whatever is typed (seeded fuzz over search syntax)', () => {
    page('Alpha');
    index.write({ pageId: page('Beta'), title: 'Beta', body: 'alpha beta "gamma" (delta) NEAR OR AND NOT *', bodyVersion: 0 });
    const pieces = ['"', "'", '(', ')', '*', '-', '+', '^', ':', ',', '.', '{', '}', '[', ']', '\\', '\0', '\u0001', '\u0002', ' ', ' ', '\t', '\n', 'AND', 'OR', 'NOT', 'NEAR', 'NEAR/2', 'title', 'body', 'alpha', 'bet', 'é', '🙂', '中文', '\u0301', '%', '_', ';', '--'];
    for (const seed of seedsFor(3, 8100)) {
      const rng = createRng(seed);
      for (let i = 0; i < 400; i += 1) {
        const typed = Array.from({ length: rng.int(0, 12) }, () => rng.pick(pieces)).join(rng.chance(0.5) ? '' : ' ');
        expect(() => search(typed), `seed ${seed}: ${JSON.stringify(typed)}`).not.toThrow();
      }
    }
  });
});

describe('snippets', () => {
  it('splits marked text into parts and drops stray markers', () => {
    expect(snippetParts('a \u0001b\u0002 c')).toEqual([
      { text: 'a ', match: false },
      { text: 'b', match: true },
      { text: ' c', match: false },
    ]);
    expect(snippetParts('\u0001x\u0002\u0001y\u0002')).toEqual([{ text: 'xy', match: true }]);
    expect(snippetParts('open \u0001end')).toEqual([
      { text: 'open ', match: false },
      { text: 'end', match: true },
    ]);
    expect(snippetParts('')).toEqual([]);
  });

  it('keeps marker characters typed into a page out of the snippet', () => {
    const id = page('Markers');
    index.write({ pageId: id, title: 'Markers', body: 'before \u0001fake\u0002 after osprey', bodyVersion: 0 });
    const [hit] = search('osprey');
    expect(hit!.snippet).toEqual([
      { text: 'before  fake  after ', match: false },
      { text: 'osprey', match: true },
    ]);
  });
});

describe('SearchIndex', () => {
  it('lists pages never indexed, with a changed title, or (at start-up) with newer text, and not the others', () => {
    const fresh = page('Fresh');
    const renamed = page('Old title');
    const edited = page('Edited');
    const never = page('Never');
    for (const id of [fresh, renamed, edited]) index.write({ pageId: id, title: index.pageTitle(id)!, body: 'text', bodyVersion: 0 });
    db.prepare('UPDATE pages SET title = ? WHERE id = ?').run('New title', renamed);
    db.prepare("INSERT INTO page_updates (page_id, data, user_id, created_at) VALUES (?, x'00', NULL, '2026-01-01')").run(edited);
    expect(index.newOrRenamedPages(paperId).map((p) => [p.title, p.body]).sort()).toEqual([
      ['Never', true],
      ['New title', false],
    ]);
    const stale = index.stalePages().map((p) => [p.title, p.body]);
    expect(stale.sort()).toEqual([
      ['Edited', true],
      ['Never', true],
      ['New title', false],
    ]);
    expect(index.writeTitle(renamed, 'New title')).toBe(true);
    expect(search('new title').map((r) => r.pageId)).toEqual([renamed]);
    expect(index.stalePages().map((p) => p.pageId).sort()).toEqual([edited, never].sort());
  });

  it('drops the text of a page deleted for good, and refuses to index a page that does not exist', () => {
    const id = page('Doomed');
    index.write({ pageId: id, title: 'Doomed', body: 'grebe', bodyVersion: 0 });
    expect(search('grebe')).toHaveLength(1);
    db.prepare('DELETE FROM pages WHERE id = ?').run(id);
    expect(db.prepare('SELECT COUNT(*) AS n FROM search_text').get()).toEqual({ n: 0 });
    expect(index.write({ pageId: id, title: 'Doomed', body: 'grebe', bodyVersion: 0 })).toBe(false);
  });
});
