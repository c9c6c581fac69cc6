package storage_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"sync"
	"testing"

	"github.com/zoombot/zoombot/storage"
	_ "modernc.org/sqlite"
)

func TestOpen(t *testing.T) { forEachEngine(t, testOpen) }

func testOpen(t *testing.T, e testEngine) {
	ctx := context.Background()

	t.Run("OK migrates from empty", func(t *testing.T) {
		db, _ := e.Open(t)
		applied, known, err := db.MigrationStatus(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if known < 1 || applied != known {
			t.Fatalf("MigrationStatus = %d applied, %d known; want equal and >= 1", applied, known)
		}
		if got, want := tableColumns(t, db), wantTables; !reflect.DeepEqual(mapKeys(got), want) {
			t.Errorf("tables %v, want %v", mapKeys(got), want)
		}
		if err := db.Ping(ctx); err != nil {
			t.Fatalf("Ping: %v", err)
		}
	})

	t.Run("OK reopen is a no-op", func(t *testing.T) {
		path := e.fresh(t)
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

		db2, _ := e.OpenAt(t, path)
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

	t.Run("OK several processes migrate at once", func(t *testing.T) {
		path := e.fresh(t)
		var wg sync.WaitGroup
		errs := make(chan error, 3)
		for range 3 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				db, err := storage.Open(ctx, path)
				if err == nil {
					err = db.Close()
				}
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Errorf("concurrent Open: %v", err)
			}
		}
		db, _ := e.OpenAt(t, path)
		applied, known, err := db.MigrationStatus(ctx)
		if err != nil || applied != known {
			t.Fatalf("after concurrent opens: applied %d of %d, err %v", applied, known, err)
		}
	})
}

// The SQLite file itself: its mode, and paths Open refuses.
func TestOpenSQLiteFile(t *testing.T) {
	ctx := context.Background()
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

// wantTables are the tables both engines' migrations make.
var wantTables = []string{"host_holds", "invitees", "meeting_instances", "meetings", "migrations", "occurrences", "pool_hosts", "replicas", "requests", "user_mappings"}

// tableColumns lists each table's columns, by name, sorted.
func tableColumns(t *testing.T, db *storage.DB) map[string][]string {
	t.Helper()
	q := `SELECT m.name, p.name FROM sqlite_schema m JOIN pragma_table_xinfo(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`
	if db.Engine() == "postgres" {
		q = `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()`
	}
	rows, err := db.SQL().QueryContext(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var table, col string
		if err := rows.Scan(&table, &col); err != nil {
			t.Fatal(err)
		}
		out[table] = append(out[table], col)
	}
	for _, cols := range out {
		sort.Strings(cols)
	}
	return out
}

func mapKeys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestEnginesHaveTheSameSchema: every table has the same columns on both
// engines (SQLite's implicit rowid is PostgreSQL's explicit one on invitees).
func TestEnginesHaveTheSameSchema(t *testing.T) {
	lite, _ := testEngines[0].Open(t)
	pg, _ := testEngines[1].Open(t)
	a, b := tableColumns(t, lite), tableColumns(t, pg)
	a["invitees"] = append([]string{"rowid"}, a["invitees"]...)
	sort.Strings(a["invitees"])
	if !reflect.DeepEqual(a, b) {
		t.Errorf("schemas differ:\n sqlite   %v\n postgres %v", a, b)
	}
}
