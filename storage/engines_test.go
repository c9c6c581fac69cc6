package storage_test

import (
	"path/filepath"
	"testing"

	"github.com/zoombot/zoombot/internal/pgtest"
	"github.com/zoombot/zoombot/storage"
)

// testEngine is one database engine the contract tests run on.
type testEngine struct {
	name string
	// fresh returns where a new, empty database lives: a SQLite file path
	// or a PostgreSQL URL. Opening it twice gives two handles on one
	// database, as two processes (or replicas) would have.
	fresh func(tb testing.TB) string
}

var testEngines = []testEngine{
	{"sqlite", func(tb testing.TB) string { return filepath.Join(tb.TempDir(), "zoombot.db") }},
	{"postgres", pgtest.NewDatabase},
}

// forEachEngine runs a contract test on every engine, as subtests named
// after the engine. PostgreSQL's subtest is skipped, saying why, when the
// machine has no PostgreSQL (pgtest).
func forEachEngine(t *testing.T, test func(t *testing.T, e testEngine)) {
	for _, e := range testEngines {
		t.Run(e.name, func(t *testing.T) { test(t, e) })
	}
}

// Open opens a fresh database with its clock fixed at refTime and closes it
// when the test ends.
func (e testEngine) Open(tb testing.TB) (*storage.DB, *clock) {
	tb.Helper()
	return MustOpenPath(tb, e.fresh(tb))
}

// OpenAt opens the database at target (from fresh), for a second handle.
func (e testEngine) OpenAt(tb testing.TB, target string) (*storage.DB, *clock) {
	tb.Helper()
	return MustOpenPath(tb, target)
}
