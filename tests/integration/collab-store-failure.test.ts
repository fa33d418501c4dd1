/** A failed commit broadcasts nothing, closes the page's clients with 4500, and their reconnect stores the edit. */
import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/collab.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { addSeedMember, addSeedPage, seedPaper } from '../helpers/seed.js';
import { addParagraph, bodyXml, connectClient, storedDoc, waitSaved, waitSynced, type CollabClient } from '../helpers/collabClient.js';
import { waitFor } from '../helpers/waitFor.js';

let server: TestServer;
const clients: CollabClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.stop();
});

describe('collab: a failed commit', () => {
  it('drops the page from memory, closes its clients with 4500, and the edit is stored after they reconnect', async () => {
    server = await startServer();
    const collab = server.quire.collab;
    const seeded = seedPaper(server.db);
    const other = addSeedMember(server.db, seeded.paperId, 'author');
    const a = connectClient(server.wsUrl, seeded.pageId, { cookie: seeded.cookie });
    const b = connectClient(server.wsUrl, seeded.pageId, { cookie: other.cookie });
    clients.push(a, b);
    await Promise.all([waitSynced(a), waitSynced(b)]);

    const realAppend = collab.store.append;
    let failures = 0;
    const seenByB: string[] = [];
    b.doc.on('update', () => seenByB.push(bodyXml(b.doc)));
    collab.store.append = (rows, edits) => {
      if (failures === 0) {
        failures++;
        throw new Error('injected disk error');
      }
      return realAppend(rows, edits);
    };
    addParagraph(a.doc, 'Written while the disk failed');
    await waitFor(() => a.closeCodes.includes(CloseCode.LoadFailed) && b.closeCodes.includes(CloseCode.LoadFailed), { message: 'both closed with 4500' });
    // Nothing was relayed from the failed batch before the room was dropped.
    expect(seenByB.some((xml) => xml.includes('disk failed'))).toBe(false);

    await Promise.all([waitSynced(a), waitSynced(b)]);
    await waitSaved(a);
    await waitFor(() => bodyXml(b.doc).includes('Written while the disk failed'), { message: 'b receives it after reconnecting' });
    expect(bodyXml(await storedDoc(server.db, seeded.pageId))).toContain('Written while the disk failed');
  });

  it('fails only the page whose rows cannot be stored, not other pages', async () => {
    server = await startServer();
    const collab = server.quire.collab;
    const seeded = seedPaper(server.db);
    const secondPage = addSeedPage(server.db, seeded.paperId);
    const a = connectClient(server.wsUrl, seeded.pageId, { cookie: seeded.cookie });
    const b = connectClient(server.wsUrl, secondPage, { cookie: seeded.cookie });
    clients.push(a, b);
    await Promise.all([waitSynced(a), waitSynced(b)]);

    const realAppend = collab.store.append;
    let healed = false;
    collab.store.append = (rows, edits) => {
      if (rows.some((r) => r.pageId === seeded.pageId) && !healed) throw new Error('injected row error');
      return realAppend(rows, edits);
    };
    addParagraph(a.doc, 'On the failing page');
    addParagraph(b.doc, 'On the healthy page');
    await waitSaved(b);
    await waitFor(() => a.closeCodes.includes(CloseCode.LoadFailed), { message: 'failing page closed with 4500' });
    expect(b.closeCodes).toEqual([]);
    healed = true;
    await waitSaved(a);
    expect(bodyXml(await storedDoc(server.db, seeded.pageId))).toContain('On the failing page');
  });
});
