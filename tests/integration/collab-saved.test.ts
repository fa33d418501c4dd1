/** Saved acks: sent only to subscribers, after the commit, covering the sender's own client id even for a delete-only edit. */
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { FRAGMENT_NAME } from '../../shared/collab.js';
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

describe('collab: saved acks', () => {
  it('acks a stored edit with the sender’s clock, and never a client that did not subscribe', async () => {
    server = await startServer();
    const seeded = seedPaper(server.db);
    const other = addSeedMember(server.db, seeded.paperId, 'author');
    const a = connectClient(server.wsUrl, seeded.pageId, { cookie: seeded.cookie });
    const quiet = connectClient(server.wsUrl, seeded.pageId, { cookie: other.cookie, subscribeSaved: false });
    clients.push(a, quiet);
    await Promise.all([waitSynced(a), waitSynced(quiet)]);

    addParagraph(a.doc, 'Acked');
    addParagraph(quiet.doc, 'Not acked');
    await waitSaved(a);
    expect(a.saved.get(a.doc.clientID)).toBe(Y.getState(a.doc.store, a.doc.clientID));
    // The ack came after the commit: the stored page already holds the edit.
    expect(bodyXml(await storedDoc(server.db, seeded.pageId))).toContain('Acked');
    await roundTrip(quiet);
    await waitFor(async () => bodyXml(await storedDoc(server.db, seeded.pageId)).includes('Not acked'), { message: 'quiet edit stored' });
    expect(quiet.saved.size).toBe(0);
  });

  it('acks a client whose only edit is a deletion', async () => {
    server = await startServer();
    const seeded = seedPaper(server.db);
    const other = addSeedMember(server.db, seeded.paperId, 'author');
    const writer = connectClient(server.wsUrl, seeded.pageId, { cookie: seeded.cookie });
    clients.push(writer);
    await waitSynced(writer);
    addParagraph(writer.doc, 'To be deleted');
    await waitSaved(writer);

    const deleter = connectClient(server.wsUrl, seeded.pageId, { cookie: other.cookie });
    clients.push(deleter);
    await waitSynced(deleter);
    await waitFor(() => bodyXml(deleter.doc).includes('To be deleted'), { message: 'deleter has the text' });
    // As the editor's cursor plugin does: awareness tells the server which Yjs client id this socket is.
    deleter.provider.awareness.setLocalStateField('user', { name: 'Deleter' });
    const fragment = deleter.doc.getXmlFragment(FRAGMENT_NAME);
    fragment.delete(fragment.length - 1, 1);
    expect(Y.getState(deleter.doc.store, deleter.doc.clientID)).toBe(0);
    await waitFor(() => deleter.saved.has(deleter.doc.clientID), { message: 'ack naming the deleter' });
    expect(bodyXml(await storedDoc(server.db, seeded.pageId))).not.toContain('To be deleted');
  });
});
