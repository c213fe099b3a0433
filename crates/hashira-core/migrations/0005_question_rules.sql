-- Hashira workbook schema, version 5: what the figures need of each stored question set, kept
-- beside its text so that counting risks (`hashira show`) does not parse the whole text of a
-- 10,000-question set. Written from the set when it is added (the upgrade to this version
-- writes them for the sets already stored); `verify` compares them with the set's text, which
-- stays the authority. Append-only.

-- Per set: its title and its pillars (`[{"id", "title"}]`, in document order), and a copy of
-- `question_set.added_at`, which SQLite reaches only by reading the whole stored text before it.
CREATE TABLE set_figures (
    set_id   TEXT PRIMARY KEY REFERENCES question_set (id),
    title    TEXT NOT NULL CHECK (json_valid(title)),
    pillars  TEXT NOT NULL CHECK (json_valid(pillars)),
    added_at TEXT NOT NULL
) STRICT;

-- Per question (keyed as the `question` table keys it): its choice ids in document order (a
-- rule's choice reference is a position in this list), how many are best practices (not
-- "None of these"), and its risk rules as written (`[{"condition", "risk"}]`, in order).
CREATE TABLE question_rule (
    question_id TEXT PRIMARY KEY REFERENCES question (id),
    choices     TEXT NOT NULL CHECK (json_valid(choices)),
    practices   INTEGER NOT NULL,
    rules       TEXT NOT NULL CHECK (json_valid(rules))
) STRICT;
