-- Files (issue 8): pictures placed in pages and attachments listed on them. The bytes live once
-- in a content-addressed folder under the data folder (server/files/blobStore.ts), named by their
-- SHA-256; each upload is a row here. The type is the one detected from the content. Removing an
-- attachment marks its row deleted; the blob stays while any row (or a page's history) may name it.

CREATE TABLE files (
  id           TEXT PRIMARY KEY,
  paper_id     TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
  -- Null while an import's pictures wait for the person to confirm the import.
  page_id      TEXT REFERENCES pages(id) ON DELETE CASCADE,
  sha256       TEXT NOT NULL,
  name         TEXT NOT NULL,
  size         INTEGER NOT NULL,
  content_type TEXT NOT NULL,
  purpose      TEXT NOT NULL CHECK (purpose IN ('image', 'attachment')),
  width        INTEGER,
  height       INTEGER,
  uploaded_by  TEXT REFERENCES users(id) ON DELETE SET NULL,
  uploaded_at  TEXT NOT NULL,
  deleted_at   TEXT,
  deleted_by   TEXT REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX files_page ON files(page_id, uploaded_at);
CREATE INDEX files_paper ON files(paper_id);
CREATE INDEX files_sha ON files(sha256);
