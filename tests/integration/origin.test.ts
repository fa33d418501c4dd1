/**
 * Requests and sockets from other sites, beyond the basic cases in auth.test.ts (POST),
 * realtime.test.ts (socket.io over both transports) and collab-refusals.test.ts (collab 4403):
 * every state-changing method, look-alike and opaque ("null") origins, and the extra origins an
 * operator allows with QUIRE_ALLOWED_ORIGINS, on all three channels.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { CloseCode } from '../../shared/collab.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { ApiClient, addMember, buildPage, buildPaper, buildUser } from '../helpers/factories.js';
import { openRaw } from '../helpers/collabClient.js';
import { seedPaper } from '../helpers/seed.js';

const TRUSTED = 'https://wiki.trust.example';
let server: TestServer;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startServer({ config: { allowedOrigins: [TRUSTED] } });
});
afterEach(() => {
  while (sockets.length) sockets.pop()!.disconnect();
});
afterAll(() => server.stop());

/** Origins that must be refused: another site, look-alikes of ours, and the opaque origin of a sandboxed frame or data: URL. */
function foreignOrigins(): string[] {
  const own = new URL(server.url);
  return [
    'https://evil.example',
    'null',
    `http://${own.hostname}:${own.port === '1' ? '2' : '1'}`,
    `http://${own.host}.evil.example`,
    `http://evil.example?${own.host}`,
    `ftp://${own.host}`,
    'not a url',
  ];
}

describe('REST from other sites', () => {
  it('refuses POST, PATCH and DELETE from a foreign Origin with 403 and changes nothing', async () => {
    const ada = await buildUser(server.url, { name: 'Ada' });
    const bob = await buildUser(server.url, { name: 'Bob' });
    const paper = await buildPaper(ada, { title: 'Original' });
    const page = await buildPage(ada, paper.id, { title: 'Introduction' });
    await addMember(ada, paper.id, bob, 'author');
    const attempts: [string, string, unknown?][] = [
      ['PATCH', `/api/papers/${paper.id}`, { title: 'Forged' }],
      ['POST', `/api/papers/${paper.id}/pages`, { title: 'Forged page' }],
      ['PATCH', `/api/papers/${paper.id}/pages/${page.id}`, { title: 'Forged' }],
      ['POST', `/api/papers/${paper.id}/pages/${page.id}/move`, { parentId: null, index: 0 }],
      ['DELETE', `/api/papers/${paper.id}/pages/${page.id}`],
      ['PATCH', `/api/papers/${paper.id}/members/${bob.user.id}`, { role: 'reader' }],
      ['DELETE', `/api/papers/${paper.id}/members/${bob.user.id}`],
      ['POST', '/api/auth/signout'],
    ];
    for (const origin of foreignOrigins()) {
      for (const [method, path, body] of attempts) {
        const res = await ada.client.request(method, path, body, { origin });
        expect(res.status, `${method} ${path} from ${origin}`).toBe(403);
        expect(res.body.error.message).toBe('Requests from other sites are refused.');
      }
    }
    const after = await ada.client.ok('GET', `/api/papers/${paper.id}`);
    expect(after.paper.title).toBe('Original');
    const { pages } = await ada.client.ok('GET', `/api/papers/${paper.id}/pages`);
    expect(pages.map((p: { title: string }) => p.title)).toEqual(['Introduction']);
    const { members } = await ada.client.ok('GET', `/api/papers/${paper.id}/members`);
    expect(members.find((m: { userId: string }) => m.userId === bob.user.id).role).toBe('author');
  });

  it('refuses a sign-up from a foreign Origin, so no account or session is made', async () => {
    const client = new ApiClient(server.url);
    const res = await client.request('POST', '/api/auth/signup', { name: 'Mallory', email: 'mallory@example.org', password: 'correct horse battery' }, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(client.cookie).toBe('');
    const signIn = await client.request('POST', '/api/auth/signin', { email: 'mallory@example.org', password: 'correct horse battery' });
    expect(signIn.status).toBe(401);
  });

  it('accepts an origin the operator allowed, and the server own origin', async () => {
    const ada = await buildUser(server.url);
    expect((await ada.client.request('POST', '/api/papers', { title: 'From the trust wiki' }, { origin: TRUSTED })).status).toBe(201);
    const paper = await buildPaper(ada);
    expect((await ada.client.request('PATCH', `/api/papers/${paper.id}`, { title: 'Own site' }, { origin: server.url })).status).toBe(200);
  });
});

describe('socket.io from other sites', () => {
  const attempt = (cookie: string, origin: string, transport: 'websocket' | 'polling') =>
    new Promise<boolean>((resolve) => {
      const socket = connect(server.url, { transports: [transport], reconnection: false, extraHeaders: { cookie, origin } });
      sockets.push(socket);
      socket.once('connect', () => resolve(true));
      socket.once('connect_error', () => resolve(false));
    });

  it('refuses look-alike and opaque origins over either transport; accepts an allowed one', async () => {
    const ada = await buildUser(server.url);
    for (const origin of foreignOrigins().slice(1)) {
      for (const transport of ['websocket', 'polling'] as const) expect(await attempt(ada.client.cookie, origin, transport), `${origin} over ${transport}`).toBe(false);
    }
    expect(await attempt(ada.client.cookie, TRUSTED, 'websocket')).toBe(true);
    expect(await attempt(ada.client.cookie, TRUSTED, 'polling')).toBe(true);
  });
});

describe('collab from other sites', () => {
  it('closes look-alike and opaque origins with 4403 before touching the page; accepts an allowed one', async () => {
    const seeded = seedPaper(server.db, { config: server.config });
    for (const origin of foreignOrigins().slice(1)) {
      const raw = openRaw(server.wsUrl, seeded.pageId, { cookie: seeded.cookie, origin });
      expect((await raw.closed).code, origin).toBe(CloseCode.ForbiddenOrigin);
      expect(raw.messages).toHaveLength(0);
    }
    expect(server.quire.collab.hasRoom(seeded.pageId)).toBe(false);
    const trusted = openRaw(server.wsUrl, seeded.pageId, { cookie: seeded.cookie, origin: TRUSTED });
    await trusted.opened;
    expect(server.quire.collab.hasRoom(seeded.pageId)).toBe(true);
    trusted.ws.close();
    await trusted.closed;
  });
});
