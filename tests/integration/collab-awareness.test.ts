/** Awareness is relayed to everyone on the page (readers too) and removed as soon as its connection closes. */
import { afterEach, describe, expect, it } from 'vitest';
import { MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS } from '../../shared/collab.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { addSeedMember, seedPaper } from '../helpers/seed.js';
import { connectClient, openRaw, waitSynced, type CollabClient } from '../helpers/collabClient.js';
import { waitFor } from '../helpers/waitFor.js';

let server: TestServer;
const clients: CollabClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.stop();
});

describe('collab: awareness', () => {
  it('relays states to readers and writers, answers a query, and drops a closed connection’s state at once', async () => {
    server = await startServer();
    const seeded = seedPaper(server.db);
    const reader = addSeedMember(server.db, seeded.paperId, 'reader');
    const a = connectClient(server.wsUrl, seeded.pageId, { cookie: seeded.cookie });
    const r = connectClient(server.wsUrl, seeded.pageId, { cookie: reader.cookie });
    clients.push(a, r);
    await Promise.all([waitSynced(a), waitSynced(r)]);

    a.provider.awareness.setLocalStateField('user', { name: 'Alice' });
    r.provider.awareness.setLocalStateField('user', { name: 'Rita' });
    await waitFor(() => r.provider.awareness.getStates().get(a.doc.clientID)?.user?.name === 'Alice', { message: 'reader sees Alice' });
    await waitFor(() => a.provider.awareness.getStates().get(r.doc.clientID)?.user?.name === 'Rita', { message: 'writer sees Rita' });

    const raw = openRaw(server.wsUrl, seeded.pageId, { cookie: reader.cookie });
    await raw.opened;
    const before = raw.messages.length;
    raw.send(Uint8Array.of(MESSAGE_QUERY_AWARENESS));
    await waitFor(() => raw.messages.slice(before).some((m) => m[0] === MESSAGE_AWARENESS), { message: 'answer to query-awareness' });
    raw.ws.close();

    // Cut the socket without the goodbye y-websocket would send itself: the server must notice.
    a.provider.shouldConnect = false;
    (a.provider.ws as unknown as { terminate(): void }).terminate();
    await waitFor(() => !r.provider.awareness.getStates().has(a.doc.clientID), { message: 'Alice removed when her socket closed' });
    expect(r.provider.awareness.getStates().has(r.doc.clientID)).toBe(true);
  });
});
