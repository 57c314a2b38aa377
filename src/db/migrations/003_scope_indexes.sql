-- Migration 3 (issue 9): a session loads its scope through indexes, never by
-- scanning every household, resident or visit of the county.
CREATE INDEX household_village ON household(village_id);
CREATE INDEX doctor_team_village ON doctor_team(village_id);
