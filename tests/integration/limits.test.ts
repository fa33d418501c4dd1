/**
 * Size limits at the edge, all read from shared/limits.ts: an oversized JSON body is refused
 * with 413 and a sentence, an over-long field with 400 naming its limit, and a socket.io message
 * over the limit is refused. (Collab message, awareness and page limits: collab-limits.test.ts.)
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { limits } from '../../shared/limits.js';
import { defaultCollabOptions } from '../../server/collab/options.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { ApiClient, buildPage, buildPaper, buildUser, type TestUser } from '../helpers/factories.js';

let server: TestServer;
let ada: TestUser;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startServer();
  ada = await buildUser(server.url, { name: 'Ada' });
});
afterEach(() => {
  while (sockets.length) sockets.pop()!.disconnect();
});
afterAll(() => server.stop());

const SENTENCE = /^[A-Z][^\n]*[.!]$/;

describe('request bodies', () => {
  it('refuses a JSON body over the limit with 413 and a sentence, before it is parsed', async () => {
    const body = { title: 'x'.repeat(limits.requestBodyBytes) };
    const res = await ada.client.request('POST', '/api/papers', body);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('too_large');
    expect(res.body.error.message).toMatch(SENTENCE);
    // Also for a route that needs no session, and for an anonymous caller.
    const anon = await new ApiClient(server.url).request('POST', '/api/auth/signin', { email: 'a@example.org', password: 'x'.repeat(limits.requestBodyBytes) });
    expect(anon.status).toBe(413);
    expect((await ada.client.ok('GET', '/api/papers')).papers).toEqual([]);
  });

  it('parses a body just under the limit (and then judges its fields)', async () => {
    const title = 'x'.repeat(limits.requestBodyBytes - 100);
    const res = await ada.client.request('POST', '/api/papers', { title });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.title).toContain(String(limits.paperTitleChars));
  });
});

describe('field lengths', () => {
  // Each: a request with one field one character over its limit, the field and the limit.
  const overLimit: { what: string; send: (who: TestUser, paperId: string, pageId: string) => Promise<{ status: number; body: any }>; field: string; max: number }[] = [
    { what: 'paper title', field: 'title', max: limits.paperTitleChars, send: (w) => w.client.request('POST', '/api/papers', { title: 'x'.repeat(limits.paperTitleChars + 1) }) },
    { what: 'paper subtitle', field: 'subtitle', max: limits.paperSubtitleChars, send: (w) => w.client.request('POST', '/api/papers', { title: 'T', subtitle: 'x'.repeat(limits.paperSubtitleChars + 1) }) },
    { what: 'paper description', field: 'description', max: limits.paperDescriptionChars, send: (w, paperId) => w.client.request('PATCH', `/api/papers/${paperId}`, { description: 'x'.repeat(limits.paperDescriptionChars + 1) }) },
    { what: 'renamed paper title', field: 'title', max: limits.paperTitleChars, send: (w, paperId) => w.client.request('PATCH', `/api/papers/${paperId}`, { title: 'x'.repeat(limits.paperTitleChars + 1) }) },
    { what: 'page title', field: 'title', max: limits.pageTitleChars, send: (w, paperId) => w.client.request('POST', `/api/papers/${paperId}/pages`, { title: 'x'.repeat(limits.pageTitleChars + 1) }) },
    { what: 'renamed page title', field: 'title', max: limits.pageTitleChars, send: (w, paperId, pageId) => w.client.request('PATCH', `/api/papers/${paperId}/pages/${pageId}`, { title: 'x'.repeat(limits.pageTitleChars + 1) }) },
    { what: 'name at sign-up', field: 'name', max: limits.nameChars, send: () => new ApiClient(server.url).request('POST', '/api/auth/signup', { name: 'x'.repeat(limits.nameChars + 1), email: 'long-name@example.org', password: 'correct horse battery' }) },
    { what: 'email at sign-up', field: 'email', max: limits.emailChars, send: () => new ApiClient(server.url).request('POST', '/api/auth/signup', { name: 'Long', email: `${'x'.repeat(limits.emailChars)}@example.org`, password: 'correct horse battery' }) },
    { what: 'password at sign-up', field: 'password', max: limits.passwordMaxChars, send: () => new ApiClient(server.url).request('POST', '/api/auth/signup', { name: 'Long', email: 'long-password@example.org', password: 'x'.repeat(limits.passwordMaxChars + 1) }) },
  ];

  it.each(overLimit)('refuses an over-long $what with 400 naming the limit', async ({ send, field, max }) => {
    const paper = await buildPaper(ada);
    const page = await buildPage(ada, paper.id);
    const res = await send(ada, paper.id, page.id);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad_request');
    expect(res.body.error.message).toMatch(SENTENCE);
    expect(res.body.error.fields[field]).toContain(`at most ${max} characters`);
  });

  it('accepts titles exactly at the limit', async () => {
    const paper = await buildPaper(ada, { title: 'x'.repeat(limits.paperTitleChars), subtitle: 'y'.repeat(limits.paperSubtitleChars) });
    expect(paper.title).toHaveLength(limits.paperTitleChars);
    const page = await buildPage(ada, paper.id, { title: 'z'.repeat(limits.pageTitleChars) });
    expect(page.title).toHaveLength(limits.pageTitleChars);
  });
});

describe('socket.io and collab messages', () => {
  function socketFor(who: TestUser, transport: 'websocket' | 'polling') {
    const socket = connect(server.url, { transports: [transport], reconnection: false, extraHeaders: { cookie: who.client.cookie } });
    sockets.push(socket);
    return socket;
  }
  const connected = (socket: Socket) =>
    new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
  const disconnected = (socket: Socket) => new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));

  it.each(['websocket', 'polling'] as const)('drops a %s socket.io connection that sends a message over the limit', async (transport) => {
    const paper = await buildPaper(ada);
    const socket = socketFor(ada, transport);
    await connected(socket);
    // Under the limit: answered.
    const reply = await socket.timeout(5_000).emitWithAck('paper:join', paper.id);
    expect(reply.ok).toBe(true);
    const gone = disconnected(socket);
    socket.emit('presence:update', { paperId: paper.id, pageId: 'x'.repeat(limits.socketMessageBytes) });
    expect(await gone).toMatch(/transport (close|error)/);
  });

  it('uses the shared limits for the collab endpoint', () => {
    const options = defaultCollabOptions();
    expect(options.messageBytes).toBe(limits.collabMessageBytes);
    expect(options.pageBytes).toBe(limits.pageBytes);
    expect(options.awarenessBytes).toBe(limits.awarenessBytes);
  });
});
