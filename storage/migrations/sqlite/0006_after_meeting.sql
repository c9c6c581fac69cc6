-- 0006: after the meeting (issue 14). One row per sitting of a meeting
-- (Zoom's meeting instance, keyed by its UUID): when it ran, how many people
-- joined, its cloud recording, and whether the recording and the AI
-- Companion summary were posted. A post is claimed by the request that
-- makes it (its key) before it is sent, and its ts is recorded after, so
-- each is posted once whichever replica gets the webhook, and a replica
-- that dies between the two is taken over by the same request.
CREATE TABLE meeting_instances (
	uuid               TEXT PRIMARY KEY,
	meeting_id         INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	started_at         INTEGER,
	ended_at           INTEGER,
	participants       INTEGER, -- distinct people who joined; NULL = not known
	recording_url      TEXT NOT NULL, -- share_url, '' = no recording yet
	recording_passcode TEXT NOT NULL,
	recording_start    INTEGER,
	recording_s        INTEGER NOT NULL, -- its length in seconds
	recording_claim    TEXT NOT NULL, -- key of the request that posts it, '' = none yet
	recording_ts       TEXT NOT NULL, -- the thread reply, '' = not posted
	recording_dm_ts    TEXT NOT NULL, -- the host's DM, '' = not sent
	summary_claim      TEXT NOT NULL,
	summary_ts         TEXT NOT NULL,
	created_at         INTEGER NOT NULL,
	updated_at         INTEGER NOT NULL
);
-- A meeting's sittings by end (the channel message shows the last one's
-- count), and a host's recordings for App Home through meetings_requester.
CREATE INDEX meeting_instances_meeting ON meeting_instances (meeting_id, ended_at);
