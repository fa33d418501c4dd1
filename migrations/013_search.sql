-- Full-text search (issue 8). search_text is an FTS5 index of each page's title and body text;
-- search_pages says which page each of its rows is, and what was indexed: the page title and the
-- highest stored body update (page_updates id, or the snapshot's last_update_id after compaction)
-- the text contained, so a start-up catch-up can find pages that changed since (after a crash).
-- Who may see a row, the paper, status, labels and trash are read live from their own tables at
-- query time, so a change of membership or status takes effect at once.

CREATE VIRTUAL TABLE search_text USING fts5(
  title,
  body,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
);

CREATE TABLE search_pages (
  doc_id       INTEGER PRIMARY KEY,
  page_id      TEXT NOT NULL UNIQUE REFERENCES pages(id) ON DELETE CASCADE,
  title        TEXT NOT NULL,
  body_version INTEGER NOT NULL,
  indexed_at   TEXT NOT NULL
);

-- A page deleted for good (its paper deleted, or the trash emptied) takes its text with it.
CREATE TRIGGER search_pages_deleted AFTER DELETE ON search_pages BEGIN
  DELETE FROM search_text WHERE rowid = old.doc_id;
END;
