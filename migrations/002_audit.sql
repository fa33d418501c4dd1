-- The audit trail: an append-only record of who did what and when. Rows are never changed or
-- removed; the triggers below refuse it even to code that tries.
CREATE TABLE audit_log (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  at         TEXT NOT NULL,
  paper_id   TEXT,
  actor_id   TEXT,
  actor_name TEXT NOT NULL,
  action     TEXT NOT NULL,
  target     TEXT,
  detail     TEXT NOT NULL DEFAULT '{}',
  ip         TEXT
);
CREATE INDEX audit_log_paper ON audit_log(paper_id, id);
CREATE INDEX audit_log_actor ON audit_log(actor_id, id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'The audit log is append-only.'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'The audit log is append-only.'); END;
