-- Issue 11: a resident's moves between households (marriage, a child setting
-- up home), so history is kept when household_id changes.
CREATE TABLE resident_move (
    id              INTEGER PRIMARY KEY,
    resident_id     INTEGER NOT NULL REFERENCES resident(id),
    from_household  INTEGER NOT NULL REFERENCES household(id),
    to_household    INTEGER NOT NULL REFERENCES household(id),
    moved_on        TEXT NOT NULL CHECK (date(moved_on, '+0 days') IS moved_on),
    relation_before TEXT NOT NULL,
    operator        TEXT NOT NULL,
    CHECK (from_household <> to_household)
) STRICT;
CREATE INDEX resident_move_resident ON resident_move(resident_id);
