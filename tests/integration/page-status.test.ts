/**
 * Page status over the real API and collab server: who may move a page between draft, in review
 * and approved; who set it and when; the approval gate (an approved page is read-only for
 * authors: their collab connection is closed with 4410 and reopened read-only, so their updates
 * are dropped until an editor reopens the page, and a REST rename is refused); asking to reopen;
 * the audit trail; and the live 'tree:changed'.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { startServer, type TestServer } from '../helpers/server.js';
import { addMember, buildPage, buildPaper, buildUser, type TestUser } from '../helpers/factories.js';
import { addParagraph, bodyXml, connectClient, roundTrip, storedDoc, waitSaved, waitSynced, type CollabClient } from '../helpers/collabClient.js';
import { waitFor } from '../helpers/waitFor.js';
import { CloseCode } from '../../shared/collab.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/events.js';
import type { PageStatus, PageView } from '../../shared/api.js';

let server: TestServer;
const clients: CollabClient[] = [];
const sockets: Socket<ServerToClientEvents, ClientToServerEvents>[] = [];

beforeAll(async () => {
  server = await startServer();
});
afterEach(() => {
  for (const c of clients.splice(0)) c.destroy();
  while (sockets.length) sockets.pop()!.disconnect();
});
afterAll(async () => {
  await server.stop();
});

async function team() {
  const editor = await buildUser(server.url, { name: 'Eve Editor' });
  const author = await buildUser(server.url, { name: 'Ben Author' });
  const reviewer = await buildUser(server.url, { name: 'Rita Reviewer' });
  const paper = await buildPaper(editor);
  await addMember(editor, paper.id, author, 'author');
  await addMember(editor, paper.id, reviewer, 'reviewer');
  const page = await buildPage(author, paper.id, { title: 'Introduction' });
  const base = `/api/papers/${paper.id}/pages/${page.id}`;
  return { editor, author, reviewer, paper, page, base };
}

const setStatus = (who: TestUser, base: string, status: PageStatus | string) => who.client.request<{ page: PageView; error: { message: string } }>('POST', `${base}/status`, { status });
const statusAudit = (paperId: string) =>
  (server.db.prepare("SELECT action, actor_name, detail FROM audit_log WHERE paper_id = ? AND action IN ('page.status_changed', 'page.reopen_requested') ORDER BY id").all(paperId) as { action: string; actor_name: string; detail: string }[]).map(
    (r) => ({ action: r.action, actor: r.actor_name, detail: JSON.parse(r.detail) }),
  );

describe('status transitions by role', () => {
  it('lets authors move a page between draft and in review, recording who and when', async () => {
    const t = await team();
    expect(t.page.status).toBe('draft');
    expect(t.page.statusSetBy).toBeNull();
    const res = await setStatus(t.author, t.base, 'in_review');
    expect(res.status).toBe(200);
    expect(res.body.page.status).toBe('in_review');
    expect(res.body.page.statusSetBy).toEqual({ id: t.author.user.id, name: 'Ben Author' });
    expect(Number.isNaN(Date.parse(res.body.page.statusSetAt!))).toBe(false);
    expect((await setStatus(t.author, t.base, 'draft')).body.page.status).toBe('draft');
    expect(statusAudit(t.paper.id)).toEqual([
      { action: 'page.status_changed', actor: 'Ben Author', detail: { title: 'Introduction', from: 'draft', to: 'in_review' } },
      { action: 'page.status_changed', actor: 'Ben Author', detail: { title: 'Introduction', from: 'in_review', to: 'draft' } },
    ]);
  });

  it('lets only editors approve and reopen, and says why to anyone else', async () => {
    const t = await team();
    await setStatus(t.author, t.base, 'in_review');
    const approveByAuthor = await setStatus(t.author, t.base, 'approved');
    expect(approveByAuthor.status).toBe(403);
    expect(approveByAuthor.body.error.message).toBe('Only an editor can approve a page.');

    const approved = await setStatus(t.editor, t.base, 'approved');
    expect(approved.status).toBe(200);
    expect(approved.body.page.statusSetBy!.name).toBe('Eve Editor');

    for (const to of ['draft', 'in_review']) {
      const reopenByAuthor = await setStatus(t.author, t.base, to);
      expect(reopenByAuthor.status).toBe(403);
      expect(reopenByAuthor.body.error.message).toBe('This page is approved, so only an editor can change its status. Ask an editor to reopen it.');
    }
    const byReviewer = await setStatus(t.reviewer, t.base, 'draft');
    expect(byReviewer.status).toBe(403);

    expect((await setStatus(t.editor, t.base, 'in_review')).body.page.status).toBe('in_review');
    expect(statusAudit(t.paper.id).map((e) => `${e.actor}: ${e.detail.from} -> ${e.detail.to}`)).toEqual([
      'Ben Author: draft -> in_review',
      'Eve Editor: in_review -> approved',
      'Eve Editor: approved -> in_review',
    ]);
  });

  it('refuses an unknown status with a clear message, and a page in the trash', async () => {
    const t = await team();
    const res = await setStatus(t.author, t.base, 'published');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('Status must be one of: draft, in_review, approved.');
    await t.author.client.ok('DELETE', t.base);
    expect((await setStatus(t.author, t.base, 'in_review')).status).toBe(409);
  });

  it('changes nothing (and audits nothing) when the page already has the status', async () => {
    const t = await team();
    const res = await setStatus(t.author, t.base, 'draft');
    expect(res.status).toBe(200);
    expect(res.body.page.statusSetBy).toBeNull();
    expect(statusAudit(t.paper.id)).toEqual([]);
  });
});

describe('the approval gate', () => {
  it('makes an author’s open editing connection read-only on approval, and writable again on reopening', async () => {
    const t = await team();
    const author = connectClient(server.wsUrl, t.page.id, { cookie: t.author.client.cookie });
    const editor = connectClient(server.wsUrl, t.page.id, { cookie: t.editor.client.cookie });
    clients.push(author, editor);
    await Promise.all([waitSynced(author), waitSynced(editor)]);
    addParagraph(author.doc, 'Before approval');
    await waitSaved(author);

    await setStatus(t.editor, t.base, 'approved');
    await waitFor(() => author.closeCodes.includes(CloseCode.AccessRevoked), { message: 'author closed with 4410' });
    expect(editor.closeCodes).toEqual([]);

    // The author's client opens the page again, now read-only: what they type is not applied.
    const readOnly = connectClient(server.wsUrl, t.page.id, { cookie: t.author.client.cookie });
    clients.push(readOnly);
    await waitSynced(readOnly);
    addParagraph(readOnly.doc, 'Typed while approved');
    await roundTrip(readOnly);
    addParagraph(editor.doc, 'Editor after approval');
    await waitSaved(editor);
    await waitFor(() => bodyXml(readOnly.doc).includes('Editor after approval'), { message: 'author still receives the editor’s text' });
    let stored = bodyXml(await storedDoc(server.db, t.page.id));
    expect(stored).toContain('Before approval');
    expect(stored).toContain('Editor after approval');
    expect(stored).not.toContain('Typed while approved');
    expect(bodyXml(editor.doc)).not.toContain('Typed while approved');

    // Reopening closes the read-only connection; the next one may write, and the kept text goes through.
    await setStatus(t.editor, t.base, 'in_review');
    await waitFor(() => readOnly.closeCodes.includes(CloseCode.AccessRevoked), { message: 'read-only connection closed with 4410' });
    readOnly.provider.connect();
    await waitSynced(readOnly);
    addParagraph(readOnly.doc, 'After reopening');
    await waitSaved(readOnly);
    stored = bodyXml(await storedDoc(server.db, t.page.id));
    expect(stored).toContain('After reopening');
    expect(stored).toContain('Typed while approved');
    await waitFor(() => bodyXml(editor.doc).includes('After reopening'), { message: 'editor receives the author’s text' });
  });

  it('refuses an author’s rename of an approved page but lets them move and label it; an editor may rename', async () => {
    const t = await team();
    await setStatus(t.editor, t.base, 'approved');
    const rename = await t.author.client.request('PATCH', t.base, { title: 'Changed' });
    expect(rename.status).toBe(403);
    expect(rename.body.error.message).toBe('This page is approved, so only an editor can change it: ask an editor to reopen it.');
    expect((await t.author.client.request('POST', `${t.base}/move`, { parentId: null, index: 0 })).status).toBe(200);
    expect((await t.author.client.request('POST', `${t.base}/labels`, { name: 'Final' })).status).toBe(200);
    expect((await t.editor.client.request('PATCH', t.base, { title: 'Changed by the editor' })).status).toBe(200);
  });
});

describe('asking to reopen', () => {
  it('records who asked and when, shows editors, and clears it when the page is reopened', async () => {
    const t = await team();
    const early = await t.author.client.request('POST', `${t.base}/reopen-request`);
    expect(early.status).toBe(409);
    expect(early.body.error.message).toBe('Only an approved page can be reopened; this one can still be changed.');
    expect((await t.reviewer.client.request('POST', `${t.base}/reopen-request`)).status).toBe(403);

    await setStatus(t.editor, t.base, 'approved');
    const asked = await t.author.client.request('POST', `${t.base}/reopen-request`);
    expect(asked.status).toBe(200);
    expect(asked.body.page.status).toBe('approved');
    expect(asked.body.page.reopenRequestedBy).toEqual({ id: t.author.user.id, name: 'Ben Author' });

    const seen = (await t.editor.client.ok('GET', `/api/papers/${t.paper.id}/pages`)).pages.find((p: PageView) => p.id === t.page.id);
    expect(seen.reopenRequestedBy.name).toBe('Ben Author');
    expect(Number.isNaN(Date.parse(seen.reopenRequestedAt))).toBe(false);

    const reopened = await setStatus(t.editor, t.base, 'draft');
    expect(reopened.body.page.reopenRequestedBy).toBeNull();
    expect(reopened.body.page.reopenRequestedAt).toBeNull();
    expect(statusAudit(t.paper.id)).toEqual([
      { action: 'page.status_changed', actor: 'Eve Editor', detail: { title: 'Introduction', from: 'draft', to: 'approved' } },
      { action: 'page.reopen_requested', actor: 'Ben Author', detail: { title: 'Introduction' } },
      { action: 'page.status_changed', actor: 'Eve Editor', detail: { title: 'Introduction', from: 'approved', to: 'draft', reopenRequestedBy: 'Ben Author' } },
    ]);
  });
});

describe('live status', () => {
  it('sends tree:changed with the new status and who set it', async () => {
    const t = await team();
    const socket = connect(server.url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie: t.author.client.cookie } });
    sockets.push(socket);
    const trees: PageView[][] = [];
    socket.on('tree:changed', ({ pages }) => trees.push(pages));
    expect((await new Promise<{ ok: boolean }>((resolve) => socket.emit('paper:join', t.paper.id, resolve))).ok).toBe(true);
    await setStatus(t.editor, t.base, 'approved');
    const page = await waitFor(() => trees.flat().find((p) => p.id === t.page.id && p.status === 'approved'), { message: 'tree:changed with approved' });
    expect(page.statusSetBy!.name).toBe('Eve Editor');
  });
});
