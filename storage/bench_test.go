package storage_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/zoombot/zoombot/internal/pgtest"
	"github.com/zoombot/zoombot/storage"
)

// The benchmark fixture: 100,000 meetings of 100 hosts over two years around
// refTime, one in ten recurring (8 weekly occurrences), each with a requester
// among 1,000 Slack users and two invitees. Built once per test binary run.
const (
	fixtureMeetings = 100_000
	fixtureHosts    = 100
	fixtureUsers    = 1_000
)

var fixture struct {
	once sync.Once
	dir  string
	path string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.Stop()
	if fixture.dir != "" {
		os.RemoveAll(fixture.dir)
	}
	os.Exit(code)
}

func fixtureMeeting(r *rand.Rand, i int) storage.Meeting {
	const span = 2 * 365 * 24 * 60 // minutes
	start := refTime.Add(time.Duration(r.IntN(span)-span/2) * time.Minute)
	d := time.Duration(15*(1+r.IntN(8))) * time.Minute
	m := *single(int64(80_000_000_000+i), fmt.Sprintf("h%03d", i%fixtureHosts), start, d)
	m.RequesterID = fmt.Sprintf("U%04d", r.IntN(fixtureUsers))
	m.Invitees = []string{fmt.Sprintf("U%04d", r.IntN(fixtureUsers)), fmt.Sprintf("U%04d", r.IntN(fixtureUsers))}
	if i%10 == 0 {
		m.Recurrence = `{"type":2,"repeat_interval":1,"end_times":8}`
		for k := range 8 {
			m.Occurrences = append(m.Occurrences, storage.Occurrence{
				OccurrenceID: fmt.Sprint(start.Add(time.Duration(k) * 7 * 24 * time.Hour).UnixMilli()),
				Start:        start.Add(time.Duration(k) * 7 * 24 * time.Hour), Duration: d})
		}
	}
	return m
}

// openFixture opens the shared 100k-meeting database, building it first.
func openFixture(b *testing.B) *storage.DB {
	b.Helper()
	fixture.once.Do(func() {
		fixture.dir, fixture.err = os.MkdirTemp("", "zoombot-storage-bench-")
		if fixture.err != nil {
			return
		}
		fixture.path = filepath.Join(fixture.dir, "bench.db")
		db, err := storage.Open(context.Background(), fixture.path)
		if err != nil {
			fixture.err = err
			return
		}
		defer db.Close()
		db.Now = func() time.Time { return refTime }
		r := rand.New(rand.NewPCG(1, 2))
		began := time.Now()
		fixture.err = storage.BulkCreateMeetings(context.Background(), db, fixtureMeetings,
			func(i int) storage.Meeting { return fixtureMeeting(r, i) })
		b.Logf("fixture: %d meetings in %v", fixtureMeetings, time.Since(began).Round(time.Millisecond))
	})
	if fixture.err != nil {
		b.Fatalf("fixture: %v", fixture.err)
	}
	db, _ := MustOpenPath(b, fixture.path)
	return db
}

func BenchmarkUpcomingForHost(b *testing.B) {
	db := openFixture(b)
	ctx := context.Background()
	b.ResetTimer()
	rows := 0
	for i := 0; b.Loop(); i++ {
		host := fmt.Sprintf("h%03d", i%fixtureHosts)
		got, err := db.UpcomingForHost(ctx, host, refTime.Add(time.Duration(i%48)*time.Hour), 20)
		if err != nil {
			b.Fatal(err)
		}
		rows += len(got)
	}
	if rows == 0 {
		b.Fatal("no rows: the fixture or the query is wrong")
	}
}

func BenchmarkOverlapping(b *testing.B) {
	db := openFixture(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		host := fmt.Sprintf("h%03d", i%fixtureHosts)
		from := refTime.Add(time.Duration(i%48) * time.Hour)
		if _, err := db.Overlapping(ctx, host, from, from.Add(time.Hour)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkUpcomingForSlackUser(b *testing.B) {
	db := openFixture(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		user := fmt.Sprintf("U%04d", i%fixtureUsers)
		if _, err := db.UpcomingForSlackUser(ctx, "T1", user, refTime, 20); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDueReminders(b *testing.B) {
	db := openFixture(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		from := refTime.Add(time.Duration(i%48) * time.Hour)
		if _, err := db.DueReminders(ctx, from, from.Add(time.Minute)); err != nil {
			b.Fatal(err)
		}
	}
}
