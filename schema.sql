-- gridcare schema, migration 1. Applied through rusqlite_migration; never edit
-- once released: later changes are new migrations (src/db/migrations.rs).
-- Constraints live here so that bad data cannot enter even from outside the
-- program (sqlite3 on the command line, another tool). Dates are ISO text
-- 'YYYY-MM-DD'; `date(x, '+0 days') IS x` rejects impossible dates such as 1999-02-30.

-- 1. The organisation (domain.md §1) -------------------------------------------
CREATE TABLE county (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0)
) STRICT;

CREATE TABLE township (
    id        INTEGER PRIMARY KEY,
    county_id INTEGER NOT NULL REFERENCES county(id),
    name      TEXT NOT NULL CHECK (length(trim(name)) > 0),
    UNIQUE (county_id, name)
) STRICT;

CREATE TABLE village (
    id          INTEGER PRIMARY KEY,
    township_id INTEGER NOT NULL REFERENCES township(id),
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    UNIQUE (township_id, name)
) STRICT;

CREATE TABLE grid (
    id         INTEGER PRIMARY KEY,
    village_id INTEGER NOT NULL REFERENCES village(id),
    name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
    UNIQUE (village_id, name),
    UNIQUE (id, village_id) -- target of household's composite key
) STRICT;

-- 2. Households and residents (§2, §9) -----------------------------------------
CREATE TABLE household (
    id            INTEGER PRIMARY KEY,
    village_id    INTEGER NOT NULL REFERENCES village(id),
    grid_id       INTEGER NOT NULL,
    address       TEXT NOT NULL CHECK (length(trim(address)) > 0),
    registered_on TEXT NOT NULL CHECK (date(registered_on, '+0 days') IS registered_on),
    -- A coordinator's override of the derived tier, always with its reason.
    tier_override        INTEGER CHECK (tier_override BETWEEN 1 AND 5),
    tier_override_reason TEXT,
    CHECK ((tier_override IS NULL) = (tier_override_reason IS NULL)),
    CHECK (tier_override_reason IS NULL OR length(trim(tier_override_reason)) > 0),
    -- the grid must belong to the household's village
    FOREIGN KEY (grid_id, village_id) REFERENCES grid(id, village_id)
) STRICT;
CREATE INDEX household_grid ON household(grid_id);

CREATE TABLE resident (
    id           INTEGER PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES household(id),
    name         TEXT NOT NULL CHECK (length(trim(name)) > 0),
    -- GB 11643, always stored in the 18-character form (15-digit numbers are
    -- upgraded on entry). Shape, check character, birth date and sex are all
    -- checked here, so that the number and the typed facts can never disagree.
    id_number    TEXT NOT NULL UNIQUE CHECK (
        length(id_number) = 18
        AND substr(id_number, 1, 17) GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'
        AND substr(id_number, 18, 1) GLOB '[0-9X]'
        AND substr('10X98765432',
            (  substr(id_number, 1, 1) * 7 + substr(id_number, 2, 1) * 9
             + substr(id_number, 3, 1) * 10 + substr(id_number, 4, 1) * 5
             + substr(id_number, 5, 1) * 8 + substr(id_number, 6, 1) * 4
             + substr(id_number, 7, 1) * 2 + substr(id_number, 8, 1) * 1
             + substr(id_number, 9, 1) * 6 + substr(id_number, 10, 1) * 3
             + substr(id_number, 11, 1) * 7 + substr(id_number, 12, 1) * 9
             + substr(id_number, 13, 1) * 10 + substr(id_number, 14, 1) * 5
             + substr(id_number, 15, 1) * 8 + substr(id_number, 16, 1) * 4
             + substr(id_number, 17, 1) * 2) % 11 + 1, 1) = substr(id_number, 18, 1)
    ),
    sex          TEXT NOT NULL CHECK (sex IN ('M', 'F')),
    birth_date   TEXT NOT NULL CHECK (date(birth_date, '+0 days') IS birth_date),
    phone        TEXT CHECK (phone IS NULL OR (length(phone) BETWEEN 5 AND 20 AND phone NOT GLOB '*[^0-9+ -]*')),
    relation     TEXT NOT NULL CHECK (relation IN ('head', 'spouse', 'child', 'parent', 'grandchild', 'sibling', 'other')),
    status       TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'moved', 'deceased', 'transferred')),
    status_date  TEXT CHECK (status_date IS NULL OR date(status_date, '+0 days') IS status_date),
    lives_alone_no_carer INTEGER NOT NULL DEFAULT 0 CHECK (lives_alone_no_carer IN (0, 1)),
    disabled             INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    seriously_ill        INTEGER NOT NULL DEFAULT 0 CHECK (seriously_ill IN (0, 1)),
    -- the family doctor's one-person-one-plan (★1), free text
    care_plan    TEXT,
    registered_on TEXT NOT NULL CHECK (date(registered_on, '+0 days') IS registered_on),
    CHECK ((status = 'active') = (status_date IS NULL)),
    CHECK (birth_date = substr(id_number, 7, 4) || '-' || substr(id_number, 11, 2) || '-' || substr(id_number, 13, 2)),
    CHECK ((substr(id_number, 17, 1) % 2 = 1) = (sex = 'M')),
    CHECK (status_date IS NULL OR status_date >= birth_date)
) STRICT;
CREATE INDEX resident_household ON resident(household_id);
CREATE INDEX resident_name ON resident(name);

-- 3. Chronic conditions (§3) ---------------------------------------------------
CREATE TABLE chronic_condition (
    id            INTEGER PRIMARY KEY,
    resident_id   INTEGER NOT NULL REFERENCES resident(id),
    condition     TEXT NOT NULL CHECK (condition IN ('hypertension', 'diabetes', 'mental', 'other')),
    diagnosed_on  TEXT NOT NULL CHECK (date(diagnosed_on, '+0 days') IS diagnosed_on),
    managed_from  TEXT NOT NULL CHECK (date(managed_from, '+0 days') IS managed_from),
    managed_until TEXT CHECK (managed_until IS NULL OR date(managed_until, '+0 days') IS managed_until),
    end_reason    TEXT CHECK (end_reason IN ('death', 'moved', 'lost', 'refused', 'transferred')),
    CHECK ((managed_until IS NULL) = (end_reason IS NULL)),
    CHECK (managed_from >= diagnosed_on),
    CHECK (managed_until IS NULL OR managed_until >= managed_from),
    UNIQUE (resident_id, condition)
) STRICT;

-- 4. Staff, teams, coverage, contracts (§1) --------------------------------------
CREATE TABLE staff (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
    role       TEXT NOT NULL CHECK (role IN ('grid_worker', 'village_doctor', 'township_gp', 'county_specialist', 'nurse')),
    phone      TEXT,
    village_id INTEGER REFERENCES village(id),
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

-- which grid worker covers which grid; to_date is the last day covered, NULL while current
CREATE TABLE grid_assignment (
    id        INTEGER PRIMARY KEY,
    staff_id  INTEGER NOT NULL REFERENCES staff(id),
    grid_id   INTEGER NOT NULL REFERENCES grid(id),
    from_date TEXT NOT NULL CHECK (date(from_date, '+0 days') IS from_date),
    to_date   TEXT CHECK (to_date IS NULL OR date(to_date, '+0 days') IS to_date),
    CHECK (to_date IS NULL OR to_date >= from_date)
) STRICT;
CREATE INDEX grid_assignment_grid ON grid_assignment(grid_id);

CREATE TABLE doctor_team (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    village_id INTEGER NOT NULL REFERENCES village(id)
) STRICT;

CREATE TABLE team_member (
    team_id  INTEGER NOT NULL REFERENCES doctor_team(id),
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    is_leader INTEGER NOT NULL DEFAULT 0 CHECK (is_leader IN (0, 1)),
    PRIMARY KEY (team_id, staff_id)
) STRICT;

CREATE TABLE contract (
    id          INTEGER PRIMARY KEY,
    resident_id INTEGER NOT NULL REFERENCES resident(id),
    team_id     INTEGER NOT NULL REFERENCES doctor_team(id),
    start_date  TEXT NOT NULL CHECK (date(start_date, '+0 days') IS start_date),
    end_date    TEXT NOT NULL CHECK (date(end_date, '+0 days') IS end_date),
    CHECK (end_date > start_date)
) STRICT;
CREATE INDEX contract_resident ON contract(resident_id);

-- 5. Volunteers and their groups (§5) ---------------------------------------------
CREATE TABLE volunteer (
    id          INTEGER PRIMARY KEY,
    resident_id INTEGER NOT NULL UNIQUE REFERENCES resident(id),
    since       TEXT NOT NULL CHECK (date(since, '+0 days') IS since),
    until       TEXT CHECK (until IS NULL OR date(until, '+0 days') IS until)
) STRICT;

CREATE TABLE volunteer_group (
    id           INTEGER PRIMARY KEY,
    village_id   INTEGER NOT NULL REFERENCES village(id),
    volunteer_id INTEGER REFERENCES volunteer(id),
    name         TEXT NOT NULL CHECK (length(trim(name)) > 0),
    UNIQUE (village_id, name)
) STRICT;

CREATE TABLE group_member (
    group_id    INTEGER NOT NULL REFERENCES volunteer_group(id),
    resident_id INTEGER NOT NULL UNIQUE REFERENCES resident(id), -- one group per patient
    since       TEXT NOT NULL CHECK (date(since, '+0 days') IS since),
    PRIMARY KEY (group_id, resident_id)
) STRICT;

-- 6. Visits and their results (§3, §6) --------------------------------------------
CREATE TABLE visit (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('household', 'followup', 'yearly_check', 'recheck', 'referral_followup')),
    household_id INTEGER REFERENCES household(id),
    resident_id  INTEGER REFERENCES resident(id),
    staff_id     INTEGER REFERENCES staff(id),
    team_id      INTEGER REFERENCES doctor_team(id),
    mode         TEXT NOT NULL CHECK (mode IN ('clinic', 'home', 'phone')),
    visit_date   TEXT NOT NULL CHECK (date(visit_date, '+0 days') IS visit_date),
    outcome      TEXT NOT NULL CHECK (outcome IN ('completed', 'not_home', 'come_to_clinic', 'call_again', 'removed')),
    call_again_on TEXT CHECK (call_again_on IS NULL OR date(call_again_on, '+0 days') IS call_again_on),
    remove_reason TEXT CHECK (remove_reason IN ('moved', 'died', 'transferred', 'refused', 'wrong_phone')),
    -- vitals (follow-ups); ranges are domain.md §3's plausible ranges
    sbp          INTEGER CHECK (sbp BETWEEN 60 AND 300),
    dbp          INTEGER CHECK (dbp BETWEEN 30 AND 200),
    heart_rate   INTEGER CHECK (heart_rate BETWEEN 20 AND 250),
    fpg          REAL    CHECK (fpg BETWEEN 1.0 AND 35.0),
    weight_kg    REAL    CHECK (weight_kg BETWEEN 2 AND 300),
    height_cm    REAL    CHECK (height_cm BETWEEN 40 AND 250),
    smoking      INTEGER CHECK (smoking IN (0, 1)),
    drinking     INTEGER CHECK (drinking IN (0, 1)),
    exercise_min_week INTEGER CHECK (exercise_min_week BETWEEN 0 AND 10080),
    salt         TEXT CHECK (salt IN ('light', 'medium', 'heavy')),
    adherence    TEXT CHECK (adherence IN ('regular', 'intermittent', 'none')),
    adverse_reaction INTEGER NOT NULL DEFAULT 0 CHECK (adverse_reaction IN (0, 1)),
    adverse_uncontrolled INTEGER NOT NULL DEFAULT 0 CHECK (adverse_uncontrolled IN (0, 1)),
    complication TEXT NOT NULL DEFAULT 'none' CHECK (complication IN ('none', 'new', 'worse')),
    emergency_symptoms INTEGER NOT NULL DEFAULT 0 CHECK (emergency_symptoms IN (0, 1)),
    classification TEXT CHECK (classification IN ('controlled', 'uncontrolled', 'adverse', 'complication')),
    referral     TEXT NOT NULL DEFAULT 'none' CHECK (referral IN ('none', 'refer', 'emergency')),
    next_visit_on TEXT CHECK (next_visit_on IS NULL OR date(next_visit_on, '+0 days') IS next_visit_on),
    notes        TEXT,
    recorded_by  TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    CHECK (sbp IS NULL OR dbp IS NULL OR sbp > dbp),
    CHECK ((sbp IS NULL) = (dbp IS NULL)),
    -- household visits are per household, everything else per resident
    CHECK ((kind = 'household') = (household_id IS NOT NULL AND resident_id IS NULL)),
    CHECK ((kind <> 'household') = (resident_id IS NOT NULL AND household_id IS NULL)),
    CHECK ((outcome = 'call_again') = (call_again_on IS NOT NULL)),
    CHECK ((outcome = 'removed') = (remove_reason IS NOT NULL)),
    CHECK (classification IS NULL OR outcome = 'completed'),
    CHECK (next_visit_on IS NULL OR next_visit_on >= visit_date),
    CHECK (call_again_on IS NULL OR call_again_on >= visit_date)
) STRICT;
CREATE INDEX visit_resident ON visit(resident_id, visit_date);
CREATE INDEX visit_household ON visit(household_id, visit_date);

-- 7. Colour history (§4): one row per change, never overwritten -------------------
CREATE TABLE colour_history (
    id          INTEGER PRIMARY KEY,
    resident_id INTEGER NOT NULL REFERENCES resident(id),
    colour      TEXT NOT NULL CHECK (colour IN ('red', 'yellow', 'green', 'unassessed')),
    since       TEXT NOT NULL CHECK (date(since, '+0 days') IS since),
    cause       TEXT NOT NULL CHECK (length(trim(cause)) > 0),
    visit_id    INTEGER REFERENCES visit(id)
) STRICT;
CREATE INDEX colour_history_resident ON colour_history(resident_id, since);

-- 8. Two-way referrals (§7) --------------------------------------------------------
CREATE TABLE referral (
    id          INTEGER PRIMARY KEY,
    resident_id INTEGER NOT NULL REFERENCES resident(id),
    from_level  TEXT NOT NULL CHECK (from_level IN ('village', 'township', 'county')),
    to_level    TEXT NOT NULL CHECK (to_level IN ('village', 'township', 'county')),
    reason      TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    urgency     TEXT NOT NULL CHECK (urgency IN ('routine', 'emergency')),
    sent_on     TEXT NOT NULL CHECK (date(sent_on, '+0 days') IS sent_on),
    received_on TEXT CHECK (received_on IS NULL OR date(received_on, '+0 days') IS received_on),
    returned_on TEXT CHECK (returned_on IS NULL OR date(returned_on, '+0 days') IS returned_on),
    outcome     TEXT,
    visit_id    INTEGER REFERENCES visit(id),
    CHECK (from_level <> to_level),
    CHECK (received_on IS NULL OR received_on >= sent_on),
    CHECK (returned_on IS NULL OR (received_on IS NOT NULL AND returned_on >= received_on))
) STRICT;
CREATE INDEX referral_resident ON referral(resident_id);

-- 9. Settings: domain.md's thresholds and cadences as data ----------------------------
CREATE TABLE setting (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    description TEXT NOT NULL
) STRICT;

INSERT INTO setting (key, value, description) VALUES
  ('tier.lonely_elder_min_age', '60', '★1: lives alone without a carer and at least this old (§2)'),
  ('tier.elder_age', '65', '★4: elders at least this old (§2)'),
  ('tier.child_under_age', '6', '★4: children younger than this (§2)'),
  ('bp.sbp_uncontrolled', '140', 'uncontrolled at SBP ≥ this (§3)'),
  ('bp.dbp_uncontrolled', '90', 'uncontrolled at DBP ≥ this (§3)'),
  ('bp.sbp_emergency', '180', 'emergency referral at SBP ≥ this (§3)'),
  ('bp.dbp_emergency', '110', 'emergency referral at DBP ≥ this (§3)'),
  ('fpg.uncontrolled', '7.0', 'uncontrolled at FPG ≥ this mmol/L (§3)'),
  ('fpg.emergency_high', '16.7', 'emergency referral at FPG ≥ this mmol/L (§3)'),
  ('fpg.emergency_low', '3.9', 'emergency referral at FPG ≤ this mmol/L (§3)'),
  ('followup.recheck_days', '14', 're-check within this many days after uncontrolled / adverse (§3)'),
  ('referral.followup_days', '14', 'follow up within this many days after a referral (§3, §7)'),
  ('colour.red_due_days', '14', 'red: follow-up due within this many days (§4)'),
  ('colour.yellow_due_days', '14', 'yellow: home visit within this many days (§4)'),
  ('group.target_size', '20', 'volunteer group target size (§5)'),
  ('group.max_size', '25', 'volunteer group hard limit (§5)'),
  ('cadence.tier1_visit', 'week', '★1 households: grid-worker visit every (week/month/quarter/year) (§2)'),
  ('cadence.tier2_visit', 'month', '★2 households: grid-worker visit every … (§2)'),
  ('cadence.tier5_visit', 'year', '★5 households: grid-worker visit every … (§2)'),
  ('cadence.green_followup', 'quarter', 'green patients: follow-up every … (§4)'),
  ('cadence.yellow_followup', 'month', 'yellow patients after the first re-check: follow-up every … (§4)'),
  ('cadence.age_check', 'year', '★4 elders and young children: health check every … (§2)'),
  ('ui.lang', 'zh', 'interface language when --lang is not given: zh or en');

-- 10. Operators and the audit log (§10) ------------------------------------------------
CREATE TABLE operator (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0)
) STRICT;

CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    operator  TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id INTEGER,
    detail    TEXT
) STRICT;

-- 11. About this database (demo date, township it serves) --------------------------------
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
