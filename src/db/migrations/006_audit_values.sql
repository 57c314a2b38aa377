-- Migration 6 (issue 15, domain.md §10): every change records the record's
-- values before and after it, as JSON objects, in the same transaction.
ALTER TABLE audit_log ADD COLUMN before TEXT;
ALTER TABLE audit_log ADD COLUMN after TEXT;
