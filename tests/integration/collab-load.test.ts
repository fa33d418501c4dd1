/** Loading a page: a failed load refuses with 4500 and writes nothing; concurrent clients share one load. */
import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/collab.js';
import type { StoredPage } from '../../server/store/pageBodies.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { seedPaper, storedRows } from '../helpers/seed.js';
import { addParagraph, bodyXml, connectClient, openRaw, waitSaved, waitSynced, type CollabClient } from '../helpers/collabClient.js';
import { waitFor } from '../helpers/waitFor.js';

let server: TestServer;
const clients: CollabClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.stop();
});

const pageRow = (pageId: string) => server.db.prepare('SELECT * FROM pages WHERE id = ?').get(pageId);

describe('collab: loading a page', () => {
  it('refuses with 4500 when the stored page cannot be read, leaving it byte-for-byte unchanged', async () => {
    server = await startServer();
    const seeded = seedPaper(server.db);
    // Give the page some history first, so there is a log as well as a snapshot.
    const writer = connectClient(server.wsUrl, seeded.pageId, { cookie: seeded.cookie });
    clients.push(writer);
    await waitSynced(writer);
    addParagraph(writer.doc, 'Stored before the failure');
    await waitSaved(writer);
    writer.destroy();
    server.quire.collab.options.unloadGraceMs = 0;
    await waitFor(() => !server.quire.collab.hasRoom(seeded.pageId), { message: 'room unloaded' });

    const before = storedRows(server.db, seeded.pageId);
    const pageBefore = pageRow(seeded.pageId);
    const store = server.quire.collab.store;
    const realLoad = store.load;
    store.load = () => {
      throw new Error('injected read error');
    };
    const raw = openRaw(server.wsUrl, seeded.pageId, { cookie: seeded.cookie });
    expect((await raw.closed).code).toBe(CloseCode.LoadFailed);
    store.load = async () => Promise.reject(new Error('injected async read error'));
    const failing = connectClient(server.wsUrl, seeded.pageId, { cookie: seeded.cookie });
    clients.push(failing);
    addParagraph(failing.doc, 'Must never be stored');
    await waitFor(() => failing.closeCodes.includes(CloseCode.LoadFailed), { message: 'provider refused with 4500' });
    failing.destroy();

    expect(server.quire.collab.roomCount()).toBe(0);
    server.quire.collab.flushNow();
    const after = storedRows(server.db, seeded.pageId);
    expect(after.lastUpdateId).toBe(before.lastUpdateId);
    expect(Buffer.compare(after.snapshot!, before.snapshot!)).toBe(0);
    expect(after.updates).toEqual(before.updates);
    expect(pageRow(seeded.pageId)).toEqual(pageBefore);

    store.load = realLoad;
    const reader = connectClient(server.wsUrl, seeded.pageId, { cookie: seeded.cookie });
    clients.push(reader);
    await waitSynced(reader);
    expect(bodyXml(reader.doc)).toContain('Stored before the failure');
    expect(bodyXml(reader.doc)).not.toContain('Must never be stored');
  });

  it('shares one load among clients that connect while the page is loading', async () => {
    server = await startServer();
    const seeded = seedPaper(server.db);
    const store = server.quire.collab.store;
    const realLoad = store.load;
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    store.load = async (pageId: string): Promise<StoredPage> => {
      calls++;
      await gate;
      return realLoad(pageId);
    };
    let upgrades = 0;
    server.quire.server.on('upgrade', () => upgrades++);
    const many = Array.from({ length: 5 }, () => connectClient(server.wsUrl, seeded.pageId, { cookie: seeded.cookie }));
    clients.push(...many);
    await waitFor(() => calls >= 1 && upgrades === 5, { message: 'five upgrades waiting on the load' });
    // Let the other four reach the registry while the load is still held.
    await new Promise((resolve) => setImmediate(resolve));
    release();
    await Promise.all(many.map((c) => waitSynced(c)));
    expect(calls).toBe(1);
    expect(server.quire.collab.roomCount()).toBe(1);
    addParagraph(many[0].doc, 'Seen by all');
    await waitFor(() => many.every((c) => bodyXml(c.doc).includes('Seen by all')), { message: 'all five converge' });
  });
});
