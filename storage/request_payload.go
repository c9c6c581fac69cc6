package storage

import (
	"context"
	"fmt"
	"time"
)

// SetRequestPayload replaces the request's payload, for work that learns
// more as it goes (such as the host chosen before the Zoom call) and must
// resume with it after a crash. It returns ErrNotFound, or the driver's
// error, wrapped.
func (db *DB) SetRequestPayload(ctx context.Context, key string, payload []byte) error {
	err := db.write(ctx, func(tx *txn, now time.Time) error {
		res, err := tx.ExecContext(ctx, `UPDATE requests SET payload = ?, updated_at = ? WHERE key = ?`, payload, toUnix(now), key)
		return mustAffect(res, err)
	})
	if err != nil {
		return fmt.Errorf("set request payload %q: %w", key, err)
	}
	return nil
}
