/**
 * The editor's dashboard and chapter assignment over the real API: who may assign whom (editors
 * assign; only editors and authors can be assignees; clear errors otherwise), the audit entry, a
 * removed member's assignments going away, the dashboard's rows (numbers in tree order, status,
 * words after a real collab edit, open comments, labels) and summary, and 'tree:changed' reaching
 * everyone on the paper when a page is assigned.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { startServer, type TestServer } from '../helpers/server.js';
import { addMember, buildPage, buildPaper, buildUser, type TestUser } from '../helpers/factories.js';
import { addParagraph, connectClient, waitSaved, waitSynced, type CollabClient } from '../helpers/collabClient.js';
import { waitFor } from '../helpers/waitFor.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/events.js';
import type { PageView } from '../../shared/api.js';
import type { DashboardView } from '../../shared/dashboard.js';

let server: TestServer;
const sockets: Socket<ServerToClientEvents, ClientToServerEvents>[] = [];
const collabClients: CollabClient[] = [];

beforeAll(async () => {
  server = await startServer();
});
afterEach(() => {
  while (sockets.length) sockets.pop()!.disconnect();
  while (collabClients.length) collabClients.pop()!.destroy();
});
afterAll(async () => {
  await server.stop();
});

/** A paper with an editor, two authors, a reviewer and a reader; two chapters, the first with a section. */
async function team() {
  const editor = await buildUser(server.url, { name: 'Eve Editor' });
  const author = await buildUser(server.url, { name: 'Ben Author' });
  const author2 = await buildUser(server.url, { name: 'Ada Author' });
  const reviewer = await buildUser(server.url, { name: 'Rita Reviewer' });
  const reader = await buildUser(server.url, { name: 'Rex Reader' });
  const paper = await buildPaper(editor);
  await addMember(editor, paper.id, author, 'author');
  await addMember(editor, paper.id, author2, 'author');
  await addMember(editor, paper.id, reviewer, 'reviewer');
  await addMember(editor, paper.id, reader, 'reader');
  const one = await buildPage(editor, paper.id, { title: 'Introduction' });
  const two = await buildPage(editor, paper.id, { title: 'Evidence' });
  const oneOne = await buildPage(editor, paper.id, { title: 'Scope', parentId: one.id });
  const base = `/api/papers/${paper.id}`;
  return { editor, author, author2, reviewer, reader, paper, one, two, oneOne, base };
}

const assign = (who: TestUser, base: string, pageId: string, userIds: unknown) =>
  who.client.request<{ page: PageView; error?: { message: string } }>('PUT', `${base}/pages/${pageId}/assignees`, { userIds });
const dashboard = (who: TestUser, base: string) => who.client.ok<DashboardView>('GET', `${base}/dashboard`);
const rowOf = (view: DashboardView, pageId: string) => view.rows.find((r) => r.pageId === pageId)!;

describe('assigning pages', () => {
  it('lets an editor assign a chapter to authors and editors, shows them on the page in the tree, and audits it', async () => {
    const t = await team();
    const res = await assign(t.editor, t.base, t.one.id, [t.author.user.id, t.author2.user.id, t.author.user.id]);
    expect(res.status).toBe(200);
    expect(res.body.page.assignees).toEqual([
      { id: t.author2.user.id, name: 'Ada Author' },
      { id: t.author.user.id, name: 'Ben Author' },
    ]);
    const { pages } = await t.reader.client.ok<{ pages: PageView[] }>('GET', `${t.base}/pages`);
    expect(pages.find((p) => p.id === t.one.id)!.assignees.map((p) => p.name)).toEqual(['Ada Author', 'Ben Author']);
    expect(pages.find((p) => p.id === t.two.id)!.assignees).toEqual([]);

    // Replacing the list: the editor takes over from Ada; an empty list unassigns.
    expect((await assign(t.editor, t.base, t.one.id, [t.editor.user.id, t.author.user.id])).body.page.assignees.map((p) => p.name)).toEqual(['Ben Author', 'Eve Editor']);
    expect((await assign(t.editor, t.base, t.two.id, [t.author.user.id])).status).toBe(200);
    expect((await assign(t.editor, t.base, t.two.id, [])).body.page.assignees).toEqual([]);

    const audit = (server.db.prepare("SELECT target, actor_name, detail FROM audit_log WHERE paper_id = ? AND action = 'page.assigned' ORDER BY id").all(t.paper.id) as { target: string; actor_name: string; detail: string }[]).map((r) => ({ ...r, detail: JSON.parse(r.detail) }));
    expect(audit).toEqual([
      { target: t.one.id, actor_name: 'Eve Editor', detail: { title: 'Introduction', from: [], to: ['Ada Author', 'Ben Author'] } },
      { target: t.one.id, actor_name: 'Eve Editor', detail: { title: 'Introduction', from: ['Ada Author', 'Ben Author'], to: ['Ben Author', 'Eve Editor'] } },
      { target: t.two.id, actor_name: 'Eve Editor', detail: { title: 'Evidence', from: [], to: ['Ben Author'] } },
      { target: t.two.id, actor_name: 'Eve Editor', detail: { title: 'Evidence', from: ['Ben Author'], to: [] } },
    ]);
    // Sending the same list again changes nothing and records nothing.
    await assign(t.editor, t.base, t.one.id, [t.author.user.id, t.editor.user.id]);
    expect((server.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE paper_id = ? AND action = 'page.assigned'").get(t.paper.id) as { n: number }).n).toBe(4);
  });

  it('refuses authors, reviewers and readers as assigners with 403', async () => {
    const t = await team();
    for (const who of [t.author, t.reviewer, t.reader]) {
      const res = await assign(who, t.base, t.one.id, [t.author.user.id]);
      expect(res.status).toBe(403);
      expect(res.body.error!.message).toBe('Only an editor of this paper can do that.');
    }
  });

  it('refuses assignees who cannot write the paper, with a sentence that says why', async () => {
    const t = await team();
    const reviewer = await assign(t.editor, t.base, t.one.id, [t.author.user.id, t.reviewer.user.id]);
    expect(reviewer.status).toBe(400);
    expect(reviewer.body.error!.message).toBe('Rita Reviewer is a reviewer of this paper and cannot write it; only editors and authors can be assigned a page.');
    const outsider = await buildUser(server.url, { name: 'Olga Outsider' });
    const stranger = await assign(t.editor, t.base, t.one.id, [outsider.user.id]);
    expect(stranger.status).toBe(400);
    expect(stranger.body.error!.message).toMatch(/not a member/);
    const notAList = await assign(t.editor, t.base, t.one.id, 'everyone');
    expect(notAList.status).toBe(400);
    expect(notAList.body.error!.message).toMatch(/userIds must be a list of user ids/);
    const badId = await assign(t.editor, t.base, t.one.id, ['<script>']);
    expect(badId.body.error!.message).toMatch(/Each assignee must be a user id/);
    // Nothing was assigned by the refused attempts.
    expect(rowOf(await dashboard(t.editor, t.base), t.one.id).assignees).toEqual([]);
    expect((await assign(t.editor, t.base, 'nosuchpage00', [t.author.user.id])).status).toBe(404);
    await t.editor.client.ok('DELETE', `${t.base}/pages/${t.two.id}`);
    const trashed = await assign(t.editor, t.base, t.two.id, [t.author.user.id]);
    expect(trashed.status).toBe(409);
    expect(trashed.body.error!.message).toMatch(/in the trash/);
  });

  it('drops the assignments of a member who is removed, and hides those of one who can no longer write', async () => {
    const t = await team();
    await assign(t.editor, t.base, t.one.id, [t.author.user.id, t.author2.user.id]);
    await t.editor.client.ok('DELETE', `${t.base}/members/${t.author.user.id}`);
    expect(rowOf(await dashboard(t.editor, t.base), t.one.id).assignees.map((p) => p.name)).toEqual(['Ada Author']);
    // Added back, Ben is not assigned again: the removal ended the assignment.
    await addMember(t.editor, t.paper.id, t.author, 'author');
    expect(rowOf(await dashboard(t.editor, t.base), t.one.id).assignees.map((p) => p.name)).toEqual(['Ada Author']);
    // Ada becomes a reviewer: no longer shown; an author again: shown again.
    await t.editor.client.ok('PATCH', `${t.base}/members/${t.author2.user.id}`, { role: 'reviewer' });
    expect(rowOf(await dashboard(t.editor, t.base), t.one.id).assignees).toEqual([]);
    await t.editor.client.ok('PATCH', `${t.base}/members/${t.author2.user.id}`, { role: 'author' });
    expect(rowOf(await dashboard(t.editor, t.base), t.one.id).assignees.map((p) => p.name)).toEqual(['Ada Author']);
    // An assignee who deletes their account is no longer listed; the editor who assigned can delete theirs too.
    await assign(t.editor, t.base, t.two.id, [t.author2.user.id, t.editor.user.id]);
    await t.author2.client.ok('DELETE', '/api/account', { password: t.author2.password });
    const view = await dashboard(t.editor, t.base);
    expect(rowOf(view, t.one.id).assignees).toEqual([]);
    expect(rowOf(view, t.two.id).assignees.map((p) => p.name)).toEqual(['Eve Editor']);
  });

  it('sends tree:changed with the new assignees to everyone on the paper', async () => {
    const t = await team();
    const socket = connect(server.url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie: t.reader.client.cookie } });
    sockets.push(socket);
    const trees: PageView[][] = [];
    socket.on('tree:changed', ({ pages }) => trees.push(pages));
    const joined = await new Promise<{ ok: boolean }>((resolve) => socket.emit('paper:join', t.paper.id, resolve));
    expect(joined.ok).toBe(true);
    await assign(t.editor, t.base, t.two.id, [t.author.user.id]);
    const pages = await waitFor(() => trees.find((list) => list.find((p) => p.id === t.two.id)?.assignees.length), { message: 'tree:changed with the assignee' });
    expect(pages.find((p) => p.id === t.two.id)!.assignees).toEqual([{ id: t.author.user.id, name: 'Ben Author' }]);
  });
});

describe('the dashboard', () => {
  it('lists every page in reading order with its number, depth, status, open comments and labels, and sums them up', async () => {
    const t = await team();
    await t.author.client.ok('POST', `${t.base}/pages/${t.oneOne.id}/labels`, { name: 'Legal' });
    await t.author.client.ok('POST', `${t.base}/pages/${t.two.id}/status`, { status: 'in_review' });
    await t.editor.client.ok('POST', `${t.base}/pages/${t.one.id}/status`, { status: 'approved' });
    await t.reviewer.client.ok('POST', `${t.base}/pages/${t.two.id}/comments`, { kind: 'page', text: 'Cite the 2024 audit.' });
    await t.reviewer.client.ok('POST', `${t.base}/pages/${t.two.id}/comments`, { kind: 'page', text: 'And the survey.' });

    const view = await dashboard(t.reader, t.base);
    expect(view.rows.map((r) => [r.number, r.title, r.depth, r.status, r.openComments, r.labels])).toEqual([
      ['1', 'Introduction', 1, 'approved', 0, []],
      ['1.1', 'Scope', 2, 'draft', 0, ['Legal']],
      ['2', 'Evidence', 1, 'in_review', 2, []],
    ]);
    expect(rowOf(view, t.two.id).statusSetBy).toEqual({ id: t.author.user.id, name: 'Ben Author' });
    expect(view.summary).toMatchObject({ pages: 3, chapters: 2, byStatus: { draft: 1, in_review: 1, approved: 1 } });
  });

  it('counts the words on a page after a real collaborative edit, and again after the next one', async () => {
    const t = await team();
    const before = rowOf(await dashboard(t.editor, t.base), t.two.id).words;
    const client = connectClient(server.wsUrl, t.two.id, { cookie: t.author.client.cookie });
    collabClients.push(client);
    await waitSynced(client);
    addParagraph(client.doc, 'Waiting times fell by a third across the region.');
    await waitSaved(client);
    const after = await waitFor(async () => {
      const view = await dashboard(t.editor, t.base);
      return rowOf(view, t.two.id).words === before + 9 ? view : null;
    }, { message: 'nine more words on the dashboard' });
    expect(after.summary.words).toBe(after.rows.reduce((sum, r) => sum + r.words, 0));
    expect(rowOf(after, t.two.id).lastEditedBy).toEqual({ id: t.author.user.id, name: 'Ben Author' });

    // A second edit within the last-edited interval shows once the page's last-edited time moves.
    addParagraph(client.doc, 'Two more.');
    await waitSaved(client);
    await waitFor(async () => rowOf(await dashboard(t.editor, t.base), t.two.id).words === before + 11, { timeout: 15_000, message: 'eleven more words' });
  });

  it('is not shown to someone who is not a member', async () => {
    const t = await team();
    const outsider = await buildUser(server.url);
    expect((await outsider.client.request('GET', `${t.base}/dashboard`)).status).toBe(404);
  });
});
