-- Hashira workbook schema, version 6: milestones. A milestone is the whole review as it was
-- (answers, risks, workload, set texts in force, WG evaluations, the evidence list and the
-- audit trail up to then): a deflated copy of the workbook's rows without what the workbook
-- keeps once for every milestone (set texts, by content hash, below; the audit trail, a prefix
-- of the workbook's own; evidence contents) or can rebuild from the set texts. Its SHA-256 is
-- recorded in the audit chain. Append-only.
CREATE TABLE milestone (
    number         INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE CHECK (length(trim(name)) BETWEEN 1 AND 100),
    created_at     TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    -- The last audit entry the snapshot holds.
    audit_seq      INTEGER NOT NULL,
    content_sha256 TEXT NOT NULL,
    size_bytes     INTEGER NOT NULL,
    snapshot       BLOB NOT NULL
) STRICT;

-- Every set text a milestone holds, once per content (SHA-256 of the text).
CREATE TABLE milestone_set_text (
    content_hash TEXT PRIMARY KEY,
    source_text  TEXT NOT NULL
) STRICT;

-- The stored files each milestone lists, so removing one from the current review keeps its
-- content for the milestones that refer to it.
CREATE TABLE milestone_evidence (
    milestone_number INTEGER NOT NULL REFERENCES milestone (number),
    evidence_id      INTEGER NOT NULL,
    sha256           TEXT NOT NULL,
    PRIMARY KEY (milestone_number, evidence_id)
) STRICT;
CREATE INDEX milestone_evidence_by_sha256 ON milestone_evidence (sha256);

-- Contents of evidence files removed from the current review that a milestone still lists:
-- one copy per content.
CREATE TABLE evidence_retained (
    sha256  TEXT PRIMARY KEY,
    content BLOB NOT NULL
) STRICT;
