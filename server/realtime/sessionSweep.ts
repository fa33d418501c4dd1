/**
 * A socket.io connection outlives the request that opened it, so its session is re-checked: every
 * socket of a session that ended (signed out, idle too long, past its maximum, account deleted)
 * is disconnected, at once on sign-out and otherwise at the next sweep (a minute at most, or a
 * quarter of a short idle limit). Checking never counts as activity.
 */
import type { Socket } from 'socket.io';
import type { Config } from '../config.js';
import type { Db } from '../store/database.js';
import { SessionWatch } from '../collab/authorize.js';
import { hashToken, parseCookies, SESSION_COOKIE } from '../domain/sessions.js';

/** Watches the sessions of open sockets and disconnects those whose session ended. */
export class SessionSweep {
  private readonly watches = new Map<Socket, { watch: SessionWatch; tokenHash: string }>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly db: Db,
    private readonly config: Config,
    private readonly ended: (socket: Socket) => void,
  ) {
    const probe = new SessionWatch(db, config, '');
    this.timer = setInterval(() => this.sweep(), probe.intervalMs);
    this.timer.unref();
  }

  /** Starts watching a connected socket's session. */
  add(socket: Socket): void {
    const token = parseCookies(socket.request.headers.cookie)[SESSION_COOKIE] ?? '';
    this.watches.set(socket, { watch: new SessionWatch(this.db, this.config, token), tokenHash: hashToken(token) });
    socket.once('disconnect', () => this.watches.delete(socket));
  }

  /** Disconnects the sockets of one session now (it was signed out). */
  endSession(tokenHash: string): void {
    for (const [socket, entry] of this.watches) if (entry.tokenHash === tokenHash) this.end(socket);
  }

  /** Disconnects every socket whose session no longer holds. */
  sweep(now = Date.now()): void {
    for (const [socket, entry] of this.watches) if (!entry.watch.live(now)) this.end(socket);
  }

  stop(): void {
    clearInterval(this.timer);
    this.watches.clear();
  }

  private end(socket: Socket) {
    this.watches.delete(socket);
    this.ended(socket);
  }
}
