/**
 * kill -9 at a random moment while 20 typists type tagged tokens, round after round on one data
 * folder. Every token the server acked as stored is on disk exactly once after the crash, and
 * after the restart every copy (each survivor, a fresh reader, SQLite) is identical and holds each
 * surviving token exactly once. Five typists die with the server each round: their unacked tokens
 * are the measure of what a crash can lose.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/store/database.js';
import { killIfRunning, startServerProcess, tempDataDir, type ServerProcess } from '../helpers/server.js';
import { addSeedMember, addSeedPage, seedPaper } from '../helpers/seed.js';
import { bodyXml, connectClient, storedDoc, waitSynced, type CollabClient } from '../helpers/collabClient.js';
import { confirmed, connectTypist, covers, keepTyping, occurrences, type Token, type Typist } from '../helpers/typists.js';
import { createRng, seedsFor } from '../helpers/rng.js';
import { scaled } from '../helpers/soak.js';
import { waitFor } from '../helpers/waitFor.js';

// Each y-websocket provider adds a process 'exit' listener.
process.setMaxListeners(100);

const TYPISTS = 20;
const DYING = 5;
const ROUNDS = scaled(3, 30);

const temp = tempDataDir();
const open: CollabClient[] = [];
let child: ServerProcess | undefined;

afterEach(async () => {
  for (const c of open.splice(0)) c.destroy();
  await killIfRunning(child);
  temp.cleanup();
});

interface RoundFigures {
  round: number;
  typed: number;
  acked: number;
  unackedOnDisk: number;
  unackedOnlyInClients: number;
  lostWithDyingClients: number;
}

async function storedXml(dbFile: string, pageId: string): Promise<string> {
  const db = openDatabase(dbFile);
  try {
    return bodyXml(await storedDoc(db, pageId));
  } finally {
    db.close();
  }
}

describe('fault: kill -9 while 20 clients type', () => {
  const [seed] = seedsFor(1, 9000);
  it(`keeps every acked token exactly once and converges after each of ${ROUNDS} crashes (seed ${seed})`, { timeout: scaled(120_000, 1_500_000) }, async () => {
    const rng = createRng(seed);
    const dbFile = join(temp.dir, 'quire.sqlite');
    const db = openDatabase(dbFile);
    const seeded = seedPaper(db);
    // A fresh page each round keeps each page small over a long soak; they all share the one file.
    const pageIds = [seeded.pageId, ...Array.from({ length: ROUNDS - 1 }, (_, i) => addSeedPage(db, seeded.paperId, i + 1))];
    const cookies = [seeded.cookie, ...Array.from({ length: TYPISTS - 1 }, () => addSeedMember(db, seeded.paperId, 'author').cookie)];
    db.close();

    const figures: RoundFigures[] = [];
    // Tokens on the pages of earlier rounds, which later crashes must not touch.
    const earlier: { pageId: string; tokens: Token[] }[] = [];
    child = await startServerProcess({ dataDir: temp.dir });
    for (let round = 0; round < ROUNDS; round++) {
      const pageId = pageIds[round];
      const typists: Typist[] = cookies.map((cookie, i) => connectTypist(child!.wsUrl, pageId, cookie, `typist ${i}`));
      open.push(...typists.map((t) => t.client));
      await Promise.all(typists.map((t) => waitSynced(t.client, 30_000)));

      const typing = keepTyping(typists, rng, round);
      const killAfter = rng.int(20, 400);
      await waitFor(() => typing.typed() >= killAfter, { timeout: 30_000, message: `${killAfter} tokens typed` });
      child.child.kill('SIGKILL');
      typing.stop();
      const { signal } = await child.exited;
      expect(signal).toBe('SIGKILL');

      // What each client had been told was stored at the moment of the crash.
      const all = typists.flatMap((t, i) => t.tokens.map((token) => ({ token, typist: i, acked: confirmed(t.client, token) })));
      for (const t of typists) t.client.destroy();
      open.length = 0;
      const atCrash = await storedXml(dbFile, pageId);
      for (const { token, acked } of all) {
        const n = occurrences(atCrash, token.text);
        if (acked) expect(n, `acked ${token.text} on disk after kill -9 (seed ${seed}, round ${round})`).toBe(1);
        else expect(n).toBeLessThanOrEqual(1);
      }

      // Restart. The first 15 typists reconnect with the documents they kept; the last 5 are gone.
      child = await startServerProcess({ dataDir: temp.dir });
      const survivors = typists.slice(0, TYPISTS - DYING).map((t, i) => {
        const again = connectTypist(child!.wsUrl, pageId, cookies[i], t.name, t.client.doc);
        again.tokens = t.tokens;
        return again;
      });
      const reader = connectClient(child.wsUrl, pageId, { cookie: seeded.cookie });
      open.push(reader, ...survivors.map((t) => t.client));
      await Promise.all([reader, ...survivors.map((t) => t.client)].map((c) => waitSynced(c, 30_000)));
      // A survivor whose tokens were all stored sends nothing new and gets no saved ack (the
      // server's step 1 is its ack), so wait on the stored copy itself.
      const live = openDatabase(dbFile);
      try {
        await waitFor(async () => covers(await storedDoc(live, pageId), survivors.map((t) => t.client.doc)), {
          timeout: 30_000,
          message: `survivors' edits stored (seed ${seed}, round ${round})`,
        });
      } finally {
        live.close();
      }
      const copies = () => [reader, ...survivors.map((t) => t.client)].map((c) => bodyXml(c.doc));
      await waitFor(() => new Set(copies()).size === 1, { timeout: 30_000, message: `all clients converge (seed ${seed}, round ${round})` });
      const xml = copies()[0];
      expect(await storedXml(dbFile, pageId), 'the stored copy equals the clients').toBe(xml);

      for (const { token, typist, acked } of all) {
        const n = occurrences(xml, token.text);
        if (acked || typist < TYPISTS - DYING) expect(n, `${token.text} after restart (seed ${seed}, round ${round})`).toBe(1);
        else expect(n).toBeLessThanOrEqual(1);
      }
      // The pages of earlier rounds still hold their tokens, once each, after this crash too.
      const check = openDatabase(dbFile);
      try {
        for (const page of earlier) {
          const stored = bodyXml(await storedDoc(check, page.pageId));
          for (const token of page.tokens) expect(occurrences(stored, token.text), `${token.text} on an earlier page`).toBe(1);
        }
      } finally {
        check.close();
      }
      expect(occurrences(xml, '<paragraph></paragraph>'), 'the initial empty paragraph, once').toBe(1);

      const unacked = all.filter((x) => !x.acked);
      figures.push({
        round,
        typed: all.length,
        acked: all.length - unacked.length,
        unackedOnDisk: unacked.filter((x) => occurrences(atCrash, x.token.text) === 1).length,
        unackedOnlyInClients: unacked.filter((x) => occurrences(atCrash, x.token.text) === 0).length,
        lostWithDyingClients: unacked.filter((x) => x.typist >= TYPISTS - DYING && occurrences(xml, x.token.text) === 0).length,
      });
      earlier.push({ pageId, tokens: all.filter((x) => occurrences(xml, x.token.text) === 1).map((x) => x.token) });
      for (const c of open.splice(0)) c.destroy();
    }

    const total = (k: keyof RoundFigures) => figures.reduce((n, f) => n + f[k], 0);
    console.log(
      `kill -9 x${ROUNDS} (seed ${seed}), 20 typists, 5 die with the server:\n` +
        figures.map((f) => `  round ${f.round}: typed ${f.typed}, acked ${f.acked}, unacked but on disk ${f.unackedOnDisk}, unacked only in clients ${f.unackedOnlyInClients}, lost with dying clients ${f.lostWithDyingClients}`).join('\n') +
        `\n  total: typed ${total('typed')}, acked ${total('acked')} (all kept), unacked only in clients at the crash ${total('unackedOnlyInClients')}, ` +
        `lost for good ${total('lostWithDyingClients')} (all from dying clients; surviving clients lost 0)`,
    );
  });
});
