-- 0004: several replicas on one database (issue 15), PostgreSQL's form of
-- sqlite/0004_replicas.sql.
ALTER TABLE requests ADD COLUMN owner TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE requests ADD COLUMN lease_until BIGINT;
ALTER TABLE requests ADD COLUMN fingerprint TEXT COLLATE "C" NOT NULL DEFAULT '';
CREATE INDEX requests_fingerprint ON requests (fingerprint, created_at) WHERE fingerprint <> '';
CREATE TABLE replicas (
	id         TEXT COLLATE "C" PRIMARY KEY,
	started_at BIGINT NOT NULL,
	seen_at    BIGINT NOT NULL
);
