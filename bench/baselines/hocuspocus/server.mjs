/**
 * Hocuspocus 4.x as a bench baseline, in its own process with its own yjs. No persistence unless
 * BENCH_SQLITE names a file: then @hocuspocus/extension-sqlite stores every document there (the
 * disk-bytes and cold-open scenarios). Prints "serving on http://127.0.0.1:<port>"; stdin is the
 * stats channel (../../servers/stats.mjs). Run with --expose-gc.
 */
import { Server } from '@hocuspocus/server';
import { openStatsChannel } from '../../servers/stats.mjs';

const extensions = [];
if (process.env.BENCH_SQLITE) {
  const { SQLite } = await import('@hocuspocus/extension-sqlite');
  extensions.push(new SQLite({ database: process.env.BENCH_SQLITE }));
}
const server = new Server({ port: 0, address: '127.0.0.1', quiet: true, stopOnSignals: false, extensions });
await server.listen();
openStatsChannel(() => server.hocuspocus.getDocumentsCount());
console.log(`Hocuspocus serving on http://127.0.0.1:${server.address.port}`);
process.on('SIGTERM', async () => {
  await server.destroy();
  process.exit(0);
});
