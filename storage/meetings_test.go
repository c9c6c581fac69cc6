package storage_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/zoombot/zoombot/storage"
)

func TestCreateGetMeeting(t *testing.T) { forEachEngine(t, testCreateGetMeeting) }

func testCreateGetMeeting(t *testing.T, e testEngine) {
	ctx := context.Background()
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}

	t.Run("OK single meeting round trip", func(t *testing.T) {
		db, _ := e.Open(t)
		// Given in Berlin time with a sub-second part: stored as the same
		// instant, in UTC, whole seconds.
		start := time.Date(2026, 3, 5, 16, 0, 0, 500_000_000, berlin)
		m := single(89123456789, "h1", start, 45*time.Minute+300*time.Millisecond)
		m.Invitees = []string{"U2", "U3", "U2", ""}
		m.MessageChannel, m.MessageTS = "C1", "1700000000.000100"
		mustCreate(t, db, m)

		wantStart := time.Date(2026, 3, 5, 15, 0, 0, 0, time.UTC)
		if !m.Start.Equal(wantStart) || m.Start.Location() != time.UTC {
			t.Fatalf("Start = %v, want %v", m.Start, wantStart)
		}
		wantOcc := []storage.Occurrence{{MeetingID: m.ID, OccurrenceID: "", Start: wantStart,
			Duration: 45 * time.Minute, Status: storage.StatusScheduled}}
		if !reflect.DeepEqual(m.Occurrences, wantOcc) {
			t.Fatalf("Occurrences = %+v, want %+v", m.Occurrences, wantOcc)
		}
		if !reflect.DeepEqual(m.Invitees, []string{"U2", "U3"}) {
			t.Fatalf("Invitees = %q", m.Invitees)
		}
		if m.Status != storage.StatusScheduled || !m.CreatedAt.Equal(refTime) || !m.UpdatedAt.Equal(refTime) {
			t.Fatalf("status %q created %v updated %v", m.Status, m.CreatedAt, m.UpdatedAt)
		}

		got, err := db.GetMeeting(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, m) {
			t.Fatalf("GetMeeting:\n got %+v\nwant %+v", got, m)
		}
		if got.Start.Location() != time.UTC || got.Occurrences[0].Start.Location() != time.UTC {
			t.Fatal("times do not come back in UTC")
		}
	})

	t.Run("OK recurring meeting round trip", func(t *testing.T) {
		db, _ := e.Open(t)
		start := at(24 * 60)
		m := single(2, "h1", start, 30*time.Minute)
		m.Recurrence = `{"type":2,"weekly_days":"5","end_times":3}`
		week := 7 * 24 * time.Hour
		// Out of order on purpose: the store orders by start.
		m.Occurrences = []storage.Occurrence{
			{OccurrenceID: "3", Start: start.Add(2 * week), Duration: 30 * time.Minute},
			{OccurrenceID: "1", Start: start, Duration: 30 * time.Minute, ReminderSentAt: at(-5)},
			{OccurrenceID: "2", Start: start.Add(week), Duration: 45 * time.Minute, Status: storage.StatusCancelled},
		}
		mustCreate(t, db, m)
		got, err := db.GetMeeting(ctx, 2)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, m) {
			t.Fatalf("GetMeeting:\n got %+v\nwant %+v", got, m)
		}
		var ids []string
		for _, o := range got.Occurrences {
			ids = append(ids, o.OccurrenceID)
		}
		if !reflect.DeepEqual(ids, []string{"1", "2", "3"}) || got.Invitees != nil {
			t.Fatalf("occurrence order %q, invitees %q", ids, got.Invitees)
		}
		if got.Occurrences[1].Status != storage.StatusCancelled || !got.Occurrences[0].ReminderSentAt.Equal(at(-5)) {
			t.Fatalf("occurrence fields lost: %+v", got.Occurrences)
		}
	})

	t.Run("OK created cancelled", func(t *testing.T) {
		db, _ := e.Open(t)
		m := single(8, "h1", at(60), time.Hour)
		m.Status = storage.StatusCancelled
		mustCreate(t, db, m)
		if m.Occurrences[0].Status != storage.StatusCancelled {
			t.Fatalf("occurrence of a cancelled meeting is %q", m.Occurrences[0].Status)
		}
	})

	t.Run("ErrConflict", func(t *testing.T) {
		db, _ := e.Open(t)
		mustCreate(t, db, single(7, "h1", at(60), time.Hour))
		err := db.CreateMeeting(ctx, single(7, "h2", at(120), time.Hour))
		if !errors.Is(err, storage.ErrConflict) {
			t.Fatalf("err = %v, want ErrConflict", err)
		}
		got, _ := db.GetMeeting(ctx, 7)
		if got.HostZoomUserID != "h1" {
			t.Fatal("conflicting create changed the stored meeting")
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		db, _ := e.Open(t)
		if _, err := db.GetMeeting(ctx, 404); !errors.Is(err, storage.ErrNotFound) {
			t.Fatalf("err = %v, want ErrNotFound", err)
		}
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		db, _ := e.Open(t)
		tests := []struct {
			name string
			edit func(m *storage.Meeting)
		}{
			{"zero id", func(m *storage.Meeting) { m.ID = 0 }},
			{"no host", func(m *storage.Meeting) { m.HostZoomUserID = "" }},
			{"no start", func(m *storage.Meeting) { m.Start = time.Time{} }},
			{"negative duration", func(m *storage.Meeting) { m.Duration = -time.Minute }},
			{"over MaxDuration", func(m *storage.Meeting) { m.Duration = storage.MaxDuration + time.Second }},
			{"unknown status", func(m *storage.Meeting) { m.Status = "paused" }},
			{"repeated occurrence", func(m *storage.Meeting) {
				m.Occurrences = []storage.Occurrence{{OccurrenceID: "1", Start: at(0)}, {OccurrenceID: "1", Start: at(10)}}
			}},
			{"occurrence without start", func(m *storage.Meeting) {
				m.Occurrences = []storage.Occurrence{{OccurrenceID: "1"}}
			}},
			{"occurrence too long", func(m *storage.Meeting) {
				m.Occurrences = []storage.Occurrence{{OccurrenceID: "1", Start: at(0), Duration: 31 * time.Hour}}
			}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				m := single(9, "h1", at(60), time.Hour)
				tt.edit(m)
				if err := db.CreateMeeting(ctx, m); !errors.Is(err, storage.ErrInvalid) {
					t.Fatalf("err = %v, want ErrInvalid", err)
				}
			})
		}
		if _, err := db.GetMeeting(ctx, 9); !errors.Is(err, storage.ErrNotFound) {
			t.Fatalf("an invalid meeting was stored: %v", err)
		}
	})
}

func TestSetMessageRef(t *testing.T) { forEachEngine(t, testSetMessageRef) }

func testSetMessageRef(t *testing.T, e testEngine) {
	ctx := context.Background()
	db, clk := e.Open(t)
	mustCreate(t, db, single(1, "h1", at(60), time.Hour))
	clk.Set(at(1))

	t.Run("OK", func(t *testing.T) {
		if err := db.SetMessageRef(ctx, 1, "C9", "1700000000.000200"); err != nil {
			t.Fatal(err)
		}
		got, _ := db.GetMeeting(ctx, 1)
		if got.MessageChannel != "C9" || got.MessageTS != "1700000000.000200" || !got.UpdatedAt.Equal(at(1)) {
			t.Fatalf("got %q %q updated %v", got.MessageChannel, got.MessageTS, got.UpdatedAt)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		if err := db.SetMessageRef(ctx, 2, "C9", "1"); !errors.Is(err, storage.ErrNotFound) {
			t.Fatalf("err = %v, want ErrNotFound", err)
		}
	})
}

func TestSetMeetingStatus(t *testing.T) { forEachEngine(t, testSetMeetingStatus) }

func testSetMeetingStatus(t *testing.T, e testEngine) {
	ctx := context.Background()

	t.Run("OK cancelled cancels occurrences not yet ended", func(t *testing.T) {
		db, clk := e.Open(t)
		m := single(1, "h1", at(-120), 30*time.Minute)
		m.Recurrence = `{"type":1}`
		m.Occurrences = []storage.Occurrence{
			{OccurrenceID: "past", Start: at(-120), Duration: 30 * time.Minute},
			{OccurrenceID: "running", Start: at(-10), Duration: 30 * time.Minute},
			{OccurrenceID: "future", Start: at(60), Duration: 30 * time.Minute},
		}
		mustCreate(t, db, m)
		clk.Set(at(0))
		if err := db.SetMeetingStatus(ctx, 1, storage.StatusCancelled, "U7"); err != nil {
			t.Fatal(err)
		}
		got, _ := db.GetMeeting(ctx, 1)
		if got.Status != storage.StatusCancelled || got.CancelledBy != "U7" || !got.CancelledAt.Equal(at(0)) {
			t.Fatalf("meeting: status %q by %q at %v", got.Status, got.CancelledBy, got.CancelledAt)
		}
		want := map[string]storage.MeetingStatus{"past": storage.StatusScheduled,
			"running": storage.StatusCancelled, "future": storage.StatusCancelled}
		for _, o := range got.Occurrences {
			if o.Status != want[o.OccurrenceID] {
				t.Errorf("occurrence %s: %q, want %q", o.OccurrenceID, o.Status, want[o.OccurrenceID])
			}
		}
	})

	t.Run("OK started leaves occurrences", func(t *testing.T) {
		db, _ := e.Open(t)
		mustCreate(t, db, single(1, "h1", at(0), time.Hour))
		if err := db.SetMeetingStatus(ctx, 1, storage.StatusStarted, ""); err != nil {
			t.Fatal(err)
		}
		got, _ := db.GetMeeting(ctx, 1)
		if got.Status != storage.StatusStarted || got.Occurrences[0].Status != storage.StatusScheduled || !got.CancelledAt.IsZero() {
			t.Fatalf("got %+v", got)
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		db, _ := e.Open(t)
		if err := db.SetMeetingStatus(ctx, 1, storage.StatusCancelled, "U1"); !errors.Is(err, storage.ErrNotFound) {
			t.Fatalf("err = %v, want ErrNotFound", err)
		}
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		db, _ := e.Open(t)
		mustCreate(t, db, single(1, "h1", at(0), time.Hour))
		if err := db.SetMeetingStatus(ctx, 1, "deleted", "U1"); !errors.Is(err, storage.ErrInvalid) {
			t.Fatalf("err = %v, want ErrInvalid", err)
		}
	})
}

func TestCancelOccurrence(t *testing.T) { forEachEngine(t, testCancelOccurrence) }

func testCancelOccurrence(t *testing.T, e testEngine) {
	ctx := context.Background()
	db, _ := e.Open(t)
	m := single(1, "h1", at(60), time.Hour)
	m.Recurrence = `{"type":1}`
	m.Occurrences = []storage.Occurrence{{OccurrenceID: "a", Start: at(60)}, {OccurrenceID: "b", Start: at(60 + 24*60)}}
	mustCreate(t, db, m)

	t.Run("OK", func(t *testing.T) {
		if err := db.CancelOccurrence(ctx, 1, "b"); err != nil {
			t.Fatal(err)
		}
		got, _ := db.GetMeeting(ctx, 1)
		if got.Status != storage.StatusScheduled || got.Occurrences[0].Status != storage.StatusScheduled ||
			got.Occurrences[1].Status != storage.StatusCancelled {
			t.Fatalf("got meeting %q, occurrences %+v", got.Status, got.Occurrences)
		}
	})
	t.Run("ErrNotFound occurrence", func(t *testing.T) {
		if err := db.CancelOccurrence(ctx, 1, "zzz"); !errors.Is(err, storage.ErrNotFound) {
			t.Fatalf("err = %v, want ErrNotFound", err)
		}
	})
	t.Run("ErrNotFound meeting", func(t *testing.T) {
		if err := db.CancelOccurrence(ctx, 2, "a"); !errors.Is(err, storage.ErrNotFound) {
			t.Fatalf("err = %v, want ErrNotFound", err)
		}
	})
}

func TestRescheduleMeeting(t *testing.T) { forEachEngine(t, testRescheduleMeeting) }

func testRescheduleMeeting(t *testing.T, e testEngine) {
	ctx := context.Background()

	t.Run("OK moves meeting and occurrence, clears reminder", func(t *testing.T) {
		db, clk := e.Open(t)
		mustCreate(t, db, single(1, "h1", at(30), time.Hour))
		if ok, err := db.MarkReminderSent(ctx, 1, ""); !ok || err != nil {
			t.Fatalf("MarkReminderSent = %v, %v", ok, err)
		}
		clk.Set(at(5))
		if err := db.RescheduleMeeting(ctx, 1, at(180), 90*time.Minute); err != nil {
			t.Fatal(err)
		}
		got, _ := db.GetMeeting(ctx, 1)
		o := got.Occurrences[0]
		if !got.Start.Equal(at(180)) || got.Duration != 90*time.Minute || !got.UpdatedAt.Equal(at(5)) {
			t.Fatalf("meeting start %v duration %v updated %v", got.Start, got.Duration, got.UpdatedAt)
		}
		if !o.Start.Equal(at(180)) || o.Duration != 90*time.Minute || !o.ReminderSentAt.IsZero() {
			t.Fatalf("occurrence %+v", o)
		}
		// The host's index follows the move.
		if ov, _ := db.Overlapping(ctx, "h1", at(30), at(90)); len(ov) != 0 {
			t.Fatalf("old slot still overlaps: %+v", ov)
		}
		if ov, _ := db.Overlapping(ctx, "h1", at(200), at(210)); len(ov) != 1 {
			t.Fatalf("new slot: %d overlaps, want 1", len(ov))
		}
	})

	t.Run("OK a finished meeting moved ahead is upcoming again", func(t *testing.T) {
		db, _ := e.Open(t)
		mustCreate(t, db, single(1, "h1", at(-180), time.Hour))
		if got, _ := db.UpcomingForSlackUser(ctx, "T1", "U1", at(0), 0); len(got) != 0 {
			t.Fatalf("finished meeting listed: %q", keys(got))
		}
		if err := db.RescheduleMeeting(ctx, 1, at(60), time.Hour); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.UpcomingForSlackUser(ctx, "T1", "U1", at(0), 0); len(keys(got)) != 1 {
			t.Fatalf("moved meeting not listed: %q", keys(got))
		}
	})

	tests := []struct {
		name  string
		setup func(db *storage.DB)
		start time.Time
		d     time.Duration
		want  error
	}{
		{"ErrNotFound", func(db *storage.DB) {}, at(60), time.Hour, storage.ErrNotFound},
		{"ErrInvalid recurring", func(db *storage.DB) {
			m := single(1, "h1", at(60), time.Hour)
			m.Recurrence = `{"type":1}`
			mustCreate(t, db, m)
		}, at(60), time.Hour, storage.ErrInvalid},
		{"ErrInvalid cancelled", func(db *storage.DB) {
			mustCreate(t, db, single(1, "h1", at(60), time.Hour))
			db.SetMeetingStatus(ctx, 1, storage.StatusCancelled, "U1")
		}, at(60), time.Hour, storage.ErrInvalid},
		{"ErrInvalid zero start", func(db *storage.DB) { mustCreate(t, db, single(1, "h1", at(60), time.Hour)) },
			time.Time{}, time.Hour, storage.ErrInvalid},
		{"ErrInvalid too long", func(db *storage.DB) { mustCreate(t, db, single(1, "h1", at(60), time.Hour)) },
			at(60), 31 * time.Hour, storage.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, _ := e.Open(t)
			tt.setup(db)
			if err := db.RescheduleMeeting(ctx, 1, tt.start, tt.d); !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

// TestOccurrenceHostFollowsMeeting checks the composite foreign key that
// keeps the occurrences' copy of the host equal to the meeting's.
func TestOccurrenceHostFollowsMeeting(t *testing.T) {
	forEachEngine(t, testOccurrenceHostFollowsMeeting)
}

func testOccurrenceHostFollowsMeeting(t *testing.T, e testEngine) {
	ctx := context.Background()
	db, _ := e.Open(t)
	mustCreate(t, db, single(1, "h1", at(60), time.Hour))
	if _, err := db.SQL().ExecContext(ctx, `UPDATE meetings SET host_zoom_user_id = 'h2' WHERE id = 1`); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.UpcomingForHost(ctx, "h2", at(0), 0); len(got) != 1 {
		t.Fatalf("after host change, h2 has %d upcoming, want 1", len(got))
	}
	if _, err := db.SQL().ExecContext(ctx, `UPDATE occurrences SET host_zoom_user_id = 'h3' WHERE meeting_id = 1`); err == nil {
		t.Fatal("an occurrence was allowed a host that differs from its meeting's")
	}
}
