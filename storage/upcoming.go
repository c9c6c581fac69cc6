package storage

import (
	"context"
	"fmt"
	"math"
	"time"
)

// Upcoming is one scheduled occurrence with its meeting. Meeting.Occurrences
// and Meeting.Invitees are not loaded (nil); use GetMeeting for them.
type Upcoming struct {
	Meeting    Meeting
	Occurrence Occurrence
}

// maxDurationS is MaxDuration in the schema's unit. An occurrence ending
// after t started after t − maxDurationS, which turns "end > t" into a
// bounded range on the (host, start) index.
const maxDurationS = int64(MaxDuration / time.Second)

// upcomingSelect joins each occurrence to its meeting; both aliases feed
// scanUpcoming.
const upcomingSelect = `SELECT ` + meetingCols + `, ` + occurrenceCols + `
	FROM occurrences o JOIN meetings m ON m.id = o.meeting_id `

// upcomingForHostSQL takes host, from − maxDurationS, from, limit.
const upcomingForHostSQL = upcomingSelect + `
	WHERE o.host_zoom_user_id = ? AND o.start_at > ? AND o.end_at > ?
		AND o.status <> 'cancelled' AND m.status <> 'cancelled'
	ORDER BY o.start_at, o.meeting_id, o.occurrence_id
	LIMIT ?`

// overlappingSQL takes host, from − maxDurationS, to, from.
const overlappingSQL = upcomingSelect + `
	WHERE o.host_zoom_user_id = ? AND o.start_at > ? AND o.start_at < ? AND o.end_at > ?
		AND o.status <> 'cancelled' AND m.status <> 'cancelled'
	ORDER BY o.start_at, o.meeting_id, o.occurrence_id`

// dueRemindersSQL takes from, to. "reminder_sent_at IS NULL" selects the
// partial index occurrences_reminder_due.
const dueRemindersSQL = upcomingSelect + `
	WHERE o.reminder_sent_at IS NULL AND o.start_at >= ? AND o.start_at < ?
		AND o.status <> 'cancelled' AND m.status <> 'cancelled'
		AND m.message_channel <> '' AND m.message_ts <> ''
	ORDER BY o.start_at, o.meeting_id, o.occurrence_id`

// The upcomingForSlackUser queries take team, Slack user, from, limit.
// mine is the user's meetings that end after from (last_end_at skips
// finished ones without reading their occurrences); next keeps each one's
// next occurrence. The engines differ only in how next picks it (engine.go).

// upcomingForSlackUserSQLite uses SQLite's rule that a bare column in a
// query with a single min() comes from the row holding the minimum. CROSS
// JOIN fixes the join order (SQLite's documented planner control): without
// it, and without ANALYZE statistics, the planner walks every meeting of the
// team to find the user's invitations.
const upcomingForSlackUserSQLite = `
	WITH mine (id) AS (
		SELECT id FROM meetings WHERE team_id = ?1 AND requester_id = ?2 AND last_end_at > ?3
		UNION
		SELECT i.meeting_id FROM invitees i CROSS JOIN meetings im ON im.id = i.meeting_id
		WHERE i.slack_user_id = ?2 AND im.team_id = ?1 AND im.last_end_at > ?3
	), next AS (
		SELECT o.meeting_id, o.occurrence_id, MIN(o.start_at) AS start_at
		FROM mine JOIN occurrences o ON o.meeting_id = mine.id
		WHERE o.end_at > ?3 AND o.status <> 'cancelled'
		GROUP BY o.meeting_id
	)` + `
	SELECT ` + meetingCols + `, ` + occurrenceCols + `
	FROM next n CROSS JOIN meetings m ON m.id = n.meeting_id` + upcomingForSlackUserTail

// upcomingForSlackUserPostgres picks the next occurrence with DISTINCT ON.
const upcomingForSlackUserPostgres = `
	WITH mine (id) AS (
		SELECT id FROM meetings WHERE team_id = ?1 AND requester_id = ?2 AND last_end_at > ?3
		UNION
		SELECT i.meeting_id FROM invitees i JOIN meetings im ON im.id = i.meeting_id
		WHERE i.slack_user_id = ?2 AND im.team_id = ?1 AND im.last_end_at > ?3
	), next AS (
		SELECT DISTINCT ON (o.meeting_id) o.meeting_id, o.occurrence_id, o.start_at
		FROM mine JOIN occurrences o ON o.meeting_id = mine.id
		WHERE o.end_at > ?3 AND o.status <> 'cancelled'
		ORDER BY o.meeting_id, o.start_at, o.occurrence_id
	)` + `
	SELECT ` + meetingCols + `, ` + occurrenceCols + `
	FROM next n JOIN meetings m ON m.id = n.meeting_id` + upcomingForSlackUserTail

const upcomingForSlackUserTail = `
	JOIN occurrences o ON o.meeting_id = n.meeting_id AND o.occurrence_id = n.occurrence_id
	WHERE m.status <> 'cancelled'
	ORDER BY n.start_at, n.meeting_id
	LIMIT ?4`

// sqlLimit maps "no limit" (limit <= 0) to a limit no query reaches: the
// engines spell "no limit" differently (SQLite -1, PostgreSQL ALL).
func sqlLimit(limit int) int64 {
	if limit <= 0 {
		return math.MaxInt64
	}
	return int64(limit)
}

// UpcomingForHost returns the host's occurrences still running or ahead
// (end > from), neither they nor their meeting cancelled, ordered by start
// (then meeting id, occurrence id), at most limit of them (limit <= 0: all).
// Every occurrence of a recurring meeting is its own row. It returns the
// driver's error, wrapped.
func (db *DB) UpcomingForHost(ctx context.Context, hostZoomUserID string, from time.Time, limit int) ([]Upcoming, error) {
	f := toUnix(from)
	out, err := db.queryUpcoming(ctx, upcomingForHostSQL, hostZoomUserID, f-maxDurationS, f, sqlLimit(limit))
	if err != nil {
		return nil, fmt.Errorf("upcoming for host: %w", err)
	}
	return out, nil
}

// UpcomingForSlackUser returns the meetings in the team that the Slack user
// requested or is invited to and that still have an occurrence running or
// ahead (end > from), not cancelled. Each meeting appears once, with that
// next occurrence; rows are ordered by its start, at most limit of them
// (limit <= 0: all). It returns the driver's error, wrapped.
func (db *DB) UpcomingForSlackUser(ctx context.Context, teamID, slackUserID string, from time.Time, limit int) ([]Upcoming, error) {
	out, err := db.queryUpcoming(ctx, db.eng.upcomingForSlackUserSQL, teamID, slackUserID, toUnix(from), sqlLimit(limit))
	if err != nil {
		return nil, fmt.Errorf("upcoming for slack user: %w", err)
	}
	return out, nil
}

// Overlapping returns the host's occurrences, neither they nor their meeting
// cancelled, that overlap [from, to): start < to and end > from, so
// intervals that only touch do not overlap. Occurrences of recurring
// meetings are included. Rows are ordered by start. Bounds are taken in whole
// seconds. It returns the driver's error, wrapped.
func (db *DB) Overlapping(ctx context.Context, hostZoomUserID string, from, to time.Time) ([]Upcoming, error) {
	f := toUnix(from)
	out, err := db.queryUpcoming(ctx, overlappingSQL, hostZoomUserID, f-maxDurationS, toUnix(to), f)
	if err != nil {
		return nil, fmt.Errorf("overlapping: %w", err)
	}
	return out, nil
}

// DueReminders returns the occurrences starting in [from, to) whose reminder
// has not been sent, neither they nor their meeting cancelled, on meetings
// that have a channel message to reply to, ordered by start. It returns the
// driver's error, wrapped.
func (db *DB) DueReminders(ctx context.Context, from, to time.Time) ([]Upcoming, error) {
	out, err := db.queryUpcoming(ctx, dueRemindersSQL, toUnix(from), toUnix(to))
	if err != nil {
		return nil, fmt.Errorf("due reminders: %w", err)
	}
	return out, nil
}

// MarkReminderSent records that the occurrence's reminder was sent. It
// returns true only for the first caller, across goroutines, processes and
// restarts, because the update is conditional on no reminder being recorded;
// callers send the reminder only when it returns true. It returns ErrNotFound
// when there is no such occurrence, or the driver's error, wrapped.
func (db *DB) MarkReminderSent(ctx context.Context, meetingID int64, occurrenceID string) (bool, error) {
	var first bool
	err := db.write(ctx, func(tx *txn, now time.Time) error {
		res, err := tx.ExecContext(ctx, `UPDATE occurrences SET reminder_sent_at = ?
			WHERE meeting_id = ? AND occurrence_id = ? AND reminder_sent_at IS NULL`,
			toUnix(now), meetingID, occurrenceID)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if n == 1 {
			first = true
			return nil
		}
		var exists int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM occurrences
			WHERE meeting_id = ? AND occurrence_id = ?`, meetingID, occurrenceID).Scan(&exists); err != nil {
			return err
		}
		if exists == 0 {
			return ErrNotFound
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("mark reminder sent %d/%q: %w", meetingID, occurrenceID, err)
	}
	return first, nil
}

func (db *DB) queryUpcoming(ctx context.Context, query string, args ...any) ([]Upcoming, error) {
	rows, err := db.queryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Upcoming
	for rows.Next() {
		var u Upcoming
		var ms meetingScan
		var osc occurrenceScan
		if err := rows.Scan(append(ms.dest(&u.Meeting), osc.dest(&u.Occurrence)...)...); err != nil {
			return nil, err
		}
		ms.finish(&u.Meeting)
		osc.finish(&u.Occurrence)
		out = append(out, u)
	}
	return out, rows.Err()
}
