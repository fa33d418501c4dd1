/** The typed socket.io connection a paper screen opens for live tree, presence and member events. */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../shared/events.js';

export type PaperSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Opens a socket.io connection to this origin (the session cookie authenticates it). */
export function openPaperSocket(): PaperSocket {
  return io({ withCredentials: true, reconnectionDelayMax: 5000 });
}
