-- Revision history of pages, and who wrote and deleted what (issue 5).
--
-- Attribution is recorded by the server as it stores each client update, in the same transaction
-- as the page_updates row: which member sent which Yjs client ids on a page, and which ranges of
-- items each member deleted. Compaction deletes page_updates rows; it never touches these tables,
-- so attribution and history outlive it.

-- The member who wrote with a Yjs client id on a page (the first one seen with it).
CREATE TABLE page_clients (
  page_id   TEXT NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
  client_id INTEGER NOT NULL,
  user_id   TEXT NOT NULL,
  PRIMARY KEY (page_id, client_id)
) WITHOUT ROWID;

-- Deletions one member made in one stored batch: lib0 varuints, a count of ranges and then
-- (client, clock, length) for each. Read in id order, the first deleter of an item wins.
CREATE TABLE page_deletions (
  id      INTEGER PRIMARY KEY,
  page_id TEXT NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL,
  ranges  BLOB NOT NULL
);
CREATE INDEX page_deletions_page ON page_deletions(page_id, id);

-- Saved versions of a page, independent of the collaboration log. `state` is a whole Yjs state
-- when `checkpoint` is 1, otherwise the update from the previous revision's state vector to this
-- one; a revision is rebuilt from the nearest checkpoint at or before it and the deltas after it.
-- `state_vector` and `snapshot_hash` (SHA-1 of the encoded Yjs snapshot: delete set and state
-- vector) tell whether the page changed since; `updates_upto` is the highest page_updates id the
-- revision contains and `deletions_upto` the highest page_deletions id, so "changed since" and
-- "contributors since" come from storage, not from memory.
CREATE TABLE page_revisions (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  page_id        TEXT NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
  number         INTEGER NOT NULL,
  kind           TEXT NOT NULL CHECK (kind IN ('auto', 'named', 'restore')),
  name           TEXT,
  created_at     TEXT NOT NULL,
  created_by     TEXT REFERENCES users(id) ON DELETE SET NULL,
  restored_from  INTEGER,
  checkpoint     INTEGER NOT NULL CHECK (checkpoint IN (0, 1)),
  state          BLOB NOT NULL,
  state_vector   BLOB NOT NULL,
  snapshot_hash  BLOB NOT NULL,
  updates_upto   INTEGER NOT NULL,
  deletions_upto INTEGER NOT NULL,
  words          INTEGER NOT NULL,
  words_added    INTEGER NOT NULL,
  words_removed  INTEGER NOT NULL,
  contributors   TEXT NOT NULL DEFAULT '[]',
  UNIQUE (page_id, number)
);
