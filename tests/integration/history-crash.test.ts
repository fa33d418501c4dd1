/**
 * A page edited just before the server was killed (no revision taken yet: the quiet minute had not
 * passed) gets its revision after the restart, from what storage holds, with its contributor.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/store/database.js';
import { killIfRunning, startServer, startServerProcess, tempDataDir, type ServerProcess, type TestServer } from '../helpers/server.js';
import { seedPaper } from '../helpers/seed.js';
import { addParagraph, connectClient, waitSaved, waitSynced, type CollabClient } from '../helpers/collabClient.js';
import { ApiClient } from '../helpers/factories.js';
import { waitFor } from '../helpers/waitFor.js';

const temp = tempDataDir();
let child: ServerProcess | undefined;
let restarted: TestServer | undefined;
let writer: CollabClient | undefined;

afterEach(async () => {
  writer?.destroy();
  await killIfRunning(child);
  await restarted?.stop(false);
  temp.cleanup();
});

describe('history after a crash', () => {
  it('takes the revision a page was owed when the server was killed', async () => {
    const db = openDatabase(join(temp.dir, 'quire.sqlite'));
    const seeded = seedPaper(db, { role: 'author' });
    db.close();

    child = await startServerProcess({ dataDir: temp.dir });
    writer = connectClient(child.wsUrl, seeded.pageId, { cookie: seeded.cookie });
    await waitSynced(writer);
    addParagraph(writer.doc, 'Typed moments before the crash');
    await waitSaved(writer);
    child.child.kill('SIGKILL');
    await child.exited;
    writer.destroy();

    restarted = await startServer({ dataDir: temp.dir });
    const client = new ApiClient(restarted.url);
    client.cookie = seeded.cookie;
    const path = `/api/papers/${seeded.paperId}/pages/${seeded.pageId}/revisions`;
    const { revisions } = await waitFor(async () => {
      const list = await client.ok('GET', path);
      return list.revisions.length > 0 ? list : null;
    }, { message: 'the owed revision' });
    expect(revisions).toHaveLength(1);
    expect(revisions[0]).toMatchObject({ kind: 'auto', wordsAdded: 5, words: 5 });
    expect(revisions[0].contributors.map((c: { id: string }) => c.id)).toEqual([seeded.userId]);
    // Nothing is owed any more: taking again finds no change.
    expect(await restarted.quire.collab.history.take(seeded.pageId, seeded.paperId, { kind: 'auto' })).toBeNull();
  });
});
