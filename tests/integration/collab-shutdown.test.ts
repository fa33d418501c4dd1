/** SIGTERM stores every received update, closes clients with 4503, and exits cleanly (main.ts exits 1 after 10 s). */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/collab.js';
import { openDatabase } from '../../server/store/database.js';
import { killIfRunning, startServerProcess, tempDataDir, type ServerProcess } from '../helpers/server.js';
import { addSeedMember, seedPaper } from '../helpers/seed.js';
import { addParagraph, bodyXml, connectClient, roundTrip, storedDoc, waitSynced, type CollabClient } from '../helpers/collabClient.js';
import { waitFor } from '../helpers/waitFor.js';

const clients: CollabClient[] = [];
const temp = tempDataDir();
let child: ServerProcess | undefined;

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await killIfRunning(child);
  temp.cleanup();
});

describe('collab: shutdown', () => {
  it('stores what it received and exits with code 0 on SIGTERM', async () => {
    const dbFile = join(temp.dir, 'quire.sqlite');
    const db = openDatabase(dbFile);
    const seeded = seedPaper(db);
    const other = addSeedMember(db, seeded.paperId, 'author');
    db.close();

    child = await startServerProcess({ dataDir: temp.dir });
    const a = connectClient(child.wsUrl, seeded.pageId, { cookie: seeded.cookie, subscribeSaved: false });
    const b = connectClient(child.wsUrl, seeded.pageId, { cookie: other.cookie, subscribeSaved: false });
    clients.push(a, b);
    await Promise.all([waitSynced(a), waitSynced(b)]);
    for (let i = 0; i < 10; i++) addParagraph(i % 2 ? a.doc : b.doc, `Line ${i}`);
    // The server has handled everything both sent once it answers these.
    await Promise.all([roundTrip(a), roundTrip(b)]);
    await waitFor(() => bodyXml(a.doc) === bodyXml(b.doc), { message: 'clients converged' });
    const expected = bodyXml(a.doc);

    child.child.kill('SIGTERM');
    const { code, signal } = await child.exited;
    expect(signal).toBeNull();
    expect(code).toBe(0);
    await waitFor(() => a.closeCodes.includes(CloseCode.ServerShutdown) && b.closeCodes.includes(CloseCode.ServerShutdown), {
      message: 'clients told the server is shutting down',
    });

    const after = openDatabase(dbFile);
    expect(bodyXml(await storedDoc(after, seeded.pageId))).toBe(expected);
    after.close();
  });
});
