-- Releases of a paper (issue 7). An editor freezes a release with a name: every live page's newest
-- revision is pinned, with the page's title, parent and position as they were, so a release shows
-- and exports exactly the text, titles and order it froze however the paper changes later.
-- Releasing while pages are not approved needs a reason, kept here and in the audit trail.

CREATE TABLE releases (
  id           TEXT PRIMARY KEY,
  paper_id     TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  created_by   TEXT REFERENCES users(id) ON DELETE SET NULL,
  -- The releaser's name at the time, so the list still reads correctly after their account is gone.
  created_by_name TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  not_approved INTEGER NOT NULL,
  reason       TEXT
);
CREATE INDEX releases_paper ON releases(paper_id, created_at);

-- One row per page live when the release was frozen: where it stood in the tree and which
-- revision holds its text. Pages are never removed from storage while their paper exists (only
-- moved to the trash), so the revision stays readable.
CREATE TABLE release_pages (
  release_id  TEXT NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
  page_id     TEXT NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
  parent_id   TEXT,
  position    INTEGER NOT NULL,
  title       TEXT NOT NULL,
  status      TEXT NOT NULL,
  revision_id INTEGER NOT NULL REFERENCES page_revisions(id) ON DELETE CASCADE,
  PRIMARY KEY (release_id, page_id)
) WITHOUT ROWID;
