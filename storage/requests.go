package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
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
	// Owner is the replica working on the request and LeaseUntil when its
	// claim lapses unless renewed (zero: anyone may take it). Together they
	// keep two replicas from doing the same work, and let a live replica
	// finish what a dead one started (ClaimStaleRequests).
	Owner      string
	LeaseUntil time.Time
	// Fingerprint is what a scheduling request asks for (ClaimFingerprint),
	// "" until it is known.
	Fingerprint string
}

const requestCols = `key, state, kind, team_id, user_id, channel_id, meeting_id, payload, error, created_at, updated_at,
	owner, lease_until, fingerprint`

// unfinished are the states of requests whose work is not done.
const unfinished = `('received', 'zoom_pending', 'created')`

// BeginRequest inserts r if its key is new and returns the stored row:
// created is true when this call inserted it, false when the key was already
// there, in which case existing is the earlier row, unchanged. It returns
// ErrInvalid for an empty key or unknown state, or the driver's error,
// wrapped.
func (db *DB) BeginRequest(ctx context.Context, r *Request) (existing *Request, created bool, err error) {
	got, err := db.BeginRequests(ctx, []*Request{r})
	if err != nil {
		return nil, false, err
	}
	return got[0].Stored, got[0].Created, nil
}

// Begun is BeginRequests' answer for one request.
type Begun struct {
	Stored  *Request // the row as stored: this request's, or an earlier one with its key
	Created bool     // this call inserted it
}

// BeginRequests is BeginRequest for several requests in one transaction, so
// that a burst of Slack envelopes is made durable with one commit. The
// answers are in the order of rs. Any invalid request fails them all.
func (db *DB) BeginRequests(ctx context.Context, rs []*Request) ([]Begun, error) {
	states := make([]RequestState, len(rs))
	for i, r := range rs {
		states[i] = r.State
		if states[i] == "" {
			states[i] = RequestReceived
		}
		if r.Key == "" || !states[i].valid() {
			return nil, fmt.Errorf("begin request: %w: key %q, state %q", ErrInvalid, r.Key, states[i])
		}
	}
	out := make([]Begun, len(rs))
	err := db.write(ctx, func(tx *txn, now time.Time) error {
		// One multi-row INSERT per chunk: a burst costs one round trip, not
		// two per envelope. RETURNING names the rows this call inserted;
		// the others' keys existed, and those rows are read back.
		const perRow = 14
		inserted := map[string]bool{}
		for c := range slices.Chunk(rs, 500/perRow) { // under SQLite's and PostgreSQL's parameter limits
			args := make([]any, 0, len(c)*perRow)
			values := make([]string, len(c))
			for i, r := range c {
				values[i] = "(" + marks(perRow) + ")"
				state := r.State
				if state == "" {
					state = RequestReceived
				}
				args = append(args, r.Key, string(state), r.Kind, r.TeamID, r.UserID, r.ChannelID, nullID(r.MeetingID), r.Payload,
					r.Error, toUnix(now), toUnix(now), r.Owner, toNullUnix(r.LeaseUntil), r.Fingerprint)
			}
			rows, err := tx.QueryContext(ctx, `INSERT INTO requests (`+requestCols+`) VALUES `+strings.Join(values, ", ")+`
				ON CONFLICT (key) DO NOTHING RETURNING key`, args...)
			if err != nil {
				return err
			}
			for rows.Next() {
				var k string
				if err := rows.Scan(&k); err != nil {
					rows.Close()
					return err
				}
				inserted[k] = true
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		for i, r := range rs {
			// A key twice in one batch: the first is the insert, the
			// second a redelivery of it.
			if inserted[r.Key] && !slices.ContainsFunc(rs[:i], func(p *Request) bool { return p.Key == r.Key }) {
				stored := *r
				stored.State, stored.CreatedAt, stored.UpdatedAt = states[i], now, now
				stored.LeaseUntil = utcSecond(r.LeaseUntil)
				out[i] = Begun{Stored: &stored, Created: true}
				continue
			}
			got, err := scanRequest(tx.QueryRowContext(ctx, `SELECT `+requestCols+` FROM requests WHERE key = ?`, r.Key))
			if err != nil {
				return err
			}
			out[i] = Begun{Stored: got}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("begin request: %w", err)
	}
	return out, nil
}

// UpdateRequest replaces the kind, user, channel and payload of a request
// this process owns, for work that learns what it is only after it was
// recorded (a slash command's text, parsed). It returns ErrNotFound, or the
// driver's error, wrapped.
func (db *DB) UpdateRequest(ctx context.Context, r *Request) error {
	err := db.write(ctx, func(tx *txn, now time.Time) error {
		res, err := tx.ExecContext(ctx, `UPDATE requests SET kind = ?, user_id = ?, channel_id = ?, payload = ?,
			updated_at = ? WHERE key = ?`, r.Kind, r.UserID, r.ChannelID, r.Payload, toUnix(now), r.Key)
		return mustAffect(res, err)
	})
	if err != nil {
		return fmt.Errorf("update request %q: %w", r.Key, err)
	}
	return nil
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
	err := db.write(ctx, func(tx *txn, now time.Time) error {
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
	r, err := scanRequest(db.queryRowContext(ctx, `SELECT `+requestCols+` FROM requests WHERE key = ?`, key))
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
	rows, err := db.queryContext(ctx, `SELECT `+requestCols+` FROM requests
		WHERE state IN (`+marks(len(states))+`) ORDER BY created_at, key`, args...)
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
	var meetingID, lease sql.NullInt64
	var created, updated int64
	err := row.Scan(&r.Key, &state, &r.Kind, &r.TeamID, &r.UserID, &r.ChannelID, &meetingID, &r.Payload,
		&r.Error, &created, &updated, &r.Owner, &lease, &r.Fingerprint)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	r.State = RequestState(state)
	r.MeetingID = meetingID.Int64
	r.CreatedAt, r.UpdatedAt = fromUnix(created), fromUnix(updated)
	r.LeaseUntil = fromNullUnix(lease)
	return &r, nil
}

// nullID stores "no meeting" (0) as NULL.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// UnfinishedFor reports whether a request of one of kinds about the
// meeting is unfinished: a change under way, whose own webhook echo must
// wait for it. It returns the driver's error, wrapped.
func (db *DB) UnfinishedFor(ctx context.Context, meetingID int64, kinds ...string) (bool, error) {
	if len(kinds) == 0 {
		return false, nil
	}
	args := append([]any{meetingID}, stringsToAny(kinds)...)
	var one int
	err := db.queryRowContext(ctx, `SELECT 1 FROM requests WHERE meeting_id = ? AND kind IN (`+marks(len(kinds))+`)
		AND state IN `+unfinished+` LIMIT 1`, args...).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("unfinished for %d: %w", meetingID, err)
	}
	return true, nil
}
