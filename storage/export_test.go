package storage

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// SQL exposes the pool so tests can check per-connection pragmas and
// constraints the API does not reach.
func (db *DB) SQL() *sql.DB { return db.sql }

// Query texts, so tests can check their plans.
const (
	UpcomingForHostSQL      = upcomingForHostSQL
	OverlappingSQL          = overlappingSQL
	DueRemindersSQL         = dueRemindersSQL
	UpcomingForSlackUserSQL = upcomingForSlackUserSQLite
	MaxDurationS            = maxDurationS
)

// BulkCreateMeetings stores gen(0) … gen(n-1) in one transaction with one
// set of prepared statements: the benchmarks' 100,000-meeting fixture.
func BulkCreateMeetings(ctx context.Context, db *DB, n int, gen func(i int) Meeting) error {
	return db.write(ctx, func(tx *txn, now time.Time) error {
		in, err := prepareInserter(ctx, tx)
		if err != nil {
			return err
		}
		defer in.close()
		for i := range n {
			m := gen(i)
			s, err := normalise(&m)
			if err != nil {
				return fmt.Errorf("meeting %d: %w", i, err)
			}
			s.CreatedAt, s.UpdatedAt = now, now
			if err := in.insert(ctx, &s); err != nil {
				return fmt.Errorf("meeting %d: %w", i, err)
			}
		}
		return nil
	})
}
