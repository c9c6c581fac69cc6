package storage_test

import (
	"context"
	"errors"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/zoombot/zoombot/storage"
)

func TestBeginRequest(t *testing.T) { forEachEngine(t, testBeginRequest) }

func testBeginRequest(t *testing.T, e testEngine) {
	ctx := context.Background()

	t.Run("OK twice returns the same row", func(t *testing.T) {
		db, clk := e.Open(t)
		r := &storage.Request{Key: "trigger-1", Kind: "schedule", TeamID: "T1", UserID: "U1", ChannelID: "C1",
			Payload: []byte(`{"text":"tomorrow 3pm"}`)}
		first, created, err := db.BeginRequest(ctx, r)
		if err != nil || !created {
			t.Fatalf("first BeginRequest: created %v, err %v", created, err)
		}
		want := storage.Request{Key: "trigger-1", State: storage.RequestReceived, Kind: "schedule", TeamID: "T1",
			UserID: "U1", ChannelID: "C1", Payload: []byte(`{"text":"tomorrow 3pm"}`), CreatedAt: refTime, UpdatedAt: refTime}
		if !reflect.DeepEqual(*first, want) {
			t.Fatalf("first = %+v\nwant %+v", *first, want)
		}

		// A redelivery, later and with a different body, must not overwrite.
		clk.Set(refTime.Add(time.Minute))
		again, created, err := db.BeginRequest(ctx, &storage.Request{Key: "trigger-1", Kind: "other", Payload: []byte("x")})
		if err != nil || created {
			t.Fatalf("second BeginRequest: created %v, err %v", created, err)
		}
		if !reflect.DeepEqual(again, first) {
			t.Fatalf("second = %+v\nwant the first row %+v", again, first)
		}
	})

	t.Run("OK concurrent begins create once", func(t *testing.T) {
		db, _ := e.Open(t)
		const n = 10
		var wg sync.WaitGroup
		var mu sync.Mutex
		createdCount := 0
		start := make(chan struct{})
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, created, err := db.BeginRequest(ctx, &storage.Request{Key: "event-1"})
				if err != nil {
					t.Error(err)
				}
				if created {
					mu.Lock()
					createdCount++
					mu.Unlock()
				}
			}()
		}
		close(start)
		wg.Wait()
		if createdCount != 1 {
			t.Fatalf("%d callers created the row, want 1", createdCount)
		}
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		db, _ := e.Open(t)
		for _, r := range []*storage.Request{{Key: ""}, {Key: "k", State: "done"}} {
			if _, _, err := db.BeginRequest(ctx, r); !errors.Is(err, storage.ErrInvalid) {
				t.Errorf("BeginRequest(%+v) err = %v, want ErrInvalid", r, err)
			}
		}
	})
}

func TestSetRequestState(t *testing.T) { forEachEngine(t, testSetRequestState) }

func testSetRequestState(t *testing.T, e testEngine) {
	ctx := context.Background()
	db, clk := e.Open(t)
	if _, _, err := db.BeginRequest(ctx, &storage.Request{Key: "k1", Kind: "schedule"}); err != nil {
		t.Fatal(err)
	}

	steps := []struct {
		state         storage.RequestState
		meetingID     int64
		errText       string
		wantMeetingID int64
	}{
		{storage.RequestZoomPending, 0, "", 0},
		{storage.RequestCreated, 89123456789, "", 89123456789},
		{storage.RequestAnnounced, 0, "", 89123456789}, // 0 keeps the id
		{storage.RequestFailed, 0, "slack: channel_not_found", 89123456789},
	}
	for i, s := range steps {
		clk.Set(refTime.Add(time.Duration(i+1) * time.Second))
		if err := db.SetRequestState(ctx, "k1", s.state, s.meetingID, s.errText); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		got, err := db.GetRequest(ctx, "k1")
		if err != nil {
			t.Fatal(err)
		}
		if got.State != s.state || got.MeetingID != s.wantMeetingID || got.Error != s.errText ||
			!got.UpdatedAt.Equal(clk.Now()) || !got.CreatedAt.Equal(refTime) {
			t.Fatalf("step %d: got %+v", i, got)
		}
	}

	t.Run("ErrNotFound", func(t *testing.T) {
		if err := db.SetRequestState(ctx, "nope", storage.RequestCreated, 1, ""); !errors.Is(err, storage.ErrNotFound) {
			t.Fatalf("err = %v, want ErrNotFound", err)
		}
		if _, err := db.GetRequest(ctx, "nope"); !errors.Is(err, storage.ErrNotFound) {
			t.Fatalf("GetRequest err = %v, want ErrNotFound", err)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		if err := db.SetRequestState(ctx, "k1", "done", 0, ""); !errors.Is(err, storage.ErrInvalid) {
			t.Fatalf("err = %v, want ErrInvalid", err)
		}
	})
}

func TestRequestsInState(t *testing.T) { forEachEngine(t, testRequestsInState) }

func testRequestsInState(t *testing.T, e testEngine) {
	ctx := context.Background()
	db, clk := e.Open(t)
	begin := func(key string, state storage.RequestState, minute int) {
		clk.Set(at(minute))
		if _, _, err := db.BeginRequest(ctx, &storage.Request{Key: key, State: state}); err != nil {
			t.Fatal(err)
		}
	}
	begin("c", storage.RequestZoomPending, 2)
	begin("a", storage.RequestZoomPending, 1)
	begin("b", storage.RequestCreated, 1)
	begin("d", storage.RequestAnnounced, 0)
	begin("e", storage.RequestZoomPending, 1)

	tests := []struct {
		states []storage.RequestState
		want   []string
	}{
		{[]storage.RequestState{storage.RequestZoomPending}, []string{"a", "e", "c"}},
		{[]storage.RequestState{storage.RequestZoomPending, storage.RequestCreated}, []string{"a", "b", "e", "c"}},
		{[]storage.RequestState{storage.RequestFailed}, nil},
		{nil, nil},
	}
	for _, tt := range tests {
		got, err := db.RequestsInState(ctx, tt.states...)
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, r := range got {
			keys = append(keys, r.Key)
		}
		if !reflect.DeepEqual(keys, tt.want) {
			t.Errorf("RequestsInState(%q) = %q, want %q", tt.states, keys, tt.want)
		}
	}
}
