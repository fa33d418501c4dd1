/**
 * Search ranking over the real server: text written through the collab socket is indexed, and
 * GET /api/search ranks a page with the word in its title and often in its text above one that
 * mentions it once, breaks ties by the most recent edit, finds words as they are typed (prefix)
 * and quoted phrases, marks the matching words in a snippet (the start of the page when only the
 * title matches), says where the page sits, and answers whatever a person types without an error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';
import { buildPage, buildPaper, buildUser, type TestUser } from '../helpers/factories.js';
import { replacePageText, type CollabClient } from '../helpers/collabClient.js';
import { waitFor } from '../helpers/waitFor.js';
import { HOSTILE_TEXT } from '../fixtures/hostile-strings.js';
import { limits } from '../../shared/limits.js';
import type { SearchResponse, SearchResult } from '../../shared/search.js';

let server: TestServer;
let editor: TestUser;
let paperId: string;
const clients: CollabClient[] = [];
const pages = {} as Record<'strong' | 'weak' | 'titleOnly' | 'phrase' | 'reversed' | 'child' | 'twinOld' | 'twinNew', string>;

const paragraphs = (...texts: string[]) => texts.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] }));

async function write(pageId: string, ...texts: string[]) {
  clients.push(await replacePageText(server.wsUrl, editor.client.cookie, pageId, paragraphs(...texts)));
}

async function search(query: string, who: TestUser = editor): Promise<SearchResult[]> {
  return (await who.client.ok<SearchResponse>('GET', `/api/search?${new URLSearchParams({ q: query })}`)).results;
}

const titles = (results: SearchResult[]) => results.map((r) => r.pageTitle);
const marked = (result: SearchResult) => result.snippet.filter((p) => p.match).map((p) => p.text.toLowerCase());

beforeAll(async () => {
  server = await startServer();
  editor = await buildUser(server.url, { name: 'Rana Ranker' });
  paperId = (await buildPaper(editor, { title: 'Ranking paper' })).id;
  const page = async (title: string, parentId: string | null = null) => (await buildPage(editor, paperId, { title, parentId })).id;
  pages.strong = await page('Workforce planning');
  pages.weak = await page('Budget');
  pages.titleOnly = await page('Zebrafish studies');
  pages.phrase = await page('Models');
  pages.reversed = await page('Other models');
  pages.child = await page('Kingfisher appendix', pages.strong);
  pages.twinOld = await page('Twin one');
  pages.twinNew = await page('Twin two');
  await write(pages.strong, 'The workforce plan sets out how the workforce grows.', 'Workforce gaps are widest in nursing.', 'A workforce census runs each spring.');
  await write(pages.weak, 'The budget covers estates, with a short note on workforce.', 'Capital spending rises in the second year.');
  await write(pages.titleOnly, 'This page opens with its summary sentence.', 'Nothing here names the animal again.');
  await write(pages.phrase, 'We compare integrated care models across regions.');
  await write(pages.reversed, 'Care that is integrated late costs more.');
  await write(pages.child, 'Notes on the kingfisher survey.');
  await write(pages.twinOld, 'Identical heron wording.');
  await write(pages.twinNew, 'Identical heron wording.');
  // The two twins rank the same on their text; give them distinct, known edit times.
  server.db.prepare('UPDATE pages SET last_edited_at = ? WHERE id = ?').run('2026-01-01T00:00:00.000Z', pages.twinOld);
  server.db.prepare('UPDATE pages SET last_edited_at = ? WHERE id = ?').run('2026-06-01T00:00:00.000Z', pages.twinNew);
  await waitFor(async () => (await search('heron')).length === 2 && (await search('kingfisher')).length === 1 && (await search('capital')).length === 1, {
    timeout: 20_000,
    message: 'every page indexed',
  });
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await server.stop();
});

describe('ranking', () => {
  it('puts a page with the word in its title and often in its text above one that mentions it once', async () => {
    const results = await search('workforce');
    expect(titles(results)).toEqual(['Workforce planning', 'Budget']);
    expect(marked(results[0]!)).toContain('workforce');
    expect(results[0]!.titleParts).toEqual([{ text: 'Workforce', match: true }, { text: ' planning', match: false }]);
    expect(marked(results[1]!)).toEqual(['workforce']);
    expect(results[1]!.snippet.map((p) => p.text).join('')).toContain('a short note on workforce');
  });

  it('breaks a tie with the most recently edited page first', async () => {
    expect(titles(await search('heron'))).toEqual(['Twin two', 'Twin one']);
  });

  it('shows the start of the page as the snippet when only the title matches', async () => {
    const [result] = await search('zebrafish');
    expect(result!.pageTitle).toBe('Zebrafish studies');
    expect(result!.snippet.map((p) => p.text).join('')).toMatch(/^This page opens with its summary sentence\./);
    expect(result!.snippet.some((p) => p.match)).toBe(false);
  });

  it('says where a page sits: its paper, number and the pages above it', async () => {
    const [result] = await search('kingfisher');
    expect(result).toMatchObject({ paperId, paperTitle: 'Ranking paper', pageTitle: 'Kingfisher appendix', number: '1.1', breadcrumb: ['Workforce planning'], status: 'draft', labels: [] });
    expect(result!.lastEditedBy?.name).toBe('Rana Ranker');
    expect(result!.lastEditedAt).toEqual(expect.any(String));
  });
});

describe('what a person types', () => {
  it('finds a word from its first letters while it is still being typed', async () => {
    expect(titles(await search('workf'))).toEqual(['Workforce planning', 'Budget']);
    expect(titles(await search('capit'))).toEqual(['Budget']);
    // Once a space follows, the word is complete: "workf" is not a word on any page.
    expect(await search('workf ')).toEqual([]);
  });

  it('needs every word to match', async () => {
    expect(titles(await search('workforce nursing'))).toEqual(['Workforce planning']);
    expect(await search('workforce zebrafish')).toEqual([]);
  });

  it('matches a quoted phrase only in that order', async () => {
    expect(titles(await search('"integrated care"'))).toEqual(['Models']);
    expect(titles(await search('integrated care')).sort()).toEqual(['Models', 'Other models']);
  });

  it('ignores case and accents', async () => {
    expect(titles(await search('WORKFORCE'))).toEqual(['Workforce planning', 'Budget']);
    expect(titles(await search('zébrafish'))).toEqual(['Zebrafish studies']);
  });

  it('answers search syntax, punctuation and hostile text with results or none, never an error', async () => {
    const odd = [
      '"', '""', '"unclosed phrase', '(', ')', '*', '-', '^', ':', 'AND', 'OR', 'NOT', 'NEAR', 'workforce OR budget', 'workforce AND', 'NEAR(workforce budget)',
      'title:workforce', '-workforce', '+workforce', 'work*', '*force', 'workforce"', "'; DROP TABLE pages; --", '\u0001\u0002', 'a\u0000"b', '🙂', '\\', '%_', '{body}: x',
      ...HOSTILE_TEXT.map((h) => h.value),
    ];
    for (const q of odd) {
      const res = await editor.client.request<SearchResponse>('GET', `/api/search?${new URLSearchParams({ q })}`);
      expect(res.status, q).toBe(200);
      expect(Array.isArray(res.body.results), q).toBe(true);
    }
    // Operators are plain words: "workforce OR budget" needs both words, as any two words do.
    expect(titles(await search('workforce OR budget'))).toEqual([]);
    expect(titles(await search('-workforce'))).toEqual(['Workforce planning', 'Budget']);
  });

  it('returns no results for an empty query, and a clear sentence for a bad one', async () => {
    expect(await search('')).toEqual([]);
    expect(await search('   ')).toEqual([]);
    const long = await editor.client.request('GET', `/api/search?q=${'a'.repeat(limits.searchQueryChars + 1)}`);
    expect(long.status).toBe(400);
    expect(long.body.error.message).toBe(`A search may be at most ${limits.searchQueryChars} characters long.`);
    const status = await editor.client.request('GET', '/api/search?q=workforce&status=finished');
    expect(status.status).toBe(400);
    expect(status.body.error.message).toBe('Status must be one of: draft, in_review, approved.');
    const limit = await editor.client.request('GET', `/api/search?q=workforce&limit=${limits.searchResults + 1}`);
    expect(limit.status).toBe(400);
    expect(limit.body.error.message).toBe(`The limit must be at most ${limits.searchResults}.`);
    const paper = await editor.client.request('GET', '/api/search?q=workforce&paperId=../../x');
    expect(paper.status).toBe(400);
    expect(paper.body.error.message).toBe('Not a paper id.');
  });

  it('returns at most the limit asked for, best first', async () => {
    expect(titles((await editor.client.ok<SearchResponse>('GET', '/api/search?q=workforce&limit=1')).results)).toEqual(['Workforce planning']);
  });
});
