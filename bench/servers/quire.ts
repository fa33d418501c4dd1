/**
 * Quire as the bench runs it: the same createApp as server/main.ts, plus the stdin stats channel
 * (event-loop delay, heap and RSS after GC, rooms in memory). Run with --expose-gc.
 * Reads QUIRE_DATA_DIR like main.ts; prints "serving on http://127.0.0.1:<port>".
 */
import { readConfig } from '../../server/config.js';
import { openDatabase } from '../../server/store/database.js';
import { createApp } from '../../server/app.js';
import { openStatsChannel } from './stats.mjs';

const config = readConfig(process.env, { port: 0, host: '127.0.0.1' });
const db = openDatabase(config.dbFile, { synchronous: config.synchronous });
const quire = createApp({ db, config });
// For A/B runs of the write queue's coalescing (see docs/performance.md); unset keeps the default.
if (process.env.BENCH_FLUSH_INTERVAL_MS) quire.collab.options.flushIntervalMs = Number(process.env.BENCH_FLUSH_INTERVAL_MS);
openStatsChannel(() => quire.collab.roomCount());
quire.server.listen(0, '127.0.0.1', () => {
  const address = quire.server.address();
  console.log(`Quire serving on http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
});
process.on('SIGTERM', async () => {
  await quire.close();
  db.close();
  process.exit(0);
});
