package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// RequestState is how far the work for one Slack action has got (issue 6):
// received → zoom_pending → created → announced, or failed.
type RequestState string

// The request states; the schema refuses any other.
const (
	RequestReceived    RequestState = "received"
	RequestZoomPending RequestState = "zoom_pending" // Zoom create sent, outcome not yet stored
	RequestCreated     RequestState = "created"      // meeting stored, not yet announced
	RequestAnnounced   RequestState = "announced"
	RequestFailed      RequestState = "failed"
)

func (s RequestState) valid() bool {
	switch s {
	case RequestReceived, RequestZoomPending, RequestCreated, RequestAnnounced, RequestFailed:
		return true
	}
	return false
}

// Request is the idempotency record of one Slack action, keyed by an id
// Slack gives that action (trigger_id, event_id, action_ts + user).
type Request struct {
	Key       string
	State     RequestState // "" means RequestReceived on BeginRequest
	Kind      string       // what the action was, e.g. "schedule"; free text for the bot
	TeamID    string
	UserID    string
	ChannelID string
	MeetingID int64  // 0 until Zoom created the meeting
	Payload   []byte // what is needed to resume the work, opaque to the store
	Error     string // why the request failed, "" otherwise
	CreatedAt time.Time
	UpdatedAt time.Time
}

const requestCols = `key, state, kind, team_id, user_id, channel_id, meeting_id, payload, error, created_at, updated_at`

// BeginRequest inserts r if its key is new and returns the stored row:
// created is true when this call inserted it, false when the key was already
// there, in which case existing is the earlier row, unchanged. It returns
// ErrInvalid for an empty key or unknown state, or the driver's error,
// wrapped.
func (db *DB) BeginRequest(ctx context.Context, r *Request) (existing *Request, created bool, err error) {
	state := r.State
	if state == "" {
		state = RequestReceived
	}
	if r.Key == "" || !state.valid() {
		return nil, false, fmt.Errorf("begin request: %w: key %q, state %q", ErrInvalid, r.Key, state)
	}
	err = db.write(ctx, func(tx *sql.Tx, now time.Time) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO requests (`+requestCols+`)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`,
			r.Key, string(state), r.Kind, r.TeamID, r.UserID, r.ChannelID, nullID(r.MeetingID), r.Payload,
			r.Error, toUnix(now), toUnix(now))
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		created = n == 1
		existing, err = scanRequest(tx.QueryRowContext(ctx, `SELECT `+requestCols+` FROM requests WHERE key = ?`, r.Key))
		return err
	})
	if err != nil {
		return nil, false, fmt.Errorf("begin request: %w", err)
	}
	return existing, created, nil
}

// SetRequestState moves the request to state and records errText ("" clears
// it). meetingID 0 keeps the stored meeting id, so later steps need not
// repeat it. The store does not police the order of states; the bot does. It
// returns ErrNotFound, ErrInvalid for an unknown state, or the driver's
// error, wrapped.
func (db *DB) SetRequestState(ctx context.Context, key string, state RequestState, meetingID int64, errText string) error {
	if !state.valid() {
		return fmt.Errorf("set request state: %w: state %q", ErrInvalid, state)
	}
	err := db.write(ctx, func(tx *sql.Tx, now time.Time) error {
		res, err := tx.ExecContext(ctx, `UPDATE requests SET state = ?, meeting_id = COALESCE(?, meeting_id),
			error = ?, updated_at = ? WHERE key = ?`, string(state), nullID(meetingID), errText, toUnix(now), key)
		return mustAffect(res, err)
	})
	if err != nil {
		return fmt.Errorf("set request state %q: %w", key, err)
	}
	return nil
}

// GetRequest returns the request with that key. It returns ErrNotFound, or
// the driver's error, wrapped.
func (db *DB) GetRequest(ctx context.Context, key string) (*Request, error) {
	r, err := scanRequest(db.sql.QueryRowContext(ctx, `SELECT `+requestCols+` FROM requests WHERE key = ?`, key))
	if err != nil {
		return nil, fmt.Errorf("get request %q: %w", key, err)
	}
	return r, nil
}

// RequestsInState returns the requests in any of the states, oldest first
// (then by key); with no states it returns none. Startup uses it to resume
// work stuck in zoom_pending or created. It returns the driver's error,
// wrapped.
func (db *DB) RequestsInState(ctx context.Context, states ...RequestState) ([]Request, error) {
	if len(states) == 0 {
		return nil, nil
	}
	args := make([]any, len(states))
	for i, s := range states {
		args[i] = string(s)
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(states)), ", ")
	rows, err := db.sql.QueryContext(ctx, `SELECT `+requestCols+` FROM requests
		WHERE state IN (`+marks+`) ORDER BY created_at, key`, args...)
	if err != nil {
		return nil, fmt.Errorf("requests in state: %w", err)
	}
	defer rows.Close()
	var out []Request
	for rows.Next() {
		r, err := scanRequest(rows)
		if err != nil {
			return nil, fmt.Errorf("requests in state: %w", err)
		}
		out = append(out, *r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("requests in state: %w", err)
	}
	return out, nil
}

type scanner interface{ Scan(dest ...any) error }

// scanRequest reads one row of requestCols; no row is ErrNotFound.
func scanRequest(row scanner) (*Request, error) {
	var r Request
	var state string
	var meetingID sql.NullInt64
	var created, updated int64
	err := row.Scan(&r.Key, &state, &r.Kind, &r.TeamID, &r.UserID, &r.ChannelID, &meetingID, &r.Payload,
		&r.Error, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	r.State = RequestState(state)
	r.MeetingID = meetingID.Int64
	r.CreatedAt, r.UpdatedAt = fromUnix(created), fromUnix(updated)
	return &r, nil
}

// nullID stores "no meeting" (0) as NULL.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
