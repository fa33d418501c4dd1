// npm run backup [dest]: a consistent copy of Quire's SQLite file, safe while Quire is running.
//
// It opens a second connection to the database (WAL mode lets it read while Quire writes) and uses
// SQLite's online backup API, copying every page in one step so that Quire's commits cannot
// restart it. The copy is then checked (PRAGMA integrity_check) before it is reported done.
// The database is found like Quire finds it (server/config.ts): QUIRE_DB_FILE, or quire.sqlite in
// QUIRE_DATA_DIR (./data by default). The copy goes to dest, or next to the database with the time
// in its name. An existing file is never overwritten.
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const dataDir = resolve(process.env.QUIRE_DATA_DIR || './data');
const source = process.env.QUIRE_DB_FILE ? resolve(process.env.QUIRE_DB_FILE) : join(dataDir, 'quire.sqlite');
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
// npm runs scripts from the package folder; a relative dest is taken from where you typed the command.
const dest = process.argv[2] ? resolve(process.env.INIT_CWD || process.cwd(), process.argv[2]) : join(dirname(source), `quire-backup-${stamp}.sqlite`);

function fail(message) {
  console.error(message);
  process.exit(1);
}

if (!existsSync(source)) fail(`There is no database at ${source}. Set QUIRE_DB_FILE or QUIRE_DATA_DIR to where Quire keeps it.`);
if (existsSync(dest)) fail(`${dest} already exists; choose another name (a backup never overwrites a file).`);
if (!existsSync(dirname(dest))) fail(`The folder ${dirname(dest)} does not exist.`);

let db;
try {
  db = new Database(source, { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  // The first step only measures; then copy every page at once, so concurrent commits cannot restart the copy.
  const { totalPages } = await db.backup(dest, { progress: () => 0x7fffffff });
  db.close();
  db = undefined;

  const copy = new Database(dest, { fileMustExist: true });
  const check = copy.pragma('integrity_check', { simple: true });
  const pages = copy.prepare('SELECT COUNT(*) AS n FROM pages').get().n;
  copy.pragma('journal_mode = DELETE');
  copy.close();
  if (check !== 'ok') fail(`The copy at ${dest} failed its integrity check (${check}); the database itself may be damaged.`);
  console.log(`Backed up ${source} to ${dest} (${totalPages} database pages, ${pages} wiki pages); integrity check: ok.`);
} catch (err) {
  db?.close();
  fail(`Backup of ${source} failed: ${err.message}`);
}
