/**
 * Labels over the real API: adding (made once per paper, case-free), removing, the paper's list
 * with counts, the rules on label text, who may do what (reviewers cannot label; authors cannot
 * rename, merge or delete), merge keeping one copy per page, the audit trail, and the live
 * 'tree:changed' and 'labels:changed' events over socket.io.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { startServer, type TestServer } from '../helpers/server.js';
import { addMember, buildPage, buildPaper, buildUser, type TestUser } from '../helpers/factories.js';
import { waitFor } from '../helpers/waitFor.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/events.js';
import type { PageView } from '../../shared/api.js';
import type { LabelView } from '../../shared/labels.js';

let server: TestServer;
const sockets: Socket<ServerToClientEvents, ClientToServerEvents>[] = [];

beforeAll(async () => {
  server = await startServer();
});
afterEach(() => {
  while (sockets.length) sockets.pop()!.disconnect();
});
afterAll(async () => {
  await server.stop();
});

/** A paper with an editor, an author, a reviewer and a reader, and two chapters. */
async function team() {
  const editor = await buildUser(server.url, { name: 'Eve Editor' });
  const author = await buildUser(server.url, { name: 'Ben Author' });
  const reviewer = await buildUser(server.url, { name: 'Rita Reviewer' });
  const reader = await buildUser(server.url, { name: 'Rex Reader' });
  const paper = await buildPaper(editor);
  await addMember(editor, paper.id, author, 'author');
  await addMember(editor, paper.id, reviewer, 'reviewer');
  await addMember(editor, paper.id, reader, 'reader');
  const one = await buildPage(author, paper.id, { title: 'Introduction' });
  const two = await buildPage(author, paper.id, { title: 'Evidence' });
  const base = `/api/papers/${paper.id}`;
  return { editor, author, reviewer, reader, paper, one, two, base };
}

const addLabel = (who: TestUser, base: string, pageId: string, name: string) => who.client.request<{ page: PageView; label: LabelView; error?: { message: string } }>('POST', `${base}/pages/${pageId}/labels`, { name });
const labelsOf = async (who: TestUser, base: string) => (await who.client.ok<{ labels: LabelView[] }>('GET', `${base}/labels`)).labels;
const tree = async (who: TestUser, base: string) => (await who.client.ok<{ pages: PageView[] }>('GET', `${base}/pages`)).pages;
const auditActions = (paperId: string) =>
  (server.db.prepare("SELECT action, detail FROM audit_log WHERE paper_id = ? AND action LIKE 'label.%' ORDER BY id").all(paperId) as { action: string; detail: string }[]).map((r) => ({ action: r.action, detail: JSON.parse(r.detail) }));

describe('adding and removing labels', () => {
  it('normalises a label, makes it once per paper whatever its case, and shows it on the page and in the tree', async () => {
    const t = await team();
    const first = await addLabel(t.author, t.base, t.one.id, '  Evidence   needed ');
    expect(first.status).toBe(200);
    expect(first.body.page.labels).toEqual(['Evidence needed']);
    const second = await addLabel(t.editor, t.base, t.two.id, 'EVIDENCE needed');
    expect(second.body.label.id).toBe(first.body.label.id);
    expect(second.body.page.labels).toEqual(['Evidence needed']);
    await addLabel(t.author, t.base, t.one.id, 'Legal');
    // Adding a label the page already has changes nothing.
    expect((await addLabel(t.author, t.base, t.one.id, 'legal')).body.page.labels).toEqual(['Evidence needed', 'Legal']);

    expect(await labelsOf(t.reader, t.base)).toEqual([
      { id: first.body.label.id, name: 'Evidence needed', pages: 2 },
      { id: expect.any(String), name: 'Legal', pages: 1 },
    ]);
    const pages = await tree(t.reader, t.base);
    expect(pages.find((p) => p.id === t.one.id)!.labels).toEqual(['Evidence needed', 'Legal']);
    expect(pages.find((p) => p.id === t.two.id)!.labels).toEqual(['Evidence needed']);
    expect((await t.reader.client.ok('GET', `${t.base}/pages/${t.one.id}`)).page.labels).toEqual(['Evidence needed', 'Legal']);
  });

  it('keeps a label listed with no pages after its last page loses it', async () => {
    const t = await team();
    const { label } = (await addLabel(t.author, t.base, t.one.id, 'Draft figures')).body;
    const removed = await t.author.client.request('DELETE', `${t.base}/pages/${t.one.id}/labels/${label.id}`);
    expect(removed.status).toBe(200);
    expect(removed.body.page.labels).toEqual([]);
    expect(await labelsOf(t.author, t.base)).toEqual([{ id: label.id, name: 'Draft figures', pages: 0 }]);
    const again = await t.author.client.request('DELETE', `${t.base}/pages/${t.one.id}/labels/${label.id}`);
    expect(again.status).toBe(404);
    expect(again.body.error.message).toBe('This page does not have that label.');
  });

  it('counts only live pages, and keeps a page’s labels through the trash', async () => {
    const t = await team();
    await addLabel(t.author, t.base, t.one.id, 'Legal');
    await addLabel(t.author, t.base, t.two.id, 'Legal');
    await t.author.client.ok('DELETE', `${t.base}/pages/${t.two.id}`);
    expect((await labelsOf(t.author, t.base))[0].pages).toBe(1);
    const trash = (await t.author.client.ok('GET', `${t.base}/trash`)).pages as PageView[];
    expect(trash.find((p) => p.id === t.two.id)!.labels).toEqual(['Legal']);
    const onTrashed = await addLabel(t.author, t.base, t.two.id, 'Other');
    expect(onTrashed.status).toBe(409);
  });

  it('refuses reviewers and readers, and a label id from another paper', async () => {
    const t = await team();
    for (const who of [t.reviewer, t.reader]) {
      const res = await addLabel(who, t.base, t.one.id, 'Mine');
      expect(res.status).toBe(403);
      expect(res.body.error!.message).toBe('Your role in this paper does not allow that.');
    }
    const { label } = (await addLabel(t.author, t.base, t.one.id, 'Legal')).body;
    expect((await t.reviewer.client.request('DELETE', `${t.base}/pages/${t.one.id}/labels/${label.id}`)).status).toBe(403);

    const elsewhere = await buildPaper(t.editor, { title: 'Another paper' });
    const otherPage = await buildPage(t.editor, elsewhere.id);
    const res = await t.editor.client.request('DELETE', `/api/papers/${elsewhere.id}/pages/${otherPage.id}/labels/${label.id}`);
    expect(res.status).toBe(404);
    expect((await t.editor.client.request('PATCH', `/api/papers/${elsewhere.id}/labels/${label.id}`, { name: 'Stolen' })).status).toBe(404);
  });
});

describe('label text', () => {
  it('refuses labels that are too long, empty or use other characters, with a clear message', async () => {
    const t = await team();
    const cases: [string, string][] = [
      ['x'.repeat(41), 'A label can be at most 40 characters.'],
      ['   ', 'A label needs at least one letter or number.'],
      ['<script>', 'Labels may use letters, numbers, spaces and - _ . & ( ) /'],
      ['needs review!', 'Labels may use letters, numbers, spaces and - _ . & ( ) /'],
    ];
    for (const [name, message] of cases) {
      const res = await addLabel(t.author, t.base, t.one.id, name);
      expect(res.status, name).toBe(400);
      expect(res.body.error!.message, name).toBe(message);
    }
    expect((await t.author.client.request('POST', `${t.base}/pages/${t.one.id}/labels`, {})).body.error.message).toBe('A label is required.');
    expect(await labelsOf(t.author, t.base)).toEqual([]);
  });

  it('accepts letters of any language, digits and the allowed punctuation, up to 40 characters', async () => {
    const t = await team();
    for (const name of ['Évaluation (phase 2)', 'Пациенты & данные', 'R&D / costs_v1.2-final', 'x'.repeat(40)]) {
      const res = await addLabel(t.author, t.base, t.one.id, name);
      expect(res.status, name).toBe(200);
    }
    expect((await labelsOf(t.author, t.base)).map((l) => l.name)).toEqual(['R&D / costs_v1.2-final', 'x'.repeat(40), 'Évaluation (phase 2)', 'Пациенты & данные']);
    // Case is compared in every language, not only ASCII.
    const again = await addLabel(t.author, t.base, t.two.id, 'ПАЦИЕНТЫ & ДАННЫЕ');
    expect(again.body.page.labels).toEqual(['Пациенты & данные']);
  });

  it('allows at most 20 labels on a page', async () => {
    const t = await team();
    for (let i = 1; i <= 20; i++) expect((await addLabel(t.author, t.base, t.one.id, `Label ${i}`)).status).toBe(200);
    const res = await addLabel(t.author, t.base, t.one.id, 'Label 21');
    expect(res.status).toBe(409);
    expect(res.body.error!.message).toBe('A page can have at most 20 labels. Remove one first.');
  });
});

describe('renaming, merging and deleting labels', () => {
  it('lets an editor rename a label everywhere, and refuses authors', async () => {
    const t = await team();
    const { label } = (await addLabel(t.author, t.base, t.one.id, 'legal')).body;
    await addLabel(t.author, t.base, t.two.id, 'legal');
    const refused = await t.author.client.request('PATCH', `${t.base}/labels/${label.id}`, { name: 'Legal review' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe('Only an editor of this paper can do that.');

    const res = await t.editor.client.request('PATCH', `${t.base}/labels/${label.id}`, { name: ' Legal  review ' });
    expect(res.status).toBe(200);
    expect(res.body.label).toEqual({ id: label.id, name: 'Legal review', pages: 2 });
    expect((await tree(t.author, t.base)).map((p) => p.labels)).toEqual([['Legal review'], ['Legal review']]);
    // A change of case alone is a rename too.
    expect((await t.editor.client.ok('PATCH', `${t.base}/labels/${label.id}`, { name: 'Legal Review' })).label.name).toBe('Legal Review');
    expect(auditActions(t.paper.id)).toEqual([
      { action: 'label.renamed', detail: { from: 'legal', to: 'Legal review' } },
      { action: 'label.renamed', detail: { from: 'Legal review', to: 'Legal Review' } },
    ]);
  });

  it('answers a rename onto another label’s name with 409 saying to merge instead', async () => {
    const t = await team();
    const legal = (await addLabel(t.author, t.base, t.one.id, 'Legal')).body.label;
    const law = (await addLabel(t.author, t.base, t.two.id, 'Law')).body.label;
    const res = await t.editor.client.request('PATCH', `${t.base}/labels/${law.id}`, { name: 'LEGAL' });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe("There is already a label named 'Legal'. To combine the two, merge 'Law' into it instead.");
    expect((await labelsOf(t.editor, t.base)).map((l) => l.id).sort()).toEqual([legal.id, law.id].sort());
  });

  it('merges a label into another: each page keeps one copy, the merged label goes', async () => {
    const t = await team();
    const law = (await addLabel(t.author, t.base, t.one.id, 'Law')).body.label;
    const legal = (await addLabel(t.author, t.base, t.one.id, 'Legal')).body.label;
    await addLabel(t.author, t.base, t.two.id, 'Law');
    expect((await t.author.client.request('POST', `${t.base}/labels/${law.id}/merge`, { intoLabelId: legal.id })).status).toBe(403);

    const res = await t.editor.client.request('POST', `${t.base}/labels/${law.id}/merge`, { intoLabelId: legal.id });
    expect(res.status).toBe(200);
    expect(res.body.label).toEqual({ id: legal.id, name: 'Legal', pages: 2 });
    expect((await tree(t.author, t.base)).map((p) => p.labels)).toEqual([['Legal'], ['Legal']]);
    expect(await labelsOf(t.author, t.base)).toEqual([{ id: legal.id, name: 'Legal', pages: 2 }]);
    expect(auditActions(t.paper.id)).toEqual([{ action: 'label.merged', detail: { from: 'Law', into: 'Legal', pages: 2 } }]);

    const self = await t.editor.client.request('POST', `${t.base}/labels/${legal.id}/merge`, { intoLabelId: legal.id });
    expect(self.status).toBe(409);
    expect(self.body.error.message).toBe('Choose a different label to merge into.');
    const missing = await t.editor.client.request('POST', `${t.base}/labels/${legal.id}/merge`, { intoLabelId: law.id });
    expect(missing.status).toBe(404);
  });

  it('lets an editor delete a label, taking it off its pages', async () => {
    const t = await team();
    const legal = (await addLabel(t.author, t.base, t.one.id, 'Legal')).body.label;
    expect((await t.author.client.request('DELETE', `${t.base}/labels/${legal.id}`)).status).toBe(403);
    expect((await t.editor.client.request('DELETE', `${t.base}/labels/${legal.id}`)).status).toBe(204);
    expect(await labelsOf(t.author, t.base)).toEqual([]);
    expect((await tree(t.author, t.base))[0].labels).toEqual([]);
    expect(auditActions(t.paper.id)).toEqual([{ action: 'label.deleted', detail: { name: 'Legal', pages: 1 } }]);
  });
});

describe('live label changes', () => {
  it('sends tree:changed with the page’s labels and labels:changed to everyone on the paper', async () => {
    const t = await team();
    const socket = connect(server.url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie: t.reviewer.client.cookie } });
    sockets.push(socket);
    const received: { event: string; data: any }[] = [];
    socket.onAny((event, data) => received.push({ event, data }));
    const joined = await new Promise<{ ok: boolean }>((resolve) => socket.emit('paper:join', t.paper.id, resolve));
    expect(joined.ok).toBe(true);

    const { label } = (await addLabel(t.author, t.base, t.one.id, 'Evidence needed')).body;
    const treeEvent = await waitFor(() => received.find((r) => r.event === 'tree:changed' && r.data.pages.some((p: PageView) => p.labels.includes('Evidence needed'))), { message: 'tree:changed with the label' });
    expect(treeEvent.data.pages.find((p: PageView) => p.id === t.one.id).labels).toEqual(['Evidence needed']);
    await waitFor(() => received.some((r) => r.event === 'labels:changed' && r.data.paperId === t.paper.id), { message: 'labels:changed' });

    received.length = 0;
    await t.editor.client.ok('PATCH', `${t.base}/labels/${label.id}`, { name: 'Evidence wanted' });
    await waitFor(() => received.some((r) => r.event === 'labels:changed'), { message: 'labels:changed after a rename' });
    await waitFor(() => received.some((r) => r.event === 'tree:changed' && r.data.pages.find((p: PageView) => p.id === t.one.id)?.labels[0] === 'Evidence wanted'), { message: 'tree:changed after a rename' });
  });
});

describe('labels as personal data', () => {
  it('lists the labels a person put on pages and the statuses they set in their data download', async () => {
    const t = await team();
    await addLabel(t.author, t.base, t.one.id, 'Legal');
    await t.author.client.ok('POST', `${t.base}/pages/${t.one.id}/status`, { status: 'in_review' });
    const data = await t.author.client.ok('GET', '/api/account/export');
    expect(data.sections.labelling).toMatch(/Labels you put on pages/);
    expect(data.labelling.labelsAdded).toEqual([{ paperId: t.paper.id, pageId: t.one.id, pageTitle: 'Introduction', label: 'Legal', addedAt: expect.any(String) }]);
    expect(data.labelling.statusesSet).toEqual([{ paperId: t.paper.id, pageId: t.one.id, pageTitle: 'Introduction', status: 'in_review', setAt: expect.any(String) }]);
    expect(data.labelling.reopeningAsked).toEqual([]);
    // Someone else's labelling is not theirs.
    expect((await t.editor.client.ok('GET', '/api/account/export')).labelling.labelsAdded).toEqual([]);
  });
});
