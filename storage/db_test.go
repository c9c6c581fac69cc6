package storage_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/zoombot/zoombot/storage"
	_ "modernc.org/sqlite"
)

func TestOpen(t *testing.T) {
	ctx := context.Background()

	t.Run("OK migrates from empty", func(t *testing.T) {
		db, _ := MustOpen(t)
		applied, known, err := db.MigrationStatus(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if known < 1 || applied != known {
			t.Fatalf("MigrationStatus = %d applied, %d known; want equal and >= 1", applied, known)
		}
		for _, table := range []string{"user_mappings", "meetings", "occurrences", "invitees", "requests", "migrations"} {
			var n int
			if err := db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = ?`, table).Scan(&n); err != nil || n != 1 {
				t.Errorf("table %s: count %d, err %v", table, n, err)
			}
		}
		if err := db.Ping(ctx); err != nil {
			t.Fatalf("Ping: %v", err)
		}
	})

	t.Run("OK reopen is a no-op", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "z.db")
		db1, err := storage.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		if err := db1.PutUserMapping(ctx, &storage.UserMapping{TeamID: "T", SlackUserID: "U", ZoomUserID: "Z"}); err != nil {
			t.Fatal(err)
		}
		var names1 []string
		rows, err := db1.SQL().QueryContext(ctx, `SELECT name || '@' || applied_at FROM migrations ORDER BY name`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s string
			rows.Scan(&s)
			names1 = append(names1, s)
		}
		rows.Close()
		if err := db1.Close(); err != nil {
			t.Fatal(err)
		}

		db2, _ := MustOpenPath(t, path)
		applied, known, err := db2.MigrationStatus(ctx)
		if err != nil || applied != known || applied != len(names1) {
			t.Fatalf("after reopen: applied %d known %d err %v; first open recorded %v", applied, known, err, names1)
		}
		var recorded int
		db2.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM migrations`).Scan(&recorded)
		if recorded != len(names1) {
			t.Fatalf("migrations rows = %d after reopen, want %d", recorded, len(names1))
		}
		if _, err := db2.GetUserMapping(ctx, "T", "U"); err != nil {
			t.Fatalf("data lost across reopen: %v", err)
		}
	})

	t.Run("OK file modes 0600", func(t *testing.T) {
		old := setUmask(0) // a umask that would leave new files world-readable
		defer setUmask(old)
		path := filepath.Join(t.TempDir(), "z.db")
		db, _ := MustOpenPath(t, path)
		// A write makes sure the -wal has content; the -shm exists while open.
		if err := db.PutUserMapping(ctx, &storage.UserMapping{TeamID: "T", SlackUserID: "U", ZoomUserID: "Z"}); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{path, path + "-wal", path + "-shm"} {
			fi, err := os.Stat(p)
			if err != nil {
				t.Fatalf("stat: %v", err)
			}
			if got := fi.Mode().Perm(); got != 0o600 {
				t.Errorf("%s mode = %v, want 0600", filepath.Base(p), got)
			}
		}
	})

	t.Run("ErrInvalid path with query", func(t *testing.T) {
		_, err := storage.Open(ctx, filepath.Join(t.TempDir(), "z.db?_pragma=foreign_keys(0)"))
		if !errors.Is(err, storage.ErrInvalid) {
			t.Fatalf("err = %v, want ErrInvalid", err)
		}
	})

	t.Run("Err missing directory", func(t *testing.T) {
		_, err := storage.Open(ctx, filepath.Join(t.TempDir(), "no", "such", "z.db"))
		if err == nil {
			t.Fatal("Open in a missing directory succeeded")
		}
	})
}

// TestPragmas checks the DSN pragmas on several pool connections at once:
// each new connection must carry them, not only the first.
func TestPragmas(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	var conns []*sql.Conn
	for range 3 {
		c, err := db.SQL().Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		conns = append(conns, c)
	}
	for i, c := range conns {
		var mode string
		var fk, busy int
		if err := c.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil {
			t.Fatal(err)
		}
		if err := c.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk); err != nil {
			t.Fatal(err)
		}
		if err := c.QueryRowContext(ctx, `PRAGMA busy_timeout`).Scan(&busy); err != nil {
			t.Fatal(err)
		}
		if mode != "wal" || fk != 1 || busy != 5000 {
			t.Errorf("conn %d: journal_mode %q foreign_keys %d busy_timeout %d; want wal 1 5000", i, mode, fk, busy)
		}
	}

	t.Run("foreign keys enforced", func(t *testing.T) {
		_, err := db.SQL().ExecContext(ctx, `INSERT INTO invitees (meeting_id, slack_user_id) VALUES (42, 'U1')`)
		if err == nil {
			t.Fatal("invitee of a missing meeting was accepted")
		}
	})

	t.Run("write transactions begin immediate", func(t *testing.T) {
		tx, err := db.SQL().BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		// A DEFERRED begin takes no lock until the first statement; only an
		// IMMEDIATE one makes this second writer fail at once.
		other, err := sql.Open("sqlite", dbPath(t, db)+"?_pragma=busy_timeout(0)")
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		_, err = other.ExecContext(ctx, `BEGIN IMMEDIATE`)
		if err == nil {
			other.ExecContext(ctx, `ROLLBACK`)
			t.Fatal("second BEGIN IMMEDIATE succeeded while a write transaction was open")
		}
	})
}

// dbPath finds the file behind db.
func dbPath(t *testing.T, db *storage.DB) string {
	t.Helper()
	var seq int
	var name, file string
	if err := db.SQL().QueryRow(`PRAGMA database_list`).Scan(&seq, &name, &file); err != nil {
		t.Fatal(err)
	}
	return file
}
