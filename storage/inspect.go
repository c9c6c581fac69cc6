package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// Status is what Inspect found.
type Status struct {
	Engine string // "sqlite" or "postgres"
	// Exists is false for a SQLite file that is not there yet; Open would
	// create it (mode 0600) and apply every migration.
	Exists bool
	// Applied counts the migrations the database has recorded; Pending
	// lists, in order, those Open or Migrate would apply. Newer means a newer
	// build migrated the database (it records more than this one knows).
	Applied int
	Pending []string
	Newer   bool
	// Mode is the SQLite file's permission bits.
	Mode fs.FileMode
	// Writable says whether this process may write the database: the SQLite
	// file (or, when it does not exist, its folder); on PostgreSQL, create
	// tables in the current schema (needed by migrations) and write the
	// requests table (or, before the first migration, create tables).
	Writable bool
	// User is the PostgreSQL role connected as.
	User string
}

// Inspect reports on the database target names (a SQLite path or a
// PostgreSQL URL, as for Open) without changing it: it creates no file,
// applies no migration and writes no row. It returns an error when the
// database cannot be reached or read.
func Inspect(ctx context.Context, target string) (*Status, error) {
	if IsPostgresURL(target) {
		return inspectPostgres(ctx, target)
	}
	return inspectSQLite(ctx, target)
}

func inspectSQLite(ctx context.Context, path string) (*Status, error) {
	st := &Status{Engine: sqliteEngine.name}
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		st.Pending, _ = sqliteEngine.migrationNames()
		st.Writable = syscall.Access(filepath.Dir(path), 2 /* W_OK */) == nil
		if _, derr := os.Stat(filepath.Dir(path)); derr != nil {
			return st, fmt.Errorf("folder of %s: %w", path, derr)
		}
		return st, nil
	}
	if err != nil {
		return nil, err
	}
	st.Exists, st.Mode = true, fi.Mode().Perm()
	st.Writable = syscall.Access(path, 2 /* W_OK */) == nil
	// mode=ro: SQLite opens it read-only and never creates it. A database
	// in WAL mode still gets -wal and -shm files from a reader, unless they
	// exist already (a running or crashed bot): without them, nobody has it
	// open, and immutable=1 reads the file as it is, creating nothing.
	dsn := "file:" + path + "?mode=ro&_pragma=busy_timeout(5000)"
	if _, err := os.Stat(path + "-wal"); errors.Is(err, fs.ErrNotExist) {
		dsn = "file:" + path + "?mode=ro&immutable=1"
	}
	sdb, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	defer sdb.Close()
	db := &DB{sql: sdb, eng: sqliteEngine, path: path}
	return st, db.fillStatus(ctx, st)
}

func inspectPostgres(ctx context.Context, url string) (*Status, error) {
	db, err := openPostgres(ctx, url)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	st := &Status{Engine: postgresEngine.name, Exists: true}
	if err := db.sql.QueryRowContext(ctx, `SELECT current_user, has_schema_privilege(current_schema(), 'CREATE')`).
		Scan(&st.User, &st.Writable); err != nil {
		return nil, redactURL(err, url)
	}
	if err := db.fillStatus(ctx, st); err != nil {
		return nil, redactURL(err, url)
	}
	if st.Applied > 0 && len(st.Pending) == 0 {
		// Migrated already: what matters is writing the rows.
		if err := db.sql.QueryRowContext(ctx, `SELECT has_table_privilege('requests', 'INSERT, UPDATE, DELETE')`).Scan(&st.Writable); err != nil {
			return nil, redactURL(err, url)
		}
	}
	return st, nil
}

func (db *DB) fillStatus(ctx context.Context, st *Status) error {
	applied, known, err := db.MigrationStatus(ctx)
	if err != nil {
		return err
	}
	st.Applied, st.Newer = applied, applied > known
	st.Pending, err = db.Pending(ctx)
	return err
}
