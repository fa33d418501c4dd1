/**
 * Sessions end after a period without activity and after an absolute maximum (Config's
 * sessionIdleMs and sessionMaxMs, shortened here). Editing over an open collab connection counts
 * as activity; presence traffic does not. A session that ends while its collab connection is
 * open closes that connection with 4401: at its next update, or within one check interval.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import { CloseCode } from '../../shared/collab.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { ApiClient } from '../helpers/factories.js';
import { seedPaper, type SeededPaper } from '../helpers/seed.js';
import { addParagraph, bodyXml, connectClient, openRaw, roundTrip, storedDoc, waitSynced, type CollabClient } from '../helpers/collabClient.js';
import { waitFor } from '../helpers/waitFor.js';

const IDLE_MS = 1_500;
const MAX_MS = 2_500;
/** A server whose sessions idle out fast but live long. */
let idleServer: TestServer;
/** A server whose sessions never idle out in a test but end soon after sign-in. */
let maxServer: TestServer;
const clients: CollabClient[] = [];

beforeAll(async () => {
  idleServer = await startServer({ config: { sessionIdleMs: IDLE_MS, sessionMaxMs: 60_000 } });
  maxServer = await startServer({ config: { sessionIdleMs: 60_000, sessionMaxMs: MAX_MS } });
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await idleServer?.stop();
  await maxServer?.stop();
});

function clientFor(server: TestServer, seeded: SeededPaper): ApiClient {
  const client = new ApiClient(server.url);
  client.cookie = seeded.cookie;
  return client;
}

function collab(server: TestServer, seeded: SeededPaper): CollabClient {
  const client = connectClient(server.wsUrl, seeded.pageId, { cookie: seeded.cookie });
  clients.push(client);
  return client;
}

const lastSeen = (server: TestServer, userId: string) =>
  Date.parse((server.db.prepare('SELECT last_seen_at FROM sessions WHERE user_id = ?').get(userId) as { last_seen_at: string }).last_seen_at);

/** Polls (doing `each` every time) until `ms` have passed. */
const passTime = (ms: number, each: () => void = () => {}) => {
  const until = Date.now() + ms;
  return waitFor(() => (each(), Date.now() >= until), { timeout: ms + 5_000, interval: 100, message: `${ms} ms` });
};

describe('sessions: inactivity', () => {
  it('refuses an idle session over HTTP, socket.io and collab', async () => {
    const seeded = seedPaper(idleServer.db, { config: idleServer.config });
    const api = clientFor(idleServer, seeded);
    expect((await api.request('GET', '/api/me')).status).toBe(200);
    await passTime(IDLE_MS + 100);
    const raw = openRaw(idleServer.wsUrl, seeded.pageId, { cookie: seeded.cookie });
    expect((await raw.closed).code).toBe(CloseCode.Unauthenticated);
    const me = await api.request('GET', '/api/me');
    expect(me.status).toBe(401);
    expect(me.body.error.code).toBe('unauthenticated');
    const socket = connect(idleServer.url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie: seeded.cookie } });
    await expect(new Promise((resolve, reject) => (socket.once('connect', () => resolve(true)), socket.once('connect_error', reject)))).rejects.toThrow();
    socket.disconnect();
  });

  it('keeps a session alive while its person edits over an open collab connection, with no HTTP requests', async () => {
    const seeded = seedPaper(idleServer.db, { config: idleServer.config });
    const writer = collab(idleServer, seeded);
    await waitSynced(writer);
    const before = lastSeen(idleServer, seeded.userId);
    let n = 0;
    // Three idle periods of typing, and nothing else.
    await passTime(3 * IDLE_MS, () => addParagraph(writer.doc, `line ${++n}`));
    await roundTrip(writer);
    expect(writer.closeCodes).toEqual([]);
    expect(lastSeen(idleServer, seeded.userId)).toBeGreaterThan(before + IDLE_MS);
    expect((await clientFor(idleServer, seeded).request('GET', '/api/me')).status).toBe(200);
    expect(bodyXml(await storedDoc(idleServer.db, seeded.pageId))).toContain(`line ${n}`);
  });

  it('does not count cursor and presence traffic as activity: the open connection is closed with 4401', async () => {
    const seeded = seedPaper(idleServer.db, { config: idleServer.config });
    const reader = collab(idleServer, seeded);
    await waitSynced(reader);
    const opened = Date.now();
    let n = 0;
    await waitFor(() => (reader.provider.awareness.setLocalStateField('cursor', ++n), reader.closeCodes.includes(CloseCode.Unauthenticated)), {
      timeout: IDLE_MS + 3_000,
      interval: 100,
      message: 'a 4401 close',
    });
    // Within one check interval (a quarter of the idle limit here) after the session lapsed.
    expect(Date.now() - opened).toBeLessThan(IDLE_MS + IDLE_MS / 4 + 2_000);
    expect((await clientFor(idleServer, seeded).request('GET', '/api/me')).status).toBe(401);
  });

  it('closes an open collab connection with 4401 soon after its person signs out elsewhere', async () => {
    const seeded = seedPaper(idleServer.db, { config: idleServer.config });
    const raw = openRaw(idleServer.wsUrl, seeded.pageId, { cookie: seeded.cookie });
    await raw.opened;
    expect((await clientFor(idleServer, seeded).request('POST', '/api/auth/signout')).status).toBe(204);
    const started = Date.now();
    expect((await raw.closed).code).toBe(CloseCode.Unauthenticated);
    expect(Date.now() - started).toBeLessThan(IDLE_MS);
  });
});

describe('sessions: absolute maximum', () => {
  it('ends a session at its maximum however active it is', async () => {
    const seeded = seedPaper(maxServer.db, { config: maxServer.config });
    const api = clientFor(maxServer, seeded);
    const expiresAt = Date.parse((maxServer.db.prepare('SELECT expires_at FROM sessions WHERE user_id = ?').get(seeded.userId) as { expires_at: string }).expires_at);
    const statuses: { at: number; status: number }[] = [];
    await waitFor(
      async () => {
        const at = Date.now();
        const { status } = await api.request('GET', '/api/papers');
        statuses.push({ at, status });
        return status === 401;
      },
      { timeout: MAX_MS + 5_000, interval: 100, message: 'a 401' },
    );
    const first401 = statuses.find((s) => s.status === 401)!;
    expect(statuses.filter((s) => s.at < first401.at).every((s) => s.status === 200)).toBe(true);
    expect(statuses.filter((s) => s.status === 200).length).toBeGreaterThan(5);
    expect(first401.at).toBeGreaterThanOrEqual(expiresAt - 50);
    expect((await api.request('GET', '/api/me')).status).toBe(401);
  });

  it('closes an editing connection with 4401 at its first update past the maximum, and does not store it', async () => {
    const seeded = seedPaper(maxServer.db, { config: maxServer.config });
    const writer = collab(maxServer, seeded);
    await waitSynced(writer);
    addParagraph(writer.doc, 'in time');
    await roundTrip(writer);
    const expiresAt = Date.parse((maxServer.db.prepare('SELECT expires_at FROM sessions WHERE user_id = ?').get(seeded.userId) as { expires_at: string }).expires_at);
    await passTime(expiresAt - Date.now() + 50);
    expect(writer.closeCodes).toEqual([]);
    addParagraph(writer.doc, 'too late');
    await waitFor(() => writer.closeCodes.includes(CloseCode.Unauthenticated), { timeout: 2_000, message: 'a 4401 close' });
    const stored = bodyXml(await storedDoc(maxServer.db, seeded.pageId));
    expect(stored).toContain('in time');
    expect(stored).not.toContain('too late');
  });
});
