/**
 * The role matrix over the live channels: every socket.io event a client may send (the server
 * handles exactly the events EVENT_ACTIONS lists), and every collaboration connection, for each
 * role, a non-member and an anonymous visitor. Then a role change and a removal reach open
 * connections within 2 seconds.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { startServer, type TestServer } from '../helpers/server.js';
import { addMember, buildPage, buildPaper, buildUser, type TestUser } from '../helpers/factories.js';
import { addParagraph, bodyXml, connectClient, roundTrip, waitSaved, waitSynced, type CollabClient } from '../helpers/collabClient.js';
import { waitFor } from '../helpers/waitFor.js';
import type { ClientToServerEvents, PresenceEntry, ServerToClientEvents } from '../../shared/events.js';
import { can, EVENT_ACTIONS } from '../../shared/permissions.js';
import { ROLES, type Role } from '../../shared/roles.js';
import { CloseCode } from '../../shared/collab.js';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let server: TestServer;
let editor: TestUser;
let paperId: string;
let pageId: string;
const members = {} as Record<Role, TestUser>;
let stranger: TestUser;
const sockets: ClientSocket[] = [];
const collabs: CollabClient[] = [];

beforeAll(async () => {
  server = await startServer();
  editor = await buildUser(server.url, { name: 'Edith Editor' });
  paperId = (await buildPaper(editor)).id;
  pageId = (await buildPage(editor, paperId, { title: 'Chapter' })).id;
  members.editor = editor;
  for (const role of ROLES.filter((r) => r !== 'editor')) {
    members[role] = await buildUser(server.url, { name: `A ${role}` });
    await addMember(editor, paperId, members[role], role);
  }
  stranger = await buildUser(server.url, { name: 'Stan Stranger' });
});
afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
  for (const c of collabs.splice(0)) c.destroy();
});
afterAll(async () => {
  await server.stop();
});

function socketFor(who: TestUser | null) {
  const socket: ClientSocket = connect(server.url, { transports: ['websocket'], reconnection: false, extraHeaders: who ? { cookie: who.client.cookie } : {} });
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
type JoinReply = { ok: true; presence: PresenceEntry[] } | { ok: false; error: string };
const join = (socket: ClientSocket, id: string) => new Promise<JoinReply>((resolve) => socket.emit('paper:join', id, resolve as never));
/** A watcher (the editor) joined to the paper, recording presence. */
async function watcher() {
  const w = socketFor(editor);
  await connected(w.socket);
  expect((await join(w.socket, paperId)).ok).toBe(true);
  const people = (): PresenceEntry[] => w.received.filter((e) => e.event === 'presence:changed').at(-1)?.data.people ?? [];
  /** Whether the latest presence shows this person on the page. */
  const onPage = (userId: string) => people().some((p) => p.userId === userId && p.pageId === pageId);
  /** Whether the latest presence shows this person anywhere in the paper. */
  const present = (userId: string) => people().some((p) => p.userId === userId);
  return { ...w, onPage, present };
}

describe('socket.io events', () => {
  it('handles exactly the events the matrix lists, no more', async () => {
    const { socket } = socketFor(editor);
    await connected(socket);
    const serverSocket = await waitFor(() => server.quire.realtime.io.sockets.sockets.get(socket.id!), { message: 'server socket' });
    const reserved = new Set(['disconnect', 'disconnecting', 'error', 'newListener', 'removeListener']);
    const handled = serverSocket.eventNames().map(String).filter((name) => !reserved.has(name));
    expect(handled.sort()).toEqual(Object.keys(EVENT_ACTIONS).sort());
  });

  it('refuses an anonymous visitor the connection itself', async () => {
    await expect(connected(socketFor(null).socket)).rejects.toThrow('Sign in to continue.');
  });

  it.each([...ROLES, 'non-member'] as const)('answers each event as the matrix says for a %s', async (persona) => {
    const who = persona === 'non-member' ? stranger : members[persona];
    const allowed = (event: keyof typeof EVENT_ACTIONS) => {
      const action = EVENT_ACTIONS[event];
      return action === null || (persona !== 'non-member' && can(persona, action));
    };
    const w = await watcher();
    const { socket } = socketFor(who);
    await connected(socket);

    const reply = await join(socket, paperId);
    expect(reply).toEqual(allowed('paper:join') ? expect.objectContaining({ ok: true }) : { ok: false, error: 'Not found.' });

    socket.emit('presence:update', { paperId, pageId });
    if (allowed('presence:update')) {
      await waitFor(() => w.onPage(who.user.id), { message: `${persona} shown on the page` });
    } else {
      // A barrier: once the editor's own update is broadcast, the earlier one has been handled.
      w.socket.emit('presence:update', { paperId, pageId });
      await waitFor(() => w.onPage(editor.user.id), { message: 'barrier' });
      expect(w.present(who.user.id)).toBe(false);
    }

    socket.emit('paper:leave', paperId);
    if (allowed('paper:join')) await waitFor(() => !w.onPage(who.user.id), { message: `${persona} left` });
  });
});

describe('collaboration connections', () => {
  it.each([...ROLES, 'non-member', 'anonymous'] as const)('lets a %s edit only if the matrix grants page.edit', async (persona) => {
    const cookie = persona === 'anonymous' ? undefined : persona === 'non-member' ? stranger.client.cookie : members[persona].client.cookie;
    const client = connectClient(server.wsUrl, pageId, { cookie });
    collabs.push(client);
    if (persona === 'anonymous' || persona === 'non-member') {
      const code = persona === 'anonymous' ? CloseCode.Unauthenticated : CloseCode.NotFound;
      await waitFor(() => client.closeCodes.includes(code), { message: `close ${code}` });
      return;
    }
    await waitSynced(client);
    const text = `Edited by the ${persona} ${Math.random()}`;
    addParagraph(client.doc, text);
    const check = connectClient(server.wsUrl, pageId, { cookie: editor.client.cookie });
    collabs.push(check);
    if (can(persona, 'page.edit')) {
      await waitSaved(client);
      await waitSynced(check);
      await waitFor(() => bodyXml(check.doc).includes(text), { message: 'the edit reaches others' });
    } else {
      await roundTrip(client);
      await waitSynced(check);
      await roundTrip(check);
      expect(bodyXml(check.doc)).not.toContain(text);
      expect(client.closeCodes).toEqual([]);
    }
  });
});

describe('access changes on open connections', () => {
  it('applies a role change to an open editing connection within 2 seconds', async () => {
    const person = await buildUser(server.url, { name: 'Changing Role' });
    await addMember(editor, paperId, person, 'author');
    const client = connectClient(server.wsUrl, pageId, { cookie: person.client.cookie });
    collabs.push(client);
    await waitSynced(client);
    await editor.client.ok('PATCH', `/api/papers/${paperId}/members/${person.user.id}`, { role: 'reader' });
    await waitFor(() => client.closeCodes.includes(CloseCode.AccessRevoked), { timeout: 2000, message: 'the connection closed for the new role' });
    // 4410 is final for the provider (the app rebuilds the page); a new connection is read-only, so an edit is dropped.
    const again = connectClient(server.wsUrl, pageId, { cookie: person.client.cookie });
    collabs.push(again);
    await waitSynced(again);
    const text = `After demotion ${Math.random()}`;
    addParagraph(again.doc, text);
    await roundTrip(again);
    const check = connectClient(server.wsUrl, pageId, { cookie: editor.client.cookie });
    collabs.push(check);
    await waitSynced(check);
    expect(bodyXml(check.doc)).not.toContain(text);
  });

  it('takes a removed member out of the paper on every channel within 2 seconds', async () => {
    const person = await buildUser(server.url, { name: 'Leaving Soon' });
    await addMember(editor, paperId, person, 'author');
    const client = connectClient(server.wsUrl, pageId, { cookie: person.client.cookie });
    collabs.push(client);
    const { socket, received } = socketFor(person);
    await connected(socket);
    expect((await join(socket, paperId)).ok).toBe(true);
    await waitSynced(client);

    await editor.client.ok('DELETE', `/api/papers/${paperId}/members/${person.user.id}`);
    await waitFor(() => client.closeCodes.includes(CloseCode.AccessRevoked), { timeout: 2000, message: 'the editing connection closed' });
    await waitFor(() => received.some((e) => e.event === 'members:changed'), { timeout: 2000, message: 'told that members changed' });
    const serverSocket = server.quire.realtime.io.sockets.sockets.get(socket.id!)!;
    await waitFor(() => !serverSocket.rooms.has(`paper:${paperId}`), { timeout: 2000, message: 'left the paper room' });

    // Later changes to the paper no longer reach them, and their events are refused.
    const before = received.length;
    await buildPage(editor, paperId, { title: 'After removal' });
    const w = await watcher();
    socket.emit('presence:update', { paperId, pageId });
    w.socket.emit('presence:update', { paperId, pageId });
    await waitFor(() => w.onPage(editor.user.id), { message: 'barrier' });
    expect(w.present(person.user.id)).toBe(false);
    expect(received.slice(before).filter((e) => e.event === 'tree:changed')).toEqual([]);
    expect(await join(socket, paperId)).toEqual({ ok: false, error: 'Not found.' });
  });
});
