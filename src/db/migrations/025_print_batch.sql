-- Issue 29 item 3: a printed batch of sheets and its rows, each with the
-- short code printed on it (W48-0137, unique in the batch), so the paper that
-- comes back is keyed in by its codes in sheet order.
CREATE TABLE print_batch (
    id          INTEGER PRIMARY KEY,
    printed_on  TEXT NOT NULL CHECK (date(printed_on, '+0 days') IS printed_on),
    -- the sheets' period as printed (2026-W48, 2026-11) and its first day
    period      TEXT NOT NULL CHECK (length(period) > 0),
    period_start TEXT NOT NULL CHECK (date(period_start, '+0 days') IS period_start),
    -- whose sheets: grid_worker:12, team:3, volunteer:5, village:2, township
    who         TEXT NOT NULL CHECK (length(who) > 0),
    -- who printed it (the operator's name; the audit row says so too)
    printed_by  TEXT NOT NULL DEFAULT ''
);

CREATE TABLE print_row (
    batch_id     INTEGER NOT NULL REFERENCES print_batch(id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL CHECK (seq > 0),
    code         TEXT NOT NULL CHECK (length(code) > 0),
    -- whose sheet the row is on (the worker's name as printed)
    sheet        TEXT NOT NULL,
    task_key     TEXT NOT NULL CHECK (length(task_key) > 0),
    kind         TEXT NOT NULL,
    household_id INTEGER NOT NULL REFERENCES household(id),
    resident_id  INTEGER REFERENCES resident(id),
    worker_role  TEXT NOT NULL CHECK (worker_role IN ('grid_worker', 'team', 'volunteer')),
    worker_id    INTEGER NOT NULL,
    due          TEXT NOT NULL,
    -- the visit the row was keyed in as (issue 29 item 4): a row is keyed
    -- once; a second key-in of it says so
    visit_id     INTEGER REFERENCES visit(id),
    PRIMARY KEY (batch_id, seq),
    UNIQUE (batch_id, code)
);
CREATE INDEX print_row_household ON print_row(household_id);

