-- Issue 24 item 8: the audit log is hash-chained. Each entry keeps the hash
-- of the entry before it and of its own content (hash), and an operator's
-- entry keeps a digest of the operator's row as the change left it
-- (row_digest: role, place, PIN hash, end), so a PIN hash or a role swapped
-- with sqlite3 no longer matches what the log last recorded. The entries
-- made before this version are chained by the migration's hook.
ALTER TABLE audit_log ADD COLUMN row_digest TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;
