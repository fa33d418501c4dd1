/**
 * Page bodies in SQLite: a compacted Yjs snapshot per page plus an append-only log of updates.
 * A page's state is its snapshot merged with every logged update whose id is above the
 * snapshot's last_update_id.
 */
import type { Db } from './database.js';
import { nowIso } from './ids.js';

/** Stores the first state of a new page (made on the server, once). Call inside the page's creation transaction. */
export function storeInitialState(db: Db, pageId: string, update: Uint8Array): void {
  db.prepare('INSERT INTO page_snapshots (page_id, state, last_update_id, updated_at) VALUES (?, ?, 0, ?)').run(pageId, Buffer.from(update), nowIso());
}
