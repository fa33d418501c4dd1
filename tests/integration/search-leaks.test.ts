/**
 * Search never leaks: two papers, two people. Whatever filters a person combines (another paper's
 * id, its labels, its status, its authors), they get no result, count, snippet, label or author
 * from a paper they are not a member of; the filter lists hold only their own papers' labels and
 * authors; removal from a paper removes its results at once; pages in the trash are left out and
 * come back when restored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';
import { addMember, buildPage, buildPaper, buildUser, type TestUser } from '../helpers/factories.js';
import { replacePageText, type CollabClient } from '../helpers/collabClient.js';
import { waitFor } from '../helpers/waitFor.js';
import type { SearchFilters, SearchResponse } from '../../shared/search.js';

let server: TestServer;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
let open: { paperId: string; pageId: string; draftId: string };
let closed: { paperId: string; pageId: string };
const clients: CollabClient[] = [];

// Every word unique to Bob's paper: none of them may ever reach Alice.
const SECRETS = ['Closed paper', 'Osprey secrets', 'Confidential Label', 'Bob Secretkeeper', 'moorhenplan'];

const paragraphs = (...texts: string[]) => texts.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] }));

async function write(who: TestUser, pageId: string, text: string) {
  clients.push(await replacePageText(server.wsUrl, who.client.cookie, pageId, paragraphs(text)));
}

async function searchRaw(who: TestUser, params: Record<string, string>) {
  return who.client.request<SearchResponse>('GET', `/api/search?${new URLSearchParams(params)}`);
}

async function search(who: TestUser, params: Record<string, string>) {
  const res = await searchRaw(who, params);
  expect(res.status, JSON.stringify(params)).toBe(200);
  return res.body.results;
}

beforeAll(async () => {
  server = await startServer();
  alice = await buildUser(server.url, { name: 'Alice Open' });
  bob = await buildUser(server.url, { name: 'Bob Secretkeeper' });
  carol = await buildUser(server.url, { name: 'Carol Both' });
  const openPaper = await buildPaper(alice, { title: 'Open paper' });
  const closedPaper = await buildPaper(bob, { title: 'Closed paper' });
  await addMember(alice, openPaper.id, carol, 'reader');
  await addMember(bob, closedPaper.id, carol, 'reviewer');
  open = {
    paperId: openPaper.id,
    pageId: (await buildPage(alice, openPaper.id, { title: 'Kestrel survey' })).id,
    draftId: (await buildPage(alice, openPaper.id, { title: 'Kestrel draft notes' })).id,
  };
  closed = { paperId: closedPaper.id, pageId: (await buildPage(bob, closedPaper.id, { title: 'Osprey secrets' })).id };
  await write(alice, open.pageId, 'The kestrel count rose this year.');
  await write(alice, open.draftId, 'Kestrel sightings, unsorted.');
  await write(bob, closed.pageId, 'The kestrel moorhenplan is confidential.');
  await alice.client.ok('POST', `/api/papers/${open.paperId}/pages/${open.pageId}/labels`, { name: 'Birds' });
  await bob.client.ok('POST', `/api/papers/${closed.paperId}/pages/${closed.pageId}/labels`, { name: 'Confidential Label' });
  await bob.client.ok('POST', `/api/papers/${closed.paperId}/pages/${closed.pageId}/labels`, { name: 'birds' });
  await alice.client.ok('POST', `/api/papers/${open.paperId}/pages/${open.pageId}/status`, { status: 'in_review' });
  await bob.client.ok('POST', `/api/papers/${closed.paperId}/pages/${closed.pageId}/status`, { status: 'in_review' });
  // Carol belongs to both papers, so once she finds all three pages, all three are indexed.
  await waitFor(async () => (await search(carol, { q: 'kestrel' })).length === 3, { timeout: 20_000, message: 'all pages indexed' });
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await server.stop();
});

describe('a person sees only papers they belong to', () => {
  it('gives no result, snippet, label or author from another paper through any combination of filters', async () => {
    const queries = ['kestrel', 'kest', 'moorhenplan', 'osprey', 'secrets', 'confidential', '"kestrel moorhenplan"', 'bob'];
    const paperIds = ['', open.paperId, closed.paperId];
    const labels = ['', 'birds', 'BIRDS', 'Confidential Label', 'confidential label'];
    const statuses = ['', 'draft', 'in_review', 'approved'];
    const authors = ['', alice.user.id, bob.user.id, carol.user.id];
    let asked = 0;
    for (const q of queries)
      for (const paperId of paperIds)
        for (const label of labels)
          for (const status of statuses)
            for (const authorId of authors) {
              const res = await searchRaw(alice, { q, paperId, label, status, authorId });
              asked += 1;
              expect(res.status).toBe(200);
              const text = JSON.stringify(res.body);
              for (const secret of SECRETS) expect(text, `${secret} in ${JSON.stringify({ q, paperId, label, status, authorId })}`).not.toContain(secret);
              expect(res.body.results.every((r) => r.paperId === open.paperId)).toBe(true);
            }
    expect(asked).toBe(queries.length * paperIds.length * labels.length * statuses.length * authors.length);
  });

  it('still finds her own pages with the same filters, so the test above could fail', async () => {
    expect((await search(alice, { q: 'kestrel' })).map((r) => r.pageTitle).sort()).toEqual(['Kestrel draft notes', 'Kestrel survey']);
    expect((await search(alice, { q: 'kestrel', label: 'BIRDS' })).map((r) => r.pageTitle)).toEqual(['Kestrel survey']);
    expect((await search(alice, { q: 'kestrel', status: 'draft' })).map((r) => r.pageTitle)).toEqual(['Kestrel draft notes']);
    expect((await search(alice, { q: 'kestrel', authorId: alice.user.id })).length).toBe(2);
    expect(await search(alice, { q: 'kestrel', authorId: carol.user.id })).toEqual([]);
    expect(await search(alice, { q: 'kestrel', paperId: closed.paperId })).toEqual([]);
    // Carol, in both papers, gets Bob's page with its label, and can narrow to it by either filter.
    const bobs = await search(carol, { q: 'kestrel', label: 'confidential label' });
    expect(bobs.map((r) => [r.paperTitle, r.pageTitle, r.labels])).toEqual([['Closed paper', 'Osprey secrets', ['birds', 'Confidential Label']]]);
    expect((await search(carol, { q: 'kestrel', authorId: bob.user.id })).map((r) => r.pageTitle)).toEqual(['Osprey secrets']);
    expect((await search(carol, { q: 'kestrel', label: 'birds' })).length).toBe(2);
  });

  it('offers filters only from her own papers', async () => {
    const mine = await alice.client.ok<SearchFilters>('GET', '/api/search/filters');
    expect(mine.papers).toEqual([{ id: open.paperId, title: 'Open paper' }]);
    expect(mine.labels).toEqual(['Birds']);
    expect(mine.authors).toEqual([{ id: alice.user.id, name: 'Alice Open' }]);
    const theirs = await alice.client.ok<SearchFilters>('GET', `/api/search/filters?paperId=${closed.paperId}`);
    expect(theirs).toEqual({ papers: [{ id: open.paperId, title: 'Open paper' }], labels: [], authors: [] });
    const both = await carol.client.ok<SearchFilters>('GET', '/api/search/filters');
    expect(both.papers.map((p) => p.title)).toEqual(['Closed paper', 'Open paper']);
    expect(both.labels).toEqual(['Birds', 'Confidential Label']);
    expect(both.authors.map((a) => a.name)).toEqual(['Alice Open', 'Bob Secretkeeper']);
  });
});

describe('changes of access take effect at once', () => {
  it('shows a paper to a new member, and stops the moment they are removed', async () => {
    expect(await search(alice, { q: 'moorhenplan' })).toEqual([]);
    await addMember(bob, closed.paperId, alice, 'reader');
    expect((await search(alice, { q: 'moorhenplan' })).map((r) => r.pageTitle)).toEqual(['Osprey secrets']);
    await bob.client.ok('DELETE', `/api/papers/${closed.paperId}/members/${alice.user.id}`);
    expect(await search(alice, { q: 'moorhenplan' })).toEqual([]);
    expect((await alice.client.ok<SearchFilters>('GET', '/api/search/filters')).papers.map((p) => p.title)).toEqual(['Open paper']);
  });

  it('leaves pages in the trash out, and brings them back on restore', async () => {
    await alice.client.ok('DELETE', `/api/papers/${open.paperId}/pages/${open.draftId}`);
    expect((await search(alice, { q: 'kestrel' })).map((r) => r.pageTitle)).toEqual(['Kestrel survey']);
    expect(await search(alice, { q: 'unsorted' })).toEqual([]);
    await alice.client.ok('POST', `/api/papers/${open.paperId}/pages/${open.draftId}/restore`);
    expect((await search(alice, { q: 'unsorted' })).map((r) => r.pageTitle)).toEqual(['Kestrel draft notes']);
  });
});
