/** Content survives a server restart on the same data folder. */
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, tempDataDir, type TestServer } from '../helpers/server.js';
import { seedPaper } from '../helpers/seed.js';
import { addParagraph, bodyXml, connectClient, waitSaved, waitSynced, type CollabClient } from '../helpers/collabClient.js';
import { waitFor } from '../helpers/waitFor.js';

const clients: CollabClient[] = [];
const servers: TestServer[] = [];
const temp = tempDataDir();

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const s of servers.splice(0)) await s.stop(false);
  temp.cleanup();
});

describe('collab: restart', () => {
  it('a new client after a restart sees what was written before it', async () => {
    const first = await startServer({ dataDir: temp.dir });
    servers.push(first);
    const seeded = seedPaper(first.db);
    const writer = connectClient(first.wsUrl, seeded.pageId, { cookie: seeded.cookie });
    clients.push(writer);
    await waitSynced(writer);
    addParagraph(writer.doc, 'Before the restart');
    addParagraph(writer.doc, 'Second paragraph');
    await waitSaved(writer);
    const expected = bodyXml(writer.doc);
    writer.destroy();
    await first.stop(false);
    servers.length = 0;

    const second = await startServer({ dataDir: temp.dir });
    servers.push(second);
    const reader = connectClient(second.wsUrl, seeded.pageId, { cookie: seeded.cookie });
    clients.push(reader);
    await waitSynced(reader);
    await waitFor(() => bodyXml(reader.doc) === expected, { message: 'content after restart' });
    expect(bodyXml(reader.doc)).toContain('Before the restart');
  });
});
