-- 0005: changing a meeting after it is made (issue 13).
-- settings is the meeting's Zoom settings as the bot keeps them (opaque JSON,
-- '' = not recorded: meetings from before this migration), so the edit form
-- opens filled in without asking Zoom first.
ALTER TABLE meetings ADD COLUMN settings TEXT NOT NULL DEFAULT '';
-- The latest move, for the channel message's "Moved from … by …" line:
-- moved_from is the start before it (unix seconds; NULL = never moved),
-- moved_by the Slack user who moved it ('' = moved in Zoom), and
-- moved_occurrence the occurrence moved ('' = the meeting or whole series).
ALTER TABLE meetings ADD COLUMN moved_from INTEGER;
ALTER TABLE meetings ADD COLUMN moved_by TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN moved_occurrence TEXT NOT NULL DEFAULT '';
