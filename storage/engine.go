package storage

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// engine is the one seam between the two databases. Every query is written
// once, in SQL both accept, with '?' placeholders (or '?N' where an
// argument repeats); what cannot be shared lives here.
type engine struct {
	name string // "sqlite" or "postgres"
	// migrations is the folder of migrationFS holding this engine's
	// migrations (same file names in both folders).
	migrations string
	// dollar says placeholders are PostgreSQL's $N.
	dollar bool
	// readTx begins a read-only transaction that sees one snapshot.
	readTx *sql.TxOptions
	// serialWrites puts this handle's write transactions in one queue
	// (DB.writeGate). SQLite has one writer at a time anyway, and waiting in
	// Go wakes the next writer sooner than SQLite's busy handler.
	serialWrites bool
	// lock serialises, until the transaction ends, the transactions of all
	// processes that lock the same key. SQLite needs nothing: its write
	// transactions are BEGIN IMMEDIATE, so only one runs at a time.
	// PostgreSQL's run concurrently at READ COMMITTED, so a read-then-write
	// transaction (a host reservation, a migration, a double-submit check)
	// takes a transaction-scoped advisory lock on its key first.
	lock func(ctx context.Context, tx *sql.Tx, key string) error
	// isUnique reports a unique or primary key violation.
	isUnique func(error) bool
	// upcomingForSlackUserSQL differs: SQLite picks each meeting's next
	// occurrence with its bare-column MIN() rule, PostgreSQL with DISTINCT ON.
	upcomingForSlackUserSQL string
	// cacheStatements keeps each query prepared (DB.prepared): SQLite
	// otherwise parses every statement on every call, a fifth of the bot's
	// CPU under load. pgx caches prepared statements per connection itself.
	cacheStatements bool

	rebound sync.Map // query text → with $N placeholders
}

var sqliteEngine = &engine{
	name:         "sqlite",
	migrations:   "migrations/sqlite",
	readTx:       &sql.TxOptions{ReadOnly: true},
	serialWrites: true,
	lock:         func(context.Context, *sql.Tx, string) error { return nil },
	isUnique: func(err error) bool {
		var se *sqlite.Error
		return errors.As(err, &se) && (se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY)
	},
	upcomingForSlackUserSQL: upcomingForSlackUserSQLite,
	cacheStatements:         true,
}

var postgresEngine = &engine{
	name:       "postgres",
	migrations: "migrations/postgres",
	dollar:     true,
	readTx:     &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead},
	lock: func(ctx context.Context, tx *sql.Tx, key string) error {
		_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, key)
		return err
	},
	isUnique: func(err error) bool {
		var pe *pgconn.PgError
		return errors.As(err, &pe) && pe.Code == "23505" // unique_violation
	},
	upcomingForSlackUserSQL: upcomingForSlackUserPostgres,
}

// q returns query in this engine's placeholder style.
func (e *engine) q(query string) string {
	if !e.dollar {
		return query
	}
	if v, ok := e.rebound.Load(query); ok {
		return v.(string)
	}
	v := toDollar(query)
	e.rebound.Store(query, v)
	return v
}

// toDollar rewrites '?' as $1, $2 … in order and '?N' as $N, outside
// string literals.
func toDollar(query string) string {
	var b strings.Builder
	b.Grow(len(query) + 16)
	n, quoted := 0, false
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'':
			quoted = !quoted
		case c == '?' && !quoted:
			b.WriteByte('$')
			if i+1 < len(query) && query[i+1] >= '0' && query[i+1] <= '9' {
				continue // ?N keeps its number
			}
			n++
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// txn is a transaction whose queries are written in the shared dialect.
type txn struct {
	tx  *sql.Tx
	db  *DB
	eng *engine
}

// stmt returns query prepared for this transaction, from the cache when
// the engine keeps one (the transaction's connection prepares it once).
func (t *txn) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	st, err := t.db.prepared(ctx, query)
	if err != nil || st == nil {
		return nil, err
	}
	return t.tx.StmtContext(ctx, st), nil
}

func (t *txn) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := t.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return t.tx.ExecContext(ctx, t.eng.q(query), args...)
	}
	return st.ExecContext(ctx, args...)
}

func (t *txn) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := t.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return t.tx.QueryContext(ctx, t.eng.q(query), args...)
	}
	return st.QueryContext(ctx, args...)
}

func (t *txn) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := t.stmt(ctx, query)
	if err != nil || st == nil {
		// A failed prepare shows up as the row's error.
		return t.tx.QueryRowContext(ctx, t.eng.q(query), args...)
	}
	return st.QueryRowContext(ctx, args...)
}

func (t *txn) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return t.tx.PrepareContext(ctx, t.eng.q(query))
}

// lock serialises this transaction with every other that locks key, in any
// process, until it ends (see engine.lock).
func (t *txn) lock(ctx context.Context, key string) error { return t.eng.lock(ctx, t.tx, key) }

// The database handle's own queries, outside a transaction.

func (db *DB) queryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := db.prepared(ctx, query)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return db.sql.QueryContext(ctx, db.eng.q(query), args...)
	}
	return st.QueryContext(ctx, args...)
}

func (db *DB) queryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := db.prepared(ctx, query)
	if err != nil || st == nil {
		return db.sql.QueryRowContext(ctx, db.eng.q(query), args...)
	}
	return st.QueryRowContext(ctx, args...)
}

// prepared returns query prepared on the pool, preparing it the first
// time, or nil when the engine keeps no cache. database/sql prepares it
// again on each connection that runs it, once. Queries are the package's
// own constants and a few built from them, so the cache stays small.
func (db *DB) prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	if !db.eng.cacheStatements {
		return nil, nil
	}
	if st, ok := db.stmts.Load(query); ok {
		return st.(*sql.Stmt), nil
	}
	st, err := db.sql.PrepareContext(ctx, db.eng.q(query))
	if err != nil {
		return nil, err
	}
	if prev, loaded := db.stmts.LoadOrStore(query, st); loaded {
		st.Close()
		return prev.(*sql.Stmt), nil
	}
	return st, nil
}
