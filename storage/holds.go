package storage

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"
)

// ErrNoFreeHost is returned by ReserveHost when every candidate already runs
// as many meetings as it may at some moment of the slot.
var ErrNoFreeHost = errors.New("storage: no free host")

// DefaultHoldTTL is how long a hold lasts when HoldSpec.TTL is zero: long
// enough for a Zoom create with its retries, short enough that a crash does
// not keep a pool host busy for long.
const DefaultHoldTTL = 15 * time.Minute

// HoldSpec asks ReserveHost for a host for one slot.
type HoldSpec struct {
	Key         string        // the request's idempotency key; one hold per key
	Candidates  []string      // Zoom user ids, tried in this order
	Start       time.Time     // the slot is [Start, Start+Duration)
	Duration    time.Duration // at most MaxDuration
	Concurrency int           // meetings a host may run at once (Zoom: 1 on Pro, 2 on Business); < 1 means 1
	TTL         time.Duration // how long the hold lasts; 0 means DefaultHoldTTL
	// IgnoreMeeting is a meeting whose own occurrences do not count: the
	// one being moved, which frees its old slot. IgnoreOccurrence narrows
	// that to one occurrence ("" ignores all of them). 0 ignores none.
	IgnoreMeeting    int64
	IgnoreOccurrence string
}

// HostHold keeps a host busy for a slot until the meeting is stored and
// ReleaseHost is called, or until it expires.
type HostHold struct {
	Key            string
	HostZoomUserID string
	Start          time.Time
	Duration       time.Duration
	ExpiresAt      time.Time
	CreatedAt      time.Time
}

// ReserveHost holds the first candidate that is free for the whole slot:
// at no moment of it does the host have Concurrency meetings (non-cancelled
// occurrences) and unexpired holds running at once. The check and the hold
// are one transaction under the engine's lock (BEGIN IMMEDIATE on SQLite, an
// advisory lock on PostgreSQL), so concurrent callers, in this process or
// another, never get the same free host. A key that already has an
// unexpired hold gets that hold back unchanged, so a retried request keeps
// its host. The intended sequence is ReserveHost, Zoom create, CreateMeeting,
// ReleaseHost. It returns ErrNoFreeHost, ErrInvalid for an empty key or
// candidate list, a zero start or a bad duration or TTL, or the driver's
// error, wrapped.
func (db *DB) ReserveHost(ctx context.Context, spec HoldSpec) (*HostHold, error) {
	if spec.Concurrency < 1 {
		spec.Concurrency = 1
	}
	if spec.TTL == 0 {
		spec.TTL = DefaultHoldTTL
	}
	if spec.Key == "" || len(spec.Candidates) == 0 || spec.Start.IsZero() || !validDuration(spec.Duration) || spec.TTL < 0 {
		return nil, fmt.Errorf("reserve host: %w: key %q, %d candidates, start %v, duration %v, ttl %v",
			ErrInvalid, spec.Key, len(spec.Candidates), spec.Start, spec.Duration, spec.TTL)
	}
	var hold *HostHold
	err := db.write(ctx, func(tx *txn, now time.Time) error {
		// One reservation at a time across processes: checking a host's
		// busy slots and holding it must not interleave with another's.
		if err := tx.lock(ctx, "reserve_host"); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM host_holds WHERE expires_at <= ?`, toUnix(now)); err != nil {
			return err
		}
		h, err := scanHold(tx.QueryRowContext(ctx, `SELECT `+holdCols+` FROM host_holds WHERE key = ?`, spec.Key))
		if err == nil {
			hold = h
			return nil
		}
		if !errors.Is(err, ErrNotFound) {
			return err
		}
		from, to := toUnix(spec.Start), toUnix(spec.Start)+int64(spec.Duration/time.Second)
		for _, host := range spec.Candidates {
			depth, err := busyDepth(ctx, tx, host, from, to, spec.IgnoreMeeting, spec.IgnoreOccurrence)
			if err != nil {
				return err
			}
			if depth >= spec.Concurrency {
				continue
			}
			hold = &HostHold{Key: spec.Key, HostZoomUserID: host, Start: fromUnix(from),
				Duration: time.Duration(to-from) * time.Second, ExpiresAt: now.Add(spec.TTL).Truncate(time.Second), CreatedAt: now}
			_, err = tx.ExecContext(ctx, `INSERT INTO host_holds (key, host_zoom_user_id, start_at, duration_s, expires_at, created_at)
				VALUES (?, ?, ?, ?, ?, ?)`, hold.Key, host, from, to-from, toUnix(hold.ExpiresAt), toUnix(now))
			return err
		}
		return ErrNoFreeHost
	})
	if err != nil {
		return nil, fmt.Errorf("reserve host %q: %w", spec.Key, err)
	}
	return hold, nil
}

// busyDepth is the largest number of the host's meetings and holds running at
// the same moment within [from, to), leaving out the ignored meeting's
// occurrences (all of them when ignoreOcc is "").
func busyDepth(ctx context.Context, tx *txn, host string, from, to int64, ignore int64, ignoreOcc string) (int, error) {
	rows, err := tx.QueryContext(ctx, `
		SELECT o.start_at, o.end_at FROM occurrences o JOIN meetings m ON m.id = o.meeting_id
		WHERE o.host_zoom_user_id = ?1 AND o.start_at > ?4 AND o.start_at < ?3 AND o.end_at > ?2
			AND o.status <> 'cancelled' AND m.status <> 'cancelled'
			AND NOT (o.meeting_id = ?5 AND (?6 = '' OR o.occurrence_id = ?6))
		UNION ALL
		SELECT start_at, end_at FROM host_holds
		WHERE host_zoom_user_id = ?1 AND start_at > ?4 AND start_at < ?3 AND end_at > ?2`,
		host, from, to, from-maxDurationS, ignore, ignoreOcc)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	type edge struct {
		at    int64
		delta int
	}
	var edges []edge
	for rows.Next() {
		var s, e int64
		if err := rows.Scan(&s, &e); err != nil {
			return 0, err
		}
		edges = append(edges, edge{max(s, from), +1}, edge{min(e, to), -1})
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	// Ends sort before starts at the same second: back-to-back meetings
	// do not run at once.
	slices.SortFunc(edges, func(a, b edge) int {
		if c := cmp.Compare(a.at, b.at); c != 0 {
			return c
		}
		return cmp.Compare(a.delta, b.delta)
	})
	depth, deepest := 0, 0
	for _, e := range edges {
		depth += e.delta
		deepest = max(deepest, depth)
	}
	return deepest, nil
}

// ReleaseHost drops the hold of key, once its meeting is stored (the meeting
// then keeps the host busy) or the request gave up. It returns ErrNotFound
// when there is no hold, expired ones included, or the driver's error,
// wrapped.
func (db *DB) ReleaseHost(ctx context.Context, key string) error {
	err := db.write(ctx, func(tx *txn, now time.Time) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM host_holds WHERE key = ?`, key)
		return mustAffect(res, err)
	})
	if err != nil {
		return fmt.Errorf("release host %q: %w", key, err)
	}
	return nil
}

const holdCols = `key, host_zoom_user_id, start_at, duration_s, expires_at, created_at`

func scanHold(row scanner) (*HostHold, error) {
	var h HostHold
	var start, dur, expires, created int64
	err := row.Scan(&h.Key, &h.HostZoomUserID, &start, &dur, &expires, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	h.Start, h.Duration = fromUnix(start), time.Duration(dur)*time.Second
	h.ExpiresAt, h.CreatedAt = fromUnix(expires), fromUnix(created)
	return &h, nil
}
