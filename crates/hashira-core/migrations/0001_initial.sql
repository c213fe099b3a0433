-- Hashira workbook schema, version 1.
-- Migrations are append-only: once released, a file never changes (a test pins its hash).

CREATE TABLE workbook_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- The engagement's workload: exactly one row.
CREATE TABLE workload (
    singleton           INTEGER PRIMARY KEY CHECK (singleton = 1),
    name                TEXT NOT NULL CHECK (length(trim(name)) > 0),
    description         TEXT NOT NULL DEFAULT '',
    review_owner        TEXT NOT NULL DEFAULT '',
    environment         TEXT CHECK (environment IN ('PRODUCTION', 'PREPRODUCTION')),
    aws_regions         TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(aws_regions)),
    other_regions       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(other_regions)),
    account_ids         TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(account_ids)),
    industry            TEXT NOT NULL DEFAULT '',
    architecture_url    TEXT NOT NULL DEFAULT '',
    notes               TEXT NOT NULL DEFAULT '',
    client_organization TEXT NOT NULL DEFAULT '',
    reviewers           TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(reviewers)),
    review_date         TEXT
) STRICT;

-- Question sets are copied in whole, so a workbook never depends on the app's shipped files.
CREATE TABLE question_set (
    id           TEXT PRIMARY KEY,
    position     INTEGER NOT NULL UNIQUE,
    version      TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    source_text  TEXT NOT NULL,
    added_at     TEXT NOT NULL
) STRICT;

-- Question and choice ids, mirrored from the set text so answers have real foreign keys.
CREATE TABLE question (
    id        TEXT PRIMARY KEY,
    set_id    TEXT NOT NULL REFERENCES question_set (id),
    pillar_id TEXT NOT NULL,
    position  INTEGER NOT NULL
) STRICT;

CREATE TABLE choice (
    question_id    TEXT NOT NULL REFERENCES question (id),
    id             TEXT NOT NULL,
    position       INTEGER NOT NULL,
    none_of_these  INTEGER NOT NULL CHECK (none_of_these IN (0, 1)),
    PRIMARY KEY (question_id, id)
) STRICT;

CREATE TABLE answer (
    question_id           TEXT PRIMARY KEY REFERENCES question (id),
    not_applicable_reason TEXT CHECK (not_applicable_reason IN
        ('OUT_OF_SCOPE', 'BUSINESS_PRIORITIES', 'ARCHITECTURE_CONSTRAINTS', 'OTHER')),
    not_applicable_text   TEXT NOT NULL DEFAULT '',
    notes                 TEXT NOT NULL DEFAULT '',
    updated_by            TEXT NOT NULL,
    updated_at            TEXT NOT NULL
) STRICT;

CREATE TABLE answer_choice (
    question_id TEXT NOT NULL REFERENCES answer (question_id) ON DELETE CASCADE,
    choice_id   TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('SELECTED', 'NOT_APPLICABLE')),
    reason      TEXT CHECK (reason IN
        ('OUT_OF_SCOPE', 'BUSINESS_PRIORITIES', 'ARCHITECTURE_CONSTRAINTS', 'OTHER')),
    reason_text TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (question_id, choice_id),
    FOREIGN KEY (question_id, choice_id) REFERENCES choice (question_id, id),
    CHECK ((status = 'SELECTED') = (reason IS NULL))
) STRICT;

CREATE TABLE evidence (
    id          INTEGER PRIMARY KEY,
    question_id TEXT NOT NULL REFERENCES question (id),
    choice_id   TEXT,
    kind        TEXT NOT NULL CHECK (kind IN ('FILE', 'LINK', 'TEXT')),
    title       TEXT NOT NULL DEFAULT '',
    file_name   TEXT,
    media_type  TEXT,
    size_bytes  INTEGER,
    sha256      TEXT,
    url         TEXT,
    excerpt     TEXT,
    added_by    TEXT NOT NULL,
    added_at    TEXT NOT NULL,
    FOREIGN KEY (question_id, choice_id) REFERENCES choice (question_id, id),
    CHECK (kind != 'FILE' OR (file_name IS NOT NULL AND size_bytes IS NOT NULL AND sha256 IS NOT NULL)),
    CHECK (kind != 'LINK' OR url IS NOT NULL),
    CHECK (kind != 'TEXT' OR excerpt IS NOT NULL)
) STRICT;
CREATE INDEX evidence_by_question ON evidence (question_id);

-- File contents live apart from their description, so listing evidence never reads blobs.
CREATE TABLE evidence_blob (
    evidence_id INTEGER PRIMARY KEY REFERENCES evidence (id) ON DELETE CASCADE,
    content     BLOB NOT NULL
) STRICT;

-- Append-only, hash-chained audit trail. The head (last seq and hash) is kept in workbook_meta
-- so that removing the newest entries is detected too.
CREATE TABLE audit_entry (
    seq        INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    target     TEXT NOT NULL,
    old_value  TEXT,
    new_value  TEXT,
    prev_hash  TEXT NOT NULL,
    entry_hash TEXT NOT NULL
) STRICT;
