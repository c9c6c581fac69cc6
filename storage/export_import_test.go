package storage_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/zoombot/zoombot/storage"
)

// fillAllTables puts rows in every exported table, with the awkward values:
// NULLs, bytes, order that matters, a cancelled occurrence.
func fillAllTables(t *testing.T, db *storage.DB) {
	t.Helper()
	ctx := context.Background()
	if err := db.PutUserMapping(ctx, &storage.UserMapping{TeamID: "T1", SlackUserID: "U1", ZoomUserID: "z1", ZoomEmail: "a@example.com", ZoomUserType: 2}); err != nil {
		t.Fatal(err)
	}
	m := recurring(7, "h1", at(60), 7*24*time.Hour, 3, 30*time.Minute)
	m.Invitees = []string{"U9", "U2", "U5"} // not sorted: the order given must survive
	m.Topic = "Ünïcode <!channel> & co"
	mustCreate(t, db, m)
	mustCreate(t, db, single(8, "h2", at(120), time.Hour))
	if err := db.CancelOccurrence(ctx, 7, m.Occurrences[1].OccurrenceID); err != nil {
		t.Fatal(err)
	}
	if err := db.SetMessageRef(ctx, 8, "C1", "1700000000.000100"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.MarkReminderSent(ctx, 8, ""); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkMeetingStarted(ctx, 8, at(121)); err != nil {
		t.Fatal(err)
	}
	settings := `{"waiting_room":true}`
	if err := db.ChangeMeeting(ctx, 7, storage.MeetingChange{Settings: &settings, OccurrenceID: m.Occurrences[2].OccurrenceID,
		Start: at(60 + 15*24*60), Moved: storage.Move{From: m.Occurrences[2].Start, By: "U1", OccurrenceID: m.Occurrences[2].OccurrenceID}}); err != nil {
		t.Fatal(err)
	}
	begin(t, db, &storage.Request{Key: "cmd:1", Kind: "schedule", TeamID: "T1", UserID: "U1", ChannelID: "C1",
		Payload: []byte{0, 1, 2, 255, '{'}, Owner: "r1", LeaseUntil: at(1)})
	if err := db.SetRequestState(ctx, "cmd:1", storage.RequestAnnounced, 8, ""); err != nil {
		t.Fatal(err)
	}
	begin(t, db, &storage.Request{Key: "cmd:2", Kind: "envelope:slash_commands"})
	if _, err := db.ReserveHost(ctx, storage.HoldSpec{Key: "cmd:2", Candidates: []string{"h3"}, Start: at(300), Duration: time.Hour}); err != nil {
		t.Fatal(err)
	}
	// Sittings: one with its recording claimed and posted, one still running
	// (NULL end, unknown attendance).
	rec := storage.Recording{URL: "https://zoom.example.test/rec/share/x", Passcode: "p&1", Start: at(122), Length: 40 * time.Minute}
	if err := db.SetRecording(ctx, 8, "uu/8==", at(121), rec); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ClaimPost(ctx, "uu/8==", storage.PostRecordingThread, "webhook:recording.completed:8:1"); err != nil {
		t.Fatal(err)
	}
	if err := db.SetPosted(ctx, "uu/8==", storage.PostRecordingThread, "1700000000.000200"); err != nil {
		t.Fatal(err)
	}
	if err := db.NoteInstance(ctx, 7, "uu7==", at(60), time.Time{}); err != nil {
		t.Fatal(err)
	}
	for _, h := range []string{"pz", "pa", "pm"} { // the pool's order is insertion order
		if err := db.AddPoolHost(ctx, &storage.PoolHost{ZoomUserID: h, Email: h + "@example.com", AddedBy: "UADMIN"}); err != nil {
			t.Fatal(err)
		}
	}
}

func export(t *testing.T, db *storage.DB) (string, storage.ExportCounts) {
	t.Helper()
	var buf bytes.Buffer
	counts, err := db.Export(context.Background(), &buf)
	if err != nil {
		t.Fatal(err)
	}
	return buf.String(), counts
}

// rowsOnly drops the header line, which names the engine and the time.
func rowsOnly(export string) string {
	_, rows, _ := strings.Cut(export, "\n")
	return rows
}

// TestExportImportAcrossEngines moves a database SQLite → PostgreSQL →
// SQLite and finds every row unchanged, in order.
func TestExportImportAcrossEngines(t *testing.T) {
	ctx := context.Background()
	lite, _ := testEngines[0].Open(t)
	fillAllTables(t, lite)
	first, counts := export(t, lite)
	for _, table := range []string{"user_mappings", "meetings", "occurrences", "invitees", "requests", "host_holds", "pool_hosts", "meeting_instances"} {
		if counts[table] == 0 {
			t.Errorf("the fixture has no %s", table)
		}
	}

	pg, _ := testEngines[1].Open(t)
	got, err := pg.Import(ctx, strings.NewReader(first))
	if err != nil {
		t.Fatal(err)
	}
	if got.String() != counts.String() {
		t.Errorf("imported %v, exported %v", got, counts)
	}
	second, _ := export(t, pg)
	if rowsOnly(second) != rowsOnly(first) {
		t.Fatalf("PostgreSQL's export differs from SQLite's:\n%s\n---\n%s", first, second)
	}
	// The data works, not only compares: the API reads it back.
	m, err := pg.GetMeeting(ctx, 7)
	if err != nil || strings.Join(m.Invitees, ",") != "U9,U2,U5" || m.Occurrences[1].Status != storage.StatusCancelled {
		t.Fatalf("meeting 7 on PostgreSQL: %+v, %v", m, err)
	}
	pool, err := pg.ListPoolHosts(ctx)
	if err != nil || len(pool) != 3 || pool[0].ZoomUserID != "pz" || pool[2].ZoomUserID != "pm" {
		t.Fatalf("pool on PostgreSQL: %+v, %v", pool, err)
	}
	// New rows after an import get fresh ids (PostgreSQL's identity columns
	// start after the imported ones).
	if err := pg.AddPoolHost(ctx, &storage.PoolHost{ZoomUserID: "pn"}); err != nil {
		t.Fatalf("adding a pool host after the import: %v", err)
	}
	if err := pg.RemovePoolHost(ctx, "pn"); err != nil {
		t.Fatal(err)
	}

	back, _ := testEngines[0].Open(t)
	if _, err := back.Import(ctx, strings.NewReader(second)); err != nil {
		t.Fatal(err)
	}
	third, _ := export(t, back)
	if rowsOnly(third) != rowsOnly(first) {
		t.Fatalf("the round trip changed the data:\n%s\n---\n%s", first, third)
	}
}

// TestImportExportFromBeforeMeetingChanges reads an export written before
// migration 0005: its meetings lack the columns 0005 added, which take
// their defaults.
func TestImportExportFromBeforeMeetingChanges(t *testing.T) {
	ctx := context.Background()
	src, _ := MustOpen(t)
	fillAllTables(t, src)
	dump, _ := export(t, src)
	var old []string
	for _, line := range strings.Split(strings.TrimSpace(dump), "\n") {
		var l map[string]any
		json.Unmarshal([]byte(line), &l)
		if l["table"] == "meetings" {
			row := l["row"].(map[string]any)
			for _, c := range []string{"settings", "moved_from", "moved_by", "moved_occurrence"} {
				delete(row, c)
			}
			raw, _ := json.Marshal(l)
			line = string(raw)
		}
		old = append(old, line)
	}
	dst, _ := MustOpen(t)
	if _, err := dst.Import(ctx, strings.NewReader(strings.Join(old, "\n"))); err != nil {
		t.Fatal(err)
	}
	m, err := dst.GetMeeting(ctx, 7)
	if err != nil || m.Settings != "" || !m.Moved.From.IsZero() || m.Topic != "Ünïcode <!channel> & co" {
		t.Fatalf("meeting 7 from an old export: %+v, %v", m, err)
	}
}

func TestImportRefuses(t *testing.T) { forEachEngine(t, testImportRefuses) }

func testImportRefuses(t *testing.T, e testEngine) {
	ctx := context.Background()
	src, _ := e.Open(t)
	fillAllTables(t, src)
	dump, _ := export(t, src)

	t.Run("a database with data", func(t *testing.T) {
		if _, err := src.Import(ctx, strings.NewReader(dump)); !errors.Is(err, storage.ErrNotEmpty) {
			t.Fatalf("err = %v, want ErrNotEmpty", err)
		}
	})
	t.Run("an unknown migration", func(t *testing.T) {
		var h map[string]any
		head, rest, _ := strings.Cut(dump, "\n")
		json.Unmarshal([]byte(head), &h)
		h["migrations"] = []string{"9999_future.sql"}
		raw, _ := json.Marshal(h)
		dst, _ := e.Open(t)
		if _, err := dst.Import(ctx, strings.NewReader(string(raw)+"\n"+rest)); !errors.Is(err, storage.ErrInvalid) {
			t.Fatalf("err = %v, want ErrInvalid", err)
		}
	})
	t.Run("not an export, and a bad row, leave nothing behind", func(t *testing.T) {
		dst, _ := e.Open(t)
		if _, err := dst.Import(ctx, strings.NewReader("hello\n")); !errors.Is(err, storage.ErrInvalid) {
			t.Fatalf("err = %v, want ErrInvalid", err)
		}
		broken := dump + `{"table":"meetings","row":{"id":"not a number"}}` + "\n"
		if _, err := dst.Import(ctx, strings.NewReader(broken)); err == nil {
			t.Fatal("a broken row was imported")
		}
		if _, counts := export(t, dst); counts["meetings"] != 0 {
			t.Fatalf("a failed import left %v", counts)
		}
	})
}
