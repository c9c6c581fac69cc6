package storage_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/zoombot/zoombot/storage"
)

// refTime is the fixed "now" of the tests: a Wednesday afternoon, UTC.
var refTime = time.Date(2026, 3, 4, 15, 0, 0, 0, time.UTC)

// clock is a settable fixed clock for DB.Now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// MustOpen opens a fresh database file in tb.TempDir() with its clock fixed
// at refTime and closes it when the test ends.
func MustOpen(tb testing.TB) (*storage.DB, *clock) {
	tb.Helper()
	return MustOpenPath(tb, filepath.Join(tb.TempDir(), "zoombot.db"))
}

// MustOpenPath is MustOpen on a given path, for reopening a file.
func MustOpenPath(tb testing.TB, path string) (*storage.DB, *clock) {
	tb.Helper()
	db, err := storage.Open(context.Background(), path)
	if err != nil {
		tb.Fatalf("Open(%q): %v", path, err)
	}
	c := &clock{t: refTime}
	db.Now = c.Now
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Errorf("Close: %v", err)
		}
	})
	return db, c
}

// at is refTime plus whole minutes, for readable interval tables.
func at(minutes int) time.Time { return refTime.Add(time.Duration(minutes) * time.Minute) }

// single returns a valid single meeting for host starting at start.
func single(id int64, host string, start time.Time, d time.Duration) *storage.Meeting {
	return &storage.Meeting{
		ID: id, UUID: "uuid-" + host, HostZoomUserID: host, HostEmail: host + "@example.com",
		TeamID: "T1", ChannelID: "C1", RequesterID: "U1", Topic: "topic",
		Start: start, Duration: d, Timezone: "Europe/Berlin",
		JoinURL: "https://zoom.us/j/1?pwd=x", Passcode: "abc123",
	}
}

func mustCreate(tb testing.TB, db *storage.DB, m *storage.Meeting) {
	tb.Helper()
	if err := db.CreateMeeting(context.Background(), m); err != nil {
		tb.Fatalf("CreateMeeting(%d): %v", m.ID, err)
	}
}
