/**
 * Who wrote and who deleted what on a page, as the server recorded it while storing updates
 * (tables page_clients and page_deletions, migrations/005_history.sql). The write queue records
 * through PageBodyStore.append, in the same transaction as the update rows; this module encodes
 * the deletions it stores and reads both tables back as an Attribution for the diff.
 *
 * A deletion batch is lib0 varuints: the number of ranges, then (client, clock, length) for each.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Db } from '../store/database.js';
import type { Attribution } from './attribution.js';

/** Deleted item ranges as a flat list: client, clock, length, client, clock, length ... */
export type DeleteRanges = number[];

/** Encodes flat deletion ranges for page_deletions.ranges. */
export function encodeDeleteRanges(ranges: DeleteRanges): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, ranges.length / 3);
  for (const n of ranges) encoding.writeVarUint(encoder, n);
  return encoding.toUint8Array(encoder);
}

/** Decodes page_deletions.ranges back into flat ranges. */
export function decodeDeleteRanges(bytes: Uint8Array): DeleteRanges {
  const decoder = decoding.createDecoder(bytes);
  const out: DeleteRanges = [];
  for (let n = decoding.readVarUint(decoder); n > 0; n--) {
    out.push(decoding.readVarUint(decoder), decoding.readVarUint(decoder), decoding.readVarUint(decoder));
  }
  return out;
}

/** The members who wrote with each Yjs client id on a page. */
export function pageClientUsers(db: Db, pageId: string): Map<number, string> {
  const rows = db.prepare('SELECT client_id, user_id FROM page_clients WHERE page_id = ?').all(pageId) as { client_id: number; user_id: string }[];
  return new Map(rows.map((r) => [r.client_id, r.user_id]));
}

/** The highest page_deletions id of a page (0 if none). */
export function lastDeletionId(db: Db, pageId: string): number {
  const row = db.prepare('SELECT MAX(id) AS id FROM page_deletions WHERE page_id = ?').get(pageId) as { id: number | null };
  return row.id ?? 0;
}

/** Sorts flat deletion ranges by client and clock and merges those that touch or overlap. */
export function mergeDeleteRanges(ranges: DeleteRanges): DeleteRanges {
  const triples: [number, number, number][] = [];
  for (let i = 0; i < ranges.length; i += 3) triples.push([ranges[i], ranges[i + 1], ranges[i + 2]]);
  triples.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: DeleteRanges = [];
  for (const [client, clock, len] of triples) {
    const last = out.length - 3;
    if (last >= 0 && out[last] === client && clock <= out[last + 1] + out[last + 2]) {
      out[last + 2] = Math.max(out[last + 2], clock + len - out[last + 1]);
    } else out.push(client, clock, len);
  }
  return out;
}

/**
 * Folds a page's deletion rows with ids in (afterId, upToId] into one row per member, with their
 * ranges merged, and returns the id up to which the revision's deletions go (afterId if there
 * were none). Rows are left as they are when later ones exist (recorded while the revision was
 * being taken), so ids keep the order deletions were made in. A revision calls this in
 * its transaction: one row per keystroke-sized deletion would otherwise make attribution the
 * largest part of history. Within one revision's span an item is deleted once, by one member, so
 * folding loses no attribution; later rows get higher ids, so the order across revisions stays.
 */
export function foldDeletions(db: Db, pageId: string, afterId: number, upToId: number): number {
  const rows = db.prepare('SELECT id, user_id, ranges FROM page_deletions WHERE page_id = ? AND id > ? AND id <= ? ORDER BY id').all(pageId, afterId, upToId) as {
    id: number;
    user_id: string;
    ranges: Buffer;
  }[];
  if (rows.length === 0) return afterId;
  // Folded rows get new, higher ids: if later rows exist, folding would put them out of order.
  if (lastDeletionId(db, pageId) > upToId) return upToId;
  const byUser = new Map<string, DeleteRanges>();
  for (const row of rows) {
    const list = byUser.get(row.user_id) ?? [];
    for (const n of decodeDeleteRanges(new Uint8Array(row.ranges))) list.push(n);
    byUser.set(row.user_id, list);
  }
  if (byUser.size === rows.length) return rows[rows.length - 1].id;
  db.prepare('DELETE FROM page_deletions WHERE page_id = ? AND id > ? AND id <= ?').run(pageId, afterId, rows[rows.length - 1].id);
  const insert = db.prepare('INSERT INTO page_deletions (page_id, user_id, ranges) VALUES (?, ?, ?)');
  let last = afterId;
  for (const [userId, ranges] of byUser) last = Number(insert.run(pageId, userId, Buffer.from(encodeDeleteRanges(mergeDeleteRanges(ranges)))).lastInsertRowid);
  return last;
}

/** The members who deleted something on a page in page_deletions ids (afterId, upToId]. */
export function deletersSince(db: Db, pageId: string, afterId: number, upToId: number): string[] {
  const rows = db.prepare('SELECT DISTINCT user_id FROM page_deletions WHERE page_id = ? AND id > ? AND id <= ?').all(pageId, afterId, upToId) as { user_id: string }[];
  return rows.map((r) => r.user_id);
}

interface Span {
  clock: number;
  end: number;
  userId: string;
}

/** A page's attribution as stored: who wrote with which client ids, and each deletion row in id order. */
export interface AttributionRows {
  clients: [client: number, userId: string][];
  deletions: { userId: string; ranges: Uint8Array }[];
}

/** Reads a page's attribution rows (plain data, so they can go to the history thread). */
export function attributionRows(db: Db, pageId: string): AttributionRows {
  const deletions = db.prepare('SELECT user_id, ranges FROM page_deletions WHERE page_id = ? ORDER BY id').all(pageId) as { user_id: string; ranges: Buffer }[];
  return {
    clients: [...pageClientUsers(db, pageId)],
    deletions: deletions.map((r) => ({ userId: r.user_id, ranges: new Uint8Array(r.ranges) })),
  };
}

/** The Attribution of a page from storage. */
export function loadAttribution(db: Db, pageId: string): Attribution {
  return attributionFrom(attributionRows(db, pageId));
}

/**
 * Attribution from stored rows: inserters by client id, deleters by item id. The server applies
 * a deletion once (a later one of the same item changes nothing and is not recorded), so spans of
 * one client do not overlap; if they ever did, one of them would be named.
 */
export function attributionFrom(rows: AttributionRows): Attribution {
  const inserters = new Map(rows.clients);
  const byClient = new Map<number, Span[]>();
  for (const row of rows.deletions) {
    const ranges = decodeDeleteRanges(row.ranges);
    for (let i = 0; i < ranges.length; i += 3) {
      const [client, clock, len] = [ranges[i], ranges[i + 1], ranges[i + 2]];
      let spans = byClient.get(client);
      if (!spans) byClient.set(client, (spans = []));
      spans.push({ clock, end: clock + len, userId: row.userId });
    }
  }
  // A stable sort keeps the earliest recorded first among spans starting at the same clock.
  for (const spans of byClient.values()) spans.sort((a, b) => a.clock - b.clock);
  return {
    inserter: (client) => inserters.get(client) ?? null,
    deleter: (client, clock) => {
      const spans = byClient.get(client);
      if (!spans) return null;
      // The last span starting at or before the clock, then earlier ones in case of overlap.
      let lo = 0;
      let hi = spans.length - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (spans[mid].clock <= clock) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      let best: Span | null = null;
      for (let i = found; i >= 0 && i > found - 8; i--) if (spans[i].clock <= clock && clock < spans[i].end) best = spans[i];
      return best?.userId ?? null;
    },
  };
}
