/** Upgrades without a session, from a foreign origin, or by a non-member are refused with named codes, touching no room. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/collab.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { seedPaper, seedUser, type SeededPaper } from '../helpers/seed.js';
import { openRaw } from '../helpers/collabClient.js';

let server: TestServer;
let seeded: SeededPaper;

beforeAll(async () => {
  server = await startServer();
  seeded = seedPaper(server.db);
});
afterAll(() => server.stop());

async function closeCodeFor(pageId: string, options: { cookie?: string; origin?: string }) {
  const raw = openRaw(server.wsUrl, pageId, options);
  const { code } = await raw.closed;
  expect(raw.messages).toHaveLength(0);
  expect(server.quire.collab.hasRoom(pageId)).toBe(false);
  expect(server.quire.collab.roomCount()).toBe(0);
  return code;
}

describe('collab: refusals', () => {
  it('refuses a socket without a session cookie with 4401', async () => {
    expect(await closeCodeFor(seeded.pageId, {})).toBe(CloseCode.Unauthenticated);
    expect(await closeCodeFor(seeded.pageId, { cookie: 'quire_session=not-a-token' })).toBe(CloseCode.Unauthenticated);
  });

  it('refuses a foreign Origin with 4403, even with a valid cookie', async () => {
    expect(await closeCodeFor(seeded.pageId, { cookie: seeded.cookie, origin: 'https://evil.example' })).toBe(CloseCode.ForbiddenOrigin);
  });

  it('refuses a non-member, an unknown page and a deleted page with 4404', async () => {
    const stranger = seedUser(server.db);
    expect(await closeCodeFor(seeded.pageId, { cookie: stranger.cookie })).toBe(CloseCode.NotFound);
    expect(await closeCodeFor('no-such-page', { cookie: seeded.cookie })).toBe(CloseCode.NotFound);
    const deleted = seedPaper(server.db);
    server.db.prepare('UPDATE pages SET deleted_at = ? WHERE id = ?').run(new Date().toISOString(), deleted.pageId);
    expect(await closeCodeFor(deleted.pageId, { cookie: deleted.cookie })).toBe(CloseCode.NotFound);
  });

  it('stored nothing for any refused socket', () => {
    const stored = server.db.prepare('SELECT COUNT(*) AS n FROM page_updates').get() as { n: number };
    expect(stored.n).toBe(0);
  });

  it('accepts the server’s own Origin (and only then makes a room)', async () => {
    const raw = openRaw(server.wsUrl, seeded.pageId, { cookie: seeded.cookie, origin: server.url });
    await raw.opened;
    expect(server.quire.collab.hasRoom(seeded.pageId)).toBe(true);
    raw.ws.close();
    await raw.closed;
  });
});
