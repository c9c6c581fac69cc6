package storage

import (
	"context"
	"fmt"
	"time"
)

// PoolHost is a Zoom user in the host pool: meetings are hosted by a free
// pool user instead of the Slack user's own Zoom account.
type PoolHost struct {
	ZoomUserID string
	Email      string // "" when only the id is known
	AddedBy    string // Slack user id of the admin, "" when set by configuration
	AddedAt    time.Time
}

// AddPoolHost inserts h, or updates the e-mail of the host with the same
// ZoomUserID. A re-added host keeps its place in the pool: AddedAt and
// AddedBy stay those of the first insert, and h is set to the stored values.
// A zero AddedAt means now. It returns ErrInvalid for an empty ZoomUserID,
// or the driver's error, wrapped.
func (db *DB) AddPoolHost(ctx context.Context, h *PoolHost) error {
	if h.ZoomUserID == "" {
		return fmt.Errorf("add pool host: %w: Zoom user id is required", ErrInvalid)
	}
	var addedBy string
	var addedAt int64
	err := db.write(ctx, func(tx *txn, now time.Time) error {
		at := now
		if !h.AddedAt.IsZero() {
			at = h.AddedAt
		}
		return tx.QueryRowContext(ctx, `
			INSERT INTO pool_hosts (zoom_user_id, email, added_by, added_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (zoom_user_id) DO UPDATE SET email = excluded.email
			RETURNING added_by, added_at`,
			h.ZoomUserID, h.Email, h.AddedBy, toUnix(at)).Scan(&addedBy, &addedAt)
	})
	if err != nil {
		return fmt.Errorf("add pool host %q: %w", h.ZoomUserID, err)
	}
	h.AddedBy, h.AddedAt = addedBy, fromUnix(addedAt)
	return nil
}

// RemovePoolHost removes the pool host whose Zoom user id is
// zoomUserIDOrEmail or whose e-mail equals it ignoring case, as an admin may
// type either. It returns ErrNotFound when no host matches, ErrInvalid for
// an empty argument, or the driver's error, wrapped.
func (db *DB) RemovePoolHost(ctx context.Context, zoomUserIDOrEmail string) error {
	if zoomUserIDOrEmail == "" {
		return fmt.Errorf("remove pool host: %w: empty id or e-mail", ErrInvalid)
	}
	err := db.write(ctx, func(tx *txn, _ time.Time) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM pool_hosts
			WHERE zoom_user_id = ? OR lower(email) = lower(?)`, zoomUserIDOrEmail, zoomUserIDOrEmail)
		return mustAffect(res, err)
	})
	if err != nil {
		return fmt.Errorf("remove pool host %q: %w", zoomUserIDOrEmail, err)
	}
	return nil
}

// ListPoolHosts returns the pool in the order hosts were added (AddedAt,
// then insertion order), which is the order ReserveHost should try them. It
// returns the driver's error, wrapped.
func (db *DB) ListPoolHosts(ctx context.Context) ([]PoolHost, error) {
	rows, err := db.queryContext(ctx, `SELECT zoom_user_id, email, added_by, added_at
		FROM pool_hosts ORDER BY added_at, id`)
	if err != nil {
		return nil, fmt.Errorf("list pool hosts: %w", err)
	}
	defer rows.Close()
	var out []PoolHost
	for rows.Next() {
		var h PoolHost
		var at int64
		if err := rows.Scan(&h.ZoomUserID, &h.Email, &h.AddedBy, &at); err != nil {
			return nil, fmt.Errorf("list pool hosts: %w", err)
		}
		h.AddedAt = fromUnix(at)
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list pool hosts: %w", err)
	}
	return out, nil
}

// PruneRequests deletes the requests that are finished (announced or failed)
// and were last updated before before, and returns how many it deleted.
// Unfinished requests are kept whatever their age: startup recovery still
// needs them. Redeliveries come within minutes, so a cutoff of a day or more
// keeps idempotency intact. It returns the driver's error, wrapped.
func (db *DB) PruneRequests(ctx context.Context, before time.Time) (int, error) {
	var n int64
	err := db.write(ctx, func(tx *txn, _ time.Time) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM requests WHERE state IN (?, ?) AND updated_at < ?`,
			string(RequestAnnounced), string(RequestFailed), toUnix(before))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("prune requests: %w", err)
	}
	return int(n), nil
}
