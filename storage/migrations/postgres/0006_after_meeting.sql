-- 0006: after the meeting (issue 14), PostgreSQL's form of
-- sqlite/0006_after_meeting.sql.
CREATE TABLE meeting_instances (
	uuid               TEXT COLLATE "C" PRIMARY KEY,
	meeting_id         BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	started_at         BIGINT,
	ended_at           BIGINT,
	participants       INTEGER,
	recording_url      TEXT COLLATE "C" NOT NULL,
	recording_passcode TEXT COLLATE "C" NOT NULL,
	recording_start    BIGINT,
	recording_s        BIGINT NOT NULL,
	recording_claim    TEXT COLLATE "C" NOT NULL,
	recording_ts       TEXT COLLATE "C" NOT NULL,
	recording_dm_ts    TEXT COLLATE "C" NOT NULL,
	summary_claim      TEXT COLLATE "C" NOT NULL,
	summary_ts         TEXT COLLATE "C" NOT NULL,
	created_at         BIGINT NOT NULL,
	updated_at         BIGINT NOT NULL
);
CREATE INDEX meeting_instances_meeting ON meeting_instances (meeting_id, ended_at);
