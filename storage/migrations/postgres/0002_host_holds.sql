-- 0002: host holds (issue 6), PostgreSQL's form of sqlite/0002_host_holds.sql.
CREATE TABLE host_holds (
	key               TEXT COLLATE "C" PRIMARY KEY,
	host_zoom_user_id TEXT COLLATE "C" NOT NULL,
	start_at          BIGINT NOT NULL,
	duration_s        BIGINT NOT NULL CHECK (duration_s BETWEEN 0 AND 108000),
	end_at            BIGINT NOT NULL GENERATED ALWAYS AS (start_at + duration_s) STORED,
	expires_at        BIGINT NOT NULL,
	created_at        BIGINT NOT NULL
);
CREATE INDEX host_holds_host_start ON host_holds (host_zoom_user_id, start_at);
CREATE INDEX host_holds_expires ON host_holds (expires_at);
