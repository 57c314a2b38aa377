-- Issue 15 item 5: every form that takes typed input is kept as a draft, not
-- only the follow-up and the contact outcome. SQLite cannot widen a CHECK in
-- place: the table is rebuilt with 'form' allowed (any other form) and a
-- column keeping what re-opens it, its drafts copied over.
CREATE TABLE draft_new (
    id        INTEGER PRIMARY KEY,
    operator  TEXT NOT NULL,
    -- which form: 'visit', 'outcome', or 'form' (any other, see reopen)
    form      TEXT NOT NULL CHECK (form IN ('visit', 'outcome', 'form')),
    -- what it is about: {"kind":"followup","resident":1}, {"household":3}, or {}
    subject   TEXT NOT NULL CHECK (json_valid(subject)),
    -- for 'form': the form's kind and field table, as gridcare re-opens it
    reopen    TEXT CHECK (reopen IS NULL OR json_valid(reopen)),
    -- the form's title as it was shown (记录随访 · 王秀英)
    title     TEXT NOT NULL,
    -- the values typed: {"values":{"Sbp":"152",…},"order":["Sbp",…]}
    fields    TEXT NOT NULL CHECK (json_valid(fields)),
    saved_at  TEXT NOT NULL,
    CHECK ((form = 'form') = (reopen IS NOT NULL))
) STRICT;
INSERT INTO draft_new (id, operator, form, subject, reopen, title, fields, saved_at)
    SELECT id, operator, form, subject, NULL, title, fields, saved_at FROM draft;
DROP TABLE draft;
ALTER TABLE draft_new RENAME TO draft;
CREATE INDEX draft_operator ON draft(operator);
