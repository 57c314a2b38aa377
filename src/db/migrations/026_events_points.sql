-- Issue 32 (domain.md §2 ★5 push; the 永修 health points 健康积分 of the
-- seed article): health-education events and who came, the points ledger,
-- and whether a ★5 household's yearly visit gave the health-knowledge push.
--
-- An event is held by the township health centre (village_id NULL) or a
-- village clinic; its speaker is on the rosters.
CREATE TABLE event (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('lecture', 'consultation', 'push')),
    held_on     TEXT NOT NULL CHECK (date(held_on, '+0 days') IS held_on),
    township_id INTEGER NOT NULL REFERENCES township(id),
    village_id  INTEGER REFERENCES village(id),
    topic       TEXT NOT NULL CHECK (length(trim(topic)) > 0),
    speaker_id  INTEGER REFERENCES staff(id),
    place       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX event_held ON event(held_on);

-- Who came: a registered resident, or a visitor from outside the township
-- (counted, never registered: a name only, earning nothing).
CREATE TABLE attendance (
    id          INTEGER PRIMARY KEY,
    event_id    INTEGER NOT NULL REFERENCES event(id),
    resident_id INTEGER REFERENCES resident(id),
    visitor     TEXT,
    CHECK ((resident_id IS NULL) <> (visitor IS NULL)),
    UNIQUE (event_id, resident_id)
);
CREATE INDEX attendance_resident ON attendance(resident_id);

-- The points ledger: every movement a row (earned +, spent −, corrected ±
-- with its reason); the balance is their sum and never below zero.
CREATE TABLE points (
    id            INTEGER PRIMARY KEY,
    resident_id   INTEGER NOT NULL REFERENCES resident(id),
    on_date       TEXT NOT NULL CHECK (date(on_date, '+0 days') IS on_date),
    movement      TEXT NOT NULL CHECK (movement IN ('earned', 'spent', 'corrected')),
    amount        INTEGER NOT NULL CHECK (amount <> 0),
    attendance_id INTEGER REFERENCES attendance(id),
    visit_id      INTEGER REFERENCES visit(id),
    service       TEXT,
    given_by      TEXT,
    reason        TEXT,
    CHECK (movement <> 'earned' OR amount > 0),
    CHECK (movement <> 'spent' OR (amount < 0 AND length(trim(service)) > 0)),
    CHECK (movement <> 'corrected' OR length(trim(reason)) > 0)
);
CREATE INDEX points_resident ON points(resident_id, on_date);

-- §2 ★5: the yearly visit with a health-knowledge push.
ALTER TABLE visit ADD COLUMN push_given INTEGER CHECK (push_given IN (0, 1));
ALTER TABLE visit ADD COLUMN push_topic TEXT;

INSERT INTO setting (key, value, description) VALUES
  ('points.lecture', '5', 'health points: earned for attending a health lecture (issue 32)'),
  ('points.consultation', '2', 'health points: earned for attending a public consultation (issue 32)'),
  ('points.push', '0', 'health points: earned for attending a push campaign (issue 32)'),
  ('points.followup_on_time', '0', 'health points: earned for a follow-up kept on time (0: off) (issue 32)'),
  ('norm.township_lectures', '12', 'health education norm: lectures a year by the township health centre'),
  ('norm.village_lectures', '6', 'health education norm: lectures a year by each village clinic'),
  ('norm.consultations', '9', 'health education norm: public consultations a year by the township health centre');
