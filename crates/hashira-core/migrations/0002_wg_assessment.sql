-- Hashira workbook schema, version 2: evaluations of AWS services by the
-- セキュリティリスク評価共同化WG, imported from their Excel workbooks, with the institution's own
-- decision per criterion. Append-only like every migration.

-- One evaluation per AWS service.
CREATE TABLE wg_assessment (
    id            INTEGER PRIMARY KEY,
    service       TEXT NOT NULL UNIQUE CHECK (length(trim(service)) > 0),
    edition       TEXT NOT NULL DEFAULT '',
    edition_date  TEXT NOT NULL DEFAULT '',
    source_file   TEXT NOT NULL DEFAULT '',
    source_sha256 TEXT NOT NULL DEFAULT '',
    -- Column layout per sheet as found in the source file: {"sheet key": ["field:x" | "extra:header", ...]}.
    layout        TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(layout)),
    imported_by   TEXT NOT NULL,
    imported_at   TEXT NOT NULL
) STRICT;

-- Code lists (evaluation perspectives, countermeasure categories) as the file carried them.
CREATE TABLE wg_code (
    assessment_id INTEGER NOT NULL REFERENCES wg_assessment (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('PERSPECTIVE', 'CATEGORY')),
    position      INTEGER NOT NULL,
    code          TEXT NOT NULL DEFAULT '',
    name          TEXT NOT NULL,
    parent        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (assessment_id, kind, position)
) STRICT;

-- 利用シナリオと接続経路
CREATE TABLE wg_scenario (
    assessment_id     INTEGER NOT NULL REFERENCES wg_assessment (id) ON DELETE CASCADE,
    position          INTEGER NOT NULL,
    scenario_id       TEXT NOT NULL DEFAULT '',
    scenario          TEXT NOT NULL DEFAULT '',
    connection_source TEXT NOT NULL DEFAULT '',
    route             TEXT NOT NULL DEFAULT '',
    notes             TEXT NOT NULL DEFAULT '',
    extra             TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(extra)),
    links             TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(links)),
    PRIMARY KEY (assessment_id, position)
) STRICT;

-- セキュリティクライテリア, with the institution's own evaluation.
CREATE TABLE wg_criterion (
    id                      INTEGER PRIMARY KEY,
    assessment_id           INTEGER NOT NULL REFERENCES wg_assessment (id) ON DELETE CASCADE,
    position                INTEGER NOT NULL,
    criterion_no            TEXT NOT NULL DEFAULT '',
    perspective             TEXT NOT NULL DEFAULT '',
    category                TEXT NOT NULL DEFAULT '',
    assumed_risk            TEXT NOT NULL DEFAULT '',
    criterion               TEXT NOT NULL DEFAULT '',
    controls                TEXT NOT NULL DEFAULT '',
    responsibility_aws      TEXT NOT NULL DEFAULT '',
    responsibility_customer TEXT NOT NULL DEFAULT '',
    fisc_refs               TEXT NOT NULL DEFAULT '',
    refs                    TEXT NOT NULL DEFAULT '',
    decision                TEXT NOT NULL DEFAULT 'NOT_EVALUATED'
        CHECK (decision IN ('ADOPTED', 'CONDITIONAL', 'REJECTED', 'NOT_EVALUATED')),
    own_measures            TEXT NOT NULL DEFAULT '',
    residual_risk           TEXT NOT NULL DEFAULT '',
    reviewer_notes          TEXT NOT NULL DEFAULT '',
    extra                   TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(extra)),
    links                   TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(links)),
    UNIQUE (assessment_id, position)
) STRICT;

-- Criterion ↔ Well-Architected question (SEC…, FISCSEC…). No foreign key to question: a WG
-- evaluation may name questions of a set this workbook does not use.
CREATE TABLE wg_criterion_question (
    criterion_id INTEGER NOT NULL REFERENCES wg_criterion (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    question_id  TEXT NOT NULL,
    PRIMARY KEY (criterion_id, question_id)
) STRICT;
CREATE INDEX wg_criterion_question_by_question ON wg_criterion_question (question_id);

-- サービス利用時の留意事項
CREATE TABLE wg_note (
    assessment_id INTEGER NOT NULL REFERENCES wg_assessment (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    category      TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    detail        TEXT NOT NULL DEFAULT '',
    refs          TEXT NOT NULL DEFAULT '',
    extra         TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(extra)),
    links         TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(links)),
    PRIMARY KEY (assessment_id, position)
) STRICT;
