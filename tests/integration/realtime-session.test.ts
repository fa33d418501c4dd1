/**
 * A socket.io connection does not outlive its session: signing out disconnects that session's
 * sockets at once (telling them why), an idle session's sockets go at the next sweep, and other
 * people's sockets stay.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { startServer, type TestServer } from '../helpers/server.js';
import { buildPaper, buildUser, type TestUser } from '../helpers/factories.js';
import { waitFor } from '../helpers/waitFor.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/events.js';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let server: TestServer | undefined;
const sockets: ClientSocket[] = [];
afterEach(async () => {
  while (sockets.length) sockets.pop()!.disconnect();
  await server?.stop();
  server = undefined;
});

/** A connected socket with a person's cookie, recording why it was told to go. */
async function socketFor(url: string, who: TestUser) {
  const socket: ClientSocket = connect(url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie: who.client.cookie } });
  sockets.push(socket);
  const told: string[] = [];
  socket.on('session:ended', ({ message }) => told.push(message));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return { socket, told };
}

describe('socket.io and sessions', () => {
  it('disconnects a session’s sockets when it signs out, and leaves other people’s', async () => {
    server = await startServer();
    const ada = await buildUser(server.url, { name: 'Ada' });
    const bob = await buildUser(server.url, { name: 'Bob' });
    const paper = await buildPaper(ada);
    const adas = await socketFor(server.url, ada);
    const bobs = await socketFor(server.url, bob);
    expect(await adas.socket.emitWithAck('paper:join', paper.id)).toMatchObject({ ok: true });

    expect((await ada.client.request('POST', '/api/auth/signout')).status).toBe(204);
    await waitFor(() => !adas.socket.connected, { message: "Ada's socket to be disconnected" });
    expect(adas.told).toEqual(['You are signed out. Sign in again to continue.']);
    expect(bobs.socket.connected).toBe(true);
  });

  it('disconnects the sockets of a session that went idle, at the next sweep', async () => {
    server = await startServer({ config: { sessionIdleMs: 1_500 } });
    const ada = await buildUser(server.url, { name: 'Ada' });
    const { socket, told } = await socketFor(server.url, ada);
    // Nothing is sent, so the session ages; the sweep runs every quarter of the idle limit.
    await waitFor(() => !socket.connected, { timeout: 10_000, message: 'the idle session’s socket to be disconnected' });
    expect(told).toHaveLength(1);
    expect((await ada.client.request('GET', '/api/me')).status).toBe(401);
  });
});
