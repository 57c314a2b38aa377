-- Migration 2 (issue 8). Appended, never edited: schema.sql is migration 1.
-- When a tier-relevant fact changed, so that a new tier or cadence starts with
-- a grace period (domain.md §6): a resident's flags (lives alone without a
-- carer, disabled, seriously ill) and a household's tier override.
ALTER TABLE resident ADD COLUMN flags_changed_on TEXT
    CHECK (flags_changed_on IS NULL OR date(flags_changed_on, '+0 days') IS flags_changed_on);
ALTER TABLE household ADD COLUMN tier_override_on TEXT
    CHECK (tier_override_on IS NULL OR date(tier_override_on, '+0 days') IS tier_override_on);
-- §4 unassessed: the first follow-up is due within 14 days of the start of management.
INSERT INTO setting (key, value, description) VALUES
  ('colour.unassessed_due_days', '14', 'unassessed: first follow-up due within this many days of the start of management (§4)');
