/** The typed socket.io connection a paper screen opens for live tree, presence and member events. */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../shared/events.js';

export type PaperSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The window event fired when the server says this session ended; the app shows the sign-in screen. */
export const SESSION_ENDED_EVENT = 'quire:session-ended';

/** Opens a socket.io connection to this origin (the session cookie authenticates it). */
export function openPaperSocket(): PaperSocket {
  const socket: PaperSocket = io({ withCredentials: true, reconnectionDelayMax: 5000 });
  socket.on('session:ended', ({ message }) => window.dispatchEvent(new CustomEvent(SESSION_ENDED_EVENT, { detail: message })));
  return socket;
}
