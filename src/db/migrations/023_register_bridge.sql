-- Issue 28 item 3: the province's register brought in whole.
-- A condition flagged 是 in a register that gives no diagnosis date: the
-- date is unknown (the day of import stands in for it, and management starts
-- that day, in grace per domain.md §6). 0 for every condition entered before.
ALTER TABLE chronic_condition ADD COLUMN diagnosis_unknown INTEGER NOT NULL DEFAULT 0 CHECK (diagnosis_unknown IN (0, 1));
-- A column name gridcare does not know, mapped once by the coordinator to
-- the field it holds (`import --map 联系电话=电话`, or the import form), and
-- read so by every later import.
CREATE TABLE import_mapping (
    header TEXT PRIMARY KEY CHECK (length(trim(header)) BETWEEN 1 AND 60),
    field TEXT NOT NULL CHECK (length(field) BETWEEN 1 AND 40),
    chosen_on TEXT NOT NULL,
    chosen_by TEXT NOT NULL
);
