-- Hashira workbook schema, version 6: milestones. A milestone is the whole review as it was
-- (answers, risks, workload, set texts in force, WG evaluations, the evidence list and the
-- audit trail up to then): the workbook's rows, stored as chunks kept once for all milestones
-- (below), without what the workbook keeps once anyway (set texts, by content hash; the audit
-- trail, a prefix of the workbook's own; evidence contents) or can rebuild from the set texts.
-- The SHA-256 of its record is in the audit chain. Append-only.
CREATE TABLE milestone (
    number         INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE CHECK (length(trim(name)) BETWEEN 1 AND 100),
    created_at     TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    -- The last audit entry the snapshot holds.
    audit_seq      INTEGER NOT NULL,
    -- SHA-256 of `snapshot`: the deflated list of its chunks per table.
    content_sha256 TEXT NOT NULL,
    -- Bytes the milestone added: its record and the chunks no earlier milestone had.
    size_bytes     INTEGER NOT NULL,
    snapshot       BLOB NOT NULL,
    -- The figures then (progress and risk per set, as `hashira show` counts them), for the
    -- risk trend over milestones without reading each one back. Also in the audit entry.
    figures        TEXT NOT NULL CHECK (json_valid(figures))
) STRICT;

-- The rows of every milestone, cut into chunks and kept once per content (SHA-256 of the
-- deflated chunk): a milestone's own record is the list of its chunks per table.
CREATE TABLE milestone_chunk (
    sha256  TEXT PRIMARY KEY,
    content BLOB NOT NULL
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
