/**
 * A full disk, made with PRAGMA max_page_count on the server's own connection: while it is full no
 * edit is acked, no byte of the page changes, the server keeps serving, and once there is space
 * again the clients' reconnects store every edit exactly once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/collab.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { addSeedMember, addSeedPage, seedPaper, storedRows } from '../helpers/seed.js';
import { bodyXml, connectClient, storedDoc, waitSaved, waitSynced, type CollabClient } from '../helpers/collabClient.js';
import { connectTypist, covers, occurrences, tokenText, typeToken, type Typist } from '../helpers/typists.js';
import { waitFor } from '../helpers/waitFor.js';
import type { Db } from '../../server/store/database.js';

process.setMaxListeners(100);

let server: TestServer | undefined;
const open: CollabClient[] = [];

afterEach(async () => {
  for (const c of open.splice(0)) c.destroy();
  await server?.stop();
  server = undefined;
});

/** Caps the file at its current size and fills what free space is left, so the next new page fails with SQLITE_FULL. */
function fillDisk(db: Db, spillPageId: string): number {
  const pages = db.pragma('page_count', { simple: true }) as number;
  db.pragma(`max_page_count = ${pages}`);
  const insert = db.prepare('INSERT INTO page_updates (page_id, data, user_id, created_at) VALUES (?, ?, NULL, ?)');
  let rows = 0;
  for (const size of [8192, 1024, 128, 16, 1]) {
    for (;;) {
      try {
        insert.run(spillPageId, Buffer.alloc(size), new Date().toISOString());
        rows++;
      } catch (err) {
        expect((err as { code?: string }).code).toBe('SQLITE_FULL');
        break;
      }
    }
  }
  return rows;
}

describe('fault: disk full', () => {
  it('acks nothing and changes nothing while full, stays up, and stores every edit once space returns', async () => {
    const s = (server = await startServer());
    const seeded = seedPaper(s.db);
    const spill = addSeedPage(s.db, seeded.paperId);
    const cookies = [seeded.cookie, addSeedMember(s.db, seeded.paperId, 'author').cookie, addSeedMember(s.db, seeded.paperId, 'author').cookie];
    const typists: Typist[] = cookies.map((cookie, i) => connectTypist(s.wsUrl, seeded.pageId, cookie, `typist ${i}`));
    open.push(...typists.map((t) => t.client));
    await Promise.all(typists.map((t) => waitSynced(t.client)));
    let n = 0;
    for (const [i, t] of typists.entries()) typeToken(t, tokenText(0, i, n++));
    await Promise.all(typists.map((t) => waitSaved(t.client)));

    const filler = fillDisk(s.db, spill);
    const before = storedRows(s.db, seeded.pageId);
    const ackedBefore = typists.map((t) => new Map(t.client.saved));
    const closesBefore = typists.map((t) => t.client.closeCodes.length);

    // Each token carries 3 kB, so it cannot fit in what free space is left on a page.
    const pad = ' lorem'.repeat(500);
    for (const [i, t] of typists.entries()) for (let k = 0; k < 5; k++) typeToken(t, tokenText(1, i, n++) + pad);
    // Every commit fails, the page's clients are closed with 4500, reconnect, resend, and fail again.
    await waitFor(() => typists.every((t, i) => t.client.closeCodes.slice(closesBefore[i]).filter((c) => c === CloseCode.LoadFailed).length >= 2), {
      message: 'clients refused with 4500 at least twice each',
    });
    s.quire.collab.flushNow();
    const during = storedRows(s.db, seeded.pageId);
    expect(during.lastUpdateId).toBe(before.lastUpdateId);
    expect(Buffer.compare(during.snapshot!, before.snapshot!)).toBe(0);
    expect(during.updates.map((u) => [u.id, u.data.toString('hex')])).toEqual(before.updates.map((u) => [u.id, u.data.toString('hex')]));
    typists.forEach((t, i) => expect(t.client.saved, `no ack for ${t.name} while full`).toEqual(ackedBefore[i]));
    expect(s.db.pragma('integrity_check', { simple: true })).toBe('ok');

    // Still serving: the HTTP API answers and a reader can open the page and sees only stored content.
    const me = await fetch(`${s.url}/api/me`, { headers: { cookie: seeded.cookie } });
    expect(me.status).toBe(200);
    const reader = connectClient(s.wsUrl, seeded.pageId, { cookie: seeded.cookie, subscribeSaved: false });
    open.push(reader);
    await waitSynced(reader);
    expect(bodyXml(reader.doc)).not.toContain(tokenText(1, 0, 3));

    // Space returns: the next reconnects store everything, once.
    s.db.pragma('max_page_count = 1073741823');
    await waitFor(async () => covers(await storedDoc(s.db, seeded.pageId), typists.map((t) => t.client.doc)), { timeout: 20_000, message: 'edits stored once space returned' });
    await Promise.all(typists.map((t) => waitSaved(t.client)));
    const stored = bodyXml(await storedDoc(s.db, seeded.pageId));
    for (const tok of typists.flatMap((t) => t.tokens)) expect(occurrences(stored, tok.text), tok.text.slice(0, 20)).toBe(1);
    await waitFor(() => [reader, ...typists.map((t) => t.client)].every((c) => bodyXml(c.doc) === stored), { message: 'everyone converges' });
    console.log(`disk full: ${filler} filler rows, ${typists.length} clients refused repeatedly with 4500, nothing acked or written; all ${n} tokens stored once after`);
  });
});
