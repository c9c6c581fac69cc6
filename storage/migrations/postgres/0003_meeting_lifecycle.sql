-- 0003: when a meeting actually started and ended (issue 7), PostgreSQL's
-- form of sqlite/0003_meeting_lifecycle.sql.
ALTER TABLE meetings ADD COLUMN started_at BIGINT;
ALTER TABLE meetings ADD COLUMN ended_at BIGINT;
