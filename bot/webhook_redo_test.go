package bot

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/zoombot/zoombot/storage"
	"github.com/zoombot/zoombot/zoom"
)

// crashAfterApplying plays a replica that recorded a Zoom delivery and
// changed the store, as its handler does before answering Zoom, then died
// before telling Slack: the request is left unfinished, leased to the dead
// replica.
func (e *testEnv) crashAfterApplying(event string, object map[string]any) {
	e.t.Helper()
	body, err := json.Marshal(map[string]any{"event": event, "event_ts": e.clock.Now().UnixMilli(),
		"payload": map[string]any{"account_id": "a", "object": object}})
	if err != nil {
		e.t.Fatal(err)
	}
	var ev zoomEvent
	if err := json.Unmarshal(body, &ev); err != nil {
		e.t.Fatal(err)
	}
	_, fresh, err := e.db.BeginRequest(e.ctx(), &storage.Request{Key: ev.requestKey(), Kind: webhookKind + ev.Event,
		Owner: "dead-replica", LeaseUntil: e.clock.Now().Add(e.bot.cfg.LeaseTTL), Payload: ev.stored()})
	if err != nil || !fresh {
		e.t.Fatalf("begin request: fresh %v, %v", fresh, err)
	}
	if _, err := e.bot.applyZoomEvent(e.ctx(), &ev); err != nil {
		e.t.Fatalf("apply %s: %v", event, err)
	}
}

// TestResumedDeliveryTellsSlack: a replica died between changing the store
// for a Zoom event and telling Slack. The replica that resumes it finds the
// store already changed, and must still update the post and send the DMs,
// once.
func TestResumedDeliveryTellsSlack(t *testing.T) {
	tests := []struct {
		name     string
		schedule string
		event    func(e *testEnv, id int64) (string, map[string]any)
		post     string // in the channel post after the resume
		dmTo     string // a DM the resume sends, once
		dm       string
	}{{
		name:     "started",
		schedule: "schedule tomorrow 3pm standup",
		event: func(e *testEnv, id int64) (string, map[string]any) {
			return "meeting.started", map[string]any{"id": fmt.Sprint(id), "start_time": e.clock.Now().UTC().Format(time.RFC3339)}
		},
		post: "Live now",
	}, {
		name:     "ended",
		schedule: "schedule tomorrow 3pm standup",
		event: func(e *testEnv, id int64) (string, map[string]any) {
			start := e.clock.Now().UTC()
			return "meeting.ended", map[string]any{"id": fmt.Sprint(id),
				"start_time": start.Format(time.RFC3339), "end_time": start.Add(25 * time.Minute).Format(time.RFC3339)}
		},
		post: "Ended · lasted 25 min",
	}, {
		name:     "deleted",
		schedule: "schedule tomorrow 3pm standup",
		event: func(e *testEnv, id int64) (string, map[string]any) {
			return "meeting.deleted", map[string]any{"id": fmt.Sprint(id)}
		},
		post: "Cancelled",
		dmTo: "UANA", dm: "*standup* (",
	}, {
		name:     "deleted occurrence",
		schedule: "schedule every monday 10am standup",
		event: func(e *testEnv, id int64) (string, map[string]any) {
			m, _ := e.db.GetMeeting(e.ctx(), id)
			return "meeting.deleted", map[string]any{"id": id, "occurrences": []map[string]any{
				{"occurrence_id": m.Occurrences[0].OccurrenceID, "status": "deleted"}}}
		},
		dmTo: "UANA", dm: "The rest of the series stays",
	}, {
		name:     "updated",
		schedule: "schedule tomorrow 3pm standup with <@UKEN>",
		event: func(e *testEnv, id int64) (string, map[string]any) {
			return "meeting.updated", map[string]any{"id": fmt.Sprint(id), "topic": "Planning",
				"start_time": time.Date(2026, 12, 1, 16, 0, 0, 0, newYork).UTC().Format(time.RFC3339), "duration": 45}
		},
		post: "45 min",
		dmTo: "UKEN", dm: "It was called *standup*",
	}, {
		name:     "updated series",
		schedule: "schedule every monday 10am standup x4 with <@UKEN>",
		event: func(e *testEnv, id int64) (string, map[string]any) {
			start := time.Date(2026, 12, 2, 9, 0, 0, 0, newYork)
			rule := &zoom.Recurrence{Type: zoom.RecurWeekly, WeeklyDays: "4", EndTimes: 3}
			if err := e.bot.zoom.UpdateMeeting(e.ctx(), id, "", &zoom.MeetingRequest{StartTime: start, Timezone: "America/New_York", Recurrence: rule}); err != nil {
				e.t.Fatal(err)
			}
			return "meeting.updated", map[string]any{"id": fmt.Sprint(id), "start_time": start.UTC().Format(time.RFC3339),
				"recurrence": map[string]any{"type": 2, "weekly_days": "4", "end_times": 3}}
		},
		post: "Repeats every Wednesday",
		dmTo: "UKEN", dm: "moved *standup*",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newTestEnv(t)
			id, post := e.scheduled(tt.schedule)
			e.crashAfterApplying(tt.event(e, id))
			if tt.post != "" && strings.Contains(e.current(post), tt.post) {
				t.Fatalf("the post shows %q before the resume: the crash is not played", tt.post)
			}
			e.resumeLapsed()
			if cur := e.current(post); tt.post != "" && !strings.Contains(cur, tt.post) {
				t.Errorf("post after the resume lacks %q: %s\nlogs:\n%s", tt.post, cur, e.logs)
			}
			if tt.dmTo != "" {
				e.one("the DM", and(dmTo(tt.dmTo), contains(tt.dm)))
			}
			e.resumeLapsed() // done: nothing is sent again
			if tt.dmTo != "" {
				e.one("the DM after another resume", and(dmTo(tt.dmTo), contains(tt.dm)))
			}
			if pending, _ := e.db.RequestsInState(e.ctx(), storage.RequestReceived); len(pending) != 0 {
				t.Errorf("still unfinished: %+v", pending)
			}
		})
	}
}

// TestResumedEchoOfOwnCancelIsQuiet: the resumed delivery of Zoom's echo of
// a cancellation made in Slack tells the host nothing.
func TestResumedEchoOfOwnCancelIsQuiet(t *testing.T) {
	e := newTestEnv(t)
	id, _ := e.scheduled("schedule tomorrow 3pm standup")
	e.command("UANA", testChannel, "cancel "+FormatMeetingID(id))
	e.crashAfterApplying("meeting.deleted", map[string]any{"id": fmt.Sprint(id)})
	e.resumeLapsed()
	if got := e.find(and(dmTo("UANA"), contains("cancelled in Zoom"))); len(got) != 0 {
		t.Errorf("the host was told about their own cancellation: %s", dump(got))
	}
}
