/** A malformed frame closes only its own connection with 4400 and never touches the stored page. */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode, FRAGMENT_NAME, MESSAGE_AWARENESS, MESSAGE_SYNC } from '../../shared/collab.js';
import { updateFrame } from '../../server/collab/protocol.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { addSeedMember, seedPaper, storedRows } from '../helpers/seed.js';
import { addParagraph, bodyXml, connectClient, openRaw, waitSaved, waitSynced, type CollabClient } from '../helpers/collabClient.js';
import { waitFor } from '../helpers/waitFor.js';

let server: TestServer;
const clients: CollabClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.stop();
});

function validUpdate(): Uint8Array {
  const doc = new Y.Doc();
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText('A perfectly good paragraph that will be cut short')]);
  doc.getXmlFragment(FRAGMENT_NAME).insert(0, [paragraph]);
  doc.getXmlFragment(FRAGMENT_NAME).delete(0, 1);
  return Y.encodeStateAsUpdate(doc);
}

function frame(...parts: (number | Uint8Array)[]): Uint8Array {
  const encoder = encoding.createEncoder();
  for (const part of parts) {
    if (typeof part === 'number') encoding.writeVarUint(encoder, part);
    else encoding.writeVarUint8Array(encoder, part);
  }
  return encoding.toUint8Array(encoder);
}

const update = validUpdate();
const badFrames: [string, Uint8Array][] = [
  ['garbage bytes', Uint8Array.of(0xde, 0xad, 0xbe, 0xef)],
  ['an unknown message type', Uint8Array.of(77, 1, 2, 3)],
  ['an unknown sync step', Uint8Array.of(MESSAGE_SYNC, 9, 0)],
  ['a truncated update', updateFrame(update.slice(0, update.length - 2))],
  ['an update cut inside its structs', updateFrame(update.slice(0, Math.floor(update.length / 2)))],
  ['a frame shorter than its length prefix', updateFrame(update).slice(0, 10)],
  ['a step 2 of random bytes', frame(MESSAGE_SYNC, 1, Uint8Array.from({ length: 64 }, (_, i) => (i * 37 + 11) & 0xff))],
  ['an awareness update with broken JSON', frame(MESSAGE_AWARENESS, frame(1, 1234, 1, new TextEncoder().encode('{"user":')))],
];

describe('collab: malformed messages', () => {
  it.each(badFrames)('closes only the sender of %s, with 4400', async (_name, bytes) => {
    server = await startServer();
    const seeded = seedPaper(server.db, { role: 'author' });
    const other = addSeedMember(server.db, seeded.paperId, 'author');
    const good = connectClient(server.wsUrl, seeded.pageId, { cookie: other.cookie });
    const watcher = connectClient(server.wsUrl, seeded.pageId, { cookie: seeded.cookie });
    clients.push(good, watcher);
    await Promise.all([waitSynced(good), waitSynced(watcher)]);
    const before = storedRows(server.db, seeded.pageId);

    const raw = openRaw(server.wsUrl, seeded.pageId, { cookie: seeded.cookie });
    await raw.opened;
    raw.send(bytes);
    expect((await raw.closed).code).toBe(CloseCode.Malformed);
    server.quire.collab.flushNow();
    expect(storedRows(server.db, seeded.pageId)).toEqual(before);

    addParagraph(good.doc, 'Still working');
    await waitSaved(good);
    await waitFor(() => bodyXml(watcher.doc).includes('Still working'), { message: 'the other client still receives edits' });
    expect(good.closeCodes).toEqual([]);
    expect(watcher.closeCodes).toEqual([]);
  });
});
