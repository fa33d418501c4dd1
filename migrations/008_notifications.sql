-- Notifications and watching (issue 6).
--
-- A notification tells one person about one event: a mention, a reply in a thread they wrote in,
-- a new comment or a status change on a page or paper they watch, a request to reopen a page they
-- edit. Its sentence is built when it is read, from the actor's current name and the page's
-- current number and title, so an erased account reads "Former member" here too; only the excerpt
-- of the comment and the facts of the event (kind, detail) are kept. Rows of papers the person no
-- longer belongs to stay, but are not listed or counted (the membership is checked on read).

CREATE TABLE notifications (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  paper_id   TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
  page_id    TEXT REFERENCES pages(id) ON DELETE CASCADE,
  kind       TEXT NOT NULL CHECK (kind IN ('mention', 'reply', 'comment', 'status', 'reopen')),
  actor_id   TEXT REFERENCES users(id) ON DELETE SET NULL,
  -- The comment thread to open, for comment notifications (comments live in another table).
  thread_id  TEXT,
  -- A few words of the comment, plain text.
  excerpt    TEXT NOT NULL DEFAULT '',
  -- Facts of the event as JSON: {"from","to"} of a status change, {"ownThread"} of a reply.
  detail     TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL,
  read_at    TEXT
);
CREATE INDEX notifications_user ON notifications(user_id, id);
CREATE INDEX notifications_unread ON notifications(user_id, paper_id) WHERE read_at IS NULL;

-- Watching a whole paper: every new comment and status change on any of its pages.
CREATE TABLE paper_watches (
  user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  paper_id   TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  PRIMARY KEY (paper_id, user_id)
);
CREATE INDEX paper_watches_user ON paper_watches(user_id);

-- Watching one page. watching = 0 records that the person chose to stop, so the automatic watch
-- of a page's creator and of anyone who comments on it never overrides that choice.
CREATE TABLE page_watches (
  user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  page_id    TEXT NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
  watching   INTEGER NOT NULL CHECK (watching IN (0, 1)),
  updated_at TEXT NOT NULL,
  PRIMARY KEY (page_id, user_id)
);
CREATE INDEX page_watches_user ON page_watches(user_id);
