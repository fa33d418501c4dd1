-- Comment threads on pages, their comments, and who each comment mentions.
-- An inline thread is anchored to a range of the page's text by two encoded Yjs relative
-- positions (anchor_from, anchor_to), so the range follows the words through everyone's edits; the
-- quote is the text as it was when the thread was started, kept for when those words are deleted.
-- A page thread is about the page as a whole and has no anchor. created_position is where the
-- range started when the thread was made: the panel's order for a thread whose words are gone.

CREATE TABLE comment_threads (
  id               TEXT PRIMARY KEY,
  paper_id         TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
  page_id          TEXT NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
  kind             TEXT NOT NULL CHECK (kind IN ('inline', 'page')),
  anchor_from      BLOB,
  anchor_to        BLOB,
  quote            TEXT,
  created_position INTEGER,
  created_by       TEXT REFERENCES users(id) ON DELETE SET NULL,
  created_at       TEXT NOT NULL,
  resolved_at      TEXT,
  resolved_by      TEXT REFERENCES users(id) ON DELETE SET NULL,
  CHECK ((kind = 'inline') = (anchor_from IS NOT NULL AND anchor_to IS NOT NULL AND quote IS NOT NULL))
);
CREATE INDEX comment_threads_page ON comment_threads(page_id, resolved_at);

-- The first comment of a thread (by created_at, then rowid) is the one that started it. A deleted
-- first comment that has replies keeps its row with deleted_at set and an empty body.
CREATE TABLE comments (
  id         TEXT PRIMARY KEY,
  thread_id  TEXT NOT NULL REFERENCES comment_threads(id) ON DELETE CASCADE,
  author_id  TEXT REFERENCES users(id) ON DELETE SET NULL,
  body       TEXT NOT NULL,
  created_at TEXT NOT NULL,
  edited_at  TEXT,
  deleted_at TEXT
);
CREATE INDEX comments_thread ON comments(thread_id, created_at);
CREATE INDEX comments_author ON comments(author_id);

-- Members mentioned in a comment (checked to be members of the paper when it was written).
CREATE TABLE comment_mentions (
  comment_id TEXT NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
  user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (comment_id, user_id)
);
CREATE INDEX comment_mentions_user ON comment_mentions(user_id);
