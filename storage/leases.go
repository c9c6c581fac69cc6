package storage

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// RenewLeases extends to until the leases owner holds on the unfinished
// requests keys names, and returns the keys it renewed: those still
// unfinished and still owner's. The caller can stop tracking the others. It
// returns the driver's error, wrapped.
func (db *DB) RenewLeases(ctx context.Context, owner string, keys []string, until time.Time) ([]string, error) {
	return db.setLeases(ctx, "renew leases", owner, keys, toNullUnix(until))
}

// ReleaseLeases gives up owner's leases on the unfinished requests keys
// names, so another replica may take them at once (a clean shutdown). It
// returns the driver's error, wrapped.
func (db *DB) ReleaseLeases(ctx context.Context, owner string, keys []string) error {
	_, err := db.setLeases(ctx, "release leases", owner, keys, nil)
	return err
}

func (db *DB) setLeases(ctx context.Context, what, owner string, keys []string, until any) ([]string, error) {
	const chunk = 500 // under both engines' limits on bound parameters
	var kept []string
	for c := range slices.Chunk(keys, chunk) {
		args := append([]any{until, owner}, stringsToAny(c)...)
		err := db.write(ctx, func(tx *txn, _ time.Time) error {
			rows, err := tx.QueryContext(ctx, `UPDATE requests SET lease_until = ? WHERE owner = ? AND state IN `+unfinished+`
				AND key IN (`+marks(len(c))+`) RETURNING key`, args...)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var k string
				if err := rows.Scan(&k); err != nil {
					return err
				}
				kept = append(kept, k)
			}
			return rows.Err()
		})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
	}
	return kept, nil
}

// CompleteEnvelope marks the request of an envelope recorded at its ack
// (kind "envelope:…", still received) announced, or failed with errText,
// once its handler is done. A request that its handler turned into other
// work (a scheduling request, with its own kind) is left alone: that work
// records its own states. It returns the driver's error, wrapped.
func (db *DB) CompleteEnvelope(ctx context.Context, key string, failed bool, errText string) error {
	state := RequestAnnounced
	if failed {
		state = RequestFailed
	}
	err := db.write(ctx, func(tx *txn, now time.Time) error {
		_, err := tx.ExecContext(ctx, `UPDATE requests SET state = ?, error = ?, updated_at = ?
			WHERE key = ? AND state = 'received' AND kind LIKE 'envelope:%'`, string(state), errText, toUnix(now), key)
		return err
	})
	if err != nil {
		return fmt.Errorf("complete envelope %q: %w", key, err)
	}
	return nil
}

// ClaimStaleRequests takes over, for owner until until, up to limit
// unfinished requests whose lease has lapsed (or that never had one), oldest
// first, and returns them as they now are. A request is claimed by one
// caller only, whichever process asks: the update re-checks the lease of
// each row it changes. It returns the driver's error, wrapped.
func (db *DB) ClaimStaleRequests(ctx context.Context, owner string, until time.Time, limit int) ([]Request, error) {
	var out []Request
	err := db.write(ctx, func(tx *txn, now time.Time) error {
		rows, err := tx.QueryContext(ctx, `UPDATE requests SET owner = ?1, lease_until = ?2
			WHERE key IN (SELECT key FROM requests WHERE state IN `+unfinished+`
				AND (lease_until IS NULL OR lease_until < ?3) ORDER BY created_at, key LIMIT ?4)
			AND state IN `+unfinished+` AND (lease_until IS NULL OR lease_until < ?3)
			RETURNING `+requestCols, owner, toUnix(until), toUnix(now), sqlLimit(limit))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanRequest(rows)
			if err != nil {
				return err
			}
			out = append(out, *r)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("claim stale requests: %w", err)
	}
	slices.SortFunc(out, func(a, b Request) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(a.Key, b.Key)
	})
	return out, nil
}

// ClaimFingerprint records that request key asks for fingerprint (what a
// scheduling request asks for: user, channel, topic, start), unless another
// request created at or after since already asked for it and neither failed
// nor had its meeting cancelled: then it records nothing and returns that
// earlier request, the one this key duplicates. With force it records the
// fingerprint without looking (the user chose to go ahead). The check and
// the record are one transaction under a lock on the fingerprint, so of two
// identical requests, in this process or another, exactly one goes ahead.
// It returns ErrNotFound when key has no request, or the driver's error,
// wrapped.
func (db *DB) ClaimFingerprint(ctx context.Context, key, fingerprint string, since time.Time, force bool) (*Request, error) {
	var dup *Request
	err := db.write(ctx, func(tx *txn, _ time.Time) error {
		if err := tx.lock(ctx, "fingerprint:"+fingerprint); err != nil {
			return err
		}
		if !force {
			r, err := scanRequest(tx.QueryRowContext(ctx, `SELECT `+requestCols+` FROM requests r
				WHERE fingerprint = ? AND key <> ? AND created_at >= ? AND state <> 'failed'
					AND NOT EXISTS (SELECT 1 FROM meetings m WHERE m.id = r.meeting_id AND m.status = 'cancelled')
				ORDER BY created_at, key LIMIT 1`, fingerprint, key, toUnix(since)))
			if err == nil {
				dup = r
				return nil
			}
			if !errors.Is(err, ErrNotFound) {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, `UPDATE requests SET fingerprint = ? WHERE key = ?`, fingerprint, key)
		return mustAffect(res, err)
	})
	if err != nil {
		return nil, fmt.Errorf("claim fingerprint %q: %w", key, err)
	}
	return dup, nil
}

// Heartbeat records that replica id (started at started) is alive and
// returns how many replicas, itself included, were seen within liveWithin.
// Rows of replicas not seen for a day are deleted. It returns the driver's
// error, wrapped.
func (db *DB) Heartbeat(ctx context.Context, id string, started time.Time, liveWithin time.Duration) (live int, err error) {
	err = db.write(ctx, func(tx *txn, now time.Time) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO replicas (id, started_at, seen_at) VALUES (?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET seen_at = excluded.seen_at`, id, toUnix(started), toUnix(now)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM replicas WHERE seen_at < ?`, toUnix(now.Add(-24*time.Hour))); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM replicas WHERE seen_at >= ?`,
			toUnix(now.Add(-liveWithin))).Scan(&live)
	})
	if err != nil {
		return 0, fmt.Errorf("heartbeat %q: %w", id, err)
	}
	return live, nil
}

// RemoveReplica forgets replica id, at a clean shutdown, so the others count
// it out at once. It returns the driver's error, wrapped.
func (db *DB) RemoveReplica(ctx context.Context, id string) error {
	err := db.write(ctx, func(tx *txn, _ time.Time) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM replicas WHERE id = ?`, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("remove replica %q: %w", id, err)
	}
	return nil
}

// marks returns n comma-separated placeholders.
func marks(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }

func stringsToAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
