-- Hashira workbook schema, version 4: each audit entry records the state, after its write, of
-- the rows the write changed (answers, choices, evidence, workload, WG evaluations), so that
-- `verify` can prove the file still holds what the trail says. Entries written before have
-- none; the upgrade's own entry records every row as the baseline. Append-only.
ALTER TABLE audit_entry ADD COLUMN state TEXT CHECK (state IS NULL OR json_valid(state));
