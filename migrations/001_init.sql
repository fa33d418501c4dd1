-- Quire's first schema: people, sessions, papers, members, the page tree and page bodies.
-- Times are ISO-8601 UTC strings; ids are random url-safe strings.

CREATE TABLE users (
  id            TEXT PRIMARY KEY,
  name          TEXT NOT NULL,
  email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
  password_hash TEXT NOT NULL,
  created_at    TEXT NOT NULL
);

-- Server-side sessions; the cookie holds a random token, the table only its SHA-256.
CREATE TABLE sessions (
  token_hash   TEXT PRIMARY KEY,
  user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at   TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at   TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE papers (
  id          TEXT PRIMARY KEY,
  title       TEXT NOT NULL,
  subtitle    TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  created_by  TEXT REFERENCES users(id) ON DELETE SET NULL,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);

CREATE TABLE members (
  paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
  user_id  TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role     TEXT NOT NULL CHECK (role IN ('editor', 'author', 'reviewer', 'reader')),
  added_at TEXT NOT NULL,
  added_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  PRIMARY KEY (paper_id, user_id)
);
CREATE INDEX members_user ON members(user_id);

-- The page tree. Siblings are ordered by position (0, 1, 2 ...); a page in the trash has
-- deleted_at set, and every page deleted in the same action shares deleted_batch.
CREATE TABLE pages (
  id             TEXT PRIMARY KEY,
  paper_id       TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
  parent_id      TEXT REFERENCES pages(id) ON DELETE CASCADE,
  position       INTEGER NOT NULL,
  title          TEXT NOT NULL,
  status         TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'in_review', 'approved')),
  created_by     TEXT REFERENCES users(id) ON DELETE SET NULL,
  created_at     TEXT NOT NULL,
  last_edited_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  last_edited_at TEXT,
  deleted_at     TEXT,
  deleted_by     TEXT REFERENCES users(id) ON DELETE SET NULL,
  deleted_batch  TEXT
);
CREATE INDEX pages_paper ON pages(paper_id, parent_id, position);

-- Page bodies: a compacted Yjs snapshot plus the log of updates stored since it.
-- A page's state is its snapshot with every update whose id is greater than last_update_id.
CREATE TABLE page_snapshots (
  page_id        TEXT PRIMARY KEY REFERENCES pages(id) ON DELETE CASCADE,
  state          BLOB NOT NULL,
  last_update_id INTEGER NOT NULL,
  updated_at     TEXT NOT NULL
);

CREATE TABLE page_updates (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  page_id    TEXT NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
  data       BLOB NOT NULL,
  user_id    TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX page_updates_page ON page_updates(page_id, id);
