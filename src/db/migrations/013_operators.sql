-- Issue 15 item 2 (domain.md §10): operators sign in with a PIN and work in
-- a role's scope. The PIN is kept only as an argon2 PHC string. A row with
-- no pin_hash (the demo's 'demo') is a name in the audit log, not a login.
-- coordinator: the whole township; doctor: village_id; worker: the grids
-- currently assigned to staff_id. Ended operators stay (the audit log names
-- them); failed_attempts and locked_until carry the lockout after wrong PINs.
ALTER TABLE operator ADD COLUMN role TEXT NOT NULL DEFAULT 'coordinator'
    CHECK (role IN ('coordinator', 'doctor', 'worker'));
ALTER TABLE operator ADD COLUMN staff_id INTEGER REFERENCES staff(id);
ALTER TABLE operator ADD COLUMN village_id INTEGER REFERENCES village(id);
ALTER TABLE operator ADD COLUMN pin_hash TEXT
    CHECK (pin_hash IS NULL OR pin_hash LIKE '$argon2%');
ALTER TABLE operator ADD COLUMN created_on TEXT;
ALTER TABLE operator ADD COLUMN ended_on TEXT
    CHECK (ended_on IS NULL OR date(ended_on, '+0 days') IS ended_on);
ALTER TABLE operator ADD COLUMN failed_attempts INTEGER NOT NULL DEFAULT 0
    CHECK (failed_attempts >= 0);
ALTER TABLE operator ADD COLUMN locked_until TEXT;

INSERT INTO setting (key, value, description) VALUES
  ('auth.login', 'on', 'operators: sign in with name and PIN when the interface starts (off on a single-user PC; only when operators exist) (§10)'),
  ('auth.lock_minutes', '10', 'operators: lock the interface after this many idle minutes, showing nothing personal until the PIN is entered; 0 never locks (§10)'),
  ('auth.max_failures', '5', 'operators: wrong PINs in a row before the operator is locked out (§10)'),
  ('auth.lockout_minutes', '5', 'operators: how long a lockout after too many wrong PINs lasts (§10)');

-- A grid worker's session finds their grids by staff (Scope::Grids).
CREATE INDEX grid_assignment_staff ON grid_assignment(staff_id);
