-- 0003: the host pool (issue 6). Zoom users that host meetings on behalf of
-- whoever asks, set from ZOOMBOT_HOST_POOL or by "/zoom pool add|remove".
-- id is the insertion order, the tie-breaker when two hosts share added_at.
CREATE TABLE pool_hosts (
	id           INTEGER PRIMARY KEY,
	zoom_user_id TEXT NOT NULL UNIQUE,
	email        TEXT NOT NULL, -- '' when only the id is known
	added_by     TEXT NOT NULL, -- Slack user id, or '' for configuration
	added_at     INTEGER NOT NULL
);
-- "/zoom pool remove <email>": Zoom compares e-mails case-insensitively.
CREATE INDEX pool_hosts_email ON pool_hosts (email COLLATE NOCASE);
-- PruneRequests deletes finished requests by age.
CREATE INDEX requests_state_updated ON requests (state, updated_at);
