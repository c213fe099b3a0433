-- Hashira workbook schema, version 7: the questions a set upgrade asks to re-review, and
-- improvement items that managers follow up (owner, due date, status). Append-only.

-- A question whose text, or a choice's, changed (or lost a selected choice) in a set upgrade:
-- its carried answer is to be re-reviewed. A reviewer clears it by confirming or changing the
-- answer (the row is deleted then).
CREATE TABLE rereview (
    question_id TEXT PRIMARY KEY REFERENCES question (id) ON DELETE CASCADE,
    -- What changed, as the upgrade plan listed it: {"question_text": bool, "choices": [...], ...}.
    reasons     TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(reasons)),
    -- The upgrade that asked for it: "<set id> <old version> → <new version>".
    upgrade     TEXT NOT NULL,
    since       TEXT NOT NULL
) STRICT;

-- One improvement item: a best practice not in place on a HIGH or MEDIUM question (`choice_id`
-- set), or an item a reviewer adds (`choice_id` NULL, `title` set).
CREATE TABLE improvement_item (
    id                INTEGER PRIMARY KEY,
    question_id       TEXT NOT NULL REFERENCES question (id) ON DELETE CASCADE,
    choice_id         TEXT,
    title             TEXT NOT NULL DEFAULT '',
    owner             TEXT NOT NULL DEFAULT '',
    due_date          TEXT CHECK (due_date IS NULL OR
                          due_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    status            TEXT NOT NULL DEFAULT 'OPEN'
                          CHECK (status IN ('OPEN', 'IN_PROGRESS', 'DONE', 'RISK_ACCEPTED')),
    acceptance_reason TEXT NOT NULL DEFAULT '',
    notes             TEXT NOT NULL DEFAULT '',
    updated_by        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    CHECK (status != 'RISK_ACCEPTED' OR length(trim(acceptance_reason)) > 0),
    CHECK (choice_id IS NOT NULL OR length(trim(title)) > 0)
) STRICT;
CREATE UNIQUE INDEX improvement_item_per_practice ON improvement_item (question_id, choice_id)
    WHERE choice_id IS NOT NULL;
