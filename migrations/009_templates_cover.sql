-- Paper templates and the cover of a paper (issue 7).
--
-- A template is a named skeleton of pages that a new paper can start from. Its pages are kept as a
-- flat list in reading order with a depth each (1: chapter, 2: its section ...), so the tree needs
-- no ids; each page's starting text is ProseMirror JSON in the schema of shared/schema.ts, made
-- into the new page's first Yjs state on the server. The built-in "Briefing paper" template lives
-- in code (server/domain/briefingTemplate.ts), not here. Templates belong to the whole site: any
-- signed-in person may start a paper from one; only the person who saved one may rename or delete it.

CREATE TABLE templates (
  id              TEXT PRIMARY KEY,
  name            TEXT NOT NULL,
  created_by      TEXT REFERENCES users(id) ON DELETE SET NULL,
  -- The paper it was saved from (kept for the record; the template stands alone).
  source_paper_id TEXT REFERENCES papers(id) ON DELETE SET NULL,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);
CREATE INDEX templates_name ON templates(name COLLATE NOCASE);

CREATE TABLE template_pages (
  template_id TEXT NOT NULL REFERENCES templates(id) ON DELETE CASCADE,
  -- Reading order, 0..n-1.
  position    INTEGER NOT NULL,
  depth       INTEGER NOT NULL CHECK (depth >= 1),
  title       TEXT NOT NULL,
  -- ProseMirror JSON of the page's starting text.
  body        TEXT NOT NULL,
  PRIMARY KEY (template_id, position)
);

-- The cover and front matter. Title and subtitle are the paper's own columns already.
ALTER TABLE papers ADD COLUMN organisation TEXT NOT NULL DEFAULT '';
-- A day (2026-03-31) or NULL: export then shows the release or export date.
ALTER TABLE papers ADD COLUMN cover_date TEXT;
ALTER TABLE papers ADD COLUMN edited_by TEXT NOT NULL DEFAULT '';
-- Key points, one a line.
ALTER TABLE papers ADD COLUMN summary TEXT NOT NULL DEFAULT '';
ALTER TABLE papers ADD COLUMN acknowledgements TEXT NOT NULL DEFAULT '';
