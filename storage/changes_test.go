package storage_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/zoombot/zoombot/storage"
)

func TestChangeMeeting(t *testing.T) { forEachEngine(t, testChangeMeeting) }

func testChangeMeeting(t *testing.T, e testEngine) {
	ctx := context.Background()
	str := func(s string) *string { return &s }

	t.Run("OK edits fields, invitees, host and records the move", func(t *testing.T) {
		db, clk := e.Open(t)
		m := single(1, "h1", at(30), time.Hour)
		m.Invitees = []string{"U2", "U3"}
		m.Settings = `{"waiting_room":true}`
		mustCreate(t, db, m)
		if ok, err := db.MarkReminderSent(ctx, 1, ""); !ok || err != nil {
			t.Fatalf("MarkReminderSent = %v, %v", ok, err)
		}
		clk.Set(at(5))
		inv := []string{"U4", "U2", "U4"}
		err := db.ChangeMeeting(ctx, 1, storage.MeetingChange{
			Topic: str("new <topic>"), Passcode: str("p-1"), Settings: str(`{}`), Invitees: &inv, JoinURL: "https://zoom.us/j/1?pwd=new",
			HostZoomUserID: "h2", HostEmail: "h2@example.com",
			Start: at(120), Duration: 45 * time.Minute, Moved: storage.Move{From: at(30), By: "U1"},
		})
		if err != nil {
			t.Fatal(err)
		}
		got, _ := db.GetMeeting(ctx, 1)
		o := got.Occurrences[0]
		if got.Topic != "new <topic>" || got.Passcode != "p-1" || got.JoinURL != "https://zoom.us/j/1?pwd=new" || got.Settings != `{}` || strings.Join(got.Invitees, ",") != "U4,U2" ||
			got.HostZoomUserID != "h2" || got.HostEmail != "h2@example.com" || !got.UpdatedAt.Equal(at(5)) {
			t.Fatalf("fields: %+v", got)
		}
		if !got.Start.Equal(at(120)) || got.Duration != 45*time.Minute || !o.Start.Equal(at(120)) || o.Duration != 45*time.Minute {
			t.Fatalf("times: meeting %v %v, occurrence %+v", got.Start, got.Duration, o)
		}
		if !o.ReminderSentAt.IsZero() {
			t.Error("the moved meeting keeps the old time's reminder")
		}
		if got.Moved != (storage.Move{From: at(30), By: "U1"}) {
			t.Errorf("moved = %+v", got.Moved)
		}
		// The host's slots follow: the old one is free, the new one is h2's.
		if ov, _ := db.Overlapping(ctx, "h1", at(0), at(300)); len(ov) != 0 {
			t.Errorf("h1 still busy: %d", len(ov))
		}
		if ov, _ := db.Overlapping(ctx, "h2", at(130), at(140)); len(ov) != 1 {
			t.Errorf("h2 not busy at the new time: %d", len(ov))
		}
	})

	t.Run("OK a length change keeps the reminder", func(t *testing.T) {
		db, _ := e.Open(t)
		mustCreate(t, db, single(1, "h1", at(30), time.Hour))
		db.MarkReminderSent(ctx, 1, "")
		if err := db.ChangeMeeting(ctx, 1, storage.MeetingChange{Duration: 2 * time.Hour}); err != nil {
			t.Fatal(err)
		}
		got, _ := db.GetMeeting(ctx, 1)
		if got.Occurrences[0].ReminderSentAt.IsZero() || got.Duration != 2*time.Hour {
			t.Errorf("after a length change: %+v", got.Occurrences[0])
		}
	})

	t.Run("OK one occurrence of a series", func(t *testing.T) {
		db, _ := e.Open(t)
		mustCreate(t, db, recurring(1, "h1", at(60), 24*time.Hour, 3, time.Hour))
		db.MarkReminderSent(ctx, 1, "2")
		db.MarkReminderSent(ctx, 1, "3")
		err := db.ChangeMeeting(ctx, 1, storage.MeetingChange{OccurrenceID: "2", Start: at(60 + 24*60 + 30), Duration: 30 * time.Minute,
			Moved: storage.Move{From: at(60 + 24*60), By: "U1", OccurrenceID: "2"}})
		if err != nil {
			t.Fatal(err)
		}
		got, _ := db.GetMeeting(ctx, 1)
		o2, o3 := got.Occurrences[1], got.Occurrences[2]
		if !o2.Start.Equal(at(60+24*60+30)) || o2.Duration != 30*time.Minute || !o2.ReminderSentAt.IsZero() {
			t.Errorf("occurrence 2: %+v", o2)
		}
		if o3.ReminderSentAt.IsZero() || got.Duration != time.Hour || !got.Start.Equal(at(60)) {
			t.Errorf("the rest changed: %+v, meeting %v %v", o3, got.Start, got.Duration)
		}
		if got.Moved.OccurrenceID != "2" {
			t.Errorf("moved = %+v", got.Moved)
		}
		if err := db.ChangeMeeting(ctx, 1, storage.MeetingChange{OccurrenceID: "9", Start: at(500)}); !errors.Is(err, storage.ErrNotFound) {
			t.Errorf("unknown occurrence: %v", err)
		}
	})

	t.Run("OK a whole series gets new occurrences and rule", func(t *testing.T) {
		db, _ := e.Open(t)
		m := recurring(1, "h1", at(-24*60), 24*time.Hour, 4, time.Hour) // one past, three ahead
		mustCreate(t, db, m)
		db.MarkReminderSent(ctx, 1, "3")
		if err := db.SetMeetingStatus(ctx, 1, storage.StatusEnded, ""); err != nil {
			t.Fatal(err)
		}
		next := []storage.Occurrence{
			{OccurrenceID: "3", Start: m.Occurrences[2].Start, Duration: 30 * time.Minute}, // same id and start: keeps its reminder
			{OccurrenceID: "x2", Start: at(3*24*60 + 60), Duration: 30 * time.Minute},
		}
		err := db.ChangeMeeting(ctx, 1, storage.MeetingChange{Occurrences: next, Duration: 30 * time.Minute, Recurrence: str(`{"type":1}`)})
		if err != nil {
			t.Fatal(err)
		}
		got, _ := db.GetMeeting(ctx, 1)
		if len(got.Occurrences) != 2 || got.Occurrences[1].OccurrenceID != "x2" || got.Recurrence != `{"type":1}` ||
			!got.Start.Equal(m.Occurrences[2].Start) || got.Duration != 30*time.Minute || got.Status != storage.StatusScheduled {
			t.Fatalf("series: %+v", got)
		}
		if got.Occurrences[0].ReminderSentAt.IsZero() || !got.Occurrences[1].ReminderSentAt.IsZero() {
			t.Errorf("reminders: %+v", got.Occurrences)
		}
		if up, _ := db.UpcomingForSlackUser(ctx, "T1", "U1", at(3*24*60+30), 0); len(up) != 1 || up[0].Occurrence.OccurrenceID != "x2" {
			t.Errorf("upcoming after the last old occurrence: %+v", up)
		}
	})

	tests := []struct {
		name   string
		series bool
		change storage.MeetingChange
		want   error
	}{
		{"ErrNotFound", false, storage.MeetingChange{Topic: str("x")}, storage.ErrNotFound},
		{"ErrInvalid occurrences of a single meeting", false, storage.MeetingChange{OccurrenceID: "1", Start: at(5)}, storage.ErrInvalid},
		{"ErrInvalid a series start without its occurrence", true, storage.MeetingChange{Start: at(5)}, storage.ErrInvalid},
		{"ErrInvalid a series without occurrences", true, storage.MeetingChange{Occurrences: []storage.Occurrence{}}, storage.ErrInvalid},
		{"ErrInvalid too long", false, storage.MeetingChange{Duration: 31 * time.Hour}, storage.ErrInvalid},
		{"ErrInvalid cancelled", false, storage.MeetingChange{Topic: str("x")}, storage.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, _ := e.Open(t)
			if tt.name != "ErrNotFound" {
				m := single(1, "h1", at(60), time.Hour)
				if tt.series {
					m = recurring(1, "h1", at(60), time.Hour*24, 2, time.Hour)
				}
				mustCreate(t, db, m)
			}
			if strings.HasSuffix(tt.name, "cancelled") {
				db.SetMeetingStatus(ctx, 1, storage.StatusCancelled, "U1")
			}
			if err := db.ChangeMeeting(ctx, 1, tt.change); !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

// TestReserveHostIgnoresTheMovedMeeting: a meeting moved by half an hour
// does not clash with its own old slot, but still with its other
// occurrences and other meetings.
func TestReserveHostIgnoresTheMovedMeeting(t *testing.T) {
	forEachEngine(t, testReserveHostIgnoresTheMovedMeeting)
}

func testReserveHostIgnoresTheMovedMeeting(t *testing.T, e testEngine) {
	ctx := context.Background()
	db, _ := e.Open(t)
	mustCreate(t, db, single(1, "a", at(0), time.Hour))
	mustCreate(t, db, recurring(2, "b", at(0), 30*time.Minute, 2, 30*time.Minute)) // back to back: 0-30, 30-60
	spec := func(key string, host string, ignore int64, occ string) storage.HoldSpec {
		return storage.HoldSpec{Key: key, Candidates: []string{host}, Start: at(30), Duration: time.Hour, IgnoreMeeting: ignore, IgnoreOccurrence: occ}
	}
	if _, err := db.ReserveHost(ctx, spec("k0", "a", 0, "")); !errors.Is(err, storage.ErrNoFreeHost) {
		t.Fatalf("without ignoring: %v", err)
	}
	if _, err := db.ReserveHost(ctx, spec("k1", "a", 1, "")); err != nil {
		t.Fatalf("ignoring the moved meeting: %v", err)
	}
	if _, err := db.ReserveHost(ctx, spec("k2", "b", 2, "1")); !errors.Is(err, storage.ErrNoFreeHost) {
		t.Fatalf("ignoring one occurrence, the other still clashes: %v", err)
	}
	if _, err := db.ReserveHost(ctx, spec("k3", "b", 2, "")); err != nil {
		t.Fatalf("ignoring the whole series: %v", err)
	}
}

func TestUnfinishedFor(t *testing.T) { forEachEngine(t, testUnfinishedFor) }

func testUnfinishedFor(t *testing.T, e testEngine) {
	ctx := context.Background()
	db, _ := e.Open(t)
	begin(t, db, &storage.Request{Key: "k1", Kind: "move"})
	if err := db.SetRequestState(ctx, "k1", storage.RequestZoomPending, 7, ""); err != nil {
		t.Fatal(err)
	}
	begin(t, db, &storage.Request{Key: "k2", Kind: "schedule", MeetingID: 8})
	for _, tt := range []struct {
		id   int64
		kind string
		want bool
	}{{7, "move", true}, {7, "edit", false}, {8, "move", false}, {8, "schedule", true}} {
		if got, err := db.UnfinishedFor(ctx, tt.id, tt.kind); got != tt.want || err != nil {
			t.Errorf("UnfinishedFor(%d, %s) = %v, %v; want %v", tt.id, tt.kind, got, err, tt.want)
		}
	}
	if err := db.SetRequestState(ctx, "k1", storage.RequestAnnounced, 0, ""); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.UnfinishedFor(ctx, 7, "move", "edit"); got {
		t.Error("a finished move still counts")
	}
}
