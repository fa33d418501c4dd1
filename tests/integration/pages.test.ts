import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';
import { addMember, buildPage, buildPaper, buildUser, type TestUser } from '../helpers/factories.js';
import { sectionNumbers } from '../../shared/tree.js';
import type { PageView } from '../../shared/api.js';
import { limits } from '../../shared/limits.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.stop();
});

/** "number title" for each live page in reading order, e.g. ["1 Intro", "1.1 Scope"]. */
function outline(pages: PageView[]): string[] {
  const numbers = sectionNumbers(pages);
  return [...pages].sort((a, b) => (numbers.get(a.id)! < numbers.get(b.id)! ? -1 : 1)).map((p) => `${numbers.get(p.id)} ${p.title}`);
}

async function setup() {
  const editor = await buildUser(server.url, { name: 'Edith' });
  const paper = await buildPaper(editor);
  const tree = async (who: TestUser = editor) => (await who.client.ok<{ pages: PageView[] }>('GET', `/api/papers/${paper.id}/pages`)).pages;
  return { editor, paper, tree, base: `/api/papers/${paper.id}` };
}

describe('creating and renaming pages', () => {
  it('creates chapters and sub-pages, numbered from the tree', async () => {
    const { editor, paper, tree } = await setup();
    const intro = await buildPage(editor, paper.id, { title: 'Introduction' });
    expect(intro).toMatchObject({ paperId: paper.id, parentId: null, position: 0, title: 'Introduction', status: 'draft', deletedAt: null, lastEditedBy: null });
    expect(intro.createdBy).toEqual({ id: editor.user.id, name: 'Edith' });
    const findings = await buildPage(editor, paper.id, { title: 'Findings' });
    const scope = await buildPage(editor, paper.id, { title: 'Scope', parentId: intro.id });
    expect(scope).toMatchObject({ parentId: intro.id, position: 0 });
    await buildPage(editor, paper.id, { title: 'Method', parentId: intro.id });
    // Inserted at index 0: the others shift along.
    await buildPage(editor, paper.id, { title: 'Summary', index: 0 });
    const pages = await tree();
    expect(outline(pages)).toEqual(['1 Summary', '2 Introduction', '2.1 Scope', '2.2 Method', '3 Findings']);
    expect(pages.find((p) => p.id === findings.id)!.position).toBe(2);
    // The flat list comes in reading order.
    expect(pages.map((p) => p.title)).toEqual(['Summary', 'Introduction', 'Scope', 'Method', 'Findings']);
  });

  it('stores each new page body once, on the server', async () => {
    const { editor, paper } = await setup();
    const page = await buildPage(editor, paper.id);
    const row = server.db.prepare('SELECT length(state) AS bytes, last_update_id FROM page_snapshots WHERE page_id = ?').get(page.id) as { bytes: number; last_update_id: number };
    expect(row.bytes).toBeGreaterThan(0);
    expect(row.last_update_id).toBe(0);
  });

  it('clamps an index past the end', async () => {
    const { editor, paper } = await setup();
    await buildPage(editor, paper.id, { title: 'A' });
    const b = await buildPage(editor, paper.id, { title: 'B', index: 99 });
    expect(b.position).toBe(1);
  });

  it('lets an author create and rename pages', async () => {
    const { editor, paper, base, tree } = await setup();
    const author = await buildUser(server.url);
    await addMember(editor, paper.id, author, 'author');
    const page = await buildPage(author, paper.id, { title: 'Draft' });
    const renamed = await author.client.request('PATCH', `${base}/pages/${page.id}`, { title: '  Evidence  ' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.page.title).toBe('Evidence');
    expect((await tree()).map((p) => p.title)).toEqual(['Evidence']);
    expect((await author.client.ok('GET', `${base}/pages/${page.id}`)).page.title).toBe('Evidence');
  });

  it('refuses an empty title, an unknown or foreign parent, and a tree too deep', async () => {
    const { editor, paper, base } = await setup();
    const empty = await editor.client.request('POST', `${base}/pages`, { title: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toBe('Page title is required.');
    const unknown = await editor.client.request('POST', `${base}/pages`, { title: 'Orphan', parentId: 'abcdefghijkl' });
    expect(unknown.status).toBe(404);
    const otherPaper = await buildPaper(editor, { title: 'Other' });
    const foreign = await buildPage(editor, otherPaper.id);
    expect((await editor.client.request('POST', `${base}/pages`, { title: 'Stray', parentId: foreign.id })).status).toBe(404);

    let parentId: string | null = null;
    for (let depth = 1; depth <= limits.treeDepth; depth++) parentId = (await buildPage(editor, paper.id, { title: `Level ${depth}`, parentId })).id;
    const tooDeep = await editor.client.request('POST', `${base}/pages`, { title: 'Too deep', parentId });
    expect(tooDeep.status).toBe(409);
    expect(tooDeep.body.error.message).toMatch(/at most 6 levels deep/);
  });
});

describe('page limit', () => {
  it('refuses a page beyond the most a paper may hold, counting the trash', async () => {
    const { editor, paper, base } = await setup();
    const insert = server.db.prepare("INSERT INTO pages (id, paper_id, parent_id, position, title, created_at, deleted_at) VALUES (?, ?, NULL, ?, 'Filler', '2026-01-01', ?)");
    server.db.transaction(() => {
      for (let i = 0; i < limits.pagesPerPaper; i++) insert.run(`filler-${paper.id}-${i}`, paper.id, i, i % 2 ? '2026-01-02' : null);
    })();
    const res = await editor.client.request('POST', `${base}/pages`, { title: 'One too many' });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe(`This paper already has the most pages allowed (${limits.pagesPerPaper}, the trash included).`);
  });
});

describe('moving pages', () => {
  it('reorders siblings and re-parents a page with its sub-pages, renumbering both lists', async () => {
    const { editor, paper, base, tree } = await setup();
    const a = await buildPage(editor, paper.id, { title: 'A' });
    const b = await buildPage(editor, paper.id, { title: 'B' });
    const c = await buildPage(editor, paper.id, { title: 'C' });
    await buildPage(editor, paper.id, { title: 'B1', parentId: b.id });

    const reordered = await editor.client.ok('POST', `${base}/pages/${c.id}/move`, { parentId: null, index: 0 });
    expect(outline(reordered.pages)).toEqual(['1 C', '2 A', '3 B', '3.1 B1']);

    const reparented = await editor.client.ok('POST', `${base}/pages/${b.id}/move`, { parentId: a.id, index: 5 });
    expect(outline(reparented.pages)).toEqual(['1 C', '2 A', '2.1 B', '2.1.1 B1']);
    const positions = (await tree()).map((p) => `${p.title}:${p.position}`);
    expect(positions).toEqual(['C:0', 'A:1', 'B:0', 'B1:0']);

    const back = await editor.client.ok('POST', `${base}/pages/${b.id}/move`, { parentId: null, index: 1 });
    expect(outline(back.pages)).toEqual(['1 C', '2 B', '2.1 B1', '3 A']);
  });

  it('refuses moving a page inside itself or its own sub-pages', async () => {
    const { editor, paper, base, tree } = await setup();
    const a = await buildPage(editor, paper.id, { title: 'A' });
    const a1 = await buildPage(editor, paper.id, { title: 'A1', parentId: a.id });
    const before = outline(await tree());
    for (const parentId of [a.id, a1.id]) {
      const res = await editor.client.request('POST', `${base}/pages/${a.id}/move`, { parentId, index: 0 });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toBe('A page cannot be moved inside itself or its own sub-pages.');
    }
    expect(outline(await tree())).toEqual(before);
  });

  it('refuses a parent that is unknown, in another paper or in the trash', async () => {
    const { editor, paper, base } = await setup();
    const a = await buildPage(editor, paper.id, { title: 'A' });
    const gone = await buildPage(editor, paper.id, { title: 'Gone' });
    await editor.client.ok('DELETE', `${base}/pages/${gone.id}`);
    const other = await buildPage(editor, (await buildPaper(editor)).id);
    expect((await editor.client.request('POST', `${base}/pages/${a.id}/move`, { parentId: 'abcdefghijkl', index: 0 })).status).toBe(404);
    expect((await editor.client.request('POST', `${base}/pages/${a.id}/move`, { parentId: other.id, index: 0 })).status).toBe(404);
    const trashed = await editor.client.request('POST', `${base}/pages/${a.id}/move`, { parentId: gone.id, index: 0 });
    expect(trashed.status).toBe(409);
    expect(trashed.body.error.message).toMatch(/in the trash/);
    expect((await editor.client.request('POST', `${base}/pages/${gone.id}/move`, { parentId: null, index: 0 })).status).toBe(409);
  });

  it('refuses a move that would nest pages too deep', async () => {
    const { editor, paper, base } = await setup();
    let parentId: string | null = null;
    for (let depth = 1; depth <= limits.treeDepth - 1; depth++) parentId = (await buildPage(editor, paper.id, { title: `L${depth}`, parentId })).id;
    const branch = await buildPage(editor, paper.id, { title: 'Branch' });
    await buildPage(editor, paper.id, { title: 'Leaf', parentId: branch.id });
    const res = await editor.client.request('POST', `${base}/pages/${branch.id}/move`, { parentId, index: 0 });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/levels deep/);
  });
});

describe('trash', () => {
  it('deletes a page with its sub-pages to the trash and restores them to their old place', async () => {
    const { editor, paper, base, tree } = await setup();
    const a = await buildPage(editor, paper.id, { title: 'A' });
    const b = await buildPage(editor, paper.id, { title: 'B' });
    await buildPage(editor, paper.id, { title: 'C' });
    const b1 = await buildPage(editor, paper.id, { title: 'B1', parentId: b.id });
    await buildPage(editor, paper.id, { title: 'B1a', parentId: b1.id });

    const afterDelete = await editor.client.ok('DELETE', `${base}/pages/${b.id}`);
    expect(outline(afterDelete.pages)).toEqual(['1 A', '2 C']);
    expect((await tree()).map((p) => `${p.title}:${p.position}`)).toEqual(['A:0', 'C:1']);

    const { pages: trash } = await editor.client.ok<{ pages: PageView[] }>('GET', `${base}/trash`);
    expect(trash.map((p) => p.title).sort()).toEqual(['B', 'B1', 'B1a']);
    expect(trash.every((p) => p.deletedAt !== null)).toBe(true);
    const trashedPage = await editor.client.ok('GET', `${base}/pages/${b1.id}`);
    expect(trashedPage.page.deletedAt).toEqual(expect.any(String));

    // Restoring any page of the batch brings back the whole batch.
    const restored = await editor.client.ok('POST', `${base}/pages/${b1.id}/restore`);
    expect(outline(restored.pages)).toEqual(['1 A', '2 B', '2.1 B1', '2.1.1 B1a', '3 C']);
    expect((await editor.client.ok('GET', `${base}/trash`)).pages).toEqual([]);
    expect((await editor.client.request('POST', `${base}/pages/${a.id}/restore`)).status).toBe(409);
  });

  it('keeps separately deleted sub-pages in the trash when the parent comes back', async () => {
    const { editor, paper, base } = await setup();
    const a = await buildPage(editor, paper.id, { title: 'A' });
    const a1 = await buildPage(editor, paper.id, { title: 'A1', parentId: a.id });
    await buildPage(editor, paper.id, { title: 'A2', parentId: a.id });
    await editor.client.ok('DELETE', `${base}/pages/${a1.id}`);
    await editor.client.ok('DELETE', `${base}/pages/${a.id}`);
    const restored = await editor.client.ok('POST', `${base}/pages/${a.id}/restore`);
    expect(outline(restored.pages)).toEqual(['1 A', '1.1 A2']);
    expect((await editor.client.ok('GET', `${base}/trash`)).pages.map((p: PageView) => p.title)).toEqual(['A1']);
    const again = await editor.client.ok('POST', `${base}/pages/${a1.id}/restore`);
    expect(outline(again.pages)).toEqual(['1 A', '1.1 A1', '1.2 A2']);
  });

  it('restores to the top level when the old parent is itself in the trash', async () => {
    const { editor, paper, base } = await setup();
    const a = await buildPage(editor, paper.id, { title: 'A' });
    const a1 = await buildPage(editor, paper.id, { title: 'A1', parentId: a.id });
    await buildPage(editor, paper.id, { title: 'Z' });
    await editor.client.ok('DELETE', `${base}/pages/${a1.id}`);
    await editor.client.ok('DELETE', `${base}/pages/${a.id}`);
    const restored = await editor.client.ok('POST', `${base}/pages/${a1.id}/restore`);
    expect(outline(restored.pages)).toEqual(['1 Z', '2 A1']);
  });

  it('refuses renaming a page in the trash, and deleting it twice', async () => {
    const { editor, paper, base } = await setup();
    const a = await buildPage(editor, paper.id, { title: 'A' });
    await editor.client.ok('DELETE', `${base}/pages/${a.id}`);
    expect((await editor.client.request('PATCH', `${base}/pages/${a.id}`, { title: 'B' })).status).toBe(409);
    expect((await editor.client.request('DELETE', `${base}/pages/${a.id}`)).status).toBe(409);
    expect((await editor.client.request('DELETE', `${base}/pages/abcdefghijkl`)).status).toBe(404);
  });
});
