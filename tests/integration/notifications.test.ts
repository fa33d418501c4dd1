/**
 * Notifications and watching against the real server, with real socket.io clients: who is told of
 * a comment (mention, reply, watched page or paper; the strongest reason only; never the actor,
 * only members), status changes and reopen requests, the live 'notification:new' and
 * 'notifications:unread' events to every tab of the person, marking read, and privacy.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { startServer, type TestServer } from '../helpers/server.js';
import { addMember, buildPage, buildPaper, buildUser, type TestUser } from '../helpers/factories.js';
import { waitFor } from '../helpers/waitFor.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/events.js';
import { mentionToken, type ThreadView } from '../../shared/comments.js';
import { NOTIFICATIONS_KEPT, type NotificationListView, type NotificationView, type WatchView } from '../../shared/notifications.js';
import { insertNotification } from '../../server/store/notifications.js';
import type { PageStatus, PageView, PaperView } from '../../shared/api.js';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let server: TestServer;
const sockets: ClientSocket[] = [];
beforeAll(async () => {
  server = await startServer();
});
afterEach(() => {
  while (sockets.length) sockets.pop()!.disconnect();
});
afterAll(async () => {
  await server.stop();
});

/** A connected socket.io client for a person, recording what it receives. */
async function tabOf(who: TestUser) {
  const socket: ClientSocket = connect(server.url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie: who.client.cookie } });
  sockets.push(socket);
  const received: { event: string; data: any }[] = [];
  socket.onAny((event, data) => received.push({ event, data }));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const news = () => received.filter((r) => r.event === 'notification:new').map((r) => r.data as { notification: NotificationView; unread: number });
  const unreadEvents = () => received.filter((r) => r.event === 'notifications:unread').map((r) => r.data.unread as number);
  return { socket, received, news, unreadEvents };
}

interface Cast {
  paper: PaperView;
  page: PageView;
  /** Editor, created the paper and the page. */
  ada: TestUser;
  /** Author. */
  bob: TestUser;
  /** Reviewer. */
  cy: TestUser;
  /** Reader. */
  dee: TestUser;
}

/** A paper with one member of each role and one chapter written by its editor. */
async function cast(): Promise<Cast> {
  const ada = await buildUser(server.url, { name: 'Ada' });
  const bob = await buildUser(server.url, { name: 'Bob' });
  const cy = await buildUser(server.url, { name: 'Cy' });
  const dee = await buildUser(server.url, { name: 'Dee' });
  const paper = await buildPaper(ada, { title: 'Falls prevention' });
  await addMember(ada, paper.id, bob, 'author');
  await addMember(ada, paper.id, cy, 'reviewer');
  await addMember(ada, paper.id, dee, 'reader');
  await buildPage(ada, paper.id, { title: 'Introduction' });
  const page = await buildPage(ada, paper.id, { title: 'Definitions' });
  return { paper, page, ada, bob, cy, dee };
}

const QUESTION = 'Is this definition from the NICE guideline?';
const commentsPath = (c: Pick<Cast, 'paper' | 'page'>) => `/api/papers/${c.paper.id}/pages/${c.page.id}/comments`;
/** The text of a comment mentioning someone, as the client sends it. */
const at = (who: TestUser) => mentionToken(who.user.name, who.user.id);

/** Starts a page comment thread through the comment route; returns its id. */
async function comment(who: TestUser, c: Pick<Cast, 'paper' | 'page'>, text = QUESTION): Promise<string> {
  return (await who.client.ok('POST', commentsPath(c), { kind: 'page', text })).thread.id;
}

/** Replies to a thread through the comment route. */
async function reply(who: TestUser, c: Pick<Cast, 'paper' | 'page'>, threadId: string, text = QUESTION): Promise<void> {
  await who.client.ok('POST', `${commentsPath(c)}/${threadId}/replies`, { text });
}

/** Sets the cast's page's status through the status route. */
const setStatus = (who: TestUser, c: Cast, status: PageStatus) => who.client.ok('POST', `/api/papers/${c.paper.id}/pages/${c.page.id}/status`, { status });

const list = (who: TestUser, query = '') => who.client.ok<NotificationListView>('GET', `/api/notifications${query}`);
const kinds = async (who: TestUser) => (await list(who)).notifications.map((n) => n.kind);

describe('who is told of a comment', () => {
  it('tells a mentioned member at once, over their socket, with a plain sentence naming the page', async () => {
    const c = await cast();
    const bobTab = await tabOf(c.bob);
    const threadId = await comment(c.cy, c, `Can you check\nthis one, ${at(c.bob)}?`);
    const [event] = await waitFor(() => (bobTab.news().length ? bobTab.news() : null), { message: "Bob's live notification" });
    expect(event.unread).toBe(1);
    expect(event.notification).toMatchObject({ kind: 'mention', paperId: c.paper.id, paperTitle: 'Falls prevention', pageId: c.page.id, pageTitle: 'Definitions', threadId, actor: { id: c.cy.user.id, name: 'Cy' }, readAt: null });
    expect(event.notification.text).toBe('Cy mentioned you on 2 Definitions: “Can you check this one, @Bob?”');
    const listed = await list(c.bob);
    expect(listed.unread).toBe(1);
    expect(listed.notifications).toEqual([event.notification]);
  });

  it('tells the thread author and everyone who wrote in it of a reply, but not the replier', async () => {
    const c = await cast();
    const thread = await comment(c.bob, c, 'Should we define "fall" here?');
    await reply(c.ada, c, thread, 'Yes, the WHO wording.');
    await reply(c.cy, c, thread, 'Agreed.');
    expect((await list(c.bob)).notifications.map((n) => [n.kind, n.text])).toEqual([
      ['reply', 'Cy replied to your comment on 2 Definitions: “Agreed.”'],
      ['reply', 'Ada replied to your comment on 2 Definitions: “Yes, the WHO wording.”'],
    ]);
    // Ada created the page, so she heard of the thread as a watcher, then of Cy's reply as a writer in it.
    expect((await list(c.ada)).notifications.map((n) => n.text)).toEqual([
      'Cy replied in a thread you wrote in on 2 Definitions: “Agreed.”',
      'Bob commented on 2 Definitions: “Should we define "fall" here?”',
    ]);
    expect(await kinds(c.cy)).toEqual([]);
  });

  it('sends one notification per person per comment, for the strongest reason', async () => {
    const c = await cast();
    await c.bob.client.ok('PUT', `/api/papers/${c.paper.id}/watch`, { watching: true });
    await c.dee.client.ok('PUT', `/api/papers/${c.paper.id}/watch`, { watching: true });
    const thread = await comment(c.bob, c);
    await reply(c.ada, c, thread);
    // Cy replies and mentions Ada. Ada created the page (so watches it), wrote in the thread and is
    // mentioned: a mention. Bob started the thread and watches the paper: a reply. Dee only watches.
    await reply(c.cy, c, thread, `${at(c.ada)}, see the guideline.`);
    const latest = async (who: TestUser) => (await list(who)).notifications[0];
    expect((await latest(c.ada)).kind).toBe('mention');
    expect((await latest(c.bob)).kind).toBe('reply');
    expect(await latest(c.dee)).toMatchObject({ kind: 'comment', text: 'Cy replied to a comment on 2 Definitions: “@Ada, see the guideline.”' });
    expect((await list(c.ada)).notifications.filter((n) => n.text.includes('see the guideline'))).toHaveLength(1);
  });

  it('never tells the actor, even when they watch the paper, started the thread and mention themselves', async () => {
    const c = await cast();
    await c.ada.client.ok('PUT', `/api/papers/${c.paper.id}/watch`, { watching: true });
    const adaTab = await tabOf(c.ada);
    const thread = await comment(c.ada, c, `Note to self ${at(c.ada)}`);
    await reply(c.ada, c, thread, `Again ${at(c.ada)}`);
    await setStatus(c.ada, c, 'approved');
    // Bob's mention, posted after, arrives: so Ada's own actions had their chance and made nothing.
    const bobTab = await tabOf(c.bob);
    await comment(c.ada, c, `Over to you, ${at(c.bob)}`);
    await waitFor(() => bobTab.news().length === 1, { message: "Bob's notification" });
    expect(adaTab.news()).toEqual([]);
    expect(await list(c.ada)).toEqual({ notifications: [], unread: 0, nextBefore: null });
  });
});

describe('an edited comment', () => {
  it('tells only the people its new text mentions for the first time', async () => {
    const c = await cast();
    const thread = await c.cy.client.ok<{ thread: ThreadView }>('POST', commentsPath(c), { kind: 'page', text: 'Is this right?' });
    const edit = (text: string) => c.cy.client.ok('PATCH', `${commentsPath(c)}/${thread.thread.id}/messages/${thread.thread.comments[0].id}`, { text });
    // Ada created the page, so she watches it and heard of the comment.
    expect(await kinds(c.ada)).toEqual(['comment']);
    await edit(`Is this right, ${at(c.bob)}?`);
    expect((await list(c.bob)).notifications.map((n) => [n.kind, n.text])).toEqual([['mention', 'Cy mentioned you on 2 Definitions: “Is this right, @Bob?”']]);
    // Editing again keeps Bob's mention and adds Dee's: Dee is told, Bob is not told twice.
    await edit(`Is this right, ${at(c.bob)} and ${at(c.dee)}?`);
    expect(await kinds(c.dee)).toEqual(['mention']);
    expect(await kinds(c.bob)).toEqual(['mention']);
    // Watchers hear of a comment once, not of each edit.
    expect(await kinds(c.ada)).toEqual(['comment']);
    expect(await kinds(c.cy)).toEqual([]);
  });
});

describe('watching', () => {
  it('tells a watcher of the paper of new comments and status changes on any page', async () => {
    const c = await cast();
    const watch = await c.dee.client.ok<WatchView>('PUT', `/api/papers/${c.paper.id}/watch`, { watching: true });
    expect(watch).toEqual({ paper: true, pageIds: [] });
    const deeTab = await tabOf(c.dee);
    await comment(c.cy, c, 'A new thread');
    await setStatus(c.ada, c, 'approved');
    await waitFor(() => deeTab.news().length === 2, { message: "Dee's two notifications" });
    expect(deeTab.news().map((n) => [n.notification.kind, n.notification.text, n.unread])).toEqual([
      ['comment', 'Cy commented on 2 Definitions: “A new thread”', 1],
      ['status', 'Ada approved 2 Definitions', 2],
    ]);
    // Stopping watching stops it.
    await c.dee.client.ok('PUT', `/api/papers/${c.paper.id}/watch`, { watching: false });
    await comment(c.cy, c);
    expect((await list(c.dee)).notifications).toHaveLength(2);
  });

  it('words each kind of status change', async () => {
    const c = await cast();
    await c.dee.client.ok('PUT', `/api/papers/${c.paper.id}/pages/${c.page.id}/watch`, { watching: true });
    await setStatus(c.bob, c, 'in_review');
    await setStatus(c.ada, c, 'approved');
    await setStatus(c.ada, c, 'draft');
    await setStatus(c.bob, c, 'in_review');
    await setStatus(c.bob, c, 'draft');
    // Setting the status a page already has changes nothing and tells nobody.
    await setStatus(c.bob, c, 'draft');
    expect((await list(c.dee)).notifications.map((n) => n.text)).toEqual([
      'Bob moved 2 Definitions back to draft',
      'Bob sent 2 Definitions for review',
      'Ada reopened 2 Definitions',
      'Ada approved 2 Definitions',
      'Bob sent 2 Definitions for review',
    ]);
  });

  it("makes a page's creator and its commenters watch it, until they choose to stop", async () => {
    const c = await cast();
    const path = `/api/papers/${c.paper.id}`;
    expect((await c.ada.client.ok<WatchView>('GET', `${path}/watch`)).pageIds).toContain(c.page.id);
    expect(await c.cy.client.ok<WatchView>('GET', `${path}/watch`)).toEqual({ paper: false, pageIds: [] });
    // Cy comments, so now watches; Bob's later comment tells both Ada (creator) and Cy.
    await comment(c.cy, c);
    expect((await c.cy.client.ok<WatchView>('GET', `${path}/watch`)).pageIds).toEqual([c.page.id]);
    await comment(c.bob, c, 'Agreed');
    expect(await kinds(c.cy)).toEqual(['comment']);
    expect(await kinds(c.ada)).toEqual(['comment', 'comment']);
    // Ada stops watching; commenting again does not bring the watch back.
    expect((await c.ada.client.ok<WatchView>('PUT', `${path}/pages/${c.page.id}/watch`, { watching: false })).pageIds).not.toContain(c.page.id);
    await comment(c.ada, c);
    await comment(c.bob, c);
    expect(await kinds(c.ada)).toEqual(['comment', 'comment']);
    expect(await kinds(c.cy)).toEqual(['comment', 'comment', 'comment']);
  });

  it("tells the paper's editors, and only them, of a request to reopen an approved page", async () => {
    const c = await cast();
    const eve = await buildUser(server.url, { name: 'Eve' });
    await addMember(c.ada, c.paper.id, eve, 'editor');
    await c.dee.client.ok('PUT', `/api/papers/${c.paper.id}/watch`, { watching: true });
    await setStatus(c.ada, c, 'approved');
    await c.bob.client.ok('POST', `/api/papers/${c.paper.id}/pages/${c.page.id}/reopen-request`);
    expect((await list(c.ada)).notifications.map((n) => [n.kind, n.text])).toEqual([['reopen', 'Bob asked to reopen 2 Definitions']]);
    expect(await kinds(eve)).toEqual(['reopen']);
    // Dee, who watches the paper, heard of the approval but not of the request.
    expect(await kinds(c.dee)).toEqual(['status']);
    expect(await kinds(c.bob)).toEqual([]);
  });

  it('refuses a bad body and a page of another paper with a clear message', async () => {
    const c = await cast();
    const bad = await c.bob.client.request('PUT', `/api/papers/${c.paper.id}/watch`, { watching: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('Watching must be true or false.');
    const other = await buildPaper(c.bob, { title: 'Other' });
    const otherPage = await buildPage(c.bob, other.id, { title: 'Elsewhere' });
    const wrong = await c.bob.client.request('PUT', `/api/papers/${c.paper.id}/pages/${otherPage.id}/watch`, { watching: true });
    expect(wrong.status).toBe(404);
    expect(wrong.body.error.message).toBe('No such page in this paper.');
  });
});

describe('membership', () => {
  it("tells a removed member nothing more, and stops listing that paper's notifications", async () => {
    const c = await cast();
    await c.bob.client.ok('PUT', `/api/papers/${c.paper.id}/watch`, { watching: true });
    const bobsThread = await comment(c.bob, c, 'My question');
    await comment(c.cy, c, `Over to ${at(c.bob)}`);
    const elsewhere = { paper: await buildPaper(c.cy, { title: 'Elsewhere' }), page: undefined as unknown as PageView };
    await addMember(c.cy, elsewhere.paper.id, c.bob, 'author');
    elsewhere.page = await buildPage(c.cy, elsewhere.paper.id, { title: 'Scope' });
    await comment(c.cy, elsewhere, `Hi ${at(c.bob)}`);
    expect((await list(c.bob)).unread).toBe(2);
    const [, inFirstPaper] = (await list(c.bob)).notifications;

    await c.ada.client.ok('DELETE', `/api/papers/${c.paper.id}/members/${c.bob.user.id}`);
    const after = await list(c.bob);
    expect(after.notifications.map((n) => n.paperTitle)).toEqual(['Elsewhere']);
    expect(after.unread).toBe(1);
    expect((await c.bob.client.request('POST', `/api/notifications/${inFirstPaper.id}/read`)).status).toBe(404);
    // Neither a watched comment, a reply to their thread, a mention nor a status change reaches them now.
    const bobTab = await tabOf(c.bob);
    await reply(c.cy, c, bobsThread, `Answering ${at(c.bob)}`);
    await comment(c.ada, c);
    await setStatus(c.ada, c, 'in_review');
    await comment(c.cy, elsewhere, `Still here, ${at(c.bob)}?`);
    await waitFor(() => bobTab.news().length === 1, { message: 'the mention in the other paper' });
    expect(bobTab.news()[0].notification.paperTitle).toBe('Elsewhere');
    expect((await list(c.bob)).unread).toBe(2);
    const stored = server.db.prepare('SELECT COUNT(*) AS n FROM notifications WHERE user_id = ? AND paper_id = ?').get(c.bob.user.id, c.paper.id) as { n: number };
    expect(stored.n).toBe(1);
  });
});

describe('reading', () => {
  it('marks one and all read, and tells every tab of the person the new unread count', async () => {
    const c = await cast();
    for (let i = 0; i < 3; i++) await comment(c.cy, c, `Point ${i}, ${at(c.bob)}`);
    const tab1 = await tabOf(c.bob);
    const tab2 = await tabOf(c.bob);
    const cyTab = await tabOf(c.cy);
    const { notifications, unread } = await list(c.bob);
    expect(unread).toBe(3);
    expect(await c.bob.client.ok('POST', `/api/notifications/${notifications[1].id}/read`)).toEqual({ unread: 2 });
    await waitFor(() => tab1.unreadEvents().includes(2) && tab2.unreadEvents().includes(2), { message: 'both tabs told' });
    const read = await list(c.bob);
    expect(read.unread).toBe(2);
    expect(read.notifications.map((n) => n.readAt !== null)).toEqual([false, true, false]);
    // Reading it again changes nothing.
    expect(await c.bob.client.ok('POST', `/api/notifications/${notifications[1].id}/read`)).toEqual({ unread: 2 });
    expect(await c.bob.client.ok('POST', '/api/notifications/read-all')).toEqual({ unread: 0 });
    await waitFor(() => tab2.unreadEvents().at(-1) === 0, { message: 'read-all told' });
    expect((await list(c.bob)).notifications.every((n) => n.readAt !== null)).toBe(true);
    expect(cyTab.unreadEvents()).toEqual([]);
    // A new one counts from there.
    await comment(c.cy, c, `One more, ${at(c.bob)}`);
    await waitFor(() => tab1.news().at(-1)?.unread === 1, { message: 'the new one' });
  });

  it('lists newest first, a page at a time', async () => {
    const c = await cast();
    for (let i = 0; i < 5; i++) await comment(c.cy, c, `${at(c.bob)} Point ${i}`);
    const first = await list(c.bob, '?limit=2');
    expect(first.notifications.map((n) => n.text)).toEqual([expect.stringMatching(/Point 4”$/), expect.stringMatching(/Point 3”$/)]);
    expect(first.unread).toBe(5);
    const second = await list(c.bob, `?limit=2&before=${first.nextBefore}`);
    expect(second.notifications.map((n) => n.text)).toEqual([expect.stringMatching(/Point 2”$/), expect.stringMatching(/Point 1”$/)]);
    const last = await list(c.bob, `?limit=2&before=${second.nextBefore}`);
    expect(last.notifications).toHaveLength(1);
    expect(last.nextBefore).toBeNull();
    const bad = await c.bob.client.request('GET', '/api/notifications?limit=500');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('The limit must be at most 100.');
  });

  it('keeps only the newest notifications of each person', async () => {
    const c = await cast();
    const old = Array.from({ length: NOTIFICATIONS_KEPT + 5 }, () => insertNotification(server.db, { userId: c.bob.user.id, paperId: c.paper.id, pageId: c.page.id, kind: 'status', actorId: c.ada.user.id, detail: { from: 'draft', to: 'in_review' } }));
    const cysOld = insertNotification(server.db, { userId: c.cy.user.id, paperId: c.paper.id, pageId: c.page.id, kind: 'status', actorId: c.ada.user.id });
    await comment(c.cy, c, `Newest, ${at(c.bob)}`);
    const ids = (server.db.prepare('SELECT id FROM notifications WHERE user_id = ? ORDER BY id').all(c.bob.user.id) as { id: number }[]).map((r) => r.id);
    expect(ids).toHaveLength(NOTIFICATIONS_KEPT);
    expect(ids[0]).toBe(old[6]);
    expect((await list(c.bob, '?limit=1')).notifications[0].text).toBe('Cy mentioned you on 2 Definitions: “Newest, @Bob”');
    // Someone else's are left alone.
    expect(server.db.prepare('SELECT id FROM notifications WHERE id = ?').get(cysOld)).toEqual({ id: cysOld });
  });

  it("lets nobody read or mark another person's notifications", async () => {
    const c = await cast();
    await comment(c.cy, c, `Over to ${at(c.bob)}`);
    const [bobs] = (await list(c.bob)).notifications;
    // Dee belongs to the same paper; Bob's notification is still not hers to see or mark.
    expect(await list(c.dee)).toMatchObject({ notifications: [], unread: 0 });
    const res = await c.dee.client.request('POST', `/api/notifications/${bobs.id}/read`);
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe('No such notification.');
    await c.dee.client.ok('POST', '/api/notifications/read-all');
    expect((await list(c.bob)).unread).toBe(1);
    expect((await c.bob.client.request('POST', '/api/notifications/abc/read')).body.error.message).toBe('Not a notification id.');
    const anonymous = await fetch(`${server.url}/api/notifications`);
    expect(anonymous.status).toBe(401);
  });
});

describe('personal data', () => {
  it("puts a person's notifications and watches in their data download, and erases them with the account", async () => {
    const c = await cast();
    await c.bob.client.ok('PUT', `/api/papers/${c.paper.id}/watch`, { watching: true });
    await comment(c.cy, c, `Over to ${at(c.bob)}`);
    const data = await c.bob.client.ok('GET', '/api/account/export');
    expect(data.notifications).toEqual([{ paperId: c.paper.id, pageId: c.page.id, kind: 'mention', text: 'Cy mentioned you on 2 Definitions: “Over to @Bob”', createdAt: expect.any(String), readAt: null }]);
    expect(data.watches).toEqual({ papers: [{ paperId: c.paper.id, since: expect.any(String) }], pages: [] });
    // Cy commented, so watches the page.
    expect((await c.cy.client.ok('GET', '/api/account/export')).watches.pages).toEqual([{ paperId: c.paper.id, pageId: c.page.id, watching: true, chosenAt: expect.any(String) }]);

    await comment(c.bob, c, `${at(c.dee)}?`);
    expect((await list(c.dee)).notifications[0].text).toBe('Bob mentioned you on 2 Definitions: “@Dee?”');
    await c.bob.client.ok('DELETE', '/api/account', { password: c.bob.password });
    const left = (table: string) => (server.db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE user_id = ?`).get(c.bob.user.id) as { n: number }).n;
    expect([left('notifications'), left('paper_watches'), left('page_watches')]).toEqual([0, 0, 0]);
    // What Bob did still shows in others' lists, by a former member.
    expect((await list(c.dee)).notifications[0]).toMatchObject({ actor: { name: 'Former member' } });
    expect((await list(c.dee)).notifications[0].text).toMatch(/^Former member mentioned you on 2 Definitions/);
  });
});
