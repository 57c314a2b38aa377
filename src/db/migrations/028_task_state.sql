-- Issue 30 item 1: the obligations the rules derive, kept per household.
-- Rows are written only by gridcare's Rust code (db/state.rs), from the
-- domain's own functions; SQL here only notes which household a write
-- touched (state_dirty), so its rows are replaced before the write commits.
CREATE TABLE household_state (
    household_id INTEGER PRIMARY KEY,
    township_id  INTEGER NOT NULL,
    computed_on  TEXT NOT NULL,
    -- the rows hold on every day from computed_on up to (not incl.) valid_until
    valid_until  TEXT,
    residents    INTEGER NOT NULL
) STRICT;
-- covering: the county overview reads only these columns (issue 30 item 2)
CREATE INDEX household_state_township ON household_state(township_id, computed_on, valid_until, residents);

CREATE TABLE task_state (
    household_id INTEGER NOT NULL,
    township_id  INTEGER NOT NULL,
    village_id   INTEGER NOT NULL,
    grid_id      INTEGER NOT NULL,
    resident_id  INTEGER,
    kind         TEXT NOT NULL,
    role         TEXT NOT NULL,
    worker_id    INTEGER,
    volunteer_id INTEGER,
    tier         INTEGER NOT NULL,
    colour       TEXT,
    cadence      TEXT,
    due_by       TEXT,
    referral_id  INTEGER,
    done_until   TEXT,
    overdue_from TEXT,
    hold         TEXT,
    hold_until   TEXT
) STRICT;
CREATE INDEX task_state_household ON task_state(household_id);
CREATE INDEX task_state_township ON task_state(township_id, done_until, hold, hold_until, overdue_from, colour, household_id);

-- no UNIQUE key: an outer statement's conflict policy (an UPSERT's) would
-- override the triggers' OR IGNORE; a household noted twice is read once
CREATE TABLE state_dirty (household_id INTEGER NOT NULL) STRICT;
CREATE INDEX state_dirty_household ON state_dirty(household_id);
INSERT INTO state_dirty SELECT id FROM household;

CREATE TRIGGER state_household_i AFTER INSERT ON household BEGIN
    INSERT OR IGNORE INTO state_dirty VALUES (NEW.id); END;
CREATE TRIGGER state_household_u AFTER UPDATE ON household BEGIN
    INSERT OR IGNORE INTO state_dirty VALUES (OLD.id); END;
CREATE TRIGGER state_household_d AFTER DELETE ON household BEGIN
    INSERT OR IGNORE INTO state_dirty VALUES (OLD.id); END;
CREATE TRIGGER state_resident_i AFTER INSERT ON resident BEGIN
    INSERT OR IGNORE INTO state_dirty VALUES (NEW.household_id); END;
CREATE TRIGGER state_resident_u AFTER UPDATE ON resident BEGIN
    INSERT OR IGNORE INTO state_dirty VALUES (OLD.household_id);
    INSERT OR IGNORE INTO state_dirty VALUES (NEW.household_id); END;
CREATE TRIGGER state_resident_d AFTER DELETE ON resident BEGIN
    INSERT OR IGNORE INTO state_dirty VALUES (OLD.household_id); END;
CREATE TRIGGER state_visit_i AFTER INSERT ON visit BEGIN
    INSERT OR IGNORE INTO state_dirty SELECT coalesce(NEW.household_id,
        (SELECT household_id FROM resident WHERE id = NEW.resident_id)); END;
CREATE TRIGGER state_visit_u AFTER UPDATE ON visit BEGIN
    INSERT OR IGNORE INTO state_dirty SELECT coalesce(OLD.household_id,
        (SELECT household_id FROM resident WHERE id = OLD.resident_id));
    INSERT OR IGNORE INTO state_dirty SELECT coalesce(NEW.household_id,
        (SELECT household_id FROM resident WHERE id = NEW.resident_id)); END;
CREATE TRIGGER state_visit_d AFTER DELETE ON visit BEGIN
    INSERT OR IGNORE INTO state_dirty SELECT coalesce(OLD.household_id,
        (SELECT household_id FROM resident WHERE id = OLD.resident_id)); END;
CREATE TRIGGER state_referral_i AFTER INSERT ON referral BEGIN
    INSERT OR IGNORE INTO state_dirty SELECT household_id FROM resident WHERE id = NEW.resident_id; END;
CREATE TRIGGER state_referral_u AFTER UPDATE ON referral BEGIN
    INSERT OR IGNORE INTO state_dirty SELECT household_id FROM resident WHERE id IN (OLD.resident_id, NEW.resident_id); END;
CREATE TRIGGER state_referral_d AFTER DELETE ON referral BEGIN
    INSERT OR IGNORE INTO state_dirty SELECT household_id FROM resident WHERE id = OLD.resident_id; END;
CREATE TRIGGER state_condition_i AFTER INSERT ON chronic_condition BEGIN
    INSERT OR IGNORE INTO state_dirty SELECT household_id FROM resident WHERE id = NEW.resident_id; END;
CREATE TRIGGER state_condition_u AFTER UPDATE ON chronic_condition BEGIN
    INSERT OR IGNORE INTO state_dirty SELECT household_id FROM resident WHERE id IN (OLD.resident_id, NEW.resident_id); END;
CREATE TRIGGER state_condition_d AFTER DELETE ON chronic_condition BEGIN
    INSERT OR IGNORE INTO state_dirty SELECT household_id FROM resident WHERE id = OLD.resident_id; END;
CREATE TRIGGER state_contract_i AFTER INSERT ON contract BEGIN
    INSERT OR IGNORE INTO state_dirty SELECT household_id FROM resident WHERE id = NEW.resident_id; END;
CREATE TRIGGER state_contract_u AFTER UPDATE ON contract BEGIN
    INSERT OR IGNORE INTO state_dirty SELECT household_id FROM resident WHERE id IN (OLD.resident_id, NEW.resident_id); END;
CREATE TRIGGER state_contract_d AFTER DELETE ON contract BEGIN
    INSERT OR IGNORE INTO state_dirty SELECT household_id FROM resident WHERE id = OLD.resident_id; END;
CREATE TRIGGER state_member_i AFTER INSERT ON group_member BEGIN
    INSERT OR IGNORE INTO state_dirty SELECT household_id FROM resident WHERE id = NEW.resident_id; END;
CREATE TRIGGER state_member_u AFTER UPDATE ON group_member BEGIN
    INSERT OR IGNORE INTO state_dirty SELECT household_id FROM resident WHERE id IN (OLD.resident_id, NEW.resident_id); END;
CREATE TRIGGER state_member_d AFTER DELETE ON group_member BEGIN
    INSERT OR IGNORE INTO state_dirty SELECT household_id FROM resident WHERE id = OLD.resident_id; END;
CREATE TRIGGER state_group_u AFTER UPDATE ON volunteer_group BEGIN
    INSERT OR IGNORE INTO state_dirty SELECT r.household_id FROM group_member m
        JOIN resident r ON r.id = m.resident_id WHERE m.group_id = OLD.id; END;
CREATE TRIGGER state_volunteer_u AFTER UPDATE ON volunteer BEGIN
    INSERT OR IGNORE INTO state_dirty SELECT r.household_id FROM volunteer_group g
        JOIN group_member m ON m.group_id = g.id JOIN resident r ON r.id = m.resident_id
        WHERE g.volunteer_id = OLD.id; END;
CREATE TRIGGER state_assignment_i AFTER INSERT ON grid_assignment BEGIN
    INSERT OR IGNORE INTO state_dirty SELECT id FROM household WHERE grid_id = NEW.grid_id; END;
CREATE TRIGGER state_assignment_u AFTER UPDATE ON grid_assignment BEGIN
    INSERT OR IGNORE INTO state_dirty SELECT id FROM household WHERE grid_id IN (OLD.grid_id, NEW.grid_id); END;
CREATE TRIGGER state_assignment_d AFTER DELETE ON grid_assignment BEGIN
    INSERT OR IGNORE INTO state_dirty SELECT id FROM household WHERE grid_id = OLD.grid_id; END;
CREATE TRIGGER state_team_i AFTER INSERT ON doctor_team BEGIN
    INSERT OR IGNORE INTO state_dirty SELECT id FROM household WHERE village_id = NEW.village_id; END;
CREATE TRIGGER state_team_u AFTER UPDATE ON doctor_team BEGIN
    INSERT OR IGNORE INTO state_dirty SELECT id FROM household WHERE village_id IN (OLD.village_id, NEW.village_id); END;
CREATE TRIGGER state_team_member AFTER INSERT ON team_member BEGIN
    INSERT OR IGNORE INTO state_dirty SELECT h.id FROM household h JOIN doctor_team t
        ON t.village_id = h.village_id WHERE t.id = NEW.team_id; END;
CREATE TRIGGER state_team_member_d AFTER DELETE ON team_member BEGIN
    INSERT OR IGNORE INTO state_dirty SELECT h.id FROM household h JOIN doctor_team t
        ON t.village_id = h.village_id WHERE t.id = OLD.team_id; END;
CREATE TRIGGER state_setting_u AFTER UPDATE ON setting BEGIN
    INSERT OR IGNORE INTO state_dirty SELECT id FROM household; END;
CREATE TRIGGER state_setting_i AFTER INSERT ON setting BEGIN
    INSERT OR IGNORE INTO state_dirty SELECT id FROM household; END;
