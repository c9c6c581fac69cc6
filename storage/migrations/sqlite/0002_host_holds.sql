-- 0002: host holds (issue 6, the host pool). A hold keeps a Zoom host busy for
-- a slot between picking it and storing the meeting Zoom creates, so that two
-- concurrent requests never pick the same free host. Holds expire, so a crash
-- between the two steps frees the host on its own.
CREATE TABLE host_holds (
	key               TEXT PRIMARY KEY, -- the request's idempotency key
	host_zoom_user_id TEXT NOT NULL,
	start_at          INTEGER NOT NULL,
	duration_s        INTEGER NOT NULL CHECK (duration_s BETWEEN 0 AND 108000),
	end_at            INTEGER NOT NULL GENERATED ALWAYS AS (start_at + duration_s) VIRTUAL,
	expires_at        INTEGER NOT NULL,
	created_at        INTEGER NOT NULL
);
-- Same bounded range as occurrences_host_start: start in (a - 30h, b).
CREATE INDEX host_holds_host_start ON host_holds (host_zoom_user_id, start_at);
CREATE INDEX host_holds_expires ON host_holds (expires_at);
