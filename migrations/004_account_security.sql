-- Account security and a person's own data: sign-in lockout and account deletion.

-- Failed sign-ins per email address (lower-case), for the lockout after repeated failures.
-- Keyed by the email typed, not by account, so the lock behaves the same whether or not an
-- account uses the address. A row is kept only while it counts failures or holds a lock.
CREATE TABLE signin_lockouts (
  email        TEXT PRIMARY KEY,
  failures     INTEGER NOT NULL,
  window_start TEXT NOT NULL,
  locked_until TEXT
);

-- A deleted account keeps its row, anonymised (name "Former member", no email, no usable
-- password), so pages, papers and page updates still point at someone. deleted_at says when.
ALTER TABLE users ADD COLUMN deleted_at TEXT;
