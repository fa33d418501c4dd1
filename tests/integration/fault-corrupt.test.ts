/**
 * A damaged database file: Quire refuses to start, says which file and why, and leaves it as it
 * was. `npm run backup` taken while clients type, against the running server's WAL database,
 * gives a file that passes integrity_check and opens every page.
 */
import * as Y from 'yjs';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/store/database.js';
import { PageBodyStore } from '../../server/store/pageBodies.js';
import { ROOT, startServer, startServerProcess, tempDataDir, type TestServer } from '../helpers/server.js';
import { addSeedMember, addSeedPage, seedPaper } from '../helpers/seed.js';
import { bodyXml, waitSynced, type CollabClient } from '../helpers/collabClient.js';
import { confirmed, connectTypist, keepTyping, occurrences, type Typist } from '../helpers/typists.js';
import { createRng } from '../helpers/rng.js';
import { waitFor } from '../helpers/waitFor.js';

process.setMaxListeners(100);

const temp = tempDataDir();
const open: CollabClient[] = [];
let server: TestServer | undefined;

afterEach(async () => {
  for (const c of open.splice(0)) c.destroy();
  await server?.stop(false);
  server = undefined;
  temp.cleanup();
});

/** A seeded database file with a few pages, closed. */
function seededFile(name: string): string {
  const file = join(temp.dir, name);
  const db = openDatabase(file);
  const seeded = seedPaper(db);
  for (let i = 0; i < 20; i++) addSeedPage(db, seeded.paperId, i + 1);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return file;
}

async function refusesToStart(file: string): Promise<string> {
  const bytes = readFileSync(file);
  let message = '';
  try {
    const child = await startServerProcess({ dataDir: temp.dir, env: { QUIRE_DB_FILE: file } });
    child.child.kill('SIGKILL');
  } catch (err) {
    message = (err as Error).message;
  }
  expect(message, 'the server must not start').toMatch(/Quire exited \(2\) before listening/);
  expect(message).toContain(file);
  expect(message).toContain('is damaged');
  expect(Buffer.compare(readFileSync(file), bytes), 'the damaged file is left as it was').toBe(0);
  return message.split('\n').find((line) => line.includes(file))!;
}

function runBackup(env: NodeJS.ProcessEnv, dest: string): Promise<{ code: number | null; out: string }> {
  const child = spawn('npm', ['run', '--silent', 'backup', '--', dest], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out })));
}

describe('fault: a corrupt database file', () => {
  it('refuses to start on a file that is not a database, naming the file', async () => {
    const file = seededFile('not-a-db.sqlite');
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.from('this is no longer an SQLite header'), 0, 34, 0);
    closeSync(fd);
    console.log('corrupt header:', await refusesToStart(file));
  });

  it('refuses to start on a file with damaged pages, naming the file', async () => {
    const file = seededFile('damaged-pages.sqlite');
    const pageSize = 4096;
    const pages = statSync(file).size / pageSize;
    const rng = createRng(42);
    const fd = openSync(file, 'r+');
    // Scribble over the middle pages (b-tree pages of the tables), keeping the header page intact.
    for (let p = 2; p < pages; p += 2) writeSync(fd, Buffer.from(rng.bytes(pageSize)), 0, pageSize, p * pageSize);
    closeSync(fd);
    console.log('damaged pages:', await refusesToStart(file));
  });

  it('npm run backup taken while clients type gives a file that checks out and opens every page', async () => {
    const s = (server = await startServer({ dataDir: temp.dir }));
    const seeded = seedPaper(s.db);
    const pageIds = [seeded.pageId, ...Array.from({ length: 5 }, (_, i) => addSeedPage(s.db, seeded.paperId, i + 1))];
    const typists: Typist[] = pageIds.map((pageId, i) => connectTypist(s.wsUrl, pageId, i === 0 ? seeded.cookie : addSeedMember(s.db, seeded.paperId, 'author').cookie, `typist ${i}`));
    open.push(...typists.map((t) => t.client));
    await Promise.all(typists.map((t) => waitSynced(t.client)));
    const typing = keepTyping(typists, createRng(3), 0, { everyMs: 2, p: 0.8 });
    await waitFor(() => typists.every((t) => t.tokens.some((tok) => confirmed(t.client, tok))), { message: 'acked typing on every page' });

    const ackedBefore = typists.map((t) => t.tokens.filter((tok) => confirmed(t.client, tok)));
    const typedBefore = typing.typed();
    const dest = join(temp.dir, 'backup.sqlite');
    const backup = await runBackup({ QUIRE_DB_FILE: s.config.dbFile }, dest);
    const typedDuring = typing.typed() - typedBefore;
    typing.stop();
    expect(backup.code, backup.out).toBe(0);
    expect(backup.out).toMatch(/integrity check: ok/);
    expect(typedDuring, 'clients kept typing during the backup').toBeGreaterThan(0);

    const copy = new Database(dest, { readonly: true, fileMustExist: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.pragma('foreign_key_check')).toEqual([]);
      const store = new PageBodyStore(copy);
      const all = copy.prepare('SELECT id FROM pages').all() as { id: string }[];
      expect(all.length).toBe(pageIds.length);
      for (const { id } of all) {
        const stored = await store.load(id);
        const doc = new Y.Doc();
        Y.transact(doc, () => {
          if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
          for (const row of stored.updates) Y.applyUpdate(doc, row.data);
        });
        expect(doc.store.pendingStructs, `page ${id} applies completely`).toBeNull();
        const i = pageIds.indexOf(id);
        const xml = bodyXml(doc);
        for (const tok of ackedBefore[i]) expect(occurrences(xml, tok.text), `${tok.text} acked before the backup`).toBe(1);
        doc.destroy();
      }
    } finally {
      copy.close();
    }
    console.log(`backup during writing: ${backup.out.trim()} (${typedDuring} tokens typed during it)`);
  });
});
