/** Two y-websocket providers on one page converge, and what they wrote is stored. */
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';
import { addSeedMember, seedPaper } from '../helpers/seed.js';
import { addParagraph, bodyXml, connectClient, storedDoc, waitSaved, waitSynced, type CollabClient } from '../helpers/collabClient.js';
import { waitFor } from '../helpers/waitFor.js';

let server: TestServer;
const clients: CollabClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.stop();
});

describe('collab: convergence', () => {
  it('two providers on one page see each other’s edits and the server stores them', async () => {
    server = await startServer();
    const seeded = seedPaper(server.db, { role: 'author' });
    const other = addSeedMember(server.db, seeded.paperId, 'editor');
    const a = connectClient(server.wsUrl, seeded.pageId, { cookie: seeded.cookie });
    const b = connectClient(server.wsUrl, seeded.pageId, { cookie: other.cookie });
    clients.push(a, b);
    await Promise.all([waitSynced(a), waitSynced(b)]);

    addParagraph(a.doc, 'From A');
    addParagraph(b.doc, 'From B');
    await waitFor(() => bodyXml(a.doc).includes('From B') && bodyXml(b.doc).includes('From A'), { message: 'both edits on both clients' });
    await waitFor(() => bodyXml(a.doc) === bodyXml(b.doc), { message: 'identical bodies' });
    await Promise.all([waitSaved(a), waitSaved(b)]);

    const stored = await storedDoc(server.db, seeded.pageId);
    expect(bodyXml(stored)).toBe(bodyXml(a.doc));
    expect(server.quire.collab.roomCount()).toBe(1);
  });
});
