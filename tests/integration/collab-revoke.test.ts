/** revokeAccess closes one user's connections to one paper with 4410 and leaves everyone else connected. */
import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/collab.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { addSeedMember, seedPaper } from '../helpers/seed.js';
import { addParagraph, connectClient, waitSaved, waitSynced, type CollabClient } from '../helpers/collabClient.js';
import { waitFor } from '../helpers/waitFor.js';

let server: TestServer;
const clients: CollabClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.stop();
});

describe('collab: revoking access', () => {
  it('closes only the revoked user’s connections to that paper', async () => {
    server = await startServer();
    const seeded = seedPaper(server.db);
    const leaving = addSeedMember(server.db, seeded.paperId, 'author');
    const elsewhere = seedPaper(server.db);
    server.db.prepare("INSERT INTO members (paper_id, user_id, role, added_at) VALUES (?, ?, 'author', ?)").run(elsewhere.paperId, leaving.userId, new Date().toISOString());

    const stays = connectClient(server.wsUrl, seeded.pageId, { cookie: seeded.cookie });
    const revoked = connectClient(server.wsUrl, seeded.pageId, { cookie: leaving.cookie });
    const otherPaper = connectClient(server.wsUrl, elsewhere.pageId, { cookie: leaving.cookie });
    clients.push(stays, revoked, otherPaper);
    await Promise.all([stays, revoked, otherPaper].map((c) => waitSynced(c)));

    server.quire.collab.revokeAccess(seeded.paperId, leaving.userId);
    await waitFor(() => revoked.closeCodes.includes(CloseCode.AccessRevoked), { message: 'revoked with 4410' });
    addParagraph(stays.doc, 'After the revocation');
    await waitSaved(stays);
    expect(stays.closeCodes).toEqual([]);
    expect(otherPaper.closeCodes).toEqual([]);
    expect(otherPaper.provider.wsconnected).toBe(true);
  });
});
