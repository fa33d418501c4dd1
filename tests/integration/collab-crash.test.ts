/** Once the server acks an edit as stored, kill -9 cannot lose it. */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/store/database.js';
import { startServerProcess, tempDataDir, type ServerProcess } from '../helpers/server.js';
import { seedPaper } from '../helpers/seed.js';
import { addParagraph, bodyXml, connectClient, storedDoc, waitSaved, waitSynced, type CollabClient } from '../helpers/collabClient.js';
import { waitFor } from '../helpers/waitFor.js';

const clients: CollabClient[] = [];
const children: ServerProcess[] = [];
const temp = tempDataDir();

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const child of children.splice(0)) {
    child.child.kill('SIGKILL');
    await child.exited;
  }
  temp.cleanup();
});

describe('collab: crash', () => {
  it('kill -9 after a saved ack loses nothing that was acked', async () => {
    const dbFile = join(temp.dir, 'quire.sqlite');
    const db = openDatabase(dbFile);
    const seeded = seedPaper(db);
    db.close();

    const first = await startServerProcess({ dataDir: temp.dir });
    children.push(first);
    const writer = connectClient(first.wsUrl, seeded.pageId, { cookie: seeded.cookie });
    clients.push(writer);
    await waitSynced(writer);
    for (let i = 0; i < 20; i++) addParagraph(writer.doc, `Paragraph ${i}`);
    await waitSaved(writer);
    const acked = bodyXml(writer.doc);

    first.child.kill('SIGKILL');
    const { signal } = await first.exited;
    expect(signal).toBe('SIGKILL');
    children.length = 0;
    writer.destroy();

    const afterCrash = openDatabase(dbFile);
    expect(bodyXml(await storedDoc(afterCrash, seeded.pageId))).toBe(acked);
    afterCrash.close();

    const second = await startServerProcess({ dataDir: temp.dir });
    children.push(second);
    const reader = connectClient(second.wsUrl, seeded.pageId, { cookie: seeded.cookie });
    clients.push(reader);
    await waitSynced(reader);
    await waitFor(() => bodyXml(reader.doc) === acked, { message: 'acked content after kill -9' });
  });
});
