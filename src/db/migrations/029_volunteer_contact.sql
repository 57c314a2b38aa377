-- Issue 29 item 5 (domain.md §1: the volunteer reminds and reports to the
-- village doctor): what a volunteer brings back on their sheet, keyed in as
-- a volunteer-reported contact. It is not a doctor's follow-up: it
-- classifies nothing and satisfies no follow-up task. A high reading
-- (recheck = 1) suggests a re-check to the doctor team until the team's
-- next completed follow-up of the patient on or after the contact's date.
CREATE TABLE volunteer_contact (
    id           INTEGER PRIMARY KEY,
    resident_id  INTEGER NOT NULL REFERENCES resident(id),
    volunteer_id INTEGER NOT NULL,
    -- the volunteer's name as printed on the sheet
    reported_by  TEXT NOT NULL CHECK (length(trim(reported_by)) > 0),
    contact_date TEXT NOT NULL CHECK (date(contact_date, '+0 days') IS contact_date),
    outcome      TEXT NOT NULL CHECK (outcome IN ('completed', 'not_home', 'come_to_clinic', 'call_again', 'removed')),
    sbp          INTEGER CHECK (sbp BETWEEN 60 AND 300),
    dbp          INTEGER CHECK (dbp BETWEEN 30 AND 200),
    recheck      INTEGER NOT NULL DEFAULT 0 CHECK (recheck IN (0, 1)),
    -- the printed row it was keyed from
    batch_id     INTEGER REFERENCES print_batch(id),
    seq          INTEGER,
    entered_by   TEXT NOT NULL DEFAULT '',
    UNIQUE (batch_id, seq)
);
CREATE INDEX volunteer_contact_resident ON volunteer_contact(resident_id, contact_date);
