package storage

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// An export is JSON lines: a header, then one line per row, table by table
// in an order that satisfies the foreign keys. It moves a database between
// engines (a team that starts on SQLite and grows into PostgreSQL, or back)
// with nothing lost: every column of every table but the generated ones,
// rows in their order (invitees keep theirs, pool hosts their place).

// exportVersion is the format's version, in the header.
const exportVersion = 1

// exportTable is one table as exported: its columns, those holding bytes
// (base64 in JSON), and the order its rows are read and written in.
type exportTable struct {
	name    string
	cols    []string
	bytes   map[string]bool
	orderBy string
	// later are columns added after the first export format, with the
	// value an export from before them stands for.
	later map[string]any
}

// exportTables lists what an export holds. The replicas table is left out:
// it describes running processes, not data. migrations too: the target has
// its own, and must be migrated as far as the source was.
var exportTables = []exportTable{
	{name: "user_mappings", cols: []string{"team_id", "slack_user_id", "zoom_user_id", "zoom_email", "zoom_user_type", "created_at", "updated_at"},
		orderBy: "team_id, slack_user_id"},
	{name: "meetings", cols: []string{"id", "uuid", "host_zoom_user_id", "host_email", "team_id", "channel_id", "requester_id", "topic",
		"start_at", "duration_s", "timezone", "join_url", "passcode", "recurrence", "status", "message_channel", "message_ts",
		"created_at", "updated_at", "cancelled_by", "cancelled_at", "last_end_at", "started_at", "ended_at",
		"settings", "moved_from", "moved_by", "moved_occurrence"}, orderBy: "id",
		later: map[string]any{"settings": "", "moved_from": nil, "moved_by": "", "moved_occurrence": ""}},
	{name: "occurrences", cols: []string{"meeting_id", "occurrence_id", "host_zoom_user_id", "start_at", "duration_s", "status", "reminder_sent_at"},
		orderBy: "meeting_id, occurrence_id"},
	// Inserted in this order, the invitees get rowids in the order given.
	{name: "invitees", cols: []string{"meeting_id", "slack_user_id"}, orderBy: "meeting_id, rowid"},
	{name: "requests", cols: []string{"key", "state", "kind", "team_id", "user_id", "channel_id", "meeting_id", "payload", "error",
		"created_at", "updated_at", "owner", "lease_until", "fingerprint"}, bytes: map[string]bool{"payload": true}, orderBy: "key"},
	{name: "host_holds", cols: []string{"key", "host_zoom_user_id", "start_at", "duration_s", "expires_at", "created_at"}, orderBy: "key"},
	// Inserted in this order, the pool keeps the order hosts were added in.
	{name: "pool_hosts", cols: []string{"zoom_user_id", "email", "added_by", "added_at"}, orderBy: "id"},
	{name: "meeting_instances", cols: []string{"uuid", "meeting_id", "started_at", "ended_at", "participants", "recording_url",
		"recording_passcode", "recording_start", "recording_s", "recording_claim", "recording_ts", "recording_dm_ts",
		"summary_claim", "summary_ts", "created_at", "updated_at"}, orderBy: "uuid"},
}

type exportHeader struct {
	Format     string    `json:"zoombot_export"`
	Version    int       `json:"version"`
	Engine     string    `json:"engine"`
	Migrations []string  `json:"migrations"`
	At         time.Time `json:"at"`
}

type exportLine struct {
	Table string         `json:"table"`
	Row   map[string]any `json:"row"`
}

// ExportCounts says how many rows of each table an export or import moved.
type ExportCounts map[string]int

func (c ExportCounts) String() string {
	var parts []string
	for _, t := range exportTables {
		parts = append(parts, fmt.Sprintf("%s %d", t.name, c[t.name]))
	}
	return strings.Join(parts, ", ")
}

// Export writes the whole database to w, from one consistent snapshot. It
// returns the rows written per table, or the driver's or writer's error,
// wrapped.
func (db *DB) Export(ctx context.Context, w io.Writer) (ExportCounts, error) {
	counts := ExportCounts{}
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	err := db.read(ctx, func(tx *txn) error {
		var applied []string
		rows, err := tx.QueryContext(ctx, `SELECT name FROM migrations ORDER BY name`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				rows.Close()
				return err
			}
			applied = append(applied, n)
		}
		rows.Close()
		if err := enc.Encode(exportHeader{Format: "zoombot", Version: exportVersion, Engine: db.eng.name,
			Migrations: applied, At: db.now()}); err != nil {
			return err
		}
		for _, t := range exportTables {
			n, err := exportRows(ctx, tx, t, enc)
			if err != nil {
				return fmt.Errorf("%s: %w", t.name, err)
			}
			counts[t.name] = n
		}
		return nil
	})
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		return counts, fmt.Errorf("export: %w", err)
	}
	return counts, nil
}

func exportRows(ctx context.Context, tx *txn, t exportTable, enc *json.Encoder) (int, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+strings.Join(t.cols, ", ")+` FROM `+t.name+` ORDER BY `+t.orderBy)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	vals := make([]any, len(t.cols))
	ptrs := make([]any, len(t.cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		row := make(map[string]any, len(t.cols))
		for i, c := range t.cols {
			v := vals[i]
			if b, ok := v.([]byte); ok {
				if t.bytes[c] {
					v = base64.StdEncoding.EncodeToString(b)
				} else {
					v = string(b) // SQLite may hand text back as bytes
				}
			}
			row[c] = v
		}
		if err := enc.Encode(exportLine{Table: t.name, Row: row}); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}

// ErrNotEmpty is returned by Import when the database already holds data.
var ErrNotEmpty = errors.New("storage: database is not empty")

// Import reads an export into this database, which must be migrated (Open
// does that) and hold no data: it returns ErrNotEmpty otherwise, rather than
// merge two histories. It also refuses an export from a database that had
// migrations this build does not know. Everything is one transaction: an
// import that fails leaves nothing behind. It returns the rows read per
// table, or the error, wrapped.
func (db *DB) Import(ctx context.Context, r io.Reader) (ExportCounts, error) {
	dec := json.NewDecoder(bufio.NewReader(r))
	dec.UseNumber()
	var h exportHeader
	if err := dec.Decode(&h); err != nil || h.Format != "zoombot" {
		return nil, fmt.Errorf("import: %w: not a zoombot export (%v)", ErrInvalid, err)
	}
	if h.Version != exportVersion {
		return nil, fmt.Errorf("import: %w: export format version %d, this build reads %d", ErrInvalid, h.Version, exportVersion)
	}
	known, err := db.eng.migrationNames()
	if err != nil {
		return nil, err
	}
	for _, m := range h.Migrations {
		if !slices.Contains(known, m) {
			return nil, fmt.Errorf("import: %w: the export's database had migration %s, which this build does not know; use a newer zoombot", ErrInvalid, m)
		}
	}
	tables := map[string]exportTable{}
	for _, t := range exportTables {
		tables[t.name] = t
	}
	counts := ExportCounts{}
	err = db.write(ctx, func(tx *txn, _ time.Time) error {
		for _, t := range exportTables {
			var one int
			err := tx.QueryRowContext(ctx, `SELECT 1 FROM `+t.name+` LIMIT 1`).Scan(&one)
			if err == nil {
				return fmt.Errorf("%w: table %s has rows", ErrNotEmpty, t.name)
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		stmts := map[string]*sql.Stmt{}
		defer func() {
			for _, s := range stmts {
				s.Close()
			}
		}()
		for line := 2; ; line++ {
			var l exportLine
			err := dec.Decode(&l)
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return fmt.Errorf("line %d: %w", line, err)
			}
			t, ok := tables[l.Table]
			if !ok {
				return fmt.Errorf("line %d: %w: unknown table %q", line, ErrInvalid, l.Table)
			}
			args, err := importArgs(t, l.Row)
			if err != nil {
				return fmt.Errorf("line %d (%s): %w", line, t.name, err)
			}
			s := stmts[t.name]
			if s == nil {
				s, err = tx.PrepareContext(ctx, `INSERT INTO `+t.name+` (`+strings.Join(t.cols, ", ")+`) VALUES (`+marks(len(t.cols))+`)`)
				if err != nil {
					return err
				}
				stmts[t.name] = s
			}
			if _, err := s.ExecContext(ctx, args...); err != nil {
				return fmt.Errorf("line %d (%s): %w", line, t.name, err)
			}
			counts[t.name]++
		}
	})
	if err != nil {
		return counts, fmt.Errorf("import: %w", err)
	}
	return counts, nil
}

// importArgs turns a row back into the table's column values.
func importArgs(t exportTable, row map[string]any) ([]any, error) {
	for c := range row {
		if !slices.Contains(t.cols, c) {
			return nil, fmt.Errorf("%w: unknown column %s", ErrInvalid, c)
		}
	}
	args := make([]any, len(t.cols))
	for i, c := range t.cols {
		v, ok := row[c]
		if def, later := t.later[c]; !ok && later {
			v, ok = def, true // an export from before the column
		}
		if !ok {
			return nil, fmt.Errorf("%w: no column %s", ErrInvalid, c)
		}
		switch x := v.(type) {
		case json.Number:
			n, err := x.Int64()
			if err != nil {
				return nil, fmt.Errorf("%w: %s: %v", ErrInvalid, c, err)
			}
			args[i] = n
		case string:
			if t.bytes[c] {
				b, err := base64.StdEncoding.DecodeString(x)
				if err != nil {
					return nil, fmt.Errorf("%w: %s: %v", ErrInvalid, c, err)
				}
				args[i] = b
			} else {
				args[i] = x
			}
		case nil:
			args[i] = nil
		default:
			return nil, fmt.Errorf("%w: %s holds a %T", ErrInvalid, c, v)
		}
	}
	return args, nil
}
