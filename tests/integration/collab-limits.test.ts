/** Size limits: an oversized message closes with 4413, an oversized awareness state too, a page past its maximum with 4414. */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode, MESSAGE_AWARENESS } from '../../shared/collab.js';
import { limits } from '../../shared/limits.js';
import { updateFrame } from '../../server/collab/protocol.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { seedPaper, storedRows } from '../helpers/seed.js';
import { openRaw } from '../helpers/collabClient.js';

let server: TestServer;

afterEach(async () => {
  await server?.stop();
});

async function openAuthor() {
  server = await startServer();
  const seeded = seedPaper(server.db, { role: 'author' });
  const raw = openRaw(server.wsUrl, seeded.pageId, { cookie: seeded.cookie });
  await raw.opened;
  return { seeded, raw };
}

describe('collab: limits', () => {
  it('closes a connection that sends a message over the limit with 4413', async () => {
    const { seeded, raw } = await openAuthor();
    const before = storedRows(server.db, seeded.pageId);
    const big = new Uint8Array(limits.collabMessageBytes + 1);
    raw.send(big);
    expect((await raw.closed).code).toBe(CloseCode.MessageTooLarge);
    expect(storedRows(server.db, seeded.pageId)).toEqual(before);
  });

  it('closes a connection whose awareness state is over the limit with 4413', async () => {
    const { raw } = await openAuthor();
    const state = JSON.stringify({ user: { name: 'x'.repeat(limits.awarenessBytes) } });
    const inner = encoding.createEncoder();
    encoding.writeVarUint(inner, 1);
    encoding.writeVarUint(inner, 4242);
    encoding.writeVarUint(inner, 1);
    encoding.writeVarString(inner, state);
    const outer = encoding.createEncoder();
    encoding.writeVarUint(outer, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
    raw.send(encoding.toUint8Array(outer));
    expect((await raw.closed).code).toBe(CloseCode.MessageTooLarge);
  });

  it('refuses an update that would take the page past its maximum size with 4414', async () => {
    const { seeded, raw } = await openAuthor();
    server.quire.collab.options.pageBytes = 4096;
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'y'.repeat(8192));
    const before = storedRows(server.db, seeded.pageId);
    raw.send(updateFrame(Y.encodeStateAsUpdate(doc)));
    expect((await raw.closed).code).toBe(CloseCode.PageTooLarge);
    server.quire.collab.flushNow();
    expect(storedRows(server.db, seeded.pageId)).toEqual(before);
  });
});
