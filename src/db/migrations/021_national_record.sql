-- Issue 27 (domain.md §3, "The follow-up record"): every field of the
-- national forms 高血压患者随访服务记录表 and 2型糖尿病患者随访服务记录表
-- beside what a visit row already holds, and the patient's medicine regimen.
-- Every existing visit is kept as it is: it has no row here, and its
-- smoking/drinking yes/no stays on the visit ("smokes, amount unknown").
-- Ranges are issue 27's plausible ranges (src/domain/record.rs).
CREATE TABLE followup_record (
    visit_id          INTEGER PRIMARY KEY REFERENCES visit(id),
    symptoms_other    TEXT CHECK (length(symptoms_other) <= 200),
    weight_target_kg  REAL CHECK (weight_target_kg BETWEEN 2 AND 300),
    other_signs       TEXT CHECK (length(other_signs) <= 200),
    foot_pulse        TEXT CHECK (foot_pulse IN ('normal', 'weakened', 'absent')),
    foot_pulse_side   TEXT CHECK (foot_pulse_side IN ('both', 'left', 'right')),
    cigarettes        INTEGER CHECK (cigarettes BETWEEN 0 AND 100),
    cigarettes_target INTEGER CHECK (cigarettes_target BETWEEN 0 AND 100),
    alcohol_liang     REAL CHECK (alcohol_liang BETWEEN 0 AND 20),
    alcohol_target    REAL CHECK (alcohol_target BETWEEN 0 AND 20),
    exercise_times    INTEGER CHECK (exercise_times BETWEEN 0 AND 14),
    exercise_times_target INTEGER CHECK (exercise_times_target BETWEEN 0 AND 14),
    exercise_minutes  INTEGER CHECK (exercise_minutes BETWEEN 0 AND 300),
    exercise_minutes_target INTEGER CHECK (exercise_minutes_target BETWEEN 0 AND 300),
    salt_target       TEXT CHECK (salt_target IN ('light', 'medium', 'heavy')),
    staple_g          INTEGER CHECK (staple_g BETWEEN 0 AND 1500),
    staple_target     INTEGER CHECK (staple_target BETWEEN 0 AND 1500),
    psychology        TEXT CHECK (psychology IN ('good', 'fair', 'poor')),
    compliance        TEXT CHECK (compliance IN ('good', 'fair', 'poor')),
    hba1c             REAL CHECK (hba1c BETWEEN 3 AND 20),
    hba1c_on          TEXT CHECK (hba1c_on IS NULL OR date(hba1c_on, '+0 days') IS hba1c_on),
    other_tests       TEXT CHECK (length(other_tests) <= 200),
    adverse_what      TEXT CHECK (length(adverse_what) <= 200),
    hypoglycaemia     TEXT CHECK (hypoglycaemia IN ('none', 'occasional', 'frequent')),
    referral_facility TEXT CHECK (length(referral_facility) <= 200),
    referral_department TEXT CHECK (length(referral_department) <= 200),
    CHECK ((foot_pulse IS NULL OR foot_pulse = 'normal') = (foot_pulse_side IS NULL)),
    CHECK (hba1c_on IS NULL OR hba1c IS NOT NULL)
) STRICT;

-- Symptoms since the last visit: the codes of each condition's form.
CREATE TABLE visit_symptom (
    visit_id  INTEGER NOT NULL REFERENCES visit(id),
    condition TEXT NOT NULL CHECK (condition IN ('hypertension', 'diabetes')),
    code      TEXT NOT NULL CHECK (
        (condition = 'hypertension' AND code IN ('none', 'headache', 'nausea', 'vision_tinnitus',
            'breathing', 'palpitation', 'nosebleed', 'numbness', 'oedema'))
        OR (condition = 'diabetes' AND code IN ('none', 'thirst', 'hunger', 'polyuria', 'vision',
            'infection', 'numbness', 'oedema', 'weight_loss'))),
    PRIMARY KEY (visit_id, condition, code)
) STRICT, WITHOUT ROWID;

-- The regimen: a line per drug at a dose, from a day until a day (the visit
-- that started and the one that changed or stopped it). A dose change ends
-- one line and starts another on the same day; nothing is deleted.
CREATE TABLE medication (
    id           INTEGER PRIMARY KEY,
    resident_id  INTEGER NOT NULL REFERENCES resident(id),
    drug         TEXT NOT NULL CHECK (length(trim(drug)) BETWEEN 1 AND 40),
    times_a_day  INTEGER NOT NULL CHECK (times_a_day BETWEEN 1 AND 6),
    amount       REAL NOT NULL CHECK (amount BETWEEN 0.01 AND 5000),
    unit         TEXT NOT NULL CHECK (unit IN ('mg', 'tablet', 'U')),
    insulin_kind TEXT CHECK (length(insulin_kind) <= 200),
    from_date    TEXT NOT NULL CHECK (date(from_date, '+0 days') IS from_date),
    until_date   TEXT CHECK (until_date IS NULL OR (date(until_date, '+0 days') IS until_date AND until_date >= from_date)),
    from_visit   INTEGER REFERENCES visit(id),
    until_visit  INTEGER REFERENCES visit(id)
) STRICT;
CREATE INDEX medication_resident ON medication(resident_id, from_date);
