-- Issue 16 (domain.md §6 "Weekly plan"): a worker's plan for an ISO week is
-- stored once made, so it stays stable while tasks are added or done; it is
-- made again only on request (re-plan). `week` is the week's Monday.
CREATE TABLE plan_week (
    id          INTEGER PRIMARY KEY,
    worker_role TEXT NOT NULL CHECK (worker_role IN ('grid_worker', 'team')),
    worker_id   INTEGER NOT NULL,
    week        TEXT NOT NULL CHECK (date(week, '+0 days') IS week AND strftime('%w', week) = '1'),
    made_on     TEXT NOT NULL CHECK (date(made_on, '+0 days') IS made_on),
    capacity    INTEGER NOT NULL CHECK (capacity >= 0),
    -- share households the capacity left for later weeks
    deferred    INTEGER NOT NULL DEFAULT 0 CHECK (deferred >= 0),
    UNIQUE (worker_role, worker_id, week)
);

-- One planned task: its stable key (kind:subject[:referral]), its household,
-- why it is in the week (and the share's figures), and a hand move with its reason.
CREATE TABLE plan_task (
    plan_id      INTEGER NOT NULL REFERENCES plan_week(id) ON DELETE CASCADE,
    task_key     TEXT NOT NULL CHECK (length(task_key) > 0),
    household_id INTEGER NOT NULL REFERENCES household(id),
    why          TEXT NOT NULL CHECK (why IN ('overdue', 'red', 'weekly', 'dated', 'share', 'carried', 'household', 'by_hand', 'added')),
    due_by       TEXT CHECK (due_by IS NULL OR date(due_by, '+0 days') IS due_by),
    cadence      TEXT CHECK (cadence IS NULL OR cadence IN ('week', 'month', 'quarter', 'year')),
    weeks_left   INTEGER,
    share        INTEGER,
    of_count     INTEGER,
    moved        TEXT CHECK (moved IS NULL OR moved IN ('in', 'out')),
    move_reason  TEXT,
    CHECK ((moved IS NULL) = (move_reason IS NULL)),
    PRIMARY KEY (plan_id, task_key)
);
CREATE INDEX plan_task_key ON plan_task(task_key);
