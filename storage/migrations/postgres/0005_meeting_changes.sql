-- 0005: changing a meeting after it is made (issue 13), PostgreSQL's form of
-- sqlite/0005_meeting_changes.sql.
ALTER TABLE meetings ADD COLUMN settings TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN moved_from BIGINT;
ALTER TABLE meetings ADD COLUMN moved_by TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN moved_occurrence TEXT COLLATE "C" NOT NULL DEFAULT '';
