-- 0001: the first schema (issue 2).
-- Times are INTEGER unix seconds (UTC); NULL means "never". Durations are
-- INTEGER seconds, capped at 30 hours (storage.MaxDuration): the overlap and
-- upcoming queries rely on that cap to bound their index scans.

-- Slack user -> Zoom user.
CREATE TABLE user_mappings (
	team_id        TEXT NOT NULL,
	slack_user_id  TEXT NOT NULL,
	zoom_user_id   TEXT NOT NULL,
	zoom_email     TEXT NOT NULL,
	zoom_user_type INTEGER NOT NULL,
	created_at     INTEGER NOT NULL,
	updated_at     INTEGER NOT NULL,
	PRIMARY KEY (team_id, slack_user_id)
);
-- Webhooks name the Zoom host; this finds the Slack user.
CREATE INDEX user_mappings_zoom_user ON user_mappings (zoom_user_id);

-- Start links are secrets that expire: deliberately no column for them.
CREATE TABLE meetings (
	id                INTEGER PRIMARY KEY, -- Zoom's meeting id (int64)
	uuid              TEXT NOT NULL,
	host_zoom_user_id TEXT NOT NULL,
	host_email        TEXT NOT NULL,
	team_id           TEXT NOT NULL,
	channel_id        TEXT NOT NULL,
	requester_id      TEXT NOT NULL,
	topic             TEXT NOT NULL,
	start_at          INTEGER NOT NULL,
	duration_s        INTEGER NOT NULL CHECK (duration_s BETWEEN 0 AND 108000),
	timezone          TEXT NOT NULL,
	join_url          TEXT NOT NULL,
	passcode          TEXT NOT NULL,
	recurrence        TEXT NOT NULL, -- opaque JSON, '' = single meeting
	status            TEXT NOT NULL CHECK (status IN ('scheduled', 'started', 'ended', 'cancelled')),
	message_channel   TEXT NOT NULL,
	message_ts        TEXT NOT NULL,
	created_at        INTEGER NOT NULL,
	updated_at        INTEGER NOT NULL,
	cancelled_by      TEXT NOT NULL,
	cancelled_at      INTEGER,
	-- Latest end of any occurrence, kept by the store: lets "what is still
	-- ahead for this user" skip finished meetings without reading occurrences.
	last_end_at       INTEGER NOT NULL,
	-- Target of the occurrences foreign key that keeps their copy of the host in step.
	UNIQUE (id, host_zoom_user_id)
);
CREATE INDEX meetings_requester ON meetings (team_id, requester_id, last_end_at);

-- One row per occurrence; a single meeting has one with occurrence_id ''.
-- host_zoom_user_id is copied from the meeting so that "host H's occurrences
-- by start" is one index range; the composite foreign key refuses a copy that
-- differs and cascades a host change.
CREATE TABLE occurrences (
	meeting_id        INTEGER NOT NULL,
	occurrence_id     TEXT NOT NULL,
	host_zoom_user_id TEXT NOT NULL,
	start_at          INTEGER NOT NULL,
	duration_s        INTEGER NOT NULL CHECK (duration_s BETWEEN 0 AND 108000),
	end_at            INTEGER NOT NULL GENERATED ALWAYS AS (start_at + duration_s) VIRTUAL,
	status            TEXT NOT NULL CHECK (status IN ('scheduled', 'started', 'ended', 'cancelled')),
	reminder_sent_at  INTEGER,
	PRIMARY KEY (meeting_id, occurrence_id),
	FOREIGN KEY (meeting_id, host_zoom_user_id) REFERENCES meetings (id, host_zoom_user_id)
		ON UPDATE CASCADE ON DELETE CASCADE
) WITHOUT ROWID;
-- A host's upcoming occurrences and overlaps with [a, b): start_at in
-- (a - 30h, b), then end_at > a filtered on the few rows in that range. The
-- trailing key columns are the ORDER BY tie-breakers, so LIMIT stops early
-- instead of sorting all of a host's future occurrences.
CREATE INDEX occurrences_host_start ON occurrences (host_zoom_user_id, start_at, meeting_id, occurrence_id);
-- Reminders not yet sent, by start; sent ones drop out of the index.
CREATE INDEX occurrences_reminder_due ON occurrences (start_at, meeting_id, occurrence_id) WHERE reminder_sent_at IS NULL;

-- Slack users invited to a meeting; rowid keeps the order they were given in.
CREATE TABLE invitees (
	meeting_id    INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	slack_user_id TEXT NOT NULL,
	PRIMARY KEY (meeting_id, slack_user_id)
);
CREATE INDEX invitees_user ON invitees (slack_user_id, meeting_id);

-- Idempotency: one row per Slack action (issue 6), written before Zoom is called.
CREATE TABLE requests (
	key        TEXT PRIMARY KEY,
	state      TEXT NOT NULL CHECK (state IN ('received', 'zoom_pending', 'created', 'announced', 'failed')),
	kind       TEXT NOT NULL,
	team_id    TEXT NOT NULL,
	user_id    TEXT NOT NULL,
	channel_id TEXT NOT NULL,
	meeting_id INTEGER, -- NULL until Zoom created it; no foreign key: the row may precede the meeting row
	payload    BLOB,
	error      TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
-- Startup recovery lists requests stuck in a state.
CREATE INDEX requests_state ON requests (state, created_at);
