-- Search at scale (issue 8): search_pages keeps, beside each indexed page, what the ranking query
-- checks for every match, so a match that will not be returned never needs a look-up in pages:
-- the page's paper (pages never move between papers), whether it is in the trash, and its recency
-- (when it was last edited, or else created), which breaks ties between equal scores.
-- The three are copies of pages' own columns, kept exact by the triggers below in the same
-- transaction as the change to pages, whichever code makes it. Membership is never copied: the
-- query reads members live, so removing someone from a paper takes effect at once. Status, labels
-- and authors are read live too, and only when the person filters by them.

DROP TRIGGER search_pages_deleted;

CREATE TABLE search_pages_new (
  doc_id       INTEGER PRIMARY KEY,
  page_id      TEXT NOT NULL UNIQUE REFERENCES pages(id) ON DELETE CASCADE,
  paper_id     TEXT NOT NULL,
  trashed      INTEGER NOT NULL CHECK (trashed IN (0, 1)),
  recency      TEXT NOT NULL,
  title        TEXT NOT NULL,
  body_version INTEGER NOT NULL,
  indexed_at   TEXT NOT NULL
);

-- Backfill: every page indexed before this migration gets its fields from pages.
INSERT INTO search_pages_new (doc_id, page_id, paper_id, trashed, recency, title, body_version, indexed_at)
SELECT s.doc_id, s.page_id, p.paper_id, p.deleted_at IS NOT NULL, COALESCE(p.last_edited_at, p.created_at),
       s.title, s.body_version, s.indexed_at
  FROM search_pages s JOIN pages p ON p.id = s.page_id;

-- A row whose page is gone (none should be: the foreign key cascades) loses its text too.
DELETE FROM search_text WHERE rowid NOT IN (SELECT doc_id FROM search_pages_new);

DROP TABLE search_pages;
ALTER TABLE search_pages_new RENAME TO search_pages;

-- A paper's indexed pages, for the indexer's check after a change to the paper's tree.
CREATE INDEX search_pages_paper ON search_pages(paper_id);

-- A page deleted for good (its paper deleted, or the trash emptied) takes its text with it.
CREATE TRIGGER search_pages_deleted AFTER DELETE ON search_pages BEGIN
  DELETE FROM search_text WHERE rowid = old.doc_id;
END;

-- Trash, restore, an edit's time (or a move to another paper, which Quire never makes) reach the
-- page's index row in the same statement.
CREATE TRIGGER search_pages_page_changed AFTER UPDATE OF paper_id, deleted_at, last_edited_at, created_at ON pages
WHEN old.paper_id IS NOT new.paper_id OR old.deleted_at IS NOT new.deleted_at
  OR old.last_edited_at IS NOT new.last_edited_at OR old.created_at IS NOT new.created_at
BEGIN
  UPDATE search_pages
     SET paper_id = new.paper_id, trashed = new.deleted_at IS NOT NULL, recency = COALESCE(new.last_edited_at, new.created_at)
   WHERE page_id = new.id;
END;
