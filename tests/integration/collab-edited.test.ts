/** After stored edits: pages.last_edited_* is set and 'page:edited' emitted, throttled per page, the last editor never lost. */
import { afterEach, describe, expect, it } from 'vitest';
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

describe('collab: last edited', () => {
  it('records the first editor at once and the last one when the room unloads', async () => {
    server = await startServer();
    const collab = server.quire.collab;
    collab.options.editedThrottleMs = 60_000;
    const seeded = seedPaper(server.db);
    const other = addSeedMember(server.db, seeded.paperId, 'author');
    const events: [string, string, string][] = [];
    server.quire.events.on('page:edited', (paperId, pageId, userId) => events.push([paperId, pageId, userId]));
    const lastEdited = () => server.db.prepare('SELECT last_edited_by AS userId FROM pages WHERE id = ?').get(seeded.pageId) as { userId: string | null };

    const a = connectClient(server.wsUrl, seeded.pageId, { cookie: seeded.cookie });
    const b = connectClient(server.wsUrl, seeded.pageId, { cookie: other.cookie });
    clients.push(a, b);
    await Promise.all([waitSynced(a), waitSynced(b)]);
    addParagraph(a.doc, 'First');
    await waitSaved(a);
    expect(events).toEqual([[seeded.paperId, seeded.pageId, seeded.userId]]);
    expect(lastEdited().userId).toBe(seeded.userId);

    for (let i = 0; i < 3; i++) {
      addParagraph(b.doc, `Then ${i}`);
      await waitSaved(b);
    }
    // Throttled: no new event or write yet.
    expect(events).toHaveLength(1);
    expect(lastEdited().userId).toBe(seeded.userId);

    collab.options.unloadGraceMs = 0;
    a.destroy();
    b.destroy();
    await waitFor(() => collab.roomCount() === 0, { message: 'room unloaded' });
    expect(lastEdited().userId).toBe(other.userId);
    expect(events).toEqual([
      [seeded.paperId, seeded.pageId, seeded.userId],
      [seeded.paperId, seeded.pageId, other.userId],
    ]);
  });
});
