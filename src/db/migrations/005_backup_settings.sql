-- Migration 5 (issue 15): where `gridcare backup --daily` writes, and how
-- many days of daily backups it keeps.
INSERT INTO setting (key, value, description) VALUES
  ('backup.folder', '', 'gridcare backup --daily writes here (empty: a backups folder beside the database)'),
  ('backup.keep_days', '14', 'gridcare backup --daily removes its own backups older than this many days');
