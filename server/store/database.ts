/**
 * Opening Quire's SQLite file: WAL, foreign keys, an integrity check that refuses a corrupt
 * file, and the numbered migrations in migrations/ applied in order and recorded.
 */
import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Db = Database.Database;

/** The folder holding the numbered migration files. */
export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../migrations');

/** Thrown when the database file fails PRAGMA integrity_check; the server must not serve it. */
export class CorruptDatabaseError extends Error {
  constructor(file: string, detail: string) {
    super(
      `The database file ${file} is damaged (integrity check: ${detail}). Quire will not serve it, ` +
        'so nothing more is written to it. Restore it from a backup, or move it aside to start afresh.',
    );
    this.name = 'CorruptDatabaseError';
  }
}

export interface OpenOptions {
  /** 'full' fsyncs every commit (survives power loss); 'normal' survives a process crash. */
  synchronous?: 'normal' | 'full';
}

/** Opens (creating if needed) the database at `file`, checks it, and migrates it. */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true });
  let db: Db;
  try {
    db = new Database(file);
  } catch (err) {
    throw new CorruptDatabaseError(file, (err as Error).message);
  }
  try {
    const check = db.pragma('integrity_check') as { integrity_check: string }[];
    const detail = check.map((row) => row.integrity_check).join('; ');
    if (detail !== 'ok') throw new CorruptDatabaseError(file, detail);
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return db;
  } catch (err) {
    db.close();
    if (err instanceof CorruptDatabaseError) throw err;
    const code = (err as { code?: string }).code ?? '';
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') throw new CorruptDatabaseError(file, (err as Error).message);
    throw err;
  }
}

/** Applies every migrations/NNN_name.sql not yet recorded, each in its own transaction. */
export function migrate(db: Db, dir = MIGRATIONS_DIR): string[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
  const files = readdirSync(dir)
    .filter((f) => /^\d+_.+\.sql$/.test(f))
    .sort((a, b) => parseInt(a, 10) - parseInt(b, 10));
  const done: string[] = [];
  for (const file of files) {
    const version = parseInt(file, 10);
    if (applied.has(version)) continue;
    const sql = readFileSync(join(dir, file), 'utf8');
    db.transaction(() => {
      db.exec(sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(version, file, new Date().toISOString());
    })();
    done.push(file);
  }
  return done;
}
