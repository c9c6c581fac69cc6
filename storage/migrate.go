package storage

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"time"
)

// migrationFS holds the schema changes, applied in file-name order. Files are
// never edited once released: a change is a new numbered file.
//
//go:embed migrations/*.sql
var migrationFS embed.FS

// migrationNames lists the embedded migrations (base names, as recorded in
// the migrations table) in the order they apply.
func migrationNames() ([]string, error) {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	for i, n := range names {
		names[i] = path.Base(n)
	}
	sort.Strings(names)
	return names, nil
}

// migrate applies every embedded migration the database has not recorded,
// each in its own transaction together with its row in the migrations table,
// so a failed migration leaves neither half a schema nor a record of it.
func (db *DB) migrate(ctx context.Context) error {
	if _, err := db.sql.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS migrations (
		name       TEXT PRIMARY KEY,
		applied_at INTEGER NOT NULL
	)`); err != nil {
		return fmt.Errorf("migrate: create table: %w", err)
	}
	names, err := migrationNames()
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

// migrateFile applies one migration unless it is recorded. The check runs
// inside the BEGIN IMMEDIATE transaction, so two processes opening the same
// file at once cannot both apply it.
func (db *DB) migrateFile(ctx context.Context, name string) error {
	return db.write(ctx, func(tx *sql.Tx, now time.Time) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM migrations WHERE name = ?`, name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		body, err := fs.ReadFile(migrationFS, "migrations/"+name)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO migrations (name, applied_at) VALUES (?, ?)`, name, toUnix(now))
		return err
	})
}

// MigrationStatus reports how many migrations the database has recorded and
// how many this build embeds. applied < known cannot happen after Open;
// applied > known means a newer build has migrated the file. It returns the
// driver's error, wrapped.
func (db *DB) MigrationStatus(ctx context.Context) (applied, known int, err error) {
	names, err := migrationNames()
	if err != nil {
		return 0, 0, fmt.Errorf("migration status: %w", err)
	}
	if err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM migrations`).Scan(&applied); err != nil {
		return 0, 0, fmt.Errorf("migration status: %w", err)
	}
	return applied, len(names), nil
}
