package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// MeetingChange is what ChangeMeeting changes, once Zoom has agreed to it.
// Set fields change; nil and zero ones keep their value.
type MeetingChange struct {
	Topic, Passcode, Settings *string
	JoinURL                   string    // "" keeps; a new passcode may bring a new link
	Invitees                  *[]string // the new list, in the order given
	// HostZoomUserID and HostEmail hand the meeting to another Zoom host.
	HostZoomUserID, HostEmail string

	// Times. A single meeting: Start and Duration move it and its only
	// occurrence. A recurring meeting: with OccurrenceID they move that
	// occurrence alone; without, Occurrences replaces every occurrence (a
	// series moved as a whole gets new ones from Zoom) and Duration is the
	// length of the meeting and of every occurrence. An occurrence whose
	// start changes gets its reminder again.
	Start        time.Time
	Duration     time.Duration
	OccurrenceID string
	Occurrences  []Occurrence
	Recurrence   *string // the series' rule, opaque JSON

	// Moved records the move when its From is set.
	Moved Move
}

func (c *MeetingChange) movesTime() bool {
	return !c.Start.IsZero() || c.Duration != 0 || c.Occurrences != nil
}

// ChangeMeeting applies c to the meeting in one transaction. The meeting's
// first start (Meeting.Start) follows its occurrences, and a meeting whose
// last sitting ended is scheduled again when its time changes. It returns
// ErrNotFound for an unknown meeting or occurrence, ErrInvalid for a
// cancelled meeting, a start that can't apply (a single meeting given
// occurrences, a series given a Start without OccurrenceID) or a duration
// outside [0, MaxDuration], or the driver's error, wrapped.
func (db *DB) ChangeMeeting(ctx context.Context, id int64, c MeetingChange) error {
	if !validDuration(c.Duration) {
		return fmt.Errorf("change meeting %d: %w: duration %v", id, ErrInvalid, c.Duration)
	}
	err := db.write(ctx, func(tx *txn, now time.Time) error {
		if err := tx.lock(ctx, meetingLock(id)); err != nil {
			return err
		}
		var recurrence, status string
		err := tx.QueryRowContext(ctx, `SELECT recurrence, status FROM meetings WHERE id = ?`, id).Scan(&recurrence, &status)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		series := recurrence != "" || c.Recurrence != nil
		switch {
		case MeetingStatus(status) == StatusCancelled:
			return fmt.Errorf("%w: meeting is cancelled", ErrInvalid)
		case !series && (c.OccurrenceID != "" || c.Occurrences != nil):
			return fmt.Errorf("%w: a single meeting has no occurrences to change", ErrInvalid)
		case series && c.OccurrenceID == "" && !c.Start.IsZero():
			return fmt.Errorf("%w: a series moves by its occurrences", ErrInvalid)
		}
		if err := changeFields(ctx, tx, id, &c); err != nil {
			return err
		}
		if err := changeTimes(ctx, tx, id, series, &c); err != nil {
			return err
		}
		if c.movesTime() && MeetingStatus(status) == StatusEnded {
			status = string(StatusScheduled)
		}
		// The first start and last end follow the occurrences.
		_, err = tx.ExecContext(ctx, `UPDATE meetings SET status = ?2, updated_at = ?3,
			start_at = COALESCE((SELECT MIN(start_at) FROM occurrences WHERE meeting_id = ?1), start_at),
			last_end_at = COALESCE((SELECT MAX(end_at) FROM occurrences WHERE meeting_id = ?1), last_end_at)
			WHERE id = ?1`, id, status, toUnix(now))
		return err
	})
	if err != nil {
		return fmt.Errorf("change meeting %d: %w", id, err)
	}
	return nil
}

// changeFields applies everything but the times.
func changeFields(ctx context.Context, tx *txn, id int64, c *MeetingChange) error {
	exec := func(query string, args ...any) error {
		_, err := tx.ExecContext(ctx, query, append(args, id)...)
		return err
	}
	for _, f := range []struct {
		col string
		v   *string
	}{{"topic", c.Topic}, {"passcode", c.Passcode}, {"settings", c.Settings}, {"recurrence", c.Recurrence}} {
		if f.v == nil {
			continue
		}
		if err := exec(`UPDATE meetings SET `+f.col+` = ? WHERE id = ?`, *f.v); err != nil {
			return err
		}
	}
	if c.JoinURL != "" {
		if err := exec(`UPDATE meetings SET join_url = ? WHERE id = ?`, c.JoinURL); err != nil {
			return err
		}
	}
	if c.HostZoomUserID != "" {
		// The occurrences' copy of the host follows (ON UPDATE CASCADE).
		if err := exec(`UPDATE meetings SET host_zoom_user_id = ?, host_email = ? WHERE id = ?`, c.HostZoomUserID, c.HostEmail); err != nil {
			return err
		}
	}
	if !c.Moved.From.IsZero() {
		if err := exec(`UPDATE meetings SET moved_from = ?, moved_by = ?, moved_occurrence = ? WHERE id = ?`,
			toUnix(c.Moved.From), c.Moved.By, c.Moved.OccurrenceID); err != nil {
			return err
		}
	}
	if c.Invitees != nil {
		return replaceInvitees(ctx, tx, id, *c.Invitees)
	}
	return nil
}

func replaceInvitees(ctx context.Context, tx *txn, id int64, users []string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM invitees WHERE meeting_id = ?`, id); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, u := range users {
		if u == "" || seen[u] {
			continue
		}
		seen[u] = true
		if _, err := tx.ExecContext(ctx, `INSERT INTO invitees (meeting_id, slack_user_id) VALUES (?, ?)`, id, u); err != nil {
			return err
		}
	}
	return nil
}

// changeTimes moves the meeting's occurrences as c says (see MeetingChange).
func changeTimes(ctx context.Context, tx *txn, id int64, series bool, c *MeetingChange) error {
	if c.Duration != 0 && c.OccurrenceID == "" {
		_, err := tx.ExecContext(ctx, `UPDATE meetings SET duration_s = ? WHERE id = ?`, int64(c.Duration/time.Second), id)
		if err != nil {
			return err
		}
	}
	switch {
	case c.Occurrences != nil:
		return replaceOccurrences(ctx, tx, id, c.Occurrences)
	case series && c.OccurrenceID == "":
		if c.Duration == 0 {
			return nil
		}
		_, err := tx.ExecContext(ctx, `UPDATE occurrences SET duration_s = ? WHERE meeting_id = ?`, int64(c.Duration/time.Second), id)
		return err
	case c.Start.IsZero() && c.Duration == 0:
		return nil
	}
	var start, dur int64
	err := tx.QueryRowContext(ctx, `SELECT start_at, duration_s FROM occurrences WHERE meeting_id = ? AND occurrence_id = ?`,
		id, c.OccurrenceID).Scan(&start, &dur)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return err
	}
	newStart, newDur := start, dur
	if !c.Start.IsZero() {
		newStart = toUnix(c.Start)
	}
	if c.Duration != 0 {
		newDur = int64(c.Duration / time.Second)
	}
	_, err = tx.ExecContext(ctx, `UPDATE occurrences SET start_at = ?, duration_s = ?,
		reminder_sent_at = CASE WHEN start_at = ? THEN reminder_sent_at ELSE NULL END
		WHERE meeting_id = ? AND occurrence_id = ?`, newStart, newDur, newStart, id, c.OccurrenceID)
	return err
}

// replaceOccurrences puts occ in place of the meeting's occurrences. One
// that keeps its id and start keeps its reminder.
func replaceOccurrences(ctx context.Context, tx *txn, id int64, occ []Occurrence) error {
	if len(occ) == 0 {
		return fmt.Errorf("%w: a series needs occurrences", ErrInvalid)
	}
	norm, err := normalise(&Meeting{ID: id, HostZoomUserID: "-", Start: occ[0].Start, Occurrences: occ})
	if err != nil {
		return err
	}
	reminded := map[string]int64{}
	rows, err := tx.QueryContext(ctx, `SELECT occurrence_id, start_at, reminder_sent_at FROM occurrences
		WHERE meeting_id = ? AND reminder_sent_at IS NOT NULL`, id)
	if err != nil {
		return err
	}
	for rows.Next() {
		var oid string
		var start, sent int64
		if err := rows.Scan(&oid, &start, &sent); err != nil {
			rows.Close()
			return err
		}
		reminded[fmt.Sprint(oid, "@", start)] = sent
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM occurrences WHERE meeting_id = ?`, id); err != nil {
		return err
	}
	for _, o := range norm.Occurrences {
		var sent any
		if v, ok := reminded[fmt.Sprint(o.OccurrenceID, "@", toUnix(o.Start))]; ok {
			sent = v
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO occurrences (meeting_id, occurrence_id, host_zoom_user_id,
			start_at, duration_s, status, reminder_sent_at)
			SELECT ?, ?, host_zoom_user_id, ?, ?, ?, ? FROM meetings WHERE id = ?`,
			id, o.OccurrenceID, toUnix(o.Start), int64(o.Duration/time.Second), string(o.Status), sent, id); err != nil {
			return fmt.Errorf("insert occurrence %q: %w", o.OccurrenceID, err)
		}
	}
	return nil
}
