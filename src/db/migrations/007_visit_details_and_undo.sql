-- Migration 7 (issue 10, items 8 and 9). Appended, never edited.
-- §3: who did the visit (a name as the team writes it on paper; the
-- operator who typed it in stays in recorded_by). The other §3 fields —
-- height, smoking, drinking, exercise, salt, next-visit date — are in
-- schema.sql already.
ALTER TABLE visit ADD COLUMN visited_by TEXT
    CHECK (visited_by IS NULL OR length(trim(visited_by)) > 0);
-- §6 contact outcomes: a removal can be undone. The visit that removed
-- stays (nothing is deleted, §10); it is marked undone, with the day and
-- the operator, and then counts for nothing in the queues.
ALTER TABLE visit ADD COLUMN undone_on TEXT
    CHECK (undone_on IS NULL OR date(undone_on, '+0 days') IS undone_on);
ALTER TABLE visit ADD COLUMN undone_by TEXT;
