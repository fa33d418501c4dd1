import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';
import { ApiClient, buildUser } from '../helpers/factories.js';
import { waitFor } from '../helpers/waitFor.js';

// A short window, so recovery is seen by polling rather than waiting a minute.
const WINDOW_MS = 1500;
let server: TestServer;
beforeAll(async () => {
  server = await startServer({ config: { rateLimitWindowMs: WINDOW_MS, signinRateLimit: 3, signupRateLimit: 2, lockoutFailures: 0 } });
});
afterAll(async () => {
  await server.stop();
});

const email = () => `rate-${Math.random().toString(36).slice(2)}@example.org`;

describe('per-address limits on sign-in and sign-up', () => {
  it('answers 429 with Retry-After and a sentence past the sign-in limit, then lets the address try again', async () => {
    const client = new ApiClient(server.url);
    const attempt = () => client.request('POST', '/api/auth/signin', { email: 'someone@example.org', password: 'a wrong passphrase' });
    for (let i = 0; i < 3; i++) expect((await attempt()).status).toBe(401);
    const refused = await attempt();
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
    expect(refused.body.error.message).toMatch(/^Too many sign-in attempts from your network\. Wait \d seconds? and try again\.$/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(Math.ceil(WINDOW_MS / 1000));
    // A refused attempt is not counted, and the window slides: the address recovers.
    await waitFor(async () => (await attempt()).status === 401, { interval: 100, message: 'the sign-in limit to recover' });
  });

  it('limits sign-ups separately, and a right password still signs in once the window has passed', async () => {
    const ada = await buildUser(server.url);
    await buildUser(server.url).catch(() => undefined);
    const refused = await new ApiClient(server.url).request('POST', '/api/auth/signup', { name: 'Cy', email: email(), password: 'a long passphrase' });
    expect(refused.status).toBe(429);
    expect(refused.body.error.message).toMatch(/^Too many sign-ups from your network\./);
    await waitFor(async () => (await new ApiClient(server.url).request('POST', '/api/auth/signup', { name: 'Di', email: email(), password: 'a long passphrase' })).status === 201, {
      interval: 100,
      message: 'the sign-up limit to recover',
    });
    await waitFor(async () => (await new ApiClient(server.url).request('POST', '/api/auth/signin', { email: ada.email, password: ada.password })).status === 200, { interval: 100 });
  });

  it('keeps counts per app instance', async () => {
    const other = await startServer({ config: { rateLimitWindowMs: 60_000, signinRateLimit: 1, lockoutFailures: 0 } });
    try {
      const client = new ApiClient(other.url);
      expect((await client.request('POST', '/api/auth/signin', { email: email(), password: 'x' })).status).toBe(401);
      expect((await client.request('POST', '/api/auth/signin', { email: email(), password: 'x' })).status).toBe(429);
      // The first server's limiter is untouched by the second's.
      expect((await new ApiClient(server.url).request('POST', '/api/auth/signin', { email: email(), password: 'x' })).status).not.toBe(500);
    } finally {
      await other.stop();
    }
  });
});
