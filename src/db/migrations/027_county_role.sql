-- Issue 30 item 3 (domain.md §1, §10): the county role, who reads every
-- township and writes nothing (no staff row, no village). SQLite cannot
-- widen a CHECK in place, and the operator table cannot be rebuilt as
-- draft was (017): operator_key refers to it, and a dropped parent fails
-- the foreign keys. Widening a CHECK changes nothing stored, so SQLite's
-- own procedure for it is used (sqlite.org/lang_altertable.html, "making
-- other kinds of table schema changes"): the table's SQL is edited and
-- the schema read again.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(sql,
       'CHECK (role IN (''coordinator'', ''doctor'', ''worker''))',
       'CHECK (role IN (''coordinator'', ''doctor'', ''worker'', ''county''))')
 WHERE type = 'table' AND name = 'operator';
PRAGMA writable_schema = RESET;
