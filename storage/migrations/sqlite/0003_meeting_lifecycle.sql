-- 0003: when a meeting actually started and ended, as Zoom's webhooks report
-- them (issue 7). NULL means "not reported". The channel message shows
-- "Ended · lasted 42 min" from these.
ALTER TABLE meetings ADD COLUMN started_at INTEGER;
ALTER TABLE meetings ADD COLUMN ended_at INTEGER;
