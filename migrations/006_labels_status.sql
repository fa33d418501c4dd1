-- Labels on pages, and who set a page's status and who asked to reopen it (issue 5).
-- A label belongs to one paper; name_key is its normalised, lower-cased text (compared in the
-- application, since SQLite's NOCASE folds only ASCII), so one paper never has two labels that
-- differ only in case. A label stays when its last page loses it, until an editor deletes it.
CREATE TABLE labels (
  id         TEXT PRIMARY KEY,
  paper_id   TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  name_key   TEXT NOT NULL,
  created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  UNIQUE (paper_id, name_key)
);

CREATE TABLE page_labels (
  page_id  TEXT NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
  label_id TEXT NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
  added_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  added_at TEXT NOT NULL,
  PRIMARY KEY (page_id, label_id)
);
CREATE INDEX page_labels_label ON page_labels(label_id);

-- NULL until someone first changes the page's status (a new page is a draft set by nobody).
ALTER TABLE pages ADD COLUMN status_set_by TEXT REFERENCES users(id) ON DELETE SET NULL;
ALTER TABLE pages ADD COLUMN status_set_at TEXT;
-- Set when an author asks an editor to reopen an approved page; cleared when its status changes.
ALTER TABLE pages ADD COLUMN reopen_requested_by TEXT REFERENCES users(id) ON DELETE SET NULL;
ALTER TABLE pages ADD COLUMN reopen_requested_at TEXT;
