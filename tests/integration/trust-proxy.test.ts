/**
 * Behind a reverse proxy every request arrives from the proxy's address. With QUIRE_TRUST_PROXY
 * naming the proxy, per-address limits count each person's forwarded address; without it, a
 * forwarded address is ignored, so nobody can dodge a limit by sending the header themselves.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';
import { ApiClient } from '../helpers/factories.js';
import { readConfig } from '../../server/config.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const limits = { rateLimitWindowMs: 60_000, signinRateLimit: 2, lockoutFailures: 0 };

/** Three sign-in attempts from each forwarded address, all at once; returns the statuses per address. */
async function attemptsFrom(url: string, addresses: string[]): Promise<number[][]> {
  const attempt = (address: string) =>
    new ApiClient(url).request('POST', '/api/auth/signin', { email: 'someone@example.org', password: 'a wrong passphrase' }, { 'x-forwarded-for': address }).then((r) => r.status);
  return Promise.all(addresses.map((address) => Promise.all([attempt(address), attempt(address), attempt(address)]).then((s) => s.sort())));
}

describe('QUIRE_TRUST_PROXY', () => {
  it('limits each forwarded address on its own when the proxy is trusted', async () => {
    server = await startServer({ config: { ...limits, trustProxy: ['loopback'] } });
    const [first, second] = await attemptsFrom(server.url, ['203.0.113.7', '203.0.113.8']);
    expect(first).toEqual([401, 401, 429]);
    expect(second).toEqual([401, 401, 429]);
  });

  it('ignores X-Forwarded-For by default', async () => {
    server = await startServer({ config: limits });
    const statuses = (await attemptsFrom(server.url, ['203.0.113.7', '203.0.113.8'])).flat().sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(2);
    expect(statuses.filter((s) => s === 429)).toHaveLength(4);
  });

  it('reads hops and lists from the environment and refuses a blanket "true"', () => {
    expect(readConfig({}).trustProxy).toBe(false);
    expect(readConfig({ QUIRE_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(readConfig({ QUIRE_TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toEqual(['loopback', '10.0.0.0/8']);
    expect(() => readConfig({ QUIRE_TRUST_PROXY: 'true' })).toThrow(/number of proxies/);
  });
});
