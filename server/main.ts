/**
 * The only file with side effects: read settings, open the database, listen, and shut down
 * cleanly on SIGTERM/SIGINT (every received update stored before exit).
 */
import { readConfig } from './config.js';
import { openDatabase, CorruptDatabaseError } from './store/database.js';
import { createApp } from './app.js';

const config = readConfig();
let db;
try {
  db = openDatabase(config.dbFile, { synchronous: config.synchronous });
} catch (err) {
  if (err instanceof CorruptDatabaseError) {
    console.error(err.message);
    process.exit(2);
  }
  throw err;
}
const quire = createApp({ db, config });
quire.server.on('error', (err: NodeJS.ErrnoException) => {
  console.error(err.code === 'EADDRINUSE' ? `Port ${config.port} is already in use. Set PORT to another port.` : err.message);
  process.exit(1);
});
quire.server.listen(config.port, config.host, () => {
  const address = quire.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  // Tests and scripts read this line to learn the port when PORT=0.
  console.log(`Quire is serving on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port} (data: ${config.dbFile})`);
});

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal} received: storing every change and closing connections.`);
  const timer = setTimeout(() => {
    console.error('Shutdown took longer than 10 s; exiting.');
    process.exit(1);
  }, 10_000);
  timer.unref();
  await quire.close();
  db.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
