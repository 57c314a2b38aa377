-- Issue 25 item 3 (domain.md §6, clarified): the day a diagnosis was entered
-- in gridcare, beside its diagnosis and management dates (often copied from
-- paper files): a patient entered with an earlier management date is in
-- grace from this day, not from the paper date. NULL for rows entered before
-- this version: their management date stands, as it did.
ALTER TABLE chronic_condition ADD COLUMN entered_on TEXT;
