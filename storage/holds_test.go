package storage_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/zoombot/zoombot/storage"
)

func pool(n int) []string {
	var hosts []string
	for i := range n {
		hosts = append(hosts, fmt.Sprintf("p%02d", i))
	}
	return hosts
}

// TestReserveHostRace is issue 6's pool race: 50 requests at once for the
// same slot at a pool of 10 get exactly 10 distinct hosts and 40
// ErrNoFreeHost, through two DB handles as if two processes shared the file.
func TestReserveHostRace(t *testing.T) { forEachEngine(t, testReserveHostRace) }

func testReserveHostRace(t *testing.T, e testEngine) {
	ctx := context.Background()
	path := e.fresh(t)
	db1, _ := e.OpenAt(t, path)
	db2, _ := e.OpenAt(t, path)

	const requests = 50
	var wg sync.WaitGroup
	var mu sync.Mutex
	hosts := map[string]int{}
	busy := 0
	start := make(chan struct{})
	for i := range requests {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			db := db1
			if i%2 == 1 {
				db = db2
			}
			h, err := db.ReserveHost(ctx, storage.HoldSpec{Key: fmt.Sprint("req-", i), Candidates: pool(10),
				Start: at(60), Duration: 30 * time.Minute})
			mu.Lock()
			defer mu.Unlock()
			switch {
			case errors.Is(err, storage.ErrNoFreeHost):
				busy++
			case err != nil:
				t.Error(err)
			default:
				hosts[h.HostZoomUserID]++
			}
		}()
	}
	close(start)
	wg.Wait()
	if len(hosts) != 10 || busy != 40 {
		t.Fatalf("%d hosts reserved (%v), %d busy; want 10 distinct and 40 busy", len(hosts), hosts, busy)
	}
	for h, n := range hosts {
		if n != 1 {
			t.Errorf("host %s given to %d requests", h, n)
		}
	}
}

func TestReserveHost(t *testing.T) { forEachEngine(t, testReserveHost) }

func testReserveHost(t *testing.T, e testEngine) {
	ctx := context.Background()
	slot := func(key string, conc int, cands ...string) storage.HoldSpec {
		return storage.HoldSpec{Key: key, Candidates: cands, Start: at(0), Duration: time.Hour, Concurrency: conc}
	}

	t.Run("OK skips a host with a meeting, not one with a cancelled or touching one", func(t *testing.T) {
		db, _ := e.Open(t)
		mustCreate(t, db, single(1, "a", at(30), time.Hour))  // overlaps
		mustCreate(t, db, single(2, "b", at(0), time.Hour))   // cancelled below
		mustCreate(t, db, single(3, "b", at(60), time.Hour))  // touches the end
		mustCreate(t, db, single(4, "b", at(-60), time.Hour)) // touches the start
		if err := db.SetMeetingStatus(ctx, 2, storage.StatusCancelled, "U1"); err != nil {
			t.Fatal(err)
		}
		h, err := db.ReserveHost(ctx, slot("k", 1, "a", "b"))
		if err != nil {
			t.Fatal(err)
		}
		want := &storage.HostHold{Key: "k", HostZoomUserID: "b", Start: at(0), Duration: time.Hour,
			ExpiresAt: refTime.Add(storage.DefaultHoldTTL), CreatedAt: refTime}
		if !reflect.DeepEqual(h, want) {
			t.Fatalf("hold = %+v\nwant %+v", h, want)
		}
	})

	t.Run("OK recurring occurrence makes the host busy", func(t *testing.T) {
		db, _ := e.Open(t)
		mustCreate(t, db, recurring(1, "a", at(-7*24*60+15), 7*24*time.Hour, 3, 30*time.Minute))
		h, err := db.ReserveHost(ctx, slot("k", 1, "a", "b"))
		if err != nil || h.HostZoomUserID != "b" {
			t.Fatalf("got %+v, %v; want host b", h, err)
		}
	})

	t.Run("OK concurrency counts meetings at the same moment", func(t *testing.T) {
		db, _ := e.Open(t)
		// Back to back: never two at once, so a second seat is free.
		mustCreate(t, db, single(1, "a", at(0), 30*time.Minute))
		mustCreate(t, db, single(2, "a", at(30), 30*time.Minute))
		if h, err := db.ReserveHost(ctx, slot("k1", 2, "a")); err != nil || h.HostZoomUserID != "a" {
			t.Fatalf("got %+v, %v; want a", h, err)
		}
		// Now the hold runs beside each meeting: two at once, so a is full.
		if _, err := db.ReserveHost(ctx, slot("k2", 2, "a")); !errors.Is(err, storage.ErrNoFreeHost) {
			t.Fatalf("err = %v, want ErrNoFreeHost", err)
		}
	})

	t.Run("OK same key returns its hold", func(t *testing.T) {
		db, clk := e.Open(t)
		first, err := db.ReserveHost(ctx, slot("k", 1, "a", "b"))
		if err != nil {
			t.Fatal(err)
		}
		clk.Set(at(1))
		again, err := db.ReserveHost(ctx, slot("k", 1, "b"))
		if err != nil || !reflect.DeepEqual(again, first) {
			t.Fatalf("again = %+v, %v; want the first hold %+v", again, err, first)
		}
	})

	t.Run("OK expired and released holds free the host", func(t *testing.T) {
		db, clk := e.Open(t)
		spec := slot("k1", 1, "a")
		spec.TTL = time.Minute
		if _, err := db.ReserveHost(ctx, spec); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ReserveHost(ctx, slot("k2", 1, "a")); !errors.Is(err, storage.ErrNoFreeHost) {
			t.Fatalf("err = %v, want ErrNoFreeHost while held", err)
		}
		clk.Set(refTime.Add(time.Minute))
		if _, err := db.ReserveHost(ctx, slot("k2", 1, "a")); err != nil {
			t.Fatalf("after expiry: %v", err)
		}
		if err := db.ReleaseHost(ctx, "k2"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ReserveHost(ctx, slot("k3", 1, "a")); err != nil {
			t.Fatalf("after release: %v", err)
		}
	})

	t.Run("ErrNoFreeHost", func(t *testing.T) {
		db, _ := e.Open(t)
		mustCreate(t, db, single(1, "a", at(-30), time.Hour))
		if _, err := db.ReserveHost(ctx, slot("k", 1, "a")); !errors.Is(err, storage.ErrNoFreeHost) {
			t.Fatalf("err = %v, want ErrNoFreeHost", err)
		}
	})

	t.Run("ErrNotFound release", func(t *testing.T) {
		db, _ := e.Open(t)
		if err := db.ReleaseHost(ctx, "nope"); !errors.Is(err, storage.ErrNotFound) {
			t.Fatalf("err = %v, want ErrNotFound", err)
		}
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		db, _ := e.Open(t)
		for _, spec := range []storage.HoldSpec{
			{Candidates: []string{"a"}, Start: at(0), Duration: time.Hour},
			{Key: "k", Start: at(0), Duration: time.Hour},
			{Key: "k", Candidates: []string{"a"}, Duration: time.Hour},
			{Key: "k", Candidates: []string{"a"}, Start: at(0), Duration: 31 * time.Hour},
			{Key: "k", Candidates: []string{"a"}, Start: at(0), Duration: time.Hour, TTL: -time.Second},
		} {
			if _, err := db.ReserveHost(ctx, spec); !errors.Is(err, storage.ErrInvalid) {
				t.Errorf("ReserveHost(%+v) err = %v, want ErrInvalid", spec, err)
			}
		}
	})
}
