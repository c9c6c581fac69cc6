package storage_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/zoombot/zoombot/storage"
)

func TestNoteInstance(t *testing.T) { forEachEngine(t, testNoteInstance) }

func testNoteInstance(t *testing.T, e testEngine) {
	db, _ := e.Open(t)
	ctx := context.Background()
	mustCreate(t, db, single(1, "h1", at(60), time.Hour))
	if err := db.NoteInstance(ctx, 1, "u1==", at(61), time.Time{}); err != nil {
		t.Fatal(err)
	}
	// meeting.ended, then a late duplicate of meeting.started: the times
	// already known stay.
	if err := db.NoteInstance(ctx, 1, "u1==", at(61), at(103)); err != nil {
		t.Fatal(err)
	}
	if err := db.NoteInstance(ctx, 1, "u1==", at(61), time.Time{}); err != nil {
		t.Fatal(err)
	}
	in, err := db.GetInstance(ctx, "u1==")
	if err != nil {
		t.Fatal(err)
	}
	if in.MeetingID != 1 || !in.StartedAt.Equal(at(61)) || !in.EndedAt.Equal(at(103)) || in.Participants != -1 || in.Recording.URL != "" {
		t.Errorf("instance %+v", in)
	}
	for name, err := range map[string]error{
		"unknown meeting": db.NoteInstance(ctx, 99, "u9", at(1), time.Time{}),
		"empty uuid":      db.NoteInstance(ctx, 1, "", at(1), time.Time{}),
	} {
		want := storage.ErrNotFound
		if name == "empty uuid" {
			want = storage.ErrInvalid
		}
		if !errors.Is(err, want) {
			t.Errorf("%s: %v, want %v", name, err, want)
		}
	}
	if _, err := db.GetInstance(ctx, "nope"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("GetInstance(nope): %v", err)
	}
}

// TestAttendanceShowsForTheLastSitting: a recurring meeting's message shows
// the count of the sitting whose end it shows, whatever order the reports
// come in.
func TestAttendanceShowsForTheLastSitting(t *testing.T) { forEachEngine(t, testAttendance) }

func testAttendance(t *testing.T, e testEngine) {
	db, _ := e.Open(t)
	ctx := context.Background()
	mustCreate(t, db, recurring(2, "h1", at(60), 24*time.Hour, 3, time.Hour))
	day := 24 * 60
	for i, uuid := range []string{"first==", "second=="} {
		start, end := at(60+i*day), at(100+i*day)
		if err := db.MarkMeetingStarted(ctx, 2, start); err != nil {
			t.Fatal(err)
		}
		if err := db.MarkMeetingEnded(ctx, 2, end); err != nil {
			t.Fatal(err)
		}
		if err := db.NoteInstance(ctx, 2, uuid, start, end); err != nil {
			t.Fatal(err)
		}
	}
	if m, _ := db.GetMeeting(ctx, 2); m.Attended != 0 {
		t.Errorf("attended %d before any count", m.Attended)
	}
	// The second sitting's count, then the first's arriving late.
	for _, c := range []struct {
		uuid string
		n    int
		want bool
	}{{"second==", 4, true}, {"second==", 4, false}, {"first==", 7, true}, {"second==", 5, true}} {
		changed, err := db.SetAttendance(ctx, c.uuid, c.n)
		if err != nil || changed != c.want {
			t.Errorf("SetAttendance(%s, %d): changed %v, %v; want %v", c.uuid, c.n, changed, err, c.want)
		}
	}
	if m, _ := db.GetMeeting(ctx, 2); m.Attended != 5 {
		t.Errorf("attended %d, want the second sitting's 5", m.Attended)
	}
	if _, err := db.SetAttendance(ctx, "nope", 1); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("unknown sitting: %v", err)
	}
	if _, err := db.SetAttendance(ctx, "first==", -1); !errors.Is(err, storage.ErrInvalid) {
		t.Errorf("negative count: %v", err)
	}
	// CreateMeeting does not take a count from its argument.
	m := single(3, "h1", at(600), time.Hour)
	m.Attended = 9
	mustCreate(t, db, m)
	if m.Attended != 0 {
		t.Errorf("CreateMeeting kept Attended %d", m.Attended)
	}
}

// TestClaimPostOnce: of many requests, in two processes, claiming the same
// message, one gets it; the same request gets it again after a crash.
func TestClaimPostOnce(t *testing.T) { forEachEngine(t, testClaimPostOnce) }

func testClaimPostOnce(t *testing.T, e testEngine) {
	target := e.fresh(t)
	db1, _ := e.OpenAt(t, target)
	db2, _ := e.OpenAt(t, target)
	ctx := context.Background()
	mustCreate(t, db1, single(1, "h1", at(60), time.Hour))
	rec := storage.Recording{URL: "https://zoom.example.test/rec/share/a", Passcode: "x", Start: at(61), Length: 41*time.Minute + 30*time.Second}
	if err := db1.SetRecording(ctx, 1, "u1==", at(60), rec); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	winners := map[string]bool{}
	for i := range 16 {
		db := []*storage.DB{db1, db2}[i%2]
		claimant := fmt.Sprintf("webhook:recording.completed:1:%d", i)
		wg.Go(func() {
			in, err := db.ClaimPost(ctx, "u1==", storage.PostRecordingThread, claimant)
			if err != nil {
				t.Error(err)
				return
			}
			if in != nil {
				mu.Lock()
				winners[claimant] = true
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(winners) != 1 {
		t.Fatalf("%d requests claimed the post, want 1: %v", len(winners), winners)
	}
	var winner string
	for w := range winners {
		winner = w
	}
	// The summary is a separate claim.
	if in, err := db2.ClaimPost(ctx, "u1==", storage.PostSummary, "other"); err != nil || in == nil {
		t.Errorf("summary claim: %+v, %v", in, err)
	}
	if err := db1.SetPosted(ctx, "u1==", storage.PostRecordingThread, "1700000000.000300"); err != nil {
		t.Fatal(err)
	}
	// The same request, taken over after a crash, gets it again and sees
	// the thread reply sent and the DM not.
	in, err := db2.ClaimPost(ctx, "u1==", storage.PostRecordingDM, winner)
	if err != nil || in == nil || in.RecordingTS != "1700000000.000300" || in.RecordingDMTS != "" ||
		in.Recording != (storage.Recording{URL: rec.URL, Passcode: "x", Start: at(61), Length: rec.Length}) {
		t.Fatalf("reclaim: %+v, %v", in, err)
	}
	if in, err := db1.ClaimPost(ctx, "u1==", storage.PostRecordingDM, "late"); err != nil || in != nil {
		t.Errorf("another request claimed a claimed post: %+v, %v", in, err)
	}
	for name, err := range map[string]error{
		"unknown post":  db1.SetPosted(ctx, "u1==", storage.Post("nope"), "1"),
		"empty ts":      db1.SetPosted(ctx, "u1==", storage.PostSummary, ""),
		"no claimant":   func() error { _, err := db1.ClaimPost(ctx, "u1==", storage.PostSummary, ""); return err }(),
		"unknown claim": func() error { _, err := db1.ClaimPost(ctx, "u1==", storage.Post("x; DROP"), "a"); return err }(),
	} {
		if !errors.Is(err, storage.ErrInvalid) {
			t.Errorf("%s: %v, want ErrInvalid", name, err)
		}
	}
	if _, err := db1.ClaimPost(ctx, "nope", storage.PostSummary, "a"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("claim on an unknown sitting: %v", err)
	}
	if err := db1.SetRecording(ctx, 1, "u2", at(1), storage.Recording{}); !errors.Is(err, storage.ErrInvalid) {
		t.Errorf("a recording without a URL: %v", err)
	}
}

func TestRecentRecordings(t *testing.T) { forEachEngine(t, testRecentRecordings) }

func testRecentRecordings(t *testing.T, e testEngine) {
	db, _ := e.Open(t)
	ctx := context.Background()
	mine := single(1, "h1", at(60), time.Hour)
	mine.Topic = "mine"
	mustCreate(t, db, mine)
	theirs := single(2, "h2", at(60), time.Hour)
	theirs.RequesterID = "U2"
	mustCreate(t, db, theirs)
	add := func(id int64, uuid string, started time.Time) {
		t.Helper()
		if err := db.SetRecording(ctx, id, uuid, started, storage.Recording{URL: "https://z/rec/" + uuid, Start: started.Add(time.Minute), Length: time.Hour}); err != nil {
			t.Fatal(err)
		}
	}
	add(1, "old", at(-60*24*40))
	add(1, "a", at(60))
	add(1, "b", at(60*25))
	add(1, "unstarted", time.Time{}) // counts by its recording's start: none
	add(2, "c", at(60*26))
	if err := db.NoteInstance(ctx, 1, "norec", at(60*30), time.Time{}); err != nil {
		t.Fatal(err)
	}
	got, err := db.RecentRecordings(ctx, "T1", "U1", at(-60*24*30), 5)
	if err != nil {
		t.Fatal(err)
	}
	var uuids []string
	for _, r := range got {
		uuids = append(uuids, r.UUID)
	}
	if fmt.Sprint(uuids) != "[b a]" || got[0].Topic != "mine" || got[0].Recording.URL != "https://z/rec/b" || got[0].Recording.Length != time.Hour || !got[0].StartedAt.Equal(at(60*25)) {
		t.Errorf("recordings %v: %+v", uuids, got)
	}
	if got, _ := db.RecentRecordings(ctx, "T1", "U1", at(-60*24*30), 1); len(got) != 1 || got[0].UUID != "b" {
		t.Errorf("limit 1: %+v", got)
	}
}
