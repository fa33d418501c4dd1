import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CorruptDatabaseError, migrate, openDatabase } from '../../server/store/database.js';

const cleanups: (() => void)[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'quire-db-test-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

describe('migrations', () => {
  it('applies numbered files in numeric order and records each', () => {
    const dir = join(tempDir(), 'migrations');
    mkdirSync(dir);
    // 10 sorts before 2 as text; the runner must go by number.
    writeFileSync(join(dir, '10_add_colour.sql'), "ALTER TABLE things ADD COLUMN colour TEXT NOT NULL DEFAULT 'blue';");
    writeFileSync(join(dir, '2_things.sql'), 'CREATE TABLE things (id INTEGER PRIMARY KEY);');
    writeFileSync(join(dir, 'README.md'), 'not a migration');
    const db = new Database(':memory:');
    expect(migrate(db, dir)).toEqual(['2_things.sql', '10_add_colour.sql']);
    expect(db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all()).toEqual([
      { version: 2, name: '2_things.sql' },
      { version: 10, name: '10_add_colour.sql' },
    ]);
    db.prepare('INSERT INTO things (id) VALUES (1)').run();
    expect(db.prepare('SELECT colour FROM things').get()).toEqual({ colour: 'blue' });
    db.close();
  });

  it('is idempotent: a second run applies nothing, a new file applies alone', () => {
    const dir = join(tempDir(), 'migrations');
    mkdirSync(dir);
    writeFileSync(join(dir, '001_things.sql'), 'CREATE TABLE things (id INTEGER PRIMARY KEY);');
    const db = new Database(':memory:');
    expect(migrate(db, dir)).toEqual(['001_things.sql']);
    expect(migrate(db, dir)).toEqual([]);
    writeFileSync(join(dir, '002_more.sql'), 'CREATE TABLE more (id INTEGER PRIMARY KEY);');
    expect(migrate(db, dir)).toEqual(['002_more.sql']);
    db.close();
  });

  it('rolls back a failing migration and records nothing for it', () => {
    const dir = join(tempDir(), 'migrations');
    mkdirSync(dir);
    writeFileSync(join(dir, '001_half.sql'), 'CREATE TABLE half (id INTEGER PRIMARY KEY); INSERT INTO missing VALUES (1);');
    const db = new Database(':memory:');
    expect(() => migrate(db, dir)).toThrow(/missing/);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    expect(db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({ n: 0 });
    db.close();
  });

  it('creates Quire schema on a new file, and reopening changes nothing', () => {
    const file = join(tempDir(), 'quire.sqlite');
    const db = openDatabase(file);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['users', 'sessions', 'papers', 'members', 'pages', 'page_snapshots', 'page_updates', 'schema_migrations']));
    const applied = db.prepare('SELECT version FROM schema_migrations').all();
    db.close();
    const again = openDatabase(file);
    expect(again.prepare('SELECT version FROM schema_migrations').all()).toEqual(applied);
    expect(again.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(again.pragma('journal_mode', { simple: true })).toBe('wal');
    again.close();
  });
});

describe('integrity check', () => {
  it('refuses a file that is not a database, with a message saying what to do', () => {
    const file = join(tempDir(), 'quire.sqlite');
    writeFileSync(file, Buffer.alloc(8192, 'this is not a database '));
    let error: unknown;
    try {
      openDatabase(file);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(CorruptDatabaseError);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toMatch(/damaged.*Restore it from a backup/s);
  });

  it('refuses a real database with one damaged page', () => {
    const file = join(tempDir(), 'quire.sqlite');
    const db = openDatabase(file);
    const insert = db.prepare("INSERT INTO users (id, name, email, password_hash, created_at) VALUES (?, ?, ?, 'x', '2026-01-01')");
    db.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run(`user-${i}`, `Person ${i}`, `person-${i}@example.org`);
    })();
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const pageCount = db.pragma('page_count', { simple: true }) as number;
    db.close(); // checkpoints the WAL into the main file
    expect(pageCount).toBeGreaterThan(10);

    // Overwrite one b-tree page in the middle of the file (keeping the file header intact).
    const fd = openSync(file, 'r+');
    const victim = Math.floor(pageCount / 2);
    writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, victim * pageSize);
    closeSync(fd);

    expect(() => openDatabase(file)).toThrow(CorruptDatabaseError);
    expect(() => openDatabase(file)).toThrow(/is damaged \(integrity check: .+\)\. Quire will not serve it/s);
  });
});
