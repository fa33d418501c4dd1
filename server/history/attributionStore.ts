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

/** The highest page_deletions id of a page (0 if none): what a revision has seen. */
export function lastDeletionId(db: Db, pageId: string): number {
  const row = db.prepare('SELECT MAX(id) AS id FROM page_deletions WHERE page_id = ?').get(pageId) as { id: number | null };
  return row.id ?? 0;
}

/** The members who deleted something on a page after page_deletions id `afterId`. */
export function deletersSince(db: Db, pageId: string, afterId: number): string[] {
  const rows = db.prepare('SELECT DISTINCT user_id FROM page_deletions WHERE page_id = ? AND id > ?').all(pageId, afterId) as { user_id: string }[];
  return rows.map((r) => r.user_id);
}

interface Span {
  clock: number;
  end: number;
  userId: string;
}

/**
 * The Attribution of a page from storage: inserters by client id, deleters by item id. The
 * server applies a deletion once (a later one of the same item changes nothing and is not
 * recorded), so spans of one client do not overlap; if they ever did, one of them would be named.
 */
export function loadAttribution(db: Db, pageId: string): Attribution {
  const inserters = pageClientUsers(db, pageId);
  const rows = db.prepare('SELECT user_id, ranges FROM page_deletions WHERE page_id = ? ORDER BY id').all(pageId) as { user_id: string; ranges: Buffer }[];
  const byClient = new Map<number, Span[]>();
  for (const row of rows) {
    const ranges = decodeDeleteRanges(new Uint8Array(row.ranges));
    for (let i = 0; i < ranges.length; i += 3) {
      const [client, clock, len] = [ranges[i], ranges[i + 1], ranges[i + 2]];
      let spans = byClient.get(client);
      if (!spans) byClient.set(client, (spans = []));
      spans.push({ clock, end: clock + len, userId: row.user_id });
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
