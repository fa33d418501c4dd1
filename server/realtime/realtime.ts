/**
 * The socket.io channel: live page tree, page details, members and presence for each paper.
 * A connection authenticates with the session cookie and must come from an allowed Origin; a
 * socket joins a paper's room with 'paper:join' (members only, "Not found." otherwise). Each
 * event a client sends is allowed from the role matrix (EVENT_ACTIONS), against the member's
 * role as stored when the event arrives, so a role change or removal applies to the next event. Data
 * changes arrive as AppEvents from the routes and the collab server and go out to the room.
 * Every socket also joins its person's own room (userRoom), where their notifications arrive.
 * All state lives in the value attachRealtime returns, so a test can run two servers.
 */
import { Server } from 'socket.io';
import type { Server as HttpServer } from 'node:http';
import type { Db } from '../store/database.js';
import type { Config } from '../config.js';
import type { AppEvents, AppEventMap } from '../events.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/events.js';
import { paperRoom, userRoom } from '../../shared/events.js';
import { colorFor } from '../../shared/presence.js';
import { limits } from '../../shared/limits.js';
import { memberAccess, originAllowed, pageAccess, paperRole } from '../domain/access.js';
import { can, EVENT_ACTIONS } from '../../shared/permissions.js';
import { userForCookie, type SessionUser } from '../domain/sessions.js';
import { liveTree } from '../domain/tree.js';
import { pageView } from '../store/pages.js';
import { PresenceRegistry } from './presence.js';
import { SessionSweep } from './sessionSweep.js';

interface SocketData {
  user: SessionUser;
}

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface Realtime {
  io: RealtimeServer;
  /** Disconnects every socket and stops listening to AppEvents; the http server is left to its owner. */
  close(): Promise<void>;
}

const NOT_FOUND = 'Not found.';
const SIGNED_OUT = 'You are signed out. Sign in again to continue.';

/** Attaches socket.io (at /socket.io) to the http server and wires it to the app's events. */
export function attachRealtime(
  httpServer: HttpServer,
  deps: { db: Db; config: Config; events: AppEvents; log: (...args: unknown[]) => void },
): Realtime {
  const { db, config, events, log } = deps;
  const presence = new PresenceRegistry();
  const io: RealtimeServer = new Server(httpServer, {
    serveClient: false,
    // The collab endpoint shares the http server's 'upgrade' event: leave other upgrades alone.
    destroyUpgrade: false,
    maxHttpBufferSize: limits.socketMessageBytes,
    allowRequest: (req, callback) => callback(null, originAllowed(config, req.headers.origin, req.headers.host)),
  });

  io.use((socket, next) => {
    const user = userForCookie(db, config, socket.request.headers.cookie);
    if (!user) return next(new Error('Sign in to continue.'));
    socket.data.user = user;
    next();
  });

  const hasListeners = (paperId: string) => (io.sockets.adapter.rooms.get(paperRoom(paperId))?.size ?? 0) > 0;
  const broadcastPresence = (paperId: string) => io.to(paperRoom(paperId)).emit('presence:changed', { paperId, people: presence.people(paperId) });

  /** Whether this user may send this event about this paper now, by the matrix. */
  const permitted = (event: keyof typeof EVENT_ACTIONS, paperId: string, userId: string) => {
    const action = EVENT_ACTIONS[event];
    if (action === null) return true;
    const access = memberAccess(db, paperId, userId);
    return !!access && can(access.role, action, access.settings);
  };

  // A socket whose session ended is told so, then disconnected (its client stops reconnecting).
  const sessions = new SessionSweep(db, config, (socket) => {
    socket.emit('session:ended', { message: SIGNED_OUT });
    socket.disconnect(true);
  });

  io.on('connection', (socket) => {
    const user = socket.data.user;
    sessions.add(socket);
    // Each person's own room: their notifications reach every tab they have open.
    void socket.join(userRoom(user.id));

    socket.on('paper:join', (paperId, ack) => {
      if (typeof ack !== 'function') return;
      // The session may have ended (signed out elsewhere, expired) since the socket connected.
      if (!userForCookie(db, config, socket.request.headers.cookie)) {
        ack({ ok: false, error: SIGNED_OUT });
        socket.disconnect(true);
        return;
      }
      if (typeof paperId !== 'string' || !permitted('paper:join', paperId, user.id)) return ack({ ok: false, error: NOT_FOUND });
      void socket.join(paperRoom(paperId));
      const changed = presence.join(paperId, socket.id, { userId: user.id, name: user.name, color: colorFor(user.id) });
      ack({ ok: true, pages: liveTree(db, paperId), presence: presence.people(paperId) });
      if (changed) broadcastPresence(paperId);
    });

    socket.on('paper:leave', (paperId) => {
      if (typeof paperId !== 'string') return;
      void socket.leave(paperRoom(paperId));
      if (presence.leave(paperId, socket.id)) broadcastPresence(paperId);
    });

    socket.on('presence:update', (update) => {
      const paperId = update?.paperId;
      if (typeof paperId !== 'string' || !socket.rooms.has(paperRoom(paperId))) return;
      if (!permitted('presence:update', paperId, user.id)) {
        // Removed while the removal was on its way: let go of the room now.
        void socket.leave(paperRoom(paperId));
        if (presence.leave(paperId, socket.id)) broadcastPresence(paperId);
        return;
      }
      const wanted = typeof update.pageId === 'string' ? update.pageId : null;
      // Only a page of this paper counts; anything else shows the person on the overview.
      const pageId = wanted && pageAccess(db, wanted, user.id)?.paperId === paperId ? wanted : null;
      if (presence.setPage(paperId, socket.id, pageId)) broadcastPresence(paperId);
    });

    socket.on('disconnect', () => {
      for (const paperId of presence.leaveAll(socket.id)) broadcastPresence(paperId);
    });
  });

  const unsubscribe: (() => void)[] = [];
  /** Subscribes to an AppEvent; a failure here must not reach the route that emitted (its change is committed). */
  const listen = <K extends keyof AppEventMap>(name: K, handler: (...args: AppEventMap[K]) => void) => {
    const safe = (...args: AppEventMap[K]) => {
      try {
        handler(...args);
      } catch (err) {
        log(`realtime: ${name} failed`, err);
      }
    };
    events.on(name, safe as never);
    unsubscribe.push(() => events.off(name, safe as never));
  };

  listen('tree:changed', (paperId) => {
    if (hasListeners(paperId)) io.to(paperRoom(paperId)).emit('tree:changed', { paperId, pages: liveTree(db, paperId) });
  });

  listen('paper:changed', (paperId) => {
    if (hasListeners(paperId)) io.to(paperRoom(paperId)).emit('paper:changed', { paperId });
  });

  listen('labels:changed', (paperId) => {
    if (hasListeners(paperId)) io.to(paperRoom(paperId)).emit('labels:changed', { paperId });
  });

  listen('releases:changed', (paperId) => {
    if (hasListeners(paperId)) io.to(paperRoom(paperId)).emit('releases:changed', { paperId });
  });

  listen('page:edited', (paperId, pageId) => {
    if (!hasListeners(paperId)) return;
    const page = pageView(db, paperId, pageId);
    if (page) io.to(paperRoom(paperId)).emit('page:updated', { paperId, page });
  });

  listen('revisions:changed', (paperId, pageId) => {
    if (hasListeners(paperId)) io.to(paperRoom(paperId)).emit('revisions:changed', { paperId, pageId });
  });

  listen('comments:changed', (paperId, pageId) => {
    if (hasListeners(paperId)) io.to(paperRoom(paperId)).emit('comments:changed', { paperId, pageId });
  });

  listen('files:changed', (paperId, pageId) => {
    if (hasListeners(paperId)) io.to(paperRoom(paperId)).emit('files:changed', { paperId, pageId });
  });

  listen('members:changed', (paperId, userId) => {
    const room = paperRoom(paperId);
    io.to(room).emit('members:changed', { paperId });
    if (paperRole(db, paperId, userId)) return;
    // Removed: their sockets stop hearing about this paper at once.
    let presenceChanged = false;
    for (const socket of io.sockets.sockets.values()) {
      if (socket.data.user?.id !== userId || !socket.rooms.has(room)) continue;
      void socket.leave(room);
      presenceChanged = presence.leave(paperId, socket.id) || presenceChanged;
    }
    if (presenceChanged) broadcastPresence(paperId);
  });

  listen('session:ended', (tokenHash) => sessions.endSession(tokenHash));

  listen('notification:created', (userId, notification, unread) => io.to(userRoom(userId)).emit('notification:new', { notification, unread }));
  listen('notifications:read', (userId, unread) => io.to(userRoom(userId)).emit('notifications:unread', { unread }));
  listen('confidentiality:progress', (userId, progress) => io.to(userRoom(userId)).emit('confidentiality:progress', progress));
  listen('export:progress', (userId, progress) => io.to(userRoom(userId)).emit('export:progress', progress));

  return {
    io,
    async close() {
      for (const off of unsubscribe) off();
      sessions.stop();
      io.disconnectSockets(true);
      io.engine.close();
    },
  };
}
