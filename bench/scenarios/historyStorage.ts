/**
 * History storage: 12 authors edit one page for 2 hours (simulated time, 20 minutes with --quick),
 * and we measure what revision history costs on disk against the page's final size.
 *
 * The authors come and go in sessions of 8-25 minutes with 3-15 minute breaks (each session a new
 * Yjs client id, as a page reload makes). While on the page each acts about twice a second:
 * typing a character (most actions), backspacing, starting a paragraph, formatting a word,
 * deleting a run of someone's text, typing in a table cell or a list item, adding a table row or a
 * list item. Every action is one stored update, as a keystroke is on the real server.
 *
 * The storage path is Quire's own: PageBodyStore.append records the attribution (page_clients,
 * page_deletions) in the update's transaction, the log is compacted every 500 updates as the
 * collab server does, and takeRevision stores revisions at the moments the capture policy would
 * (a quiet minute, 10 minutes of continuous editing, the last writer leaving), plus two named ones,
 * reading the state in this thread and measuring the change in the history worker, as the server does.
 * Sizes come from SQLite's dbstat (pages of each table and index), so they are what the file holds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { FRAGMENT_NAME } from '../../shared/collab.js';
import { openDatabase, type Db } from '../../server/store/database.js';
import { PageBodyStore, type UpdateRow } from '../../server/store/pageBodies.js';
import { encodeDeleteRanges } from '../../server/history/attributionStore.js';
import { RevisionStore } from '../../server/history/revisionStore.js';
import { captureState, takeRevision } from '../../server/history/revisions.js';
import { HistoryThread } from '../../server/history/historyThread.js';
import { countWords, pageDocOf } from '../../server/history/pageText.js';
import { newId, nowIso } from '../../server/store/ids.js';
import { storeInitialState } from '../../server/store/pageBodies.js';
import { initialPageState } from '../../server/collab/initialState.js';

const AUTHORS = 12;
const TICK_MS = 250;
const ACT_PER_TICK = 0.5;
const QUIET_MS = 60_000;
const MAX_MS = 600_000;
const COMPACT_AFTER = 500;

/** A small seeded generator (mulberry32), so every run edits the same way. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface HistoryStorageResult {
  simulatedMinutes: number;
  actions: number;
  storedUpdates: number;
  finalStateBytes: number;
  finalWords: number;
  pageBodyBytes: number;
  revisions: number;
  checkpoints: number;
  revisionBytes: number;
  clientBytes: number;
  deletionBytes: number;
  deletionRows: number;
  historyBytes: number;
  ratio: number;
  /** Time the server's thread spends reading the page's state for a revision. */
  captureMsMedian: number;
  captureMsMax: number;
  /** Time from that read until the revision is stored (measured in the history worker meanwhile). */
  takeMsMedian: number;
  takeMsMax: number;
}

interface Author {
  userId: string;
  clientId: number;
  active: boolean;
  /** Simulated time of the next session change. */
  switchAt: number;
  /** The text the author is typing into and where. */
  text: Y.XmlText | null;
  cursor: number;
}

const WORDS = 'care integrated services patients carers pathway evidence local budgets outcomes community workforce access quality safety'.split(' ');

/** Runs the simulation and measures the database it leaves. */
export async function runHistoryStorage({ quick = false }: { quick?: boolean } = {}): Promise<HistoryStorageResult> {
  const durationMs = (quick ? 20 : 120) * 60_000;
  const dir = mkdtempSync(join(tmpdir(), 'quire-history-bench-'));
  const db = openDatabase(join(dir, 'quire.sqlite'));
  const thread = new HistoryThread(console.error);
  try {
    return await simulate(db, thread, durationMs);
  } finally {
    await thread.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function simulate(db: Db, thread: HistoryThread, durationMs: number): Promise<HistoryStorageResult> {
  const random = rng(20261122);
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)];
  const { pageId, userIds } = seed(db);
  const bodies = new PageBodyStore(db);
  const revisions = new RevisionStore(db);

  const doc = new Y.Doc({ gc: true });
  Y.applyUpdate(doc, initialPageState());
  const fragment = doc.getXmlFragment(FRAGMENT_NAME);
  // A skeleton: a heading and a paragraph per author, a 3x3 table and a list, as on a real chapter.
  doc.clientID = 1;
  Y.transact(doc, () => {
    const blocks: Y.XmlElement[] = [];
    for (let i = 0; i < AUTHORS; i++) {
      const heading = new Y.XmlElement('heading');
      heading.setAttribute('level', 2 as unknown as string);
      heading.insert(0, [new Y.XmlText(`Section ${i + 1}`)]);
      const para = new Y.XmlElement('paragraph');
      para.insert(0, [new Y.XmlText('')]);
      blocks.push(heading, para);
    }
    const table = new Y.XmlElement('table');
    for (let r = 0; r < 3; r++) table.insert(r, [tableRow()]);
    const list = new Y.XmlElement('bullet_list');
    list.insert(0, [listItem()]);
    blocks.push(table, list);
    fragment.insert(fragment.length, blocks);
  });
  let pending: { update: Uint8Array; deletes: number[] | null }[] = [];
  doc.on('update', (update: Uint8Array, _origin: unknown, _doc: Y.Doc, tr: Y.Transaction) => {
    let deletes: number[] | null = null;
    for (const [client, items] of tr.deleteSet.clients) for (const item of items) (deletes ??= []).push(client, item.clock, item.len);
    pending.push({ update, deletes });
  });
  bodies.append([{ pageId, data: Y.encodeStateAsUpdate(doc), userId: userIds[0], newClients: [1] }]);

  const authors: Author[] = userIds.map((userId, i) => ({ userId, clientId: 0, active: false, switchAt: Math.floor(random() * 10 * 60_000) * (i % 3), text: null, cursor: 0 }));
  const known = new Set<number>([1]);
  let logRows = 1;
  let lastId = 0;
  let storedUpdates = 1;
  let actions = 0;
  let dirtySince: number | null = 0;
  let lastEditAt = 0;
  const takeMs: number[] = [];
  const captureMs: number[] = [];
  const namedAt = new Set([Math.floor(durationMs * 0.4), Math.floor(durationMs * 0.8)].map((t) => t - (t % TICK_MS)));

  // As the server does: read the state in this thread, then wait while the worker measures the change.
  const take = async (kind: 'auto' | 'named', name: string | null = null) => {
    const started = performance.now();
    const captured = captureState(db, pageId, doc, lastId);
    const read = performance.now();
    captureMs.push(read - started);
    await takeRevision(db, revisions, thread, pageId, captured, { kind, name, createdBy: kind === 'named' ? userIds[0] : null, force: kind === 'named' });
    takeMs.push(performance.now() - read);
    dirtySince = null;
  };

  for (let now = 0; now < durationMs; now += TICK_MS) {
    // Sessions: arrive with a new client id (a page load), or leave.
    for (const a of authors) {
      if (now < a.switchAt) continue;
      a.active = !a.active;
      a.switchAt = now + (a.active ? 8 + random() * 17 : 3 + random() * 12) * 60_000;
      if (a.active) {
        a.clientId = 2 + Math.floor(random() * 0xfffffff0);
        a.text = null;
      }
    }
    const rows: UpdateRow[] = [];
    for (const a of authors) {
      if (!a.active || random() >= ACT_PER_TICK) continue;
      doc.clientID = a.clientId;
      act(a);
      actions++;
      for (const p of pending) {
        const newClients = known.has(a.clientId) ? undefined : [a.clientId];
        known.add(a.clientId);
        rows.push({ pageId, data: p.update, userId: a.userId, newClients, deletions: p.deletes ? encodeDeleteRanges(p.deletes) : undefined });
      }
      pending = [];
    }
    if (rows.length) {
      const ids = bodies.append(rows);
      lastId = ids[ids.length - 1];
      logRows += rows.length;
      storedUpdates += rows.length;
      lastEditAt = now;
      dirtySince ??= now;
      if (logRows >= COMPACT_AFTER) {
        bodies.compact(pageId, Y.encodeStateAsUpdate(doc), lastId);
        logRows = 0;
      }
    }
    // The capture policy, on the simulated clock.
    const writers = authors.filter((a) => a.active).length;
    if (dirtySince !== null && (now - lastEditAt >= QUIET_MS || now - dirtySince >= MAX_MS || writers === 0)) await take('auto');
    if (namedAt.has(now)) await take('named', now < durationMs / 2 ? 'after reviewer round 1' : 'after reviewer round 2');
  }
  if (dirtySince !== null) await take('auto');

  const sizes = new Map((db.prepare('SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name').all() as { name: string; bytes: number }[]).map((r) => [r.name, r.bytes]));
  const size = (...names: string[]) => names.reduce((sum, n) => sum + (sizes.get(n) ?? 0), 0);
  const revisionBytes = size('page_revisions', 'sqlite_autoindex_page_revisions_1');
  const clientBytes = size('page_clients');
  const deletionBytes = size('page_deletions', 'page_deletions_page');
  const finalState = Y.encodeStateAsUpdate(doc);
  const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor((xs.length - 1) / 2)] ?? 0;
  const historyBytes = revisionBytes + clientBytes + deletionBytes;
  return {
    simulatedMinutes: durationMs / 60_000,
    actions,
    storedUpdates,
    finalStateBytes: finalState.length,
    finalWords: countWords(pageDocOf(doc)),
    pageBodyBytes: size('page_snapshots', 'sqlite_autoindex_page_snapshots_1', 'page_updates', 'page_updates_page'),
    revisions: count('SELECT COUNT(*) AS n FROM page_revisions'),
    checkpoints: count('SELECT COUNT(*) AS n FROM page_revisions WHERE checkpoint = 1'),
    revisionBytes,
    clientBytes,
    deletionBytes,
    deletionRows: count('SELECT COUNT(*) AS n FROM page_deletions'),
    historyBytes,
    ratio: historyBytes / finalState.length,
    captureMsMedian: median(captureMs),
    captureMsMax: Math.max(0, ...captureMs),
    takeMsMedian: median(takeMs),
    takeMsMax: Math.max(0, ...takeMs),
  };

  /** One action of an author, as one Yjs transaction. */
  function act(a: Author): void {
    const roll = random();
    if (!a.text || a.text._item?.deleted) moveTo(a, ownParagraph(a));
    const text = a.text!;
    a.cursor = Math.min(a.cursor, text.length);
    if (roll < 0.7) {
      const word = pick(WORDS);
      const ch = random() < 0.16 ? ' ' : random() < 0.01 ? '. ' : word[Math.floor(random() * word.length)];
      text.insert(a.cursor, ch);
      a.cursor += ch.length;
    } else if (roll < 0.8) {
      if (a.cursor > 0) {
        text.delete(a.cursor - 1, 1);
        a.cursor--;
      }
    } else if (roll < 0.84) {
      const para = new Y.XmlElement('paragraph');
      const fresh = new Y.XmlText('');
      para.insert(0, [fresh]);
      const block = text.parent as Y.XmlElement;
      const parent = block.parent as Y.XmlFragment | Y.XmlElement;
      const at = parent.toArray().indexOf(block);
      parent.insert(at + 1, [para]);
      moveTo(a, fresh);
    } else if (roll < 0.87) {
      if (text.length > 6) {
        const start = Math.floor(random() * (text.length - 5));
        text.format(start, 5, random() < 0.5 ? { bold: {} } : { italic: random() < 0.7 ? {} : null });
      }
    } else if (roll < 0.9) {
      const other = anyParagraphText();
      if (other && other.length > 10) {
        const len = Math.min(other.length, 5 + Math.floor(random() * 35));
        other.delete(Math.floor(random() * (other.length - len + 1)), len);
      }
    } else if (roll < 0.95) {
      const table = fragment.toArray().find((b) => b instanceof Y.XmlElement && b.nodeName === 'table') as Y.XmlElement;
      if (random() < 0.03) table.insert(table.length, [tableRow()]);
      else {
        const row = table.get(Math.floor(random() * table.length)) as Y.XmlElement;
        const cell = row.get(Math.floor(random() * row.length)) as Y.XmlElement;
        const cellText = (cell.get(0) as Y.XmlElement).get(0) as Y.XmlText;
        cellText.insert(cellText.length, pick(WORDS).slice(0, 1 + Math.floor(random() * 3)));
      }
    } else {
      const list = fragment.toArray().find((b) => b instanceof Y.XmlElement && b.nodeName === 'bullet_list') as Y.XmlElement;
      if (random() < 0.05) list.insert(list.length, [listItem()]);
      else {
        const item = list.get(Math.floor(random() * list.length)) as Y.XmlElement;
        const itemText = (item.get(0) as Y.XmlElement).get(0) as Y.XmlText;
        itemText.insert(itemText.length, pick(WORDS).slice(0, 1 + Math.floor(random() * 3)));
      }
    }
  }

  function moveTo(a: Author, text: Y.XmlText): void {
    a.text = text;
    a.cursor = text.length;
  }

  /** The last paragraph of the author's own section (after their heading). */
  function ownParagraph(a: Author): Y.XmlText {
    const index = userIds.indexOf(a.userId);
    const blocks = fragment.toArray();
    let seen = -1;
    let last: Y.XmlText | null = null;
    for (const b of blocks) {
      if (!(b instanceof Y.XmlElement)) continue;
      if (b.nodeName === 'heading') seen++;
      else if (seen === index && b.nodeName === 'paragraph') last = b.get(0) as Y.XmlText;
      else if (seen > index) break;
    }
    return last!;
  }

  function anyParagraphText(): Y.XmlText | null {
    const paras = fragment.toArray().filter((b) => b instanceof Y.XmlElement && b.nodeName === 'paragraph') as Y.XmlElement[];
    const para = paras.length ? pick(paras) : null;
    return para ? (para.get(0) as Y.XmlText) : null;
  }
}

function tableRow(): Y.XmlElement {
  const row = new Y.XmlElement('table_row');
  for (let c = 0; c < 3; c++) {
    const cell = new Y.XmlElement('table_cell');
    const para = new Y.XmlElement('paragraph');
    para.insert(0, [new Y.XmlText('')]);
    cell.insert(0, [para]);
    row.insert(c, [cell]);
  }
  return row;
}

function listItem(): Y.XmlElement {
  const item = new Y.XmlElement('list_item');
  const para = new Y.XmlElement('paragraph');
  para.insert(0, [new Y.XmlText('')]);
  item.insert(0, [para]);
  return item;
}

/** A paper, a page and 12 authors, straight into SQLite. */
function seed(db: Db): { pageId: string; paperId: string; userIds: string[] } {
  const now = nowIso();
  const paperId = newId();
  const pageId = newId();
  const userIds = Array.from({ length: AUTHORS }, () => newId());
  db.transaction(() => {
    for (const [i, id] of userIds.entries()) {
      db.prepare('INSERT INTO users (id, name, email, password_hash, created_at) VALUES (?, ?, ?, ?, ?)').run(id, `Author ${i + 1}`, `author${i + 1}@example.org`, 'x', now);
    }
    db.prepare('INSERT INTO papers (id, title, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(paperId, 'Bench paper', userIds[0], now, now);
    for (const id of userIds) db.prepare("INSERT INTO members (paper_id, user_id, role, added_at) VALUES (?, ?, 'author', ?)").run(paperId, id, now);
    db.prepare('INSERT INTO pages (id, paper_id, parent_id, position, title, created_by, created_at) VALUES (?, ?, NULL, 0, ?, ?, ?)').run(pageId, paperId, 'Chapter', userIds[0], now);
    storeInitialState(db, pageId, initialPageState());
  })();
  return { pageId, paperId, userIds };
}

/** The result as a markdown table. */
export function historyStorageTable(r: HistoryStorageResult): string {
  const kb = (b: number) => `${(b / 1024).toFixed(1)} kB`;
  const rows: [string, string][] = [
    ['simulated time', `${r.simulatedMinutes} min, ${AUTHORS} authors`],
    ['edits (stored updates)', `${r.actions.toLocaleString('en-GB')} (${r.storedUpdates.toLocaleString('en-GB')})`],
    ['final page: Yjs state', kb(r.finalStateBytes)],
    ['final page: words', r.finalWords.toLocaleString('en-GB')],
    ['page body in storage (snapshot + log, after compaction)', kb(r.pageBodyBytes)],
    ['revisions (checkpoints)', `${r.revisions} (${r.checkpoints})`],
    ['page_revisions', kb(r.revisionBytes)],
    ['page_clients', kb(r.clientBytes)],
    [`page_deletions (${r.deletionRows.toLocaleString('en-GB')} rows)`, kb(r.deletionBytes)],
    ['history total', kb(r.historyBytes)],
    ['history / final Yjs state', `${r.ratio.toFixed(1)}x`],
    ['server thread per revision (reading the state): median / max', `${r.captureMsMedian.toFixed(1)} / ${r.captureMsMax.toFixed(1)} ms`],
    ['history worker per revision (measure, then store): median / max', `${r.takeMsMedian.toFixed(1)} / ${r.takeMsMax.toFixed(1)} ms`],
  ];
  return ['### History storage: one page, 12 authors', '', '| measure | value |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
}
