package storage_test

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/zoombot/zoombot/storage"
)

func begin(t *testing.T, db *storage.DB, r *storage.Request) {
	t.Helper()
	if _, created, err := db.BeginRequest(context.Background(), r); err != nil || !created {
		t.Fatalf("BeginRequest(%s): created %v, err %v", r.Key, created, err)
	}
}

func keysOf(rs []storage.Request) []string {
	out := []string{}
	for _, r := range rs {
		out = append(out, r.Key)
	}
	return out
}

func TestLeases(t *testing.T) { forEachEngine(t, testLeases) }

func testLeases(t *testing.T, e testEngine) {
	ctx := context.Background()
	lease := 30 * time.Second

	t.Run("OK stale and unowned requests are claimed, live and finished ones are not", func(t *testing.T) {
		db, clk := e.Open(t)
		begin(t, db, &storage.Request{Key: "a-live", Owner: "r1", LeaseUntil: refTime.Add(lease)})
		begin(t, db, &storage.Request{Key: "b-lapsed", Owner: "r1", LeaseUntil: refTime.Add(-time.Second)})
		begin(t, db, &storage.Request{Key: "c-unowned"})
		begin(t, db, &storage.Request{Key: "d-done", State: storage.RequestAnnounced})
		clk.Set(refTime.Add(time.Second))
		begin(t, db, &storage.Request{Key: "e-pending", State: storage.RequestZoomPending, Owner: "r3", LeaseUntil: refTime})

		got, err := db.ClaimStaleRequests(ctx, "r2", refTime.Add(time.Minute), 10)
		if err != nil {
			t.Fatal(err)
		}
		// Oldest first; e-pending was created a second later.
		if want := []string{"b-lapsed", "c-unowned", "e-pending"}; !reflect.DeepEqual(keysOf(got), want) {
			t.Fatalf("claimed %v, want %v", keysOf(got), want)
		}
		for _, r := range got {
			if r.Owner != "r2" || !r.LeaseUntil.Equal(refTime.Add(time.Minute)) {
				t.Errorf("%s: owner %q lease %v after the claim", r.Key, r.Owner, r.LeaseUntil)
			}
		}
		again, err := db.ClaimStaleRequests(ctx, "r3", refTime.Add(time.Minute), 10)
		if err != nil || len(again) != 0 {
			t.Fatalf("second claim took %v (err %v), want nothing", keysOf(again), err)
		}
	})

	t.Run("OK limit", func(t *testing.T) {
		db, _ := e.Open(t)
		for i := range 5 {
			begin(t, db, &storage.Request{Key: fmt.Sprint("k", i)})
		}
		got, err := db.ClaimStaleRequests(ctx, "r", refTime.Add(lease), 2)
		if err != nil || len(got) != 2 {
			t.Fatalf("claimed %v (err %v), want 2", keysOf(got), err)
		}
	})

	t.Run("OK renewed leases are not claimed; released ones are at once", func(t *testing.T) {
		db, clk := e.Open(t)
		begin(t, db, &storage.Request{Key: "mine", Owner: "r1", LeaseUntil: refTime.Add(lease)})
		begin(t, db, &storage.Request{Key: "theirs", Owner: "r9", LeaseUntil: refTime.Add(lease)})
		clk.Set(refTime.Add(20 * time.Second))
		// r1 renews both keys, but only its own lease moves.
		renewed, err := db.RenewLeases(ctx, "r1", []string{"mine", "theirs"}, refTime.Add(50*time.Second))
		if err != nil || !reflect.DeepEqual(renewed, []string{"mine"}) {
			t.Fatalf("renewed %v (err %v), want [mine]", renewed, err)
		}
		clk.Set(refTime.Add(40 * time.Second))
		got, err := db.ClaimStaleRequests(ctx, "r2", refTime.Add(time.Minute), 10)
		if err != nil || !reflect.DeepEqual(keysOf(got), []string{"theirs"}) {
			t.Fatalf("claimed %v (err %v), want [theirs]", keysOf(got), err)
		}
		if err := db.ReleaseLeases(ctx, "r1", []string{"mine"}); err != nil {
			t.Fatal(err)
		}
		got, err = db.ClaimStaleRequests(ctx, "r2", refTime.Add(time.Minute), 10)
		if err != nil || !reflect.DeepEqual(keysOf(got), []string{"mine"}) {
			t.Fatalf("after release claimed %v (err %v), want [mine]", keysOf(got), err)
		}
	})

	t.Run("OK each request is claimed once among concurrent claimers", func(t *testing.T) {
		path := e.fresh(t)
		db1, _ := e.OpenAt(t, path)
		db2, _ := e.OpenAt(t, path)
		const n = 60
		for i := range n {
			begin(t, db1, &storage.Request{Key: fmt.Sprintf("k%02d", i)})
		}
		var mu sync.Mutex
		var wg sync.WaitGroup
		claimed := map[string]string{}
		for w := range 6 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				db := []*storage.DB{db1, db2}[w%2]
				owner := fmt.Sprint("r", w)
				for {
					got, err := db.ClaimStaleRequests(ctx, owner, refTime.Add(lease), 7)
					if err != nil {
						t.Error(err)
						return
					}
					if len(got) == 0 {
						return
					}
					mu.Lock()
					for _, r := range got {
						if prev, ok := claimed[r.Key]; ok {
							t.Errorf("%s claimed by %s and %s", r.Key, prev, owner)
						}
						claimed[r.Key] = owner
					}
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if len(claimed) != n {
			t.Fatalf("%d of %d requests claimed", len(claimed), n)
		}
	})
}

func TestCompleteEnvelope(t *testing.T) { forEachEngine(t, testCompleteEnvelope) }

func testCompleteEnvelope(t *testing.T, e testEngine) {
	ctx := context.Background()
	db, _ := e.Open(t)
	begin(t, db, &storage.Request{Key: "list", Kind: "envelope:slash_commands"})
	begin(t, db, &storage.Request{Key: "bad", Kind: "envelope:slash_commands"})
	begin(t, db, &storage.Request{Key: "sched", Kind: "envelope:slash_commands"})
	if err := db.UpdateRequest(ctx, &storage.Request{Key: "sched", Kind: "schedule"}); err != nil {
		t.Fatal(err)
	}
	for key, failed := range map[string]bool{"list": false, "bad": true, "sched": false} {
		if err := db.CompleteEnvelope(ctx, key, failed, "why"); err != nil {
			t.Fatal(err)
		}
	}
	for key, want := range map[string]storage.RequestState{"list": storage.RequestAnnounced, "bad": storage.RequestFailed, "sched": storage.RequestReceived} {
		if r, err := db.GetRequest(ctx, key); err != nil || r.State != want {
			t.Errorf("%s: state %v (err %v), want %v", key, r.State, err, want)
		}
	}
}

func TestBeginRequestsAndUpdate(t *testing.T) { forEachEngine(t, testBeginRequestsAndUpdate) }

func testBeginRequestsAndUpdate(t *testing.T, e testEngine) {
	ctx := context.Background()
	db, _ := e.Open(t)
	begin(t, db, &storage.Request{Key: "old", Kind: "envelope"})
	got, err := db.BeginRequests(ctx, []*storage.Request{
		{Key: "new1", Kind: "envelope", Owner: "r1", LeaseUntil: refTime.Add(time.Minute)},
		{Key: "old", Kind: "other"},
		{Key: "new2", Kind: "envelope"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !got[0].Created || got[1].Created || !got[2].Created || got[1].Stored.Kind != "envelope" {
		t.Fatalf("BeginRequests = %+v %+v %+v", got[0], got[1], got[2])
	}
	if got[0].Stored.Owner != "r1" || !got[0].Stored.LeaseUntil.Equal(refTime.Add(time.Minute)) {
		t.Errorf("lease not stored: %+v", got[0].Stored)
	}
	if err := db.UpdateRequest(ctx, &storage.Request{Key: "new1", Kind: "schedule", UserID: "U1", ChannelID: "C1", Payload: []byte("{}")}); err != nil {
		t.Fatal(err)
	}
	r, err := db.GetRequest(ctx, "new1")
	if err != nil || r.Kind != "schedule" || r.UserID != "U1" || string(r.Payload) != "{}" || r.Owner != "r1" {
		t.Fatalf("after UpdateRequest: %+v, %v", r, err)
	}
	// A burst larger than one statement, with a key repeated inside it.
	var burst []*storage.Request
	for i := range 100 {
		burst = append(burst, &storage.Request{Key: fmt.Sprint("burst-", i%90), Payload: []byte{byte(i)}})
	}
	got, err = db.BeginRequests(ctx, burst)
	if err != nil {
		t.Fatal(err)
	}
	for i, b := range got {
		if want := i < 90; b.Created != want || (i >= 90 && b.Stored.Payload[0] != byte(i-90)) {
			t.Errorf("burst %d: created %v, payload %v; want created %v", i, b.Created, b.Stored.Payload, want)
		}
	}
	if _, err := db.BeginRequests(ctx, []*storage.Request{{Key: "ok"}, {Key: ""}}); err == nil {
		t.Error("a batch with an empty key was accepted")
	}
	if _, err := db.GetRequest(ctx, "ok"); err == nil {
		t.Error("an invalid batch stored part of itself")
	}
}

func TestClaimFingerprint(t *testing.T) { forEachEngine(t, testClaimFingerprint) }

func testClaimFingerprint(t *testing.T, e testEngine) {
	ctx := context.Background()
	since := refTime.Add(-time.Minute)

	t.Run("OK the second of two identical requests is the duplicate", func(t *testing.T) {
		db, clk := e.Open(t)
		begin(t, db, &storage.Request{Key: "first"})
		clk.Set(refTime.Add(time.Second))
		begin(t, db, &storage.Request{Key: "second"})
		if dup, err := db.ClaimFingerprint(ctx, "first", "fp", since, false); err != nil || dup != nil {
			t.Fatalf("first claim: dup %v, err %v", dup, err)
		}
		dup, err := db.ClaimFingerprint(ctx, "second", "fp", since, false)
		if err != nil || dup == nil || dup.Key != "first" {
			t.Fatalf("second claim: dup %+v, err %v; want the first request", dup, err)
		}
		// The user chose to go ahead.
		if dup, err := db.ClaimFingerprint(ctx, "second", "fp", since, true); err != nil || dup != nil {
			t.Fatalf("forced claim: dup %v, err %v", dup, err)
		}
		if r, _ := db.GetRequest(ctx, "second"); r.Fingerprint != "fp" {
			t.Errorf("forced claim did not record the fingerprint: %q", r.Fingerprint)
		}
	})

	t.Run("OK old, failed and cancelled requests are no duplicates", func(t *testing.T) {
		db, clk := e.Open(t)
		clk.Set(refTime.Add(-2 * time.Minute))
		begin(t, db, &storage.Request{Key: "old", Fingerprint: "fp"})
		clk.Set(refTime)
		begin(t, db, &storage.Request{Key: "failed", State: storage.RequestFailed, Fingerprint: "fp"})
		m := single(5, "h1", at(60), 30*time.Minute)
		mustCreate(t, db, m)
		begin(t, db, &storage.Request{Key: "cancelled", State: storage.RequestAnnounced, MeetingID: 5, Fingerprint: "fp"})
		if err := db.SetMeetingStatus(ctx, 5, storage.StatusCancelled, "U1"); err != nil {
			t.Fatal(err)
		}
		begin(t, db, &storage.Request{Key: "new"})
		if dup, err := db.ClaimFingerprint(ctx, "new", "fp", since, false); err != nil || dup != nil {
			t.Fatalf("claim: dup %+v, err %v; want none", dup, err)
		}
	})

	t.Run("OK exactly one of many concurrent identical requests goes ahead", func(t *testing.T) {
		path := e.fresh(t)
		db1, _ := e.OpenAt(t, path)
		db2, _ := e.OpenAt(t, path)
		const n = 12
		for i := range n {
			begin(t, db1, &storage.Request{Key: fmt.Sprint("k", i)})
		}
		var mu sync.Mutex
		var ahead []string
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				db := []*storage.DB{db1, db2}[i%2]
				dup, err := db.ClaimFingerprint(ctx, fmt.Sprint("k", i), "fp", since, false)
				if err != nil {
					t.Error(err)
				}
				if dup == nil {
					mu.Lock()
					ahead = append(ahead, fmt.Sprint("k", i))
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if len(ahead) != 1 {
			t.Fatalf("%d requests went ahead (%v), want 1", len(ahead), ahead)
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		db, _ := e.Open(t)
		if _, err := db.ClaimFingerprint(ctx, "nope", "fp", since, false); err == nil {
			t.Fatal("claim on a missing request succeeded")
		}
	})
}

func TestHeartbeat(t *testing.T) { forEachEngine(t, testHeartbeat) }

func testHeartbeat(t *testing.T, e testEngine) {
	ctx := context.Background()
	db, clk := e.Open(t)
	live := func(id string) int {
		t.Helper()
		n, err := db.Heartbeat(ctx, id, refTime, 15*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := live("r1"); n != 1 {
		t.Fatalf("one replica: live %d", n)
	}
	if n := live("r2"); n != 2 {
		t.Fatalf("two replicas: live %d", n)
	}
	clk.Set(refTime.Add(20 * time.Second)) // r1 went quiet
	if n := live("r2"); n != 1 {
		t.Fatalf("after r1 went quiet: live %d, want 1", n)
	}
	if n := live("r1"); n != 2 {
		t.Fatalf("r1 back: live %d, want 2", n)
	}
	if err := db.RemoveReplica(ctx, "r1"); err != nil {
		t.Fatal(err)
	}
	if n := live("r2"); n != 1 {
		t.Fatalf("after r1 left: live %d, want 1", n)
	}
}
