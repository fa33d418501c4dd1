/**
 * A load that fails at the SQLite level (the log table unreadable) or on the stored bytes (a
 * damaged snapshot row) refuses the client with 4500 and never writes over what is stored; once
 * storage reads again, the refused client's edits arrive exactly once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/collab.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { seedPaper, storedRows } from '../helpers/seed.js';
import { bodyXml, connectClient, storedDoc, waitSaved, waitSynced, type CollabClient } from '../helpers/collabClient.js';
import { connectTypist, covers, occurrences, tokenText, typeToken } from '../helpers/typists.js';
import { waitFor } from '../helpers/waitFor.js';

let server: TestServer | undefined;
const open: CollabClient[] = [];

afterEach(async () => {
  for (const c of open.splice(0)) c.destroy();
  await server?.stop();
  server = undefined;
});

const hex = (rows: ReturnType<typeof storedRows>) => ({
  snapshot: rows.snapshot?.toString('hex'),
  lastUpdateId: rows.lastUpdateId,
  updates: rows.updates.map((u) => [u.id, u.data.toString('hex')]),
});

/** A page with a snapshot and a log, its room unloaded. */
async function pageWithHistory(s: TestServer) {
  const seeded = seedPaper(s.db);
  const writer = connectTypist(s.wsUrl, seeded.pageId, seeded.cookie, 'writer');
  open.push(writer.client);
  await waitSynced(writer.client);
  typeToken(writer, tokenText(0, 0, 0));
  await waitSaved(writer.client);
  writer.client.destroy();
  s.quire.collab.options.unloadGraceMs = 0;
  await waitFor(() => !s.quire.collab.hasRoom(seeded.pageId), { message: 'room unloaded' });
  return seeded;
}

describe('fault: a failed load', () => {
  it('refuses with 4500 while SQLite cannot read the log, writes nothing, and takes the edits once it can', async () => {
    const s = (server = await startServer());
    const seeded = await pageWithHistory(s);
    const before = hex(storedRows(s.db, seeded.pageId));

    // The store's prepared SELECT now fails inside SQLite ("no such table").
    s.db.exec('ALTER TABLE page_updates RENAME TO page_updates_unreadable');
    const typist = connectTypist(s.wsUrl, seeded.pageId, seeded.cookie, 'refused');
    open.push(typist.client);
    typeToken(typist, tokenText(1, 0, 1));
    await waitFor(() => typist.client.closeCodes.filter((c) => c === CloseCode.LoadFailed).length >= 2, { message: 'refused with 4500 twice' });
    expect(s.quire.collab.hasRoom(seeded.pageId)).toBe(false);
    s.db.exec('ALTER TABLE page_updates_unreadable RENAME TO page_updates');
    // Renaming back races the client's retries; what was stored before is still there byte for byte.
    const after = hex(storedRows(s.db, seeded.pageId));
    expect(after.snapshot).toBe(before.snapshot);
    expect(after.updates.slice(0, before.updates.length)).toEqual(before.updates);

    await waitFor(async () => covers(await storedDoc(s.db, seeded.pageId), [typist.client.doc]), { message: 'the refused edit stored after recovery' });
    const xml = bodyXml(await storedDoc(s.db, seeded.pageId));
    expect(occurrences(xml, tokenText(0, 0, 0))).toBe(1);
    expect(occurrences(xml, tokenText(1, 0, 1))).toBe(1);
  });

  it('refuses a page whose stored snapshot is damaged and never overwrites it', async () => {
    const s = (server = await startServer());
    const seeded = await pageWithHistory(s);
    const damaged = Buffer.from('this is not a Yjs update, but it is what is stored');
    s.db.prepare('UPDATE page_snapshots SET state = ? WHERE page_id = ?').run(damaged, seeded.pageId);
    const before = hex(storedRows(s.db, seeded.pageId));

    const typist = connectTypist(s.wsUrl, seeded.pageId, seeded.cookie, 'refused');
    const reader = connectClient(s.wsUrl, seeded.pageId, { cookie: seeded.cookie });
    open.push(typist.client, reader);
    typeToken(typist, tokenText(2, 0, 2));
    await waitFor(() => [typist.client, reader].every((c) => c.closeCodes.filter((code) => code === CloseCode.LoadFailed).length >= 3), {
      message: 'both refused with 4500 again and again',
    });
    s.quire.collab.flushNow();
    expect(s.quire.collab.roomCount()).toBe(0);
    expect(hex(storedRows(s.db, seeded.pageId))).toEqual(before);
    expect(bodyXml(reader.doc)).toBe('');
    const me = await fetch(`${s.url}/api/me`, { headers: { cookie: seeded.cookie } });
    expect(me.status).toBe(200);
  });
});
