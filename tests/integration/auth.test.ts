import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';
import { ApiClient, buildUser } from '../helpers/factories.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.stop();
});

const sessionCookie = (headers: Headers) => headers.getSetCookie().find((c) => c.startsWith('quire_session='));
const sessionCount = () => (server.db.prepare('SELECT COUNT(*) AS n FROM sessions').get() as { n: number }).n;
const newEmail = () => `person-${Math.random().toString(36).slice(2)}@example.org`;

describe('sign up', () => {
  it('creates the account, signs in, and sets an HttpOnly SameSite=Lax cookie', async () => {
    const client = new ApiClient(server.url);
    const email = newEmail();
    const res = await client.request('POST', '/api/auth/signup', { name: '  Ada Lovelace ', email: email.toUpperCase(), password: 'a long passphrase' });
    expect(res.status).toBe(201);
    expect(res.body.user).toEqual({ id: expect.any(String), name: 'Ada Lovelace', email, color: expect.stringMatching(/^#[0-9a-f]{6}$/) });
    const cookie = sessionCookie(res.headers)!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/i);
    const me = await client.request('GET', '/api/me');
    expect(me.status).toBe(200);
    expect(me.body.user).toEqual(res.body.user);
  });

  it('never stores the password itself', async () => {
    const { user } = await buildUser(server.url, { password: 'my secret passphrase' });
    const row = server.db.prepare('SELECT password_hash FROM users WHERE id = ?').get(user.id) as { password_hash: string };
    expect(row.password_hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(row.password_hash).not.toContain('my secret passphrase');
  });

  it('refuses a second account with the same email, whatever its case', async () => {
    const first = await buildUser(server.url);
    const res = await new ApiClient(server.url).request('POST', '/api/auth/signup', { name: 'Again', email: first.email.toUpperCase(), password: 'another passphrase' });
    expect(res.status).toBe(409);
    expect(res.body.error).toEqual({ code: 'conflict', message: 'An account with this email already exists. Sign in instead.' });
  });

  it('refuses a short password with a sentence naming the rule', async () => {
    const res = await new ApiClient(server.url).request('POST', '/api/auth/signup', { name: 'Bea', email: newEmail(), password: 'short' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad_request');
    expect(res.body.error.message).toBe('Password must be at least 10 characters.');
    expect(res.body.error.fields).toEqual({ password: 'Password must be at least 10 characters.' });
  });

  it('refuses a malformed email and a missing name', async () => {
    const res = await new ApiClient(server.url).request('POST', '/api/auth/signup', { email: 'not-an-email', password: 'a long passphrase' });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual({ name: 'Name is required.', email: 'Enter a valid email address, like name@example.org.' });
  });

  it('sets the Secure flag when configured for HTTPS', async () => {
    const secure = await startServer({ config: { secureCookies: true } });
    try {
      const res = await new ApiClient(secure.url).request('POST', '/api/auth/signup', { name: 'Cy', email: newEmail(), password: 'a long passphrase' });
      expect(sessionCookie(res.headers)).toMatch(/;\s*Secure/i);
    } finally {
      await secure.stop();
    }
  });
});

describe('sign in and out', () => {
  it('issues a new session token at every sign-in', async () => {
    const ada = await buildUser(server.url);
    const signUpCookie = ada.client.cookie;
    const res = await ada.client.request('POST', '/api/auth/signin', { email: ada.email, password: ada.password });
    expect(res.status).toBe(200);
    expect(res.body.user).toEqual(ada.user);
    expect(ada.client.cookie).not.toBe(signUpCookie);
    expect((await ada.client.request('GET', '/api/me')).status).toBe(200);
    // The token the browser brought to sign-in is ended, so a planted token cannot ride along.
    const old = new ApiClient(server.url);
    old.cookie = signUpCookie;
    expect((await old.request('GET', '/api/me')).status).toBe(401);
  });

  it('gives the same answer for a wrong email and a wrong password', async () => {
    const ada = await buildUser(server.url);
    const wrongPassword = await new ApiClient(server.url).request('POST', '/api/auth/signin', { email: ada.email, password: 'not the password' });
    const wrongEmail = await new ApiClient(server.url).request('POST', '/api/auth/signin', { email: newEmail(), password: ada.password });
    expect(wrongPassword.status).toBe(401);
    expect(wrongEmail.status).toBe(401);
    expect(wrongPassword.body).toEqual(wrongEmail.body);
    expect(wrongPassword.body.error.message).toBe('Wrong email or password.');
    expect(sessionCookie(wrongPassword.headers)).toBeUndefined();
  });

  it('signs in whatever the case of the email', async () => {
    const ada = await buildUser(server.url);
    const res = await new ApiClient(server.url).request('POST', '/api/auth/signin', { email: ` ${ada.email.toUpperCase()} `, password: ada.password });
    expect(res.status).toBe(200);
  });

  it('signs out: the server session is deleted and the cookie cleared', async () => {
    const ada = await buildUser(server.url);
    const stolen = ada.client.cookie;
    const before = sessionCount();
    const res = await ada.client.request('POST', '/api/auth/signout');
    expect(res.status).toBe(204);
    expect(sessionCookie(res.headers)).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect(ada.client.cookie).toBe('');
    expect(sessionCount()).toBe(before - 1);
    const replay = new ApiClient(server.url);
    replay.cookie = stolen;
    const me = await replay.request('GET', '/api/me');
    expect(me.status).toBe(401);
    expect(me.body.error.code).toBe('unauthenticated');
  });

  it('answers 401 without a session', async () => {
    const client = new ApiClient(server.url);
    expect((await client.request('GET', '/api/me')).body.error.code).toBe('unauthenticated');
    expect((await client.request('GET', '/api/papers')).status).toBe(401);
    expect((await client.request('POST', '/api/papers', { title: 'x' })).status).toBe(401);
  });
});

describe('requests from other sites', () => {
  it('refuses a state-changing request whose Origin is another site', async () => {
    const ada = await buildUser(server.url);
    const res = await ada.client.request('POST', '/api/papers', { title: 'Forged' }, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('Requests from other sites are refused.');
    const signIn = await new ApiClient(server.url).request('POST', '/api/auth/signin', { email: ada.email, password: ada.password }, { origin: 'https://evil.example' });
    expect(signIn.status).toBe(403);
    expect((await ada.client.request('GET', '/api/papers')).body.papers).toEqual([]);
  });

  it('accepts the server own origin and reads from anywhere', async () => {
    const ada = await buildUser(server.url);
    expect((await ada.client.request('POST', '/api/papers', { title: 'Own site' }, { origin: server.url })).status).toBe(201);
    expect((await ada.client.request('GET', '/api/papers', undefined, { origin: 'https://evil.example' })).status).toBe(200);
  });
});
