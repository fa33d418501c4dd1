import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';
import { addMember, buildPage, buildPaper, buildUser } from '../helpers/factories.js';
import { ancestry } from '../../shared/tree.js';
import type { PageView } from '../../shared/api.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.stop();
});

/** Every page reaches the top level without meeting itself, and no id appears twice. */
function expectWholeTree(pages: PageView[], expectedIds: string[]) {
  expect(pages.map((p) => p.id).sort()).toEqual([...expectedIds].sort());
  for (const page of pages) {
    const chain = ancestry(pages, page.id);
    expect(chain[0].parentId).toBeNull();
    expect(new Set(chain.map((p) => p.id)).size).toBe(chain.length);
  }
  // Each sibling list is numbered 0..n-1.
  const byParent = new Map<string | null, number[]>();
  for (const p of pages) byParent.set(p.parentId, [...(byParent.get(p.parentId) ?? []), p.position]);
  for (const positions of byParent.values()) expect(positions.sort((a, b) => a - b)).toEqual(positions.map((_, i) => i));
}

describe('conflicting tree moves', () => {
  it('applies exactly one of "A into B" and "B into A" sent at the same time', async () => {
    const editor = await buildUser(server.url);
    const author = await buildUser(server.url);
    const paper = await buildPaper(editor);
    await addMember(editor, paper.id, author, 'author');
    const base = `/api/papers/${paper.id}`;

    for (let round = 0; round < 10; round++) {
      const a = await buildPage(editor, paper.id, { title: `A${round}` });
      const b = await buildPage(editor, paper.id, { title: `B${round}` });
      const [first, second] = await Promise.all([
        editor.client.request('POST', `${base}/pages/${a.id}/move`, { parentId: b.id, index: 0 }),
        author.client.request('POST', `${base}/pages/${b.id}/move`, { parentId: a.id, index: 0 }),
      ]);
      expect([first.status, second.status].sort()).toEqual([200, 409]);
      const refused = first.status === 409 ? first : second;
      expect(refused.body.error.message).toBe('A page cannot be moved inside itself or its own sub-pages.');

      const { pages } = await editor.client.ok<{ pages: PageView[] }>('GET', `${base}/pages`);
      const ab = pages.filter((p) => p.id === a.id || p.id === b.id);
      expect(ab).toHaveLength(2);
      // One is a chapter, the other its child.
      expect(ab.filter((p) => p.parentId === null)).toHaveLength(1);
      // Put them back to chapters for the next round, keeping the paper small to read.
      await editor.client.ok('DELETE', `${base}/pages/${ab.find((p) => p.parentId === null)!.id}`);
    }
    const { pages } = await editor.client.ok<{ pages: PageView[] }>('GET', `${base}/pages`);
    expect(pages).toEqual([]);
    expect((await editor.client.ok('GET', `${base}/trash`)).pages).toHaveLength(20);
  });

  it('keeps every page and no cycle under many simultaneous random moves', async () => {
    const editor = await buildUser(server.url);
    const paper = await buildPaper(editor);
    const base = `/api/papers/${paper.id}`;
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push((await buildPage(editor, paper.id, { title: `P${i}`, parentId: i >= 4 ? ids[i - 4] : null })).id);
    const clients = await Promise.all([0, 1, 2].map(() => buildUser(server.url)));
    for (const c of clients) await addMember(editor, paper.id, c, 'author');

    // A fixed pseudo-random sequence keeps the test repeatable.
    let seed = 42;
    const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let round = 0; round < 10; round++) {
      const results = await Promise.all(
        clients.map((c) => {
          const page = ids[next(ids.length)];
          const parent = next(3) === 0 ? null : ids[next(ids.length)];
          return c.client.request('POST', `${base}/pages/${page}/move`, { parentId: parent, index: next(4) });
        }),
      );
      for (const r of results) expect([200, 409]).toContain(r.status);
      const { pages } = await editor.client.ok<{ pages: PageView[] }>('GET', `${base}/pages`);
      expectWholeTree(pages, ids);
    }
  });
});
