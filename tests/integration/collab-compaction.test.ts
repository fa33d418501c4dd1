/** Compaction folds the log into the snapshot without losing any update, even one arriving mid-compaction; empty rooms leave memory. */
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { FRAGMENT_NAME } from '../../shared/collab.js';
import { updateFrame } from '../../server/collab/protocol.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { seedPaper, storedRows } from '../helpers/seed.js';
import { addParagraph, bodyXml, connectClient, storedDoc, waitSaved, waitSynced, type CollabClient } from '../helpers/collabClient.js';
import { waitFor } from '../helpers/waitFor.js';

let server: TestServer;
const clients: CollabClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.stop();
});

function paragraphUpdate(text: string): Uint8Array {
  const doc = new Y.Doc();
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(text)]);
  doc.getXmlFragment(FRAGMENT_NAME).insert(0, [paragraph]);
  return Y.encodeStateAsUpdate(doc);
}

describe('collab: compaction and unloading', () => {
  it('keeps every update, including those arriving during compaction, and unloads the empty room', async () => {
    server = await startServer();
    const collab = server.quire.collab;
    collab.options.compactAfterUpdates = 5;
    const seeded = seedPaper(server.db);

    // A second writer in this process, through the transport-neutral API, to inject updates
    // exactly while a compaction is between reading the state and writing the snapshot.
    const admission = await collab.admit({ pageId: seeded.pageId, origin: undefined, host: undefined, cookie: seeded.cookie });
    if (!admission.ok) throw new Error('admission refused');
    const injector = admission.join({ send() {}, close() {} })!;
    const injected: string[] = [];
    const store = collab.store;
    const realCompact = store.compact;
    let compactions = 0;
    let injecting = true;
    store.compact = (pageId, state, upToId, expectedRows) => {
      compactions++;
      if (!injecting) return realCompact(pageId, state, upToId, expectedRows);
      const text = `Arrived during compaction ${compactions}`;
      injected.push(text);
      injector.receive(updateFrame(paragraphUpdate(text)));
      return realCompact(pageId, state, upToId, expectedRows);
    };

    const writer = connectClient(server.wsUrl, seeded.pageId, { cookie: seeded.cookie });
    clients.push(writer);
    await waitSynced(writer);
    const written: string[] = [];
    for (let i = 0; i < 30; i++) {
      written.push(`Edit ${i}`);
      addParagraph(writer.doc, `Edit ${i}`);
      await waitSaved(writer);
    }
    await waitFor(() => injected.every((t) => bodyXml(writer.doc).includes(t)), { message: 'injected updates relayed' });
    expect(compactions).toBeGreaterThan(1);
    const mid = storedRows(server.db, seeded.pageId);
    expect(mid.lastUpdateId).toBeGreaterThan(0);
    expect(mid.updates.length).toBeLessThan(30);

    injecting = false;
    writer.destroy();
    injector.close(1000, 'done');
    collab.options.unloadGraceMs = 0;
    await waitFor(() => collab.roomCount() === 0, { message: 'room unloaded' });
    const after = storedRows(server.db, seeded.pageId);
    expect(after.updates).toHaveLength(0);

    const stored = bodyXml(await storedDoc(server.db, seeded.pageId));
    for (const text of [...written, ...injected]) expect(stored).toContain(text);
    expect(stored).toBe(bodyXml(writer.doc));

    const reader = connectClient(server.wsUrl, seeded.pageId, { cookie: seeded.cookie });
    clients.push(reader);
    await waitSynced(reader);
    expect(bodyXml(reader.doc)).toBe(stored);
  });

  it('rebuilds from storage, losing nothing, when the log holds a row the room did not write', async () => {
    server = await startServer();
    const collab = server.quire.collab;
    const seeded = seedPaper(server.db);
    const writer = connectClient(server.wsUrl, seeded.pageId, { cookie: seeded.cookie });
    clients.push(writer);
    await waitSynced(writer);
    addParagraph(writer.doc, 'From the room');
    await waitSaved(writer);

    // Another writer of the same file (not supported, but it must not cost data).
    collab.store.append([{ pageId: seeded.pageId, data: paragraphUpdate('Written behind the room'), userId: null }]);
    collab.options.compactAfterUpdates = 1;
    addParagraph(writer.doc, 'After it');
    await waitSaved(writer);
    await waitFor(() => storedRows(server.db, seeded.pageId).updates.length === 0, { message: 'log compacted from storage' });

    // Later compactions (threshold and unload) must not go back to snapshotting the room's doc,
    // which lacks the foreign row.
    addParagraph(writer.doc, 'Later still');
    await waitSaved(writer);
    await waitFor(() => storedRows(server.db, seeded.pageId).updates.length === 0, { message: 'log compacted again' });
    collab.options.unloadGraceMs = 0;
    writer.destroy();
    await waitFor(() => collab.roomCount() === 0, { message: 'room unloaded' });

    const stored = bodyXml(await storedDoc(server.db, seeded.pageId));
    for (const text of ['From the room', 'Written behind the room', 'After it', 'Later still']) expect(stored).toContain(text);
  });
});
