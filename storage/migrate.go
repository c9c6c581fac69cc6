package storage

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"time"
)

// migrationFS holds the schema changes, one folder per engine with the same
// file names in each, applied in file-name order. Files are never edited
// once released: a change is a new numbered file (migrations/README.md).
//
//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrationFS embed.FS

// migrationNames lists an engine's embedded migrations (base names, as
// recorded in the migrations table) in the order they apply.
func (e *engine) migrationNames() ([]string, error) {
	names, err := fs.Glob(migrationFS, e.migrations+"/*.sql")
	if err != nil {
		return nil, err
	}
	for i, n := range names {
		names[i] = path.Base(n)
	}
	sort.Strings(names)
	return names, nil
}

// createMigrations is the one table both engines spell alike.
const createMigrations = `CREATE TABLE IF NOT EXISTS migrations (
	name       TEXT PRIMARY KEY,
	applied_at BIGINT NOT NULL
)`

// Migrate applies every embedded migration the database has not recorded,
// each in its own transaction together with its row in the migrations
// table, so a failed migration leaves neither half a schema nor a record of
// it. Replicas starting at once are safe: each migration's transaction
// holds the engine's lock while it checks and applies.
func (db *DB) Migrate(ctx context.Context) error {
	names, err := db.eng.migrationNames()
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for _, name := range names {
		if err := db.migrateFile(ctx, name); err != nil {
			return fmt.Errorf("migrate %s: %w", name, err)
		}
	}
	return nil
}

// migrateFile applies one migration unless it is recorded.
func (db *DB) migrateFile(ctx context.Context, name string) error {
	return db.write(ctx, func(tx *txn, now time.Time) error {
		// PostgreSQL's CREATE TABLE IF NOT EXISTS is not safe against a
		// concurrent one, so it runs under the lock too.
		if err := tx.lock(ctx, "migrations"); err != nil {
			return err
		}
		// The migrations' statements bypass the statement cache: they run
		// on tables this transaction may have just made, which another
		// connection could not prepare against.
		if _, err := tx.tx.ExecContext(ctx, createMigrations); err != nil {
			return fmt.Errorf("create migrations table: %w", err)
		}
		var n int
		if err := tx.tx.QueryRowContext(ctx, tx.eng.q(`SELECT COUNT(*) FROM migrations WHERE name = ?`), name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		body, err := fs.ReadFile(migrationFS, db.eng.migrations+"/"+name)
		if err != nil {
			return err
		}
		// Migration files hold several statements and no placeholders: run
		// them as written.
		if _, err := tx.tx.ExecContext(ctx, string(body)); err != nil {
			return err
		}
		_, err = tx.tx.ExecContext(ctx, tx.eng.q(`INSERT INTO migrations (name, applied_at) VALUES (?, ?)`), name, toUnix(now))
		return err
	})
}

// MigrationStatus reports how many migrations the database has recorded and
// how many this build embeds. applied < known means Migrate has work to do;
// applied > known means a newer build has migrated the database. A database
// without the migrations table has applied none. It returns the driver's
// error, wrapped.
func (db *DB) MigrationStatus(ctx context.Context) (applied, known int, err error) {
	names, err := db.eng.migrationNames()
	if err != nil {
		return 0, 0, fmt.Errorf("migration status: %w", err)
	}
	ok, err := db.hasTable(ctx, "migrations")
	if err != nil {
		return 0, 0, fmt.Errorf("migration status: %w", err)
	}
	if !ok {
		return 0, len(names), nil
	}
	if err := db.queryRowContext(ctx, `SELECT COUNT(*) FROM migrations`).Scan(&applied); err != nil {
		return 0, 0, fmt.Errorf("migration status: %w", err)
	}
	return applied, len(names), nil
}

// Pending lists the migrations this build would apply, in order.
func (db *DB) Pending(ctx context.Context) ([]string, error) {
	names, err := db.eng.migrationNames()
	if err != nil {
		return nil, err
	}
	ok, err := db.hasTable(ctx, "migrations")
	if err != nil || !ok {
		return names, err
	}
	var pending []string
	for _, n := range names {
		var c int
		if err := db.queryRowContext(ctx, `SELECT COUNT(*) FROM migrations WHERE name = ?`, n).Scan(&c); err != nil {
			return nil, err
		}
		if c == 0 {
			pending = append(pending, n)
		}
	}
	return pending, nil
}

// hasTable reports whether the database has a table of that name.
func (db *DB) hasTable(ctx context.Context, name string) (bool, error) {
	q := `SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = ?`
	if db.eng.dollar {
		q = `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?`
	}
	var n int
	if err := db.queryRowContext(ctx, q, name).Scan(&n); err != nil {
		return false, err
	}
	return n > 0, nil
}
