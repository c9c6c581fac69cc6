package storage_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/zoombot/zoombot/storage"
)

func TestMarkMeetingStartedEnded(t *testing.T) { forEachEngine(t, testMarkMeetingStartedEnded) }

func testMarkMeetingStartedEnded(t *testing.T, e testEngine) {
	type step struct {
		started bool // else ended
		at      int  // minutes after refTime
	}
	tests := []struct {
		name        string
		cancelled   bool
		steps       []step
		wantStatus  storage.MeetingStatus
		wantStarted int // minutes; -1 = zero
		wantEnded   int
	}{
		{"started", false, []step{{true, 0}}, storage.StatusStarted, 0, -1},
		{"started then ended", false, []step{{true, 0}, {false, 42}}, storage.StatusEnded, 0, 42},
		{"duplicate deliveries", false, []step{{true, 0}, {true, 0}, {false, 42}, {false, 42}, {true, 0}}, storage.StatusEnded, 0, 42},
		{"ended arrives first", false, []step{{false, 42}, {true, 0}}, storage.StatusEnded, -1, 42},
		{"ended without started", false, []step{{false, 42}}, storage.StatusEnded, -1, 42},
		{"a series starts again", false, []step{{true, 0}, {false, 30}, {true, 7 * 24 * 60}}, storage.StatusStarted, 7 * 24 * 60, -1},
		{"stale end of an earlier sitting", false, []step{{true, 100}, {false, 30}}, storage.StatusStarted, 100, -1},
		{"cancelled stays cancelled", true, []step{{true, 0}, {false, 42}}, storage.StatusCancelled, -1, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			db, _ := e.Open(t)
			mustCreate(t, db, single(1, "h1", at(0), time.Hour))
			if tt.cancelled {
				if err := db.SetMeetingStatus(ctx, 1, storage.StatusCancelled, "U1"); err != nil {
					t.Fatal(err)
				}
			}
			for _, s := range tt.steps {
				var err error
				if s.started {
					err = db.MarkMeetingStarted(ctx, 1, at(s.at))
				} else {
					err = db.MarkMeetingEnded(ctx, 1, at(s.at))
				}
				if err != nil {
					t.Fatalf("step %+v: %v", s, err)
				}
			}
			m, err := db.GetMeeting(ctx, 1)
			if err != nil {
				t.Fatal(err)
			}
			want := func(min int) time.Time {
				if min < 0 {
					return time.Time{}
				}
				return at(min)
			}
			if m.Status != tt.wantStatus || !m.StartedAt.Equal(want(tt.wantStarted)) || !m.EndedAt.Equal(want(tt.wantEnded)) {
				t.Errorf("got %s started %v ended %v; want %s started %v ended %v",
					m.Status, m.StartedAt, m.EndedAt, tt.wantStatus, want(tt.wantStarted), want(tt.wantEnded))
			}
		})
	}
}

func TestMarkMeetingErrors(t *testing.T) { forEachEngine(t, testMarkMeetingErrors) }

func testMarkMeetingErrors(t *testing.T, e testEngine) {
	ctx := context.Background()
	db, _ := e.Open(t)
	mustCreate(t, db, single(1, "h1", at(0), time.Hour))
	for name, err := range map[string]error{
		"started unknown": db.MarkMeetingStarted(ctx, 2, at(0)),
		"ended unknown":   db.MarkMeetingEnded(ctx, 2, at(0)),
	} {
		if !errors.Is(err, storage.ErrNotFound) {
			t.Errorf("%s: %v, want ErrNotFound", name, err)
		}
	}
	for name, err := range map[string]error{
		"started zero": db.MarkMeetingStarted(ctx, 1, time.Time{}),
		"ended zero":   db.MarkMeetingEnded(ctx, 1, time.Time{}),
	} {
		if !errors.Is(err, storage.ErrInvalid) {
			t.Errorf("%s: %v, want ErrInvalid", name, err)
		}
	}
	// A new meeting reports neither time, whatever the caller passed in.
	m := single(3, "h1", at(0), time.Hour)
	m.StartedAt = at(5)
	mustCreate(t, db, m)
	got, _ := db.GetMeeting(ctx, 3)
	if !got.StartedAt.IsZero() || !got.EndedAt.IsZero() || !m.StartedAt.IsZero() {
		t.Errorf("fresh meeting: started %v ended %v (input now %v)", got.StartedAt, got.EndedAt, m.StartedAt)
	}
}
