package bot

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/zoombot/zoombot/bot/slacktest"
	"github.com/zoombot/zoombot/storage"
	"github.com/zoombot/zoombot/zoom/zoomtest"
)

// deliverAll delivers hooks once each, in order, to the first replica.
func (e *testEnv) deliverAll(hooks []zoomtest.Webhook) {
	e.t.Helper()
	for _, h := range hooks {
		if code := e.deliverZoom(e.reps[0], h.Body); code != http.StatusOK {
			e.t.Fatalf("%s answered %d", h.Event, code)
		}
		e.waitAll()
	}
}

func inThread(post slacktest.Message) func(slacktest.Message) bool {
	return func(m slacktest.Message) bool { return m.Kind == slacktest.KindPost && m.ThreadTS == post.TS }
}

// resumeLapsed lets the leases of unfinished requests lapse and has the
// bot take them over, as any replica does on its upkeep tick.
func (e *testEnv) resumeLapsed() {
	e.t.Helper()
	e.clock.Advance(e.bot.cfg.LeaseTTL + time.Second)
	if err := e.bot.Recover(e.ctx()); err != nil {
		e.t.Fatal(err)
	}
	e.waitAll()
}

func TestSummaryCutToBlockKitLimits(t *testing.T) {
	e := newTestEnv(t, zoomSigns)
	id, post := e.scheduled("schedule today 3:05pm retro")
	var steps []string
	for i := range 400 {
		steps = append(steps, fmt.Sprintf("Step %d: <b>check</b> & report", i))
	}
	e.deliverAll(e.play(id, sitting{minutes: 30, summary: zoomtest.Summary{
		Overview: strings.Repeat("A long & <winding> road 🚗. ", 400), NextSteps: steps,
	}}))
	sum := e.one("the summary", and(inThread(post), contains("AI Companion summary")))
	s := unescaped(sum)
	if !strings.Contains(s, "…") || !strings.Contains(s, "Cut to fit Slack: <https://zoom.example.test/doc/") || !strings.Contains(s, "more") ||
		!strings.Contains(s, "• Step 0: &lt;b&gt;check&lt;/b&gt; &amp; report") {
		t.Errorf("a long summary was not cut with a link to the whole: %s", s)
	}
	// The fake Slack refuses blocks over Block Kit's limits; this one was
	// posted, so it fits.
	if strings.Contains(e.logs.String(), "invalid_blocks") {
		t.Errorf("Slack refused the summary:\n%s", e.logs)
	}
}

func TestSummaryWithoutScopeIsLoggedOnce(t *testing.T) {
	e := newTestEnv(t, zoomSigns, func(e *testEnv) {
		e.zoom.WithoutScopes = []string{"meeting_summary:read:admin", "meeting:read:summary:admin"}
	})
	id, post := e.scheduled("schedule every monday 10am standup")
	e.deliverAll(e.play(id, sitting{joins: []string{"ana"}, minutes: 20}))
	e.clock.Advance(7 * 24 * time.Hour)
	e.deliverAll(e.play(id, sitting{joins: []string{"ana"}, minutes: 20}))
	if n := len(e.find(and(inThread(post), contains("AI Companion summary")))); n != 0 {
		t.Errorf("%d summaries without the scope", n)
	}
	if n := len(e.find(and(inThread(post), contains("Recording ready")))); n != 2 {
		t.Errorf("%d recordings, want 2: the missing summary scope must not stop them", n)
	}
	if n := strings.Count(e.logs.String(), "AI Companion summaries are not posted"); n != 1 {
		t.Errorf("the missing scope was logged %d times, want once:\n%s", n, e.logs)
	}
	for _, r := range e.reps {
		if reqs, _ := r.db.RequestsInState(e.ctx(), storage.RequestReceived); len(reqs) != 0 {
			t.Errorf("a summary without its scope is retried: %+v", reqs)
		}
	}
}

func TestPostingCanBeTurnedOff(t *testing.T) {
	e := newTestEnv(t, zoomSigns, func(e *testEnv) { e.cfg.SkipRecordings, e.cfg.SkipSummaries = true, true })
	id, post := e.scheduled("schedule today 3:05pm standup")
	e.deliverAll(e.play(id, sitting{joins: []string{"ana", "Ken"}, minutes: 30}))
	if replies := e.replies(post); len(replies) != 0 {
		t.Errorf("posted with both turned off:%s", dump(replies))
	}
	if n := len(e.find(and(dmTo("UANA"), contains("recording")))); n != 0 {
		t.Errorf("%d recording DMs", n)
	}
	if e.zoomCalls(zoomtest.RouteMeetingSummary) != 0 {
		t.Error("the summary was fetched though summaries are off")
	}
	if cur := e.current(post); !strings.Contains(cur, "2 people joined") {
		t.Errorf("attendance is not a recording or a summary, it stays: %s", cur)
	}
}

// TestFollowUpsResumeAfterZoomTrouble: the summary fetch failing (Zoom 5xx
// past the client's retries) and the participant list not ready yet leave
// the delivery unfinished; once its lease lapses, the bot does it again.
func TestFollowUpsResumeAfterZoomTrouble(t *testing.T) {
	// play delivers 3 minutes after the end; Zoom has the list 20 s later.
	e := newTestEnv(t, zoomSigns, func(e *testEnv) { e.zoom.PastParticipantsLag = 3*time.Minute + 20*time.Second })
	id, post := e.scheduled("schedule today 3:05pm standup")
	hooks := e.play(id, sitting{joins: []string{"ana", "Ken", "Li"}, minutes: 42})
	e.zoom.FailNext(zoomtest.RouteMeetingSummary, 4, 503, 503, "Service Unavailable")
	e.deliverAll(hooks)
	if cur := e.current(post); strings.Contains(cur, "people joined") {
		t.Errorf("a count before Zoom had the list: %s", cur)
	}
	if n := len(e.find(and(inThread(post), contains("AI Companion summary")))); n != 0 {
		t.Fatalf("%d summaries while Zoom failed", n)
	}
	pending, _ := e.db.RequestsInState(e.ctx(), storage.RequestReceived)
	if len(pending) != 2 {
		t.Fatalf("unfinished requests %+v, want meeting.ended and meeting.summary_completed", pending)
	}
	e.resumeLapsed()
	if cur := e.current(post); !strings.Contains(cur, "3 people joined") {
		t.Errorf("after the retry: %s\nlogs:\n%s", cur, e.logs)
	}
	e.resumeLapsed() // nothing left: nothing more is posted
	if n := len(e.find(and(inThread(post), contains("AI Companion summary")))); n != 1 {
		t.Errorf("%d summaries after the retry, want 1", n)
	}
	if n := len(e.find(and(inThread(post), contains("Recording ready")))); n != 1 {
		t.Errorf("%d recordings, want 1", n)
	}
	if pending, _ := e.db.RequestsInState(e.ctx(), storage.RequestReceived); len(pending) != 0 {
		t.Errorf("still unfinished: %+v", pending)
	}
}

// TestFollowUpsStopTrying: a participant list Zoom still lacks ten minutes
// after the meeting is taken as none, and work failing for an hour is
// given up; neither is tried forever.
func TestFollowUpsStopTrying(t *testing.T) {
	e := newTestEnv(t, zoomSigns, func(e *testEnv) { e.zoom.PastParticipantsLag = 24 * time.Hour })
	id, post := e.scheduled("schedule today 3:05pm standup")
	hooks := e.play(id, sitting{joins: []string{"ana"}, minutes: 5})
	e.zoom.FailNext(zoomtest.RouteMeetingSummary, 1000, 503, 503, "Service Unavailable")
	e.deliverAll(hooks)
	if pending, _ := e.db.RequestsInState(e.ctx(), storage.RequestReceived); len(pending) != 2 {
		t.Fatalf("unfinished %+v, want meeting.ended and meeting.summary_completed", pending)
	}
	e.clock.Advance(attendanceWait)
	e.resumeLapsed()
	if pending, _ := e.db.RequestsInState(e.ctx(), storage.RequestReceived); len(pending) != 1 || !strings.Contains(pending[0].Key, "summary") {
		t.Errorf("after %v still unfinished: %+v", attendanceWait, pending)
	}
	if cur := e.current(post); strings.Contains(cur, "joined") {
		t.Errorf("a count without a list: %s", cur)
	}
	e.clock.Advance(webhookRetryFor)
	e.resumeLapsed()
	failed, _ := e.db.RequestsInState(e.ctx(), storage.RequestFailed)
	if len(failed) != 1 || !strings.Contains(failed[0].Error, "gave up") {
		t.Errorf("failed requests %+v", failed)
	}
}

func TestRecordingOfUnknownMeetingIgnored(t *testing.T) {
	e := newTestEnv(t, zoomSigns)
	id, post := e.scheduled("schedule today 3:05pm standup")
	hooks := e.play(id, sitting{minutes: 5})
	var rec zoomtest.Webhook
	for _, h := range hooks {
		if h.Event == "recording.completed" {
			rec = h
		}
	}
	other := strings.Replace(string(rec.Body), fmt.Sprintf(`"id":%d`, id), `"id":99999999999`, 1)
	if code := e.deliverZoom(e.reps[0], []byte(other)); code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	e.waitAll()
	if len(e.replies(post)) != 0 || len(e.find(contains("Recording ready"))) != 0 {
		t.Error("a recording of a meeting the bot does not know was posted")
	}
}

// TestAfterMeetingWithoutChannelPost: a meeting posted through a
// response_url has no message the bot can reply to; the host gets the
// recording and the summary by DM.
func TestAfterMeetingWithoutChannelPost(t *testing.T) {
	e := newTestEnv(t, zoomSigns)
	id, _ := e.scheduled("schedule today 3:05pm standup")
	if err := e.db.SetMessageRef(e.ctx(), id, "", ""); err != nil {
		t.Fatal(err)
	}
	e.deliverAll(e.play(id, sitting{joins: []string{"ana"}, minutes: 5}))
	if n := len(e.find(and(dmTo("UANA"), contains("recording of *standup* is ready")))); n != 1 {
		t.Errorf("%d recording DMs", n)
	}
	if n := len(e.find(and(dmTo("UANA"), contains("AI Companion summary")))); n != 1 {
		t.Errorf("%d summary DMs", n)
	}
	if n := len(e.find(func(m slacktest.Message) bool { return m.ThreadTS != "" })); n != 0 {
		t.Errorf("%d thread replies without a post", n)
	}
}
