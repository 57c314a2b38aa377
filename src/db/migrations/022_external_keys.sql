-- Issue 28 item 1: the provincial system's keys. A household keeps its
-- provincial household number 户编号 and a resident their health-record
-- number 档案编号, where the register has them: they are the import's match
-- keys (two families at one address stay two households) and go back out
-- on export. NULL for rows entered in gridcare; each is unique where given.
ALTER TABLE household ADD COLUMN ext_no TEXT CHECK (ext_no IS NULL OR length(trim(ext_no)) BETWEEN 1 AND 40);
ALTER TABLE resident ADD COLUMN record_no TEXT CHECK (record_no IS NULL OR length(trim(record_no)) BETWEEN 1 AND 40);
CREATE UNIQUE INDEX household_ext_no ON household(ext_no) WHERE ext_no IS NOT NULL;
CREATE UNIQUE INDEX resident_record_no ON resident(record_no) WHERE record_no IS NOT NULL;
