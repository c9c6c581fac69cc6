package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	neturl "net/url"
	"os"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
	"modernc.org/sqlite"               // also registers the "sqlite" database/sql driver
	sqlite3 "modernc.org/sqlite/lib"
)

// ErrNotFound is returned when the row a method needs does not exist.
var ErrNotFound = errors.New("storage: not found")

// ErrConflict is returned when a write would break a unique key, such as
// creating a meeting whose Zoom id is already stored.
var ErrConflict = errors.New("storage: conflict")

// ErrInvalid is returned when the arguments cannot be stored as given: an
// unknown status, a zero id or start, a duration outside [0, MaxDuration], or
// an operation that does not apply to the stored row (rescheduling a recurring
// meeting).
var ErrInvalid = errors.New("storage: invalid argument")

// MaxDuration is the longest meeting or occurrence the store accepts: Zoom
// ends meetings of licensed hosts after 30 hours (zoom-api.md §7). The schema
// enforces it, which is what lets the overlap and upcoming queries scan only
// occurrences starting after from − MaxDuration.
const MaxDuration = 30 * time.Hour

// filePerm is the mode of the database file and its -wal and -shm companions:
// they hold user e-mails and join passcodes.
const filePerm fs.FileMode = 0o600

// dsnParams are applied by the driver on every new SQLite connection;
// pragmas run once with Exec would only reach the one connection that ran
// them. cache_size(-16000) lets each connection cache up to 16 MiB of pages
// (SQLite's default is 2 MiB), which halves the per-user upcoming query on
// the 100k-meeting benchmark. _txlock=immediate makes every write
// transaction BEGIN IMMEDIATE, so a read-then-write transaction (host
// reservation, migrations) takes the write lock up front instead of failing
// with SQLITE_BUSY when it upgrades.
const dsnParams = "_pragma=busy_timeout(5000)&_pragma=cache_size(-16000)&_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_txlock=immediate"

// maxConns bounds the SQLite connection pool; WAL lets its readers run in
// parallel.
const maxConns = 8

// maxPostgresConns bounds a replica's PostgreSQL connections, so that ten
// replicas (Slack's limit of Socket Mode connections per app) leave room in
// PostgreSQL's default max_connections of 100.
const maxPostgresConns = 8

// DB is zoombot's store, on SQLite or PostgreSQL. It is safe for concurrent
// use.
type DB struct {
	// Now returns the current time. Open sets it to time.Now; tests replace it
	// with a fixed clock. Each write transaction calls it once.
	Now func() time.Time

	sql  *sql.DB
	eng  *engine
	path string // the SQLite file; "" on PostgreSQL
	// writeGate (capacity 1) lets one write transaction of this handle at a
	// time ask SQLite for the write lock. Without it, concurrent writers
	// wait in SQLite's busy handler, which polls with sleeps of up to 100
	// ms: a burst of 1,000 requests then crawled at well under 1,000
	// writes/s. Waiting here wakes the next writer as soon as the lock is
	// free. Other processes on the same file still meet busy_timeout.
	writeGate chan struct{}
	// stmts caches prepared statements by query text (engine.cacheStatements).
	stmts sync.Map
}

// IsPostgresURL reports whether target names a PostgreSQL database
// (postgres:// or postgresql://) rather than a SQLite file.
func IsPostgresURL(target string) bool {
	return strings.HasPrefix(target, "postgres://") || strings.HasPrefix(target, "postgresql://")
}

// Open opens the database target names and applies the migrations this build
// knows and the database lacks. A postgres:// or postgresql:// URL opens
// PostgreSQL; anything else is a SQLite file path, created with mode 0600 if
// it does not exist (its directory must exist). A path holding '?' is
// refused, because the driver would read the rest as DSN parameters.
// Several processes may open the same database at once: migrations are
// applied once.
func Open(ctx context.Context, target string) (*DB, error) {
	db, err := OpenNoMigrate(ctx, target)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.sql.Close()
		return nil, err
	}
	if err := db.restrictCompanions(); err != nil {
		db.sql.Close()
		return nil, err
	}
	return db, nil
}

// OpenNoMigrate is Open without the migrations, for "zoombot migrate" and
// for checks that must change nothing (it still creates a missing SQLite
// file: use Inspect to look without touching).
func OpenNoMigrate(ctx context.Context, target string) (*DB, error) {
	if IsPostgresURL(target) {
		return openPostgres(ctx, target)
	}
	return openSQLite(ctx, target)
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	if path == "" || strings.ContainsRune(path, '?') {
		return nil, fmt.Errorf("open %q: %w: want a file path without '?'", path, ErrInvalid)
	}
	if err := createFile(path); err != nil {
		return nil, err
	}
	sdb, err := sql.Open("sqlite", path+"?"+dsnParams)
	if err != nil {
		return nil, fmt.Errorf("open: %w", err)
	}
	// Writers queue on SQLite's lock anyway; a bounded pool makes them wait
	// in database/sql instead of in busy_timeout sleeps, and bounds the
	// per-connection page caches.
	sdb.SetMaxOpenConns(maxConns)
	sdb.SetMaxIdleConns(maxConns)
	db := &DB{Now: time.Now, sql: sdb, eng: sqliteEngine, path: path, writeGate: make(chan struct{}, 1)}
	// Switching a new file to WAL needs an exclusive lock, and SQLite
	// answers SQLITE_BUSY without waiting when another process holds one:
	// a second process opening the same new file at that moment retries.
	deadline := time.Now().Add(5 * time.Second)
	for {
		err := db.Ping(ctx)
		if err == nil {
			return db, nil
		}
		if !isBusy(err) || time.Now().After(deadline) {
			sdb.Close()
			return nil, err
		}
		select {
		case <-ctx.Done():
			sdb.Close()
			return nil, err
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func isBusy(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_BUSY
}

func openPostgres(ctx context.Context, url string) (*DB, error) {
	sdb, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("open: %w", redactURL(err, url))
	}
	sdb.SetMaxOpenConns(maxPostgresConns)
	sdb.SetMaxIdleConns(maxPostgresConns)
	db := &DB{Now: time.Now, sql: sdb, eng: postgresEngine}
	if err := db.Ping(ctx); err != nil {
		sdb.Close()
		return nil, redactURL(err, url)
	}
	return db, nil
}

// Engine names the database engine: "sqlite" or "postgres".
func (db *DB) Engine() string { return db.eng.name }

// createFile creates path with mode 0600 so the file never exists, even
// briefly, with the umask's wider default. An existing file is left as it is.
func createFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, filePerm)
	if err != nil {
		return fmt.Errorf("create db file: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("create db file: %w", err)
	}
	return nil
}

// restrictCompanions makes sure the -wal and -shm files are no wider than the
// database file. SQLite's unix VFS already copies the database file's mode to
// them; this guards against a VFS or umask that does not.
func (db *DB) restrictCompanions() error {
	if db.path == "" {
		return nil
	}
	path := db.path
	for _, suffix := range []string{"-wal", "-shm"} {
		fi, err := os.Stat(path + suffix)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("stat %s: %w", suffix, err)
		}
		if fi.Mode().Perm()&^filePerm != 0 {
			if err := os.Chmod(path+suffix, filePerm); err != nil {
				return fmt.Errorf("chmod %s: %w", suffix, err)
			}
		}
	}
	return nil
}

// Close closes the database. Its error is the driver's.
func (db *DB) Close() error {
	db.stmts.Range(func(_, st any) bool { st.(*sql.Stmt).Close(); return true })
	if err := db.sql.Close(); err != nil {
		return fmt.Errorf("close: %w", err)
	}
	return nil
}

// Ping checks that a connection can be opened with its pragmas and that the
// database answers a query. It returns the driver's error, wrapped.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	if err := db.sql.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("ping: %w", err)
	}
	return nil
}

// now returns the transaction time: UTC, whole seconds, as stored. A nil
// Now falls back to time.Now rather than panicking.
func (db *DB) now() time.Time {
	now := db.Now
	if now == nil {
		now = time.Now
	}
	return now().UTC().Truncate(time.Second)
}

// write runs fn in one write transaction with one now: on SQLite BEGIN
// IMMEDIATE, one writer of this handle at a time; on PostgreSQL READ
// COMMITTED, where fn takes txn.lock before any read it then writes on.
func (db *DB) write(ctx context.Context, fn func(tx *txn, now time.Time) error) error {
	if db.eng.serialWrites {
		select {
		case db.writeGate <- struct{}{}:
		case <-ctx.Done():
			return fmt.Errorf("begin: %w", ctx.Err())
		}
		defer func() { <-db.writeGate }()
	}
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	if err := fn(&txn{tx: tx, db: db, eng: db.eng}, db.now()); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// read runs fn in one read transaction, a consistent snapshot that takes
// no write lock (SQLite: DEFERRED; PostgreSQL: REPEATABLE READ READ ONLY).
func (db *DB) read(ctx context.Context, fn func(tx *txn) error) error {
	tx, err := db.sql.BeginTx(ctx, db.eng.readTx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	return fn(&txn{tx: tx, db: db, eng: db.eng})
}

// toUnix stores a time as unix seconds; sub-second parts are dropped.
func toUnix(t time.Time) int64 { return t.Unix() }

// toNullUnix stores the zero time as NULL, meaning "never".
func toNullUnix(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Unix()
}

func fromUnix(s int64) time.Time { return time.Unix(s, 0).UTC() }

func fromNullUnix(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return fromUnix(n.Int64)
}

// utcSecond is how a time comes back from the store.
func utcSecond(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC().Truncate(time.Second)
}

// redactURL keeps a PostgreSQL URL's password out of an error: the driver
// may quote the URL it could not use.
func redactURL(err error, url string) error {
	if err == nil {
		return nil
	}
	pw := urlPassword(url)
	if pw == "" || !strings.Contains(err.Error(), pw) {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), pw, "xxxxx"))
}

func urlPassword(raw string) string {
	u, err := neturl.Parse(raw)
	if err != nil || u.User == nil {
		return ""
	}
	pw, _ := u.User.Password()
	return pw
}
