-- Chapter assignment (issue 7): a page may be assigned to one or more members who write it.
-- The assignee is tied to the membership, so removing a member from the paper removes their
-- assignments with it; a member whose role no longer lets them write keeps the row but is not
-- shown as an assignee (server/store/assignments.ts), so giving the role back restores it.
CREATE TABLE page_assignees (
  page_id     TEXT NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
  paper_id    TEXT NOT NULL,
  user_id     TEXT NOT NULL,
  assigned_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  assigned_at TEXT NOT NULL,
  PRIMARY KEY (page_id, user_id),
  FOREIGN KEY (paper_id, user_id) REFERENCES members(paper_id, user_id) ON DELETE CASCADE
);
CREATE INDEX page_assignees_member ON page_assignees(paper_id, user_id);
