import { afterEach, describe, expect, it } from 'vitest';
import { startServer, tempDataDir, type TestServer } from '../helpers/server.js';
import { ApiClient, buildUser } from '../helpers/factories.js';
import { waitFor } from '../helpers/waitFor.js';

const LOCKED = /^This account is locked after repeated failed sign-ins\. Try again in \d+ minutes?\.$/;
let servers: TestServer[] = [];
const temps: (() => void)[] = [];
afterEach(async () => {
  for (const s of servers) await s.stop().catch(() => undefined);
  servers = [];
  temps.splice(0).forEach((cleanup) => cleanup());
});

async function start(dataDir: string, config = {}) {
  const s = await startServer({ dataDir, config: { lockoutFailures: 3, lockoutWindowMs: 60_000, lockoutMs: 10 * 60_000, ...config } });
  servers.push(s);
  return s;
}

const signIn = (url: string, email: string, password: string) => new ApiClient(url).request('POST', '/api/auth/signin', { email, password });

describe('the lock after repeated failed sign-ins', () => {
  it('locks an account after N failures, refuses even the right password, and keeps the lock across a restart', async () => {
    const temp = tempDataDir();
    temps.push(temp.cleanup);
    let server = await start(temp.dir);
    const ada = await buildUser(server.url);
    expect((await signIn(server.url, ada.email, 'wrong one')).body.error.message).toBe('Wrong email or password.');
    expect((await signIn(server.url, ada.email, 'wrong two')).status).toBe(401);
    const third = await signIn(server.url, ada.email, 'wrong three');
    expect(third.status).toBe(423);
    expect(third.body.error).toEqual({ code: 'locked', message: 'This account is locked after repeated failed sign-ins. Try again in 10 minutes.' });
    const right = await signIn(server.url, ada.email, ada.password);
    expect(right.status).toBe(423);
    expect(right.body.error.message).toMatch(LOCKED);
    expect(right.headers.getSetCookie()).toEqual([]);
    const locked = server.db.prepare("SELECT actor_id FROM audit_log WHERE action = 'account.locked' AND target = ?").all(ada.email);
    expect(locked).toEqual([{ actor_id: ada.user.id }]);

    await server.stop(false);
    servers = [];
    server = await start(temp.dir);
    const afterRestart = await signIn(server.url, ada.email, ada.password);
    expect(afterRestart.status).toBe(423);
    expect(afterRestart.body.error.message).toMatch(LOCKED);
    // The session signed up before the lock keeps working: the lock is on signing in.
    const session = new ApiClient(server.url);
    session.cookie = ada.client.cookie;
    expect((await session.request('GET', '/api/me')).status).toBe(200);
  });

  it('unlocks when the lock ends, and a successful sign-in clears earlier failures', async () => {
    const temp = tempDataDir();
    temps.push(temp.cleanup);
    const server = await start(temp.dir, { lockoutMs: 300 });
    const bea = await buildUser(server.url);
    await signIn(server.url, bea.email, 'wrong one');
    await signIn(server.url, bea.email, 'wrong two');
    expect((await signIn(server.url, bea.email, bea.password)).status).toBe(200);
    // The count started again: two more failures do not lock.
    expect((await signIn(server.url, bea.email, 'wrong three')).status).toBe(401);
    expect((await signIn(server.url, bea.email, 'wrong four')).status).toBe(401);
    expect((await signIn(server.url, bea.email, 'wrong five')).status).toBe(423);
    const until = Date.parse((server.db.prepare('SELECT locked_until FROM signin_lockouts WHERE email = ?').get(bea.email) as { locked_until: string }).locked_until);
    // Poll the lock's end rather than sleeping through it.
    await waitFor(() => Date.now() > until, { interval: 20 });
    expect((await signIn(server.url, bea.email, bea.password)).status).toBe(200);
  });

  it('locks an unknown email the same way, so the lock does not tell whether an account exists', async () => {
    const temp = tempDataDir();
    temps.push(temp.cleanup);
    const server = await start(temp.dir);
    const nobody = `nobody-${Date.now()}@example.org`;
    expect((await signIn(server.url, nobody, 'one')).status).toBe(401);
    expect((await signIn(server.url, nobody, 'two')).status).toBe(401);
    const third = await signIn(server.url, nobody, 'three');
    expect(third.status).toBe(423);
    expect(third.body.error.message).toMatch(LOCKED);
  });
});
