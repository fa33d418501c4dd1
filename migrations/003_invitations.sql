-- Invitation links and the one paper setting the role matrix looks at.
-- An invitation's token is random and only its SHA-256 is kept, like a session's: a copied
-- database file cannot be used to join a paper. A link works for many people until it expires,
-- is revoked, or has been used max_uses times (NULL: no limit).

ALTER TABLE papers ADD COLUMN readers_may_export INTEGER NOT NULL DEFAULT 0 CHECK (readers_may_export IN (0, 1));

CREATE TABLE invitations (
  id          TEXT PRIMARY KEY,
  paper_id    TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
  token_hash  TEXT NOT NULL UNIQUE,
  role        TEXT NOT NULL CHECK (role IN ('editor', 'author', 'reviewer', 'reader')),
  created_by  TEXT REFERENCES users(id) ON DELETE SET NULL,
  created_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL,
  max_uses    INTEGER CHECK (max_uses IS NULL OR max_uses > 0),
  use_count   INTEGER NOT NULL DEFAULT 0,
  revoked_at  TEXT,
  revoked_by  TEXT REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX invitations_paper ON invitations(paper_id, created_at);
