/**
 * The y-websocket 2.1 reference server as a bench baseline: `bin/utils` setupWSConnection on ws,
 * in its own process with its own yjs, without persistence (YPERSISTENCE unset), so documents
 * stay in memory after their last client leaves. The room is the URL path. Prints
 * "serving on http://127.0.0.1:<port>"; stdin is the stats channel. Run with --expose-gc.
 */
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import utils from 'y-websocket/bin/utils';
import { openStatsChannel } from '../../servers/stats.mjs';

delete process.env.YPERSISTENCE;
const server = createServer((_req, res) => res.end('y-websocket 2'));
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
wss.on('connection', (ws, req) => utils.setupWSConnection(ws, req));
server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)));
server.listen(0, '127.0.0.1', () => {
  openStatsChannel(() => utils.docs.size);
  console.log(`y-websocket 2 serving on http://127.0.0.1:${server.address().port}`);
});
process.on('SIGTERM', () => process.exit(0));
