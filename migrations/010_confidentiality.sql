-- Acknowledgements of the confidentiality check's findings. Before export or release the text is
-- scanned for what looks like patient-identifiable data; an editor either fixes each finding or
-- acknowledges it with a reason. An acknowledgement names exactly the findings it covers, by their
-- stable ids (a hash of where, what kind and what text, and which occurrence), never the text
-- itself, so a finding that appears later needs an acknowledgement of its own.

CREATE TABLE confidentiality_acknowledgements (
  id              TEXT PRIMARY KEY,
  paper_id        TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
  acknowledged_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  acknowledged_at TEXT NOT NULL,
  reason          TEXT NOT NULL
);
CREATE INDEX confidentiality_acknowledgements_paper ON confidentiality_acknowledgements(paper_id, acknowledged_at);

-- One row per finding an acknowledgement covers, with its kind (for counts), not its text.
CREATE TABLE confidentiality_acknowledged_findings (
  acknowledgement_id TEXT NOT NULL REFERENCES confidentiality_acknowledgements(id) ON DELETE CASCADE,
  finding_id         TEXT NOT NULL,
  kind               TEXT NOT NULL,
  PRIMARY KEY (acknowledgement_id, finding_id)
);
CREATE INDEX confidentiality_acknowledged_findings_finding ON confidentiality_acknowledged_findings(finding_id);
