-- Issue 12 (domain.md §1): one grid worker a grid at a time. Handing a grid
-- over closes the current cover first; this index refuses any write (a
-- script, a future import) that would leave a grid with two current
-- workers. A database that already has two keeps the newest: the older
-- cover ends the day before the newer began (never before its own start).
UPDATE grid_assignment AS a
SET to_date = max(a.from_date, date((SELECT min(b.from_date) FROM grid_assignment b
                                      WHERE b.grid_id = a.grid_id AND b.to_date IS NULL AND b.id > a.id), '-1 day'))
WHERE a.to_date IS NULL
  AND EXISTS (SELECT 1 FROM grid_assignment b WHERE b.grid_id = a.grid_id AND b.to_date IS NULL AND b.id > a.id);
CREATE UNIQUE INDEX grid_one_current_worker ON grid_assignment(grid_id) WHERE to_date IS NULL;

-- The load past which the rosters flag a grid worker or team (visits a week).
INSERT INTO setting (key, value, description) VALUES
  ('roster.load_limit_per_week', '40', 'rosters: a grid worker or team over this many visits a week is flagged (§1, §2)');
