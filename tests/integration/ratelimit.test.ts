import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';
import { ApiClient } from '../helpers/factories.js';
import { waitFor } from '../helpers/waitFor.js';
import { SlidingWindowLimiter } from '../../server/domain/rateLimit.js';

// A short window, so recovery is seen by polling rather than waiting a minute.
const WINDOW_MS = 3000;
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
    // All at once, so the four arrive well within one window however slow the password checks are.
    const answers = await Promise.all([attempt(), attempt(), attempt(), attempt()]);
    expect(answers.map((a) => a.status).sort()).toEqual([401, 401, 401, 429]);
    const refused = answers.find((a) => a.status === 429)!;
    expect(refused.body.error.code).toBe('rate_limited');
    expect(refused.body.error.message).toMatch(/^Too many sign-in attempts from your network\. Wait \d seconds? and try again\.$/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(Math.ceil(WINDOW_MS / 1000));
    // A refused attempt is not counted, and the window slides: the address recovers.
    await waitFor(async () => (await attempt()).status === 401, { interval: 100, message: 'the sign-in limit to recover' });
  });

  it('limits sign-ups separately, and a right password still signs in once the window has passed', async () => {
    const password = 'a long passphrase';
    const emails = [email(), email(), email()];
    const answers = await Promise.all(emails.map((e) => new ApiClient(server.url).request('POST', '/api/auth/signup', { name: 'Cy', email: e, password })));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 429]);
    expect(answers.find((a) => a.status === 429)!.body.error.message).toMatch(/^Too many sign-ups from your network\./);
    const signedUp = emails[answers.findIndex((a) => a.status === 201)];
    await waitFor(async () => (await new ApiClient(server.url).request('POST', '/api/auth/signup', { name: 'Di', email: email(), password })).status === 201, {
      interval: 100,
      message: 'the sign-up limit to recover',
    });
    await waitFor(async () => (await new ApiClient(server.url).request('POST', '/api/auth/signin', { email: signedUp, password })).status === 200, { interval: 100 });
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

describe('the sliding window', () => {
  it('counts the last windowMs only, per key, and says when the oldest attempt leaves the window', () => {
    let now = 1_000_000;
    const limiter = new SlidingWindowLimiter(2, 60_000, () => now);
    expect(limiter.hit('a')).toEqual({ allowed: true });
    now += 20_000;
    expect(limiter.hit('a')).toEqual({ allowed: true });
    expect(limiter.hit('b')).toEqual({ allowed: true });
    now += 10_000;
    expect(limiter.hit('a')).toEqual({ allowed: false, retryAfterSeconds: 30 });
    now += 30_000;
    // The first attempt has left the window; the second is still in it.
    expect(limiter.hit('a')).toEqual({ allowed: true });
    expect(limiter.hit('a')).toEqual({ allowed: false, retryAfterSeconds: 20 });
    expect(new SlidingWindowLimiter(0, 60_000).hit('a')).toEqual({ allowed: true });
  });
});
