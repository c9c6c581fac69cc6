package bot

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/zoombot/zoombot/storage"
	"github.com/zoombot/zoombot/zoom/zoomtest"
)

func TestMoveOneOccurrenceOfASeries(t *testing.T) {
	e := newTestEnv(t)
	zm, post := e.scheduleAs("UANA", "schedule every monday 10am standup with <@UKEN>")
	occ := zm.Occurrences[1] // Mon Dec 7
	e.command("UANA", testChannel, "move standup to 11:30am --occurrence 2026-12-07")

	got, _ := e.zoom.Meeting(zm.ID)
	want := time.Date(2026, 12, 7, 11, 30, 0, 0, newYork)
	if o := got.Occurrences[1]; o.ID != occ.ID || !o.StartTime.Equal(want) {
		t.Fatalf("Zoom occurrence: %+v, want %s at %v\n%s", o, occ.ID, want, dump(e.slack.Messages()))
	}
	if !got.Occurrences[0].StartTime.Equal(zm.Occurrences[0].StartTime) || !got.Occurrences[2].StartTime.Equal(zm.Occurrences[2].StartTime) {
		t.Error("the other meetings of the series moved too")
	}
	for _, c := range e.zoom.Calls() {
		if c.Route == zoomtest.RouteUpdateMeeting && c.Query.Get("occurrence_id") != occ.ID {
			t.Errorf("PATCH without occurrence_id %s: %v", occ.ID, c.Query)
		}
	}
	m, _ := e.db.GetMeeting(e.ctx(), zm.ID)
	if !m.Occurrences[1].Start.Equal(want) || m.Moved.OccurrenceID != occ.ID {
		t.Errorf("stored: %+v moved %+v", m.Occurrences[1], m.Moved)
	}
	if cur := e.current(post); !strings.Contains(cur, "meeting moved to \\u003c!date^"+itoa(want.Unix())) {
		t.Errorf("post: %s", cur)
	}
	if ics := icsFile(m, e.clock.Now()); !strings.Contains(ics, "DTSTART:20261207T163000Z") || !strings.Contains(ics, "RECURRENCE-ID:20261207T150000Z") {
		t.Errorf("the .ics lacks the moved meeting:\n%s", ics)
	}
	e.one("the invitee's DM", and(dmTo("UKEN"), contains("moved the")))
}

func TestMoveAWholeSeries(t *testing.T) {
	e := newTestEnv(t)
	zm, post := e.scheduleAs("UANA", "schedule every monday 10am standup x5")
	e.command("UANA", testChannel, "cancel "+FormatMeetingID(zm.ID)+" --occurrence 2026-11-30")
	e.command("UANA", testChannel, "move standup to tue 11am")

	got, _ := e.zoom.Meeting(zm.ID)
	if got.Recurrence == nil || got.Recurrence.WeeklyDays != "3" || got.Recurrence.EndTimes != 4 {
		t.Fatalf("Zoom rule after the move: %+v\n%s", got.Recurrence, dump(e.slack.Messages()))
	}
	if len(got.Occurrences) != 4 {
		t.Fatalf("Zoom occurrences: %+v", got.Occurrences)
	}
	for _, o := range got.Occurrences {
		if l := o.StartTime.In(newYork); l.Weekday() != time.Tuesday || l.Hour() != 11 {
			t.Errorf("occurrence at %v, want Tuesdays 11am", l)
		}
	}
	for _, c := range e.zoom.Calls() {
		if c.Route == zoomtest.RouteUpdateMeeting {
			var body map[string]any
			_ = json.Unmarshal(c.Body, &body)
			if body["start_time"] != "2026-12-01T16:00:00Z" || body["timezone"] != "America/New_York" || body["recurrence"] == nil {
				t.Errorf("series PATCH %s", c.Body)
			}
		}
	}
	m, _ := e.db.GetMeeting(e.ctx(), zm.ID)
	if len(m.Occurrences) != 4 || m.Occurrences[0].OccurrenceID != got.Occurrences[0].ID || !strings.Contains(recurrenceText(m), "every Tuesday") {
		t.Errorf("stored series: %+v %s", m.Occurrences, m.Recurrence)
	}
	cur := e.current(post)
	if !strings.Contains(cur, "Repeats every Tuesday") || !strings.Contains(cur, "Moved from") || !strings.Contains(cur, "BYDAY%3DTU") {
		t.Errorf("post: %s", cur)
	}
	e.one("the answer", and(privateTo("UANA"), contains("every meeting of *standup*")))
}

func TestMovePatchWithUnknownOutcomeIsReadBack(t *testing.T) {
	for _, tt := range []struct {
		name    string
		fail    func(s *zoomtest.Server)
		patches int
	}{
		// Zoom moved it, then the connection dropped: the read-back finds
		// the new time and nothing is sent again.
		{"processed", func(s *zoomtest.Server) { s.DropNext(zoomtest.RouteUpdateMeeting, 1) }, 1},
		// A 500 before Zoom did it: the read-back finds the old time, and
		// the PATCH goes once more.
		{"not processed", func(s *zoomtest.Server) { s.FailNext(zoomtest.RouteUpdateMeeting, 1, 500, 500, "oops") }, 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := newTestEnv(t)
			zm, post := e.scheduleAs("UANA", "schedule tomorrow 3pm standup")
			tt.fail(e.zoom)
			e.command("UANA", testChannel, "move "+FormatMeetingID(zm.ID)+" +1h")
			got, _ := e.zoom.Meeting(zm.ID)
			want := zm.StartTime.Add(time.Hour)
			if !got.StartTime.Equal(want) {
				t.Fatalf("Zoom start %v, want %v", got.StartTime, want)
			}
			if n := e.zoomCalls(zoomtest.RouteUpdateMeeting); n != tt.patches {
				t.Errorf("PATCH calls = %d, want %d", n, tt.patches)
			}
			if n := e.zoomCalls(zoomtest.RouteGetMeeting); n < 1 {
				t.Error("the meeting was not read back")
			}
			if m, _ := e.db.GetMeeting(e.ctx(), zm.ID); !m.Start.Equal(want) {
				t.Errorf("stored start %v", m.Start)
			}
			if !strings.Contains(e.current(post), itoa(want.Unix())) {
				t.Errorf("post not updated: %s", e.current(post))
			}
		})
	}
}

// TestResumedMoveReadsBackAndFinishes: a replica died after its PATCH
// reached Zoom and before it recorded the move. Another finishes it from
// the request's payload, reading the meeting back instead of patching
// again.
func TestResumedMoveReadsBackAndFinishes(t *testing.T) {
	e := newTestEnv(t)
	zm, post := e.scheduleAs("UANA", "schedule tomorrow 3pm standup")
	m, _ := e.db.GetMeeting(e.ctx(), zm.ID)
	want := zm.StartTime.Add(2 * time.Hour)
	in := changeInput{Kind: kindMove, TeamID: "T0001", ChannelID: testChannel, UserID: "UANA", MeetingID: zm.ID, Zone: m.Timezone,
		Start: want, Before: changeBefore{Start: m.Start, Duration: m.Duration, Topic: m.Topic}}
	payload, _ := json.Marshal(in)
	if _, _, err := e.db.BeginRequest(e.ctx(), &storage.Request{Key: "cmd:crashed", Kind: kindMove, State: storage.RequestZoomPending,
		TeamID: "T0001", UserID: "UANA", ChannelID: testChannel, Payload: payload}); err != nil {
		t.Fatal(err)
	}
	// What the dead replica's PATCH did.
	zc := e.bot.zoom
	if err := zc.UpdateMeeting(e.ctx(), zm.ID, "", in.zoomRequest()); err != nil {
		t.Fatal(err)
	}
	patches := e.zoomCalls(zoomtest.RouteUpdateMeeting)
	if err := e.bot.Recover(e.ctx()); err != nil {
		t.Fatal(err)
	}
	e.waitAll()
	if n := e.zoomCalls(zoomtest.RouteUpdateMeeting); n != patches {
		t.Errorf("the resumed move sent %d more PATCHes", n-patches)
	}
	if m, _ := e.db.GetMeeting(e.ctx(), zm.ID); !m.Start.Equal(want) || m.Moved.By != "UANA" {
		t.Errorf("stored after resume: %v %+v", m.Start, m.Moved)
	}
	if r, _ := e.db.GetRequest(e.ctx(), "cmd:crashed"); r.State != storage.RequestAnnounced {
		t.Errorf("request state %s", r.State)
	}
	if !strings.Contains(e.current(post), "Moved from") {
		t.Errorf("post: %s", e.current(post))
	}
}

func TestMoveOnAPoolHost(t *testing.T) {
	for _, refuse := range []bool{false, true} {
		t.Run(fmt.Sprint("no privilege ", refuse), func(t *testing.T) {
			var pool []string
			e := newTestEnv(t, func(e *testEnv) {
				e.zoom.NoSchedulePrivilege = refuse
				for i := range 2 {
					u := e.zoom.AddUser(zoomtest.User{Email: fmt.Sprintf("pool%d@example.com", i), FirstName: "Pool", LastName: fmt.Sprint(i), Type: 2})
					pool = append(pool, u.Email)
				}
				e.cfg.HostPool = pool
			})
			a, _ := e.scheduleAs("UANA", "schedule tomorrow 3pm class a")
			b, _ := e.scheduleAs("UANA", "schedule tomorrow 4pm class b")
			if a.HostEmail != b.HostEmail {
				t.Fatalf("both should start on the first pool host: %s, %s", a.HostEmail, b.HostEmail)
			}
			e.command("UANA", testChannel, "move class a to 4pm")
			got, _ := e.zoom.Meeting(a.ID)
			m, _ := e.db.GetMeeting(e.ctx(), a.ID)
			if refuse {
				e.one("the answer", and(privateTo("UANA"), contains("won't hand the meeting to another host")))
				if got.StartTime != a.StartTime || got.HostEmail != a.HostEmail || m.HostEmail != a.HostEmail {
					t.Errorf("a refused hand-over changed the meeting: %+v", got)
				}
				return
			}
			if got.HostEmail != "pool1@example.com" || !got.StartTime.Equal(b.StartTime) {
				t.Fatalf("Zoom after the move: host %s start %v\n%s", got.HostEmail, got.StartTime, dump(e.slack.Messages()))
			}
			if m.HostEmail != "pool1@example.com" || m.Occurrences[0].Start != b.StartTime {
				t.Errorf("stored: %+v", m)
			}
			// Both pool hosts are busy at 4pm now: a third move there names the next free slot.
			e.scheduleAs("UANA", "schedule tomorrow 1pm class c")
			e.command("UANA", testChannel, "move class c to 4:15pm")
			e.one("the busy answer", and(privateTo("UANA"), contains("All 2 hosts are busy")))
		})
	}
}
