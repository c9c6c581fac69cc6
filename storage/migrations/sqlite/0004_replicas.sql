-- 0004: several replicas on one database (issue 15).
-- A request is worked on by one replica at a time: owner is the replica
-- working on it ('' = none yet) and lease_until when its claim lapses unless
-- renewed (unix seconds; NULL = free to take). A replica that dies stops
-- renewing, and a live one takes the request over.
ALTER TABLE requests ADD COLUMN owner TEXT NOT NULL DEFAULT '';
ALTER TABLE requests ADD COLUMN lease_until INTEGER;
-- What a scheduling request asks for (user, channel, topic, start), so a
-- double submit is caught in one transaction whichever replica got it.
ALTER TABLE requests ADD COLUMN fingerprint TEXT NOT NULL DEFAULT '';
CREATE INDEX requests_fingerprint ON requests (fingerprint, created_at) WHERE fingerprint <> '';
-- The replicas that are running, each renewing seen_at: the live ones share
-- the Zoom account's rate limits.
CREATE TABLE replicas (
	id         TEXT PRIMARY KEY,
	started_at INTEGER NOT NULL,
	seen_at    INTEGER NOT NULL
);
