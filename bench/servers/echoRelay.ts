/**
 * The physical floor: a plain ws relay with no Yjs. Every binary message is forwarded to every
 * other connection on the same URL path. Run as its own process: `tsx bench/servers/echoRelay.ts`; stdin is the stats channel (stats.mjs).
 */
import { WebSocketServer, type WebSocket } from 'ws';
import { openStatsChannel } from './stats.mjs';

const rooms = new Map<string, Set<WebSocket>>();
const wss = new WebSocketServer({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
wss.on('listening', () => {
  openStatsChannel(() => rooms.size);
  const address = wss.address();
  console.log(`echo relay serving on http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
});
wss.on('connection', (ws, req) => {
  const path = req.url ?? '/';
  let room = rooms.get(path);
  if (!room) rooms.set(path, (room = new Set()));
  room.add(ws);
  ws.on('message', (data: Buffer) => {
    for (const other of room!) if (other !== ws) other.send(data);
  });
  ws.on('close', () => {
    room!.delete(ws);
    if (room!.size === 0) rooms.delete(path);
  });
});
process.on('SIGTERM', () => process.exit(0));
