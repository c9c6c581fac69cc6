package bot

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/zoombot/zoombot/storage"
	"github.com/zoombot/zoombot/zoom"
)

func TestWebhookUpdatedTopicFollows(t *testing.T) {
	e := newTestEnv(t)
	zm, post := e.scheduleAs("UANA", "schedule tomorrow 3pm standup with <@UKEN>")
	e.zoomHook("meeting.updated", map[string]any{"id": fmt.Sprint(zm.ID), "topic": "Daily <!channel> sync"})
	m, _ := e.db.GetMeeting(e.ctx(), zm.ID)
	if m.Topic != "Daily <!channel> sync" || !m.Moved.From.IsZero() {
		t.Fatalf("stored topic %q moved %+v", m.Topic, m.Moved)
	}
	cur := e.current(post)
	if !strings.Contains(cur, "Daily \\u0026lt;!channel\\u0026gt; sync") || strings.Contains(cur, "<!channel>") {
		t.Errorf("post after a topic change in Zoom: %s", cur)
	}
	e.one("the invitee's DM", and(dmTo("UKEN"), contains("It was called *standup*")))
	e.one("the host's note", and(dmTo("UANA"), contains("changed in Zoom")))
	updates := e.slack.CountCalls("chat.update")
	e.zoomHook("meeting.updated", map[string]any{"id": fmt.Sprint(zm.ID), "topic": "Daily <!channel> sync"}) // the same again
	if n := e.slack.CountCalls("chat.update"); n != updates {
		t.Errorf("an unchanged topic made %d chat.update calls", n-updates)
	}
}

func TestWebhookUpdatedSeriesTimesFollow(t *testing.T) {
	e := newTestEnv(t)
	zm, post := e.scheduleAs("UANA", "schedule every monday 10am standup x4 with <@UKEN>")
	// In the Zoom app, the host moves the series to Wednesdays at 9.
	start := time.Date(2026, 12, 2, 9, 0, 0, 0, newYork)
	rule := &zoom.Recurrence{Type: zoom.RecurWeekly, WeeklyDays: "4", EndTimes: 3}
	if err := e.bot.zoom.UpdateMeeting(e.ctx(), zm.ID, "", &zoom.MeetingRequest{StartTime: start, Timezone: "America/New_York", Recurrence: rule}); err != nil {
		t.Fatal(err)
	}
	e.zoomHook("meeting.updated", map[string]any{"id": fmt.Sprint(zm.ID), "start_time": start.UTC().Format(time.RFC3339),
		"recurrence": map[string]any{"type": 2, "weekly_days": "4", "end_times": 3}})
	m, _ := e.db.GetMeeting(e.ctx(), zm.ID)
	if len(m.Occurrences) != 3 || !m.Occurrences[0].Start.Equal(start) || !strings.Contains(recurrenceText(m), "every Wednesday, 3 times") {
		t.Fatalf("stored series: %+v %s", m.Occurrences, m.Recurrence)
	}
	if !m.Moved.From.Equal(zm.Occurrences[0].StartTime) || m.Moved.By != "" {
		t.Errorf("moved %+v", m.Moved)
	}
	cur := e.current(post)
	if !strings.Contains(cur, "Repeats every Wednesday") || !strings.Contains(cur, "in Zoom") {
		t.Errorf("post: %s", cur)
	}
	e.one("the invitee's DM", and(dmTo("UKEN"), contains("moved *standup*")))

	// One meeting of it moved in Zoom.
	occ := m.Occurrences[1]
	if err := e.bot.zoom.UpdateMeeting(e.ctx(), zm.ID, occ.OccurrenceID, &zoom.MeetingRequest{StartTime: occ.Start.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(time.Second)
	e.zoomHook("meeting.updated", map[string]any{"id": fmt.Sprint(zm.ID), "occurrences": []any{map[string]any{"occurrence_id": occ.OccurrenceID}}})
	m, _ = e.db.GetMeeting(e.ctx(), zm.ID)
	if !m.Occurrences[1].Start.Equal(occ.Start.Add(time.Hour)) || m.Moved.OccurrenceID != occ.OccurrenceID {
		t.Errorf("one occurrence: %+v moved %+v", m.Occurrences[1], m.Moved)
	}
	if !strings.Contains(e.current(post), "meeting moved to") {
		t.Errorf("post: %s", e.current(post))
	}
}

// TestWebhookEchoOfAChangeUnderWayWaits: the meeting.updated Zoom sends for
// the bot's own PATCH can arrive before the bot recorded it; it is
// answered 500, and Zoom's retry, after the change, finds nothing new.
func TestWebhookEchoOfAChangeUnderWayWaits(t *testing.T) {
	e := newTestEnv(t)
	zm, _ := e.scheduleAs("UANA", "schedule tomorrow 3pm standup")
	begin := func(state storage.RequestState) {
		if _, _, err := e.db.BeginRequest(e.ctx(), &storage.Request{Key: "cmd:inflight", Kind: kindMove, State: state, MeetingID: zm.ID}); err != nil {
			t.Fatal(err)
		}
	}
	begin(storage.RequestZoomPending)
	newStart := zm.StartTime.Add(time.Hour)
	body, _ := json.Marshal(map[string]any{"event": "meeting.updated", "event_ts": e.clock.Now().UnixMilli(),
		"payload": map[string]any{"object": map[string]any{"id": fmt.Sprint(zm.ID), "start_time": newStart.Format(time.RFC3339)}}})
	if w := e.deliver(webhookRequest(string(body), e.clock.Now(), testWebhookSecret)); w.Code != http.StatusInternalServerError {
		t.Fatalf("echo during a change: status %d, want 500", w.Code)
	}
	if m, _ := e.db.GetMeeting(e.ctx(), zm.ID); !m.Start.Equal(zm.StartTime) {
		t.Fatal("the echo was applied while the change was under way")
	}
	if err := e.db.ChangeMeeting(e.ctx(), zm.ID, storage.MeetingChange{Start: newStart, Moved: storage.Move{From: zm.StartTime, By: "UANA"}}); err != nil {
		t.Fatal(err)
	}
	if err := e.db.SetRequestState(e.ctx(), "cmd:inflight", storage.RequestAnnounced, 0, ""); err != nil {
		t.Fatal(err)
	}
	updates := e.slack.CountCalls("chat.update")
	if w := e.deliver(webhookRequest(string(body), e.clock.Now(), testWebhookSecret)); w.Code != http.StatusOK {
		t.Fatalf("Zoom's retry: status %d", w.Code)
	}
	if m, _ := e.db.GetMeeting(e.ctx(), zm.ID); m.Moved.By != "UANA" || e.slack.CountCalls("chat.update") != updates {
		t.Errorf("the retried echo changed something: %+v", m.Moved)
	}
}
