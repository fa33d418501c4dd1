/** Readers' and reviewers' edits are dropped (not applied, not stored, not relayed), yet they receive everyone else's. */
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';
import { addSeedMember, seedPaper } from '../helpers/seed.js';
import { addParagraph, bodyXml, connectClient, roundTrip, storedDoc, waitSaved, waitSynced, type CollabClient } from '../helpers/collabClient.js';
import { waitFor } from '../helpers/waitFor.js';

let server: TestServer;
const clients: CollabClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.stop();
});

describe('collab: read-only roles', () => {
  it.each(['reader', 'reviewer'] as const)('drops a %s’s updates but sends them the others’', async (role) => {
    server = await startServer();
    const author = seedPaper(server.db, { role: 'author' });
    const viewer = addSeedMember(server.db, author.paperId, role);
    const a = connectClient(server.wsUrl, author.pageId, { cookie: author.cookie });
    const v = connectClient(server.wsUrl, author.pageId, { cookie: viewer.cookie });
    clients.push(a, v);
    await Promise.all([waitSynced(a), waitSynced(v)]);

    addParagraph(v.doc, `Written by the ${role}`);
    // Once the server answers this, it has handled (and dropped) the update sent before it.
    await roundTrip(v);
    expect(v.closeCodes).toEqual([]);

    addParagraph(a.doc, 'Written by the author');
    await waitSaved(a);
    await waitFor(() => bodyXml(v.doc).includes('Written by the author'), { message: 'viewer receives the author’s edit' });
    expect(bodyXml(a.doc)).not.toContain(`by the ${role}`);

    const stored = await storedDoc(server.db, author.pageId);
    expect(bodyXml(stored)).toContain('Written by the author');
    expect(bodyXml(stored)).not.toContain(`by the ${role}`);
    const authors = server.db.prepare('SELECT DISTINCT user_id FROM page_updates WHERE page_id = ?').all(author.pageId) as { user_id: string }[];
    expect(authors.map((r) => r.user_id)).toEqual([author.userId]);
    expect(v.provider.wsconnected).toBe(true);
  });
});
