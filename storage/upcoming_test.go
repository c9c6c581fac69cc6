package storage_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zoombot/zoombot/storage"
)

// keys renders results as "meeting/occurrence" for compact comparisons.
func keys(us []storage.Upcoming) []string {
	out := []string{}
	for _, u := range us {
		if u.Meeting.ID != u.Occurrence.MeetingID {
			panic("occurrence joined to the wrong meeting")
		}
		out = append(out, fmt.Sprintf("%d/%s", u.Meeting.ID, u.Occurrence.OccurrenceID))
	}
	return out
}

func recurring(id int64, host string, first time.Time, every time.Duration, n int, d time.Duration) *storage.Meeting {
	m := single(id, host, first, d)
	m.Recurrence = `{"type":2}`
	for i := range n {
		m.Occurrences = append(m.Occurrences, storage.Occurrence{
			OccurrenceID: fmt.Sprint(i + 1), Start: first.Add(time.Duration(i) * every), Duration: d})
	}
	return m
}

func TestOverlapping(t *testing.T) { forEachEngine(t, testOverlapping) }

func testOverlapping(t *testing.T, e testEngine) {
	ctx := context.Background()
	db, _ := e.Open(t)
	day := 24 * time.Hour
	mustCreate(t, db, single(1, "h1", at(0), time.Hour))                      // 15:00–16:00
	mustCreate(t, db, recurring(2, "h1", at(-5*60), day, 3, 30*time.Minute))  // 10:00–10:30 daily from today
	mustCreate(t, db, single(3, "h2", at(0), time.Hour))                      // other host, same slot
	mustCreate(t, db, single(4, "h1", at(0), time.Hour))                      // cancelled below
	mustCreate(t, db, recurring(5, "h1", at(2*24*60+120), day, 2, time.Hour)) // day+2 17:00, occurrence 1 cancelled below
	mustCreate(t, db, single(6, "h3", at(0), storage.MaxDuration))            // the longest a meeting can be
	mustCreate(t, db, single(7, "h1", at(3*24*60), 0))                        // zero length
	if err := db.SetMeetingStatus(ctx, 4, storage.StatusCancelled, "U1"); err != nil {
		t.Fatal(err)
	}
	if err := db.CancelOccurrence(ctx, 5, "1"); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name     string
		host     string
		from, to time.Time
		want     []string
	}{
		{"touching before", "h1", at(-60), at(0), []string{}},
		{"touching after", "h1", at(60), at(120), []string{}},
		{"contained", "h1", at(15), at(45), []string{"1/"}},
		{"spanning", "h1", at(-30), at(90), []string{"1/"}},
		{"overlaps start", "h1", at(-30), at(30), []string{"1/"}},
		{"overlaps end", "h1", at(30), at(90), []string{"1/"}},
		{"same interval", "h1", at(0), at(60), []string{"1/"}},
		{"other host", "h2", at(15), at(45), []string{"3/"}},
		{"unknown host", "nobody", at(15), at(45), []string{}},
		{"recurring occurrence overlap", "h1", at(24*60 - 5*60 + 15), at(24*60 - 5*60 + 60), []string{"2/2"}},
		{"between occurrences", "h1", at(24*60 - 5*60 + 30), at(2*24*60 - 5*60), []string{}},
		{"whole day, ordered by start", "h1", at(-6 * 60), at(20 * 60), []string{"2/1", "1/", "2/2"}},
		{"cancelled occurrence excluded", "h1", at(2*24*60 + 120), at(2*24*60 + 180), []string{}},
		{"next occurrence of that series", "h1", at(3*24*60 + 120), at(3*24*60 + 180), []string{"5/2"}},
		{"longest meeting near its end", "h3", at(30*60 - 1), at(30*60 + 60), []string{"6/"}},
		{"longest meeting touching its end", "h3", at(30 * 60), at(30*60 + 60), []string{}},
		{"zero-length meeting inside", "h1", at(3*24*60 - 1), at(3*24*60 + 1), []string{"7/"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := db.Overlapping(ctx, tt.host, tt.from, tt.to)
			if err != nil {
				t.Fatal(err)
			}
			if k := keys(got); !reflect.DeepEqual(k, tt.want) {
				t.Fatalf("Overlapping(%s, %v, %v) = %q, want %q", tt.host, tt.from, tt.to, k, tt.want)
			}
		})
	}
}

func TestUpcomingForHost(t *testing.T) { forEachEngine(t, testUpcomingForHost) }

func testUpcomingForHost(t *testing.T, e testEngine) {
	ctx := context.Background()
	db, _ := e.Open(t)
	mustCreate(t, db, single(1, "h1", at(-120), time.Hour))                        // ended before from
	mustCreate(t, db, single(2, "h1", at(-30), time.Hour))                         // running at from
	mustCreate(t, db, single(3, "h1", at(240), time.Hour))                         // later today
	mustCreate(t, db, single(4, "h1", at(60), time.Hour))                          // next
	mustCreate(t, db, single(5, "h1", at(60), time.Hour))                          // same start: ordered by id
	mustCreate(t, db, single(6, "h2", at(10), time.Hour))                          // other host
	mustCreate(t, db, single(7, "h1", at(100), time.Hour))                         // cancelled below
	mustCreate(t, db, recurring(8, "h1", at(-60), 2*time.Hour, 3, 30*time.Minute)) // 14:00 16:00 18:00
	if err := db.SetMeetingStatus(ctx, 7, storage.StatusCancelled, "U1"); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name  string
		from  time.Time
		limit int
		want  []string
	}{
		{"all", at(0), 0, []string{"2/", "4/", "5/", "8/2", "8/3", "3/"}},
		{"limit", at(0), 3, []string{"2/", "4/", "5/"}},
		{"negative limit is all", at(0), -1, []string{"2/", "4/", "5/", "8/2", "8/3", "3/"}},
		{"from the end of one is exclusive", at(30), 2, []string{"4/", "5/"}},
		{"earlier from includes the ended", at(-120), 2, []string{"1/", "8/1"}},
		{"nothing ahead", at(24 * 60), 10, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := db.UpcomingForHost(ctx, "h1", tt.from, tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			if k := keys(got); !reflect.DeepEqual(k, tt.want) {
				t.Fatalf("UpcomingForHost(from %v, limit %d) = %q, want %q", tt.from, tt.limit, k, tt.want)
			}
		})
	}

	t.Run("rows carry the meeting without occurrences", func(t *testing.T) {
		got, err := db.UpcomingForHost(ctx, "h1", at(0), 1)
		if err != nil || len(got) != 1 {
			t.Fatalf("got %d rows, %v", len(got), err)
		}
		full, _ := db.GetMeeting(ctx, 2)
		full.Occurrences, full.Invitees = nil, nil
		if !reflect.DeepEqual(got[0].Meeting, *full) {
			t.Fatalf("Meeting = %+v\nwant %+v", got[0].Meeting, *full)
		}
	})
}

func TestUpcomingForSlackUser(t *testing.T) { forEachEngine(t, testUpcomingForSlackUser) }

func testUpcomingForSlackUser(t *testing.T, e testEngine) {
	ctx := context.Background()
	db, _ := e.Open(t)
	asked := func(m *storage.Meeting, team, user string, invitees ...string) *storage.Meeting {
		m.TeamID, m.RequesterID, m.Invitees = team, user, invitees
		return m
	}
	mustCreate(t, db, asked(single(1, "h1", at(120), time.Hour), "T1", "U1"))
	mustCreate(t, db, asked(single(2, "h2", at(60), time.Hour), "T1", "U2", "U1", "U3"))                // invited
	mustCreate(t, db, asked(recurring(3, "h1", at(-60), 24*time.Hour, 3, 30*time.Minute), "T1", "U1"))  // next is 3/2
	mustCreate(t, db, asked(single(4, "h1", at(30), time.Hour), "T2", "U1"))                            // other team
	mustCreate(t, db, asked(single(5, "h1", at(-120), time.Hour), "T1", "U1"))                          // over
	mustCreate(t, db, asked(single(6, "h1", at(10), time.Hour), "T1", "U1", "U1"))                      // requested and invited: once
	mustCreate(t, db, asked(single(7, "h1", at(20), time.Hour), "T1", "U1"))                            // cancelled below
	mustCreate(t, db, asked(recurring(8, "h3", at(-10), 24*time.Hour, 2, time.Hour), "T1", "U9", "U1")) // running now
	if err := db.SetMeetingStatus(ctx, 7, storage.StatusCancelled, "U1"); err != nil {
		t.Fatal(err)
	}
	if err := db.CancelOccurrence(ctx, 3, "2"); err != nil { // then the next of 3 is 3/3
		t.Fatal(err)
	}

	tests := []struct {
		name       string
		team, user string
		limit      int
		want       []string
	}{
		{"requested and invited, one row each", "T1", "U1", 0, []string{"8/1", "6/", "2/", "1/", "3/3"}},
		{"limit", "T1", "U1", 2, []string{"8/1", "6/"}},
		{"invitee only", "T1", "U3", 0, []string{"2/"}},
		{"other team", "T2", "U1", 0, []string{"4/"}},
		{"stranger", "T1", "U404", 0, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := db.UpcomingForSlackUser(ctx, tt.team, tt.user, at(0), tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			if k := keys(got); !reflect.DeepEqual(k, tt.want) {
				t.Fatalf("UpcomingForSlackUser(%s, %s) = %q, want %q", tt.team, tt.user, k, tt.want)
			}
		})
	}
}

func TestReminders(t *testing.T) { forEachEngine(t, testReminders) }

func testReminders(t *testing.T, e testEngine) {
	ctx := context.Background()
	db, _ := e.Open(t)
	withRef := func(m *storage.Meeting) *storage.Meeting {
		m.MessageChannel, m.MessageTS = "C1", "1700000000.000100"
		return m
	}
	mustCreate(t, db, withRef(single(1, "h1", at(10), time.Hour)))
	mustCreate(t, db, withRef(single(2, "h1", at(5), time.Hour)))
	mustCreate(t, db, single(3, "h1", at(5), time.Hour))                            // no message yet: nothing to reply to
	mustCreate(t, db, withRef(single(4, "h1", at(15), time.Hour)))                  // at to: outside [from, to)
	mustCreate(t, db, withRef(single(5, "h1", at(0), time.Hour)))                   // at from: inside
	mustCreate(t, db, withRef(single(6, "h1", at(8), time.Hour)))                   // cancelled below
	mustCreate(t, db, withRef(recurring(7, "h2", at(12), time.Hour, 2, time.Hour))) // 7/1 due, 7/2 not yet
	if err := db.SetMeetingStatus(ctx, 6, storage.StatusCancelled, "U1"); err != nil {
		t.Fatal(err)
	}

	due, err := db.DueReminders(ctx, at(0), at(15))
	if err != nil {
		t.Fatal(err)
	}
	if k, want := keys(due), []string{"5/", "2/", "1/", "7/1"}; !reflect.DeepEqual(k, want) {
		t.Fatalf("DueReminders = %q, want %q", k, want)
	}
	if due[0].Meeting.MessageTS == "" || due[0].Meeting.JoinURL == "" {
		t.Fatalf("due row lacks what the reminder needs: %+v", due[0].Meeting)
	}

	if ok, err := db.MarkReminderSent(ctx, 2, ""); !ok || err != nil {
		t.Fatalf("MarkReminderSent(2) = %v, %v; want true", ok, err)
	}
	if ok, err := db.MarkReminderSent(ctx, 2, ""); ok || err != nil {
		t.Fatalf("second MarkReminderSent(2) = %v, %v; want false, nil", ok, err)
	}
	due, _ = db.DueReminders(ctx, at(0), at(15))
	if k, want := keys(due), []string{"5/", "1/", "7/1"}; !reflect.DeepEqual(k, want) {
		t.Fatalf("after marking, DueReminders = %q, want %q", k, want)
	}
	got, _ := db.GetMeeting(ctx, 2)
	if !got.Occurrences[0].ReminderSentAt.Equal(refTime) {
		t.Fatalf("ReminderSentAt = %v, want %v", got.Occurrences[0].ReminderSentAt, refTime)
	}

	t.Run("ErrNotFound", func(t *testing.T) {
		for _, k := range []struct {
			id  int64
			occ string
		}{{404, ""}, {7, "nope"}} {
			if _, err := db.MarkReminderSent(ctx, k.id, k.occ); !errors.Is(err, storage.ErrNotFound) {
				t.Errorf("MarkReminderSent(%d, %q) err = %v, want ErrNotFound", k.id, k.occ, err)
			}
		}
	})
}

// TestMarkReminderSentExactlyOnce races callers on one occurrence, then
// checks the answer survives a restart (a new DB on the same file).
func TestMarkReminderSentExactlyOnce(t *testing.T) { forEachEngine(t, testMarkReminderSentExactlyOnce) }

func testMarkReminderSentExactlyOnce(t *testing.T, e testEngine) {
	ctx := context.Background()
	path := e.fresh(t)
	db, _ := e.OpenAt(t, path)
	mustCreate(t, db, single(1, "h1", at(10), time.Hour))
	other, _ := e.OpenAt(t, path) // a second process on the same file

	const n = 10
	var wg sync.WaitGroup
	start := make(chan struct{})
	results := make(chan bool, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			d := db
			if i%2 == 1 {
				d = other
			}
			ok, err := d.MarkReminderSent(ctx, 1, "")
			if err != nil {
				t.Error(err)
			}
			results <- ok
		}()
	}
	close(start)
	wg.Wait()
	close(results)
	firsts := 0
	for ok := range results {
		if ok {
			firsts++
		}
	}
	if firsts != 1 {
		t.Fatalf("%d callers were told they were first, want exactly 1", firsts)
	}

	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	again, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if ok, err := again.MarkReminderSent(ctx, 1, ""); ok || err != nil {
		t.Fatalf("after restart MarkReminderSent = %v, %v; want false, nil", ok, err)
	}
	if due, _ := again.DueReminders(ctx, at(0), at(60)); len(due) != 0 {
		t.Fatalf("after restart still due: %q", keys(due))
	}
}

// TestQueryPlans pins that the hot queries use their indexes and stop at the
// limit instead of sorting every row of the host.
// TestQueryPlans is SQLite's: its planner picks the same plan for an empty
// table as for a full one. PostgreSQL's picks by table statistics, so a plan
// on an empty test database says nothing about production.
func TestQueryPlans(t *testing.T) {
	ctx := context.Background()
	db, _ := testEngines[0].Open(t)
	tests := []struct {
		name  string
		query string
		args  []any
		index string
	}{
		{"UpcomingForHost", storage.UpcomingForHostSQL, []any{"h", 0, 0, 10}, "occurrences_host_start"},
		{"Overlapping", storage.OverlappingSQL, []any{"h", 0, 0, 0}, "occurrences_host_start"},
		{"DueReminders", storage.DueRemindersSQL, []any{0, 0}, "occurrences_reminder_due"},
		{"UpcomingForSlackUser requester", storage.UpcomingForSlackUserSQL, []any{"T", "U", 0, 10}, "meetings_requester"},
		{"UpcomingForSlackUser invitee", storage.UpcomingForSlackUserSQL, []any{"T", "U", 0, 10}, "invitees_user"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := db.SQL().QueryContext(ctx, "EXPLAIN QUERY PLAN "+tt.query, tt.args...)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var plan []string
			for rows.Next() {
				var id, parent, notused int
				var detail string
				if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
					t.Fatal(err)
				}
				plan = append(plan, detail)
			}
			p := strings.Join(plan, "\n")
			if !strings.Contains(p, tt.index) {
				t.Errorf("plan does not use %s:\n%s", tt.index, p)
			}
			if tt.name == "UpcomingForHost" && strings.Contains(p, "TEMP B-TREE") {
				t.Errorf("plan sorts instead of reading the index in order:\n%s", p)
			}
		})
	}
}
