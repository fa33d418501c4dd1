/**
 * The server is down for a while and clients keep typing offline (their providers keep retrying).
 * When it is back every offline token appears exactly once, in every client and in SQLite, and the
 * page's initial empty paragraph is still there once: nothing of the initial content is duplicated.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, tempDataDir, type TestServer } from '../helpers/server.js';
import { addSeedMember, seedPaper } from '../helpers/seed.js';
import { bodyXml, connectClient, storedDoc, waitSaved, waitSynced, type CollabClient } from '../helpers/collabClient.js';
import { connectTypist, covers, occurrences, tokenText, typeToken, type Typist } from '../helpers/typists.js';
import { createRng, seedsFor } from '../helpers/rng.js';
import { scaled } from '../helpers/soak.js';
import { waitFor } from '../helpers/waitFor.js';

process.setMaxListeners(100);

const TYPISTS = 10;
const temp = tempDataDir();
const open: CollabClient[] = [];
let server: TestServer | undefined;

afterEach(async () => {
  for (const c of open.splice(0)) c.destroy();
  await server?.stop(false);
  server = undefined;
  temp.cleanup();
});

describe('fault: server down while clients type offline', () => {
  const [seed] = seedsFor(1, 5000);
  it(`stores every offline token exactly once and never duplicates initial content (seed ${seed})`, { timeout: scaled(120_000, 900_000) }, async () => {
    const rng = createRng(seed);
    server = await startServer({ dataDir: temp.dir });
    const port = server.port;
    const seeded = seedPaper(server.db);
    const cookies = [seeded.cookie, ...Array.from({ length: TYPISTS - 1 }, () => addSeedMember(server!.db, seeded.paperId, 'author').cookie)];
    const typists: Typist[] = cookies.map((cookie, i) => connectTypist(server!.wsUrl, seeded.pageId, cookie, `typist ${i}`));
    open.push(...typists.map((t) => t.client));
    await Promise.all(typists.map((t) => waitSynced(t.client, 30_000)));
    let n = 0;
    for (const [i, t] of typists.entries()) typeToken(t, tokenText(0, i, n++));
    await Promise.all(typists.map((t) => waitSaved(t.client)));

    const outages = scaled(2, 20);
    let offlineTokens = 0;
    for (let outage = 1; outage <= outages; outage++) {
      await server.stop(false);
      server = undefined;
      // Offline: type in bursts while each provider fails to reconnect a few times.
      const attempts = typists.map((t) => t.client.closeCodes.length);
      for (let burst = 0; burst < 3; burst++) {
        for (const [i, t] of typists.entries()) {
          for (let k = rng.int(0, 4); k > 0; k--) {
            typeToken(t, tokenText(outage, i, n++));
            offlineTokens++;
          }
        }
        await waitFor(() => typists.every((t, i) => t.client.closeCodes.length > attempts[i] + burst), { timeout: 30_000, message: 'failed reconnect attempts' });
      }
      expect(typists.every((t) => !t.client.provider.wsconnected)).toBe(true);

      // Back on the same port: the providers reconnect by themselves.
      server = await startServer({ dataDir: temp.dir, port });
      const s = server;
      await waitFor(async () => covers(await storedDoc(s.db, seeded.pageId), typists.map((t) => t.client.doc)), { timeout: 20_000, message: `offline edits stored (seed ${seed}, outage ${outage})` });
      await waitFor(() => new Set(typists.map((t) => bodyXml(t.client.doc))).size === 1, { timeout: 30_000, message: 'clients converge' });
    }

    const reader = connectClient(server!.wsUrl, seeded.pageId, { cookie: seeded.cookie });
    open.push(reader);
    await waitSynced(reader);
    const stored = bodyXml(await storedDoc(server!.db, seeded.pageId));
    await waitFor(() => bodyXml(reader.doc) === stored, { message: 'a new reader sees the stored copy' });
    for (const t of typists) expect(bodyXml(t.client.doc)).toBe(stored);
    for (const tok of typists.flatMap((t) => t.tokens)) expect(occurrences(stored, tok.text), tok.text).toBe(1);
    expect(occurrences(stored, '<paragraph></paragraph>'), 'the initial empty paragraph, once').toBe(1);
    expect(occurrences(stored, '<paragraph>')).toBe(1 + typists.reduce((sum, t) => sum + t.tokens.length, 0));
    console.log(`offline (seed ${seed}): ${outages} outages, ${offlineTokens} tokens typed offline by ${TYPISTS} clients, each stored once`);
  });
});
