import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { startServer, type TestServer } from '../helpers/server.js';
import { addMember, buildPage, buildPaper, buildUser, type TestUser } from '../helpers/factories.js';
import { waitFor } from '../helpers/waitFor.js';
import { paperRoom, type ClientToServerEvents, type PresenceEntry, type ServerToClientEvents } from '../../shared/events.js';
import type { PageView } from '../../shared/api.js';
import { hashToken } from '../../server/domain/sessions.js';

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

/** A socket.io client carrying a person's session cookie; records every event it receives. */
function socketFor(who: TestUser | null, options: { origin?: string; transports?: string[] } = {}) {
  const socket: ClientSocket = connect(server.url, {
    transports: options.transports ?? ['websocket'],
    reconnection: false,
    extraHeaders: { ...(who ? { cookie: who.client.cookie } : {}), ...(options.origin ? { origin: options.origin } : {}) },
  });
  sockets.push(socket);
  const received: { event: string; data: any }[] = [];
  socket.onAny((event, data) => received.push({ event, data }));
  return { socket, received };
}

const connected = (socket: ClientSocket) =>
  new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });

type JoinReply = { ok: true; pages: PageView[]; presence: PresenceEntry[] } | { ok: false; error: string };
const join = (socket: ClientSocket, paperId: string) => new Promise<JoinReply>((resolve) => socket.emit('paper:join', paperId, resolve));

async function paperWithTwo() {
  const ada = await buildUser(server.url, { name: 'Ada' });
  const bob = await buildUser(server.url, { name: 'Bob' });
  const paper = await buildPaper(ada);
  await addMember(ada, paper.id, bob, 'author');
  return { ada, bob, paper };
}

describe('connecting', () => {
  it('refuses a connection without a session', async () => {
    const { socket } = socketFor(null);
    await expect(connected(socket)).rejects.toThrow('Sign in to continue.');
  });

  it('refuses a connection from another site, over either transport', async () => {
    const ada = await buildUser(server.url);
    for (const transport of ['polling', 'websocket']) {
      const { socket } = socketFor(ada, { origin: 'https://evil.example', transports: [transport] });
      await expect(connected(socket)).rejects.toThrow();
      expect(socket.connected).toBe(false);
    }
    // The same request from Quire's own origin is accepted.
    const own = socketFor(ada, { origin: server.url, transports: ['polling'] });
    await connected(own.socket);
  });

  it('refuses to join a paper once the session has ended, before the next sweep', async () => {
    const { ada, paper } = await paperWithTwo();
    const { socket } = socketFor(ada);
    await connected(socket);
    // The session runs out (signing out would disconnect the socket at once: realtime-session.test.ts).
    const token = ada.client.cookie.replace('quire_session=', '');
    server.db.prepare('UPDATE sessions SET expires_at = ? WHERE token_hash = ?').run(new Date(Date.now() - 1000).toISOString(), hashToken(token));
    expect(await join(socket, paper.id)).toEqual({ ok: false, error: 'You are signed out. Sign in again to continue.' });
    await waitFor(() => !socket.connected, { message: 'disconnect' });
  });

  it('works over long-polling, for networks that block WebSockets', async () => {
    const { ada, paper } = await paperWithTwo();
    const { socket } = socketFor(ada, { transports: ['polling'] });
    await connected(socket);
    expect((await join(socket, paper.id)).ok).toBe(true);
  });
});

describe('paper rooms', () => {
  it('answers a join with the live tree and presence; refuses non-members like unknown papers', async () => {
    const { ada, paper } = await paperWithTwo();
    const page = await buildPage(ada, paper.id, { title: 'Intro' });
    const stranger = await buildUser(server.url);
    const own = socketFor(ada);
    const other = socketFor(stranger);
    await Promise.all([connected(own.socket), connected(other.socket)]);

    const reply = await join(own.socket, paper.id);
    expect(reply).toEqual({ ok: true, pages: [expect.objectContaining({ id: page.id, title: 'Intro' })], presence: [expect.objectContaining({ userId: ada.user.id, name: 'Ada', pageId: null })] });
    expect(await join(other.socket, paper.id)).toEqual({ ok: false, error: 'Not found.' });
    expect(await join(other.socket, 'no-such-paper')).toEqual({ ok: false, error: 'Not found.' });
    expect(server.quire.realtime.io.sockets.adapter.rooms.get(paperRoom(paper.id))?.size).toBe(1);
  });

  it('sends a tree change made by one person to the other as tree:changed', async () => {
    const { ada, bob, paper } = await paperWithTwo();
    const adaSocket = socketFor(ada);
    const bobSocket = socketFor(bob);
    await Promise.all([connected(adaSocket.socket), connected(bobSocket.socket)]);
    await join(adaSocket.socket, paper.id);
    await join(bobSocket.socket, paper.id);

    const page = await buildPage(ada, paper.id, { title: 'Findings' });
    const event = await waitFor(() => bobSocket.received.find((r) => r.event === 'tree:changed'), { message: 'tree:changed' });
    expect(event.data).toEqual({ paperId: paper.id, pages: [expect.objectContaining({ id: page.id, title: 'Findings' })] });

    await ada.client.ok('PATCH', `/api/papers/${paper.id}/pages/${page.id}`, { title: 'Key findings' });
    await waitFor(() => bobSocket.received.some((r) => r.event === 'tree:changed' && r.data.pages[0]?.title === 'Key findings'), { message: 'rename' });
  });

  it('sends page:updated when a page body is stored', async () => {
    const { ada, bob, paper } = await paperWithTwo();
    const page = await buildPage(ada, paper.id);
    const bobSocket = socketFor(bob);
    await connected(bobSocket.socket);
    await join(bobSocket.socket, paper.id);
    server.quire.events.emit('page:edited', paper.id, page.id, ada.user.id);
    const event = await waitFor(() => bobSocket.received.find((r) => r.event === 'page:updated'), { message: 'page:updated' });
    expect(event.data).toEqual({ paperId: paper.id, page: expect.objectContaining({ id: page.id }) });
  });
});

describe('presence', () => {
  it('shows who is in the paper and on which page, and drops people who leave', async () => {
    const { ada, bob, paper } = await paperWithTwo();
    const page = await buildPage(ada, paper.id, { title: 'Intro' });
    const adaSocket = socketFor(ada);
    const bobSocket = socketFor(bob);
    await Promise.all([connected(adaSocket.socket), connected(bobSocket.socket)]);
    await join(adaSocket.socket, paper.id);
    await join(bobSocket.socket, paper.id);

    const latestPeople = () => adaSocket.received.filter((r) => r.event === 'presence:changed').at(-1)?.data.people as PresenceEntry[] | undefined;
    const where = () => Object.fromEntries((latestPeople() ?? []).map((p) => [p.name, p.pageId]));

    await waitFor(() => where().Bob === null, { message: 'Bob in the paper' });
    bobSocket.socket.emit('presence:update', { paperId: paper.id, pageId: page.id });
    await waitFor(() => where().Bob === page.id, { message: 'Bob on the page' });
    expect(latestPeople()!.find((p) => p.name === 'Bob')).toEqual({ userId: bob.user.id, name: 'Bob', color: bob.user.color, pageId: page.id });

    // A page of another paper does not count: Bob shows on the overview.
    const elsewhere = await buildPage(bob, (await buildPaper(bob)).id);
    bobSocket.socket.emit('presence:update', { paperId: paper.id, pageId: elsewhere.id });
    await waitFor(() => where().Bob === null, { message: 'Bob back on the overview' });

    bobSocket.socket.disconnect();
    await waitFor(() => !('Bob' in where()) && 'Ada' in where(), { message: 'Bob gone' });
  });
});

describe('member changes', () => {
  it('tells the room and takes a removed member out of it', async () => {
    const { ada, bob, paper } = await paperWithTwo();
    const adaSocket = socketFor(ada);
    const bobSocket = socketFor(bob);
    await Promise.all([connected(adaSocket.socket), connected(bobSocket.socket)]);
    await join(adaSocket.socket, paper.id);
    await join(bobSocket.socket, paper.id);
    const room = () => server.quire.realtime.io.sockets.adapter.rooms.get(paperRoom(paper.id));
    expect(room()?.has(bobSocket.socket.id!)).toBe(true);

    await ada.client.ok('DELETE', `/api/papers/${paper.id}/members/${bob.user.id}`);
    await waitFor(() => bobSocket.received.some((r) => r.event === 'members:changed'), { message: 'Bob told' });
    await waitFor(() => adaSocket.received.some((r) => r.event === 'members:changed' && r.data.paperId === paper.id), { message: 'Ada told' });
    expect(room()?.has(bobSocket.socket.id!)).toBe(false);
    await waitFor(() => {
      const last = adaSocket.received.filter((r) => r.event === 'presence:changed').at(-1);
      return last && !last.data.people.some((p: PresenceEntry) => p.userId === bob.user.id);
    }, { message: 'Bob gone from presence' });
    expect(await join(bobSocket.socket, paper.id)).toEqual({ ok: false, error: 'Not found.' });
  });
});
