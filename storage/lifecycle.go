package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// MarkMeetingStarted records that the meeting started at at (Zoom's
// meeting.started webhook): status started, StartedAt = at, EndedAt cleared,
// since a recurring meeting starts again after it ended. Webhooks may arrive
// twice or out of order, so a report that is not newer than what is stored is
// ignored: a start at or before the recorded end, or before the recorded
// start. A cancelled meeting is left alone. It returns ErrNotFound, ErrInvalid
// for a zero at, or the driver's error, wrapped.
func (db *DB) MarkMeetingStarted(ctx context.Context, id int64, at time.Time) error {
	if at.IsZero() {
		return fmt.Errorf("mark meeting %d started: %w: zero time", id, ErrInvalid)
	}
	err := db.write(ctx, func(tx *txn, now time.Time) error {
		if err := meetingExists(ctx, tx, id); err != nil {
			return err
		}
		s := toUnix(at)
		_, err := tx.ExecContext(ctx, `UPDATE meetings SET status = 'started', started_at = ?, ended_at = NULL,
			updated_at = ? WHERE id = ? AND status <> 'cancelled'
			AND (ended_at IS NULL OR ended_at < ?) AND (started_at IS NULL OR started_at <= ?)`,
			s, toUnix(now), id, s, s)
		return err
	})
	if err != nil {
		return fmt.Errorf("mark meeting %d started: %w", id, err)
	}
	return nil
}

// MarkMeetingEnded records that the meeting ended at at (Zoom's
// meeting.ended webhook): status ended, EndedAt = at. An end before the
// recorded start belongs to an earlier sitting and is ignored, as is a
// cancelled meeting. It returns ErrNotFound, ErrInvalid for a zero at, or the
// driver's error, wrapped.
func (db *DB) MarkMeetingEnded(ctx context.Context, id int64, at time.Time) error {
	if at.IsZero() {
		return fmt.Errorf("mark meeting %d ended: %w: zero time", id, ErrInvalid)
	}
	err := db.write(ctx, func(tx *txn, now time.Time) error {
		if err := meetingExists(ctx, tx, id); err != nil {
			return err
		}
		e := toUnix(at)
		_, err := tx.ExecContext(ctx, `UPDATE meetings SET status = 'ended', ended_at = ?, updated_at = ?
			WHERE id = ? AND status <> 'cancelled' AND (started_at IS NULL OR started_at <= ?)`,
			e, toUnix(now), id, e)
		return err
	})
	if err != nil {
		return fmt.Errorf("mark meeting %d ended: %w", id, err)
	}
	return nil
}

func meetingExists(ctx context.Context, tx *txn, id int64) error {
	var one int
	err := tx.QueryRowContext(ctx, `SELECT 1 FROM meetings WHERE id = ?`, id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}
