package storage_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/zoombot/zoombot/storage"
)

func poolIDs(t *testing.T, db *storage.DB) []string {
	t.Helper()
	hosts, err := db.ListPoolHosts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{}
	for _, h := range hosts {
		ids = append(ids, h.ZoomUserID)
	}
	return ids
}

func TestPoolHosts(t *testing.T) { forEachEngine(t, testPoolHosts) }

func testPoolHosts(t *testing.T, e testEngine) {
	ctx := context.Background()

	t.Run("OK add, upsert keeps place, list order", func(t *testing.T) {
		db, clk := e.Open(t)
		// b is added with an earlier explicit AddedAt, so it sorts first;
		// c and a share a second and keep insertion order.
		adds := []storage.PoolHost{
			{ZoomUserID: "c", Email: "c@example.com", AddedBy: "U1"},
			{ZoomUserID: "a", Email: "a@example.com"},
			{ZoomUserID: "b", Email: "b@example.com", AddedAt: refTime.Add(-time.Hour)},
		}
		for i := range adds {
			if err := db.AddPoolHost(ctx, &adds[i]); err != nil {
				t.Fatal(err)
			}
		}
		if !adds[0].AddedAt.Equal(refTime) {
			t.Fatalf("AddedAt = %v, want the clock's %v", adds[0].AddedAt, refTime)
		}
		clk.Set(refTime.Add(time.Hour))
		again := storage.PoolHost{ZoomUserID: "c", Email: "C.new@example.com", AddedBy: "U9"}
		if err := db.AddPoolHost(ctx, &again); err != nil {
			t.Fatal(err)
		}
		want := storage.PoolHost{ZoomUserID: "c", Email: "C.new@example.com", AddedBy: "U1", AddedAt: refTime}
		if again != want {
			t.Fatalf("re-add set %+v, want %+v", again, want)
		}
		got, err := db.ListPoolHosts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		wantList := []storage.PoolHost{
			{ZoomUserID: "b", Email: "b@example.com", AddedAt: refTime.Add(-time.Hour)},
			want,
			{ZoomUserID: "a", Email: "a@example.com", AddedAt: refTime},
		}
		if !reflect.DeepEqual(got, wantList) {
			t.Fatalf("list = %+v\nwant %+v", got, wantList)
		}
	})

	t.Run("OK empty pool is an empty list", func(t *testing.T) {
		db, _ := e.Open(t)
		if got := poolIDs(t, db); len(got) != 0 {
			t.Fatalf("list = %v, want none", got)
		}
	})

	tests := []struct {
		name    string
		arg     string
		wantErr error
		left    []string
	}{
		{"OK by id", "z2", nil, []string{"z1", "z3"}},
		{"OK by e-mail, any case", "Two@Example.COM", nil, []string{"z1", "z3"}},
		{"ErrNotFound", "nobody@example.com", storage.ErrNotFound, []string{"z1", "z2", "z3"}},
		{"ErrInvalid empty matches no id-only host", "", storage.ErrInvalid, []string{"z1", "z2", "z3"}},
	}
	for _, tt := range tests {
		t.Run("remove "+tt.name, func(t *testing.T) {
			db, _ := e.Open(t)
			for _, h := range []storage.PoolHost{{ZoomUserID: "z1", Email: "one@example.com"},
				{ZoomUserID: "z2", Email: "two@example.com"}, {ZoomUserID: "z3"}} {
				if err := db.AddPoolHost(ctx, &h); err != nil {
					t.Fatal(err)
				}
			}
			err := db.RemovePoolHost(ctx, tt.arg)
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Fatalf("RemovePoolHost(%q) = %v, want %v", tt.arg, err, tt.wantErr)
			}
			if got := poolIDs(t, db); !reflect.DeepEqual(got, tt.left) {
				t.Fatalf("left %v, want %v", got, tt.left)
			}
		})
	}

	t.Run("ErrInvalid add without id", func(t *testing.T) {
		db, _ := e.Open(t)
		if err := db.AddPoolHost(ctx, &storage.PoolHost{Email: "x@example.com"}); !errors.Is(err, storage.ErrInvalid) {
			t.Fatalf("err = %v, want ErrInvalid", err)
		}
	})
}

func TestPruneRequests(t *testing.T) { forEachEngine(t, testPruneRequests) }

func testPruneRequests(t *testing.T, e testEngine) {
	ctx := context.Background()
	db, clk := e.Open(t)
	// Each request is last updated at refTime + its minutes.
	reqs := []struct {
		key     string
		state   storage.RequestState
		minutes int
	}{
		{"old-announced", storage.RequestAnnounced, 0},
		{"old-failed", storage.RequestFailed, 1},
		{"old-pending", storage.RequestZoomPending, 2},
		{"old-created", storage.RequestCreated, 3},
		{"old-received", storage.RequestReceived, 4},
		{"cutoff-announced", storage.RequestAnnounced, 10}, // updated exactly at the cutoff: kept
		{"new-announced", storage.RequestAnnounced, 20},
	}
	for _, r := range reqs {
		clk.Set(at(r.minutes))
		if _, _, err := db.BeginRequest(ctx, &storage.Request{Key: r.key}); err != nil {
			t.Fatal(err)
		}
		if err := db.SetRequestState(ctx, r.key, r.state, 0, ""); err != nil {
			t.Fatal(err)
		}
	}
	n, err := db.PruneRequests(ctx, at(10))
	if err != nil || n != 2 {
		t.Fatalf("PruneRequests = %d, %v; want 2", n, err)
	}
	for _, r := range reqs {
		_, err := db.GetRequest(ctx, r.key)
		gone := strings.HasPrefix(r.key, "old-") && (r.state == storage.RequestAnnounced || r.state == storage.RequestFailed)
		if gone != errors.Is(err, storage.ErrNotFound) {
			t.Errorf("%s: GetRequest err = %v, want gone=%v", r.key, err, gone)
		}
	}
	if n, err := db.PruneRequests(ctx, at(10)); err != nil || n != 0 {
		t.Fatalf("second PruneRequests = %d, %v; want 0", n, err)
	}
}
