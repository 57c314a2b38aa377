-- Issue 15 item 5: a form typed but not saved when the terminal went away
-- (SIGHUP: the SSH link dropped; SIGTERM: the session was ended) is kept as
-- a draft and offered to the same operator at the next start. It lives in
-- the database file, readable by its owner only like the rest (§10).
CREATE TABLE draft (
    id        INTEGER PRIMARY KEY,
    operator  TEXT NOT NULL,
    -- which form: 'visit' or 'outcome'
    form      TEXT NOT NULL CHECK (form IN ('visit', 'outcome')),
    -- what it is about: {"kind":"followup","resident":1} or {"kind":…,"household":3}
    subject   TEXT NOT NULL CHECK (json_valid(subject)),
    -- the form's title as it was shown (记录随访 · 王秀英)
    title     TEXT NOT NULL,
    -- the values typed: {"Sbp":"152","Mode":"home",…}
    fields    TEXT NOT NULL CHECK (json_valid(fields)),
    saved_at  TEXT NOT NULL
) STRICT;
CREATE INDEX draft_operator ON draft(operator);
