package bot

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zoombot/zoombot/bot/slacktest"
	"github.com/zoombot/zoombot/storage"
	"github.com/zoombot/zoombot/zoom/zoomtest"
)

// zoomSigns makes the fake Zoom sign its webhooks with the bot's secret. Its
// events are recorded, not sent: a test delivers them, in the order and as
// often as it likes, with deliverZoom.
func zoomSigns(e *testEnv) { e.zoom.WebhookSecret = testWebhookSecret }

// deliverZoom delivers a recorded event to replica r, signed now as Zoom
// signs each attempt, and returns the status.
func (e *testEnv) deliverZoom(r *replica, body []byte) int {
	e.t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/zoom/webhook", strings.NewReader(string(body)))
	req.Header = e.zoom.SignWebhook(body)
	w := httptest.NewRecorder()
	r.bot.ZoomWebhookHandler(testWebhookSecret).ServeHTTP(w, req)
	return w.Code
}

// sitting is one meeting instance played on the fake Zoom.
type sitting struct {
	joins   []string // names; "ana" joins as the host, by e-mail
	minutes int
	summary zoomtest.Summary
}

// play runs a sitting of meeting id on the fake Zoom: start, joins, end
// after s.minutes, and minutes later the recording and the summary. The
// webhooks it caused are returned in the order Zoom sent them.
func (e *testEnv) play(id int64, s sitting) []zoomtest.Webhook {
	e.t.Helper()
	before := len(e.zoom.Webhooks())
	must := func(err error) {
		e.t.Helper()
		if err != nil {
			e.t.Fatal(err)
		}
	}
	must(e.zoom.StartMeeting(id))
	for _, name := range s.joins {
		email := ""
		if name == "ana" {
			email = "ana@example.com"
		}
		_, err := e.zoom.JoinMeeting(id, name, email)
		must(err)
	}
	e.clock.Advance(time.Duration(s.minutes) * time.Minute)
	must(e.zoom.EndMeeting(id))
	e.clock.Advance(3 * time.Minute)
	_, err := e.zoom.CompleteRecording(id)
	must(err)
	_, err = e.zoom.CompleteSummary(id, s.summary)
	must(err)
	return e.zoom.Webhooks()[before:]
}

// unescaped is text(m) with the JSON escapes of <, > and & undone, as
// Slack shows them.
func unescaped(m slacktest.Message) string {
	return strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&").Replace(text(m))
}

// replies are the messages in the thread of post.
func (e *testEnv) replies(post slacktest.Message) []slacktest.Message {
	return e.find(func(m slacktest.Message) bool {
		return m.Kind == slacktest.KindPost && m.Channel == post.Channel && m.ThreadTS == post.TS
	})
}

// TestAfterMeetingEndToEnd is issue 14's "Done when": schedule a meeting,
// replay meeting.started, meeting.participant_joined ×3, meeting.ended,
// recording.completed and meeting.summary_completed, each delivered twice
// and out of order, to two replicas on one PostgreSQL database. The thread
// holds the recording button and the summary once each, and the post says
// "3 people joined".
func TestAfterMeetingEndToEnd(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts []func(*testEnv)
	}{
		{"sqlite", nil},
		{"postgres, two replicas", []func(*testEnv){onPostgres, withReplicas(2)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newTestEnv(t, append([]func(*testEnv){zoomSigns}, tc.opts...)...)
			id, post := e.scheduled("schedule today 3:05pm standup with <@UKEN>")
			hooks := e.play(id, sitting{joins: []string{"ana", "Kenji Sato", "Gwen Guest"}, minutes: 42, summary: zoomtest.Summary{
				Overview:  "Ship it <!channel> & tell <@ULI> > everyone.",
				NextSteps: []string{"Ana sends the notes", "Ken books the demo"},
			}})
			var names []string
			for _, h := range hooks {
				names = append(names, h.Event)
			}
			if got := strings.Join(names, ","); got != "meeting.started,meeting.participant_joined,meeting.participant_joined,"+
				"meeting.participant_joined,meeting.ended,recording.completed,meeting.summary_completed" {
				t.Fatalf("Zoom sent %s", got)
			}
			rec := e.zoom.Instances(id)[0].Recording

			// Every delivery twice, shuffled, spread over the replicas, some
			// at the same moment.
			var bodies [][]byte
			for _, h := range hooks {
				bodies = append(bodies, h.Body, h.Body)
			}
			rng := rand.New(rand.NewPCG(14, 14))
			rng.Shuffle(len(bodies), func(i, j int) { bodies[i], bodies[j] = bodies[j], bodies[i] })
			var wg sync.WaitGroup
			for i, b := range bodies {
				r := e.reps[i%len(e.reps)]
				wg.Go(func() {
					if code := e.deliverZoom(r, b); code != http.StatusOK {
						t.Errorf("delivery answered %d", code)
					}
				})
				if i%3 == 2 {
					wg.Wait()
				}
			}
			wg.Wait()
			e.waitAll()

			cur := e.current(post)
			if !strings.Contains(cur, "Ended · lasted 42 min · 3 people joined") {
				t.Errorf("the post does not say who came: %s\nlogs:\n%s", cur, e.logs)
			}
			thread := e.replies(post)
			recs := e.find(and(contains("Recording ready"), func(m slacktest.Message) bool { return m.ThreadTS == post.TS }))
			sums := e.find(and(contains("AI Companion summary"), func(m slacktest.Message) bool { return m.ThreadTS == post.TS }))
			if len(recs) != 1 || len(sums) != 1 {
				t.Fatalf("thread: %d recording replies, %d summaries, want 1 each:%s\nlogs:\n%s", len(recs), len(sums), dump(thread), e.logs)
			}
			if r := unescaped(recs[0]); !strings.Contains(r, rec.ShareURL) || !strings.Contains(r, `"action_id":"recording"`) ||
				!strings.Contains(r, "Passcode "+escape(rec.Password)) || !strings.Contains(r, "Length 42 min") || !strings.Contains(r, "<!date^") {
				t.Errorf("recording reply: %s", r)
			}
			s := unescaped(sums[0])
			if !strings.Contains(s, "Ship it &lt;!channel&gt; &amp; tell &lt;@ULI&gt; &gt; everyone.") || strings.Contains(s, "<!channel>") ||
				!strings.Contains(s, "• Ana sends the notes") || !strings.Contains(s, "• Ken books the demo") {
				t.Errorf("summary reply: %s", s)
			}
			if n := len(e.find(and(dmTo("UANA"), contains("recording of *standup* is ready")))); n != 1 {
				t.Errorf("%d recording DMs to the host, want 1", n)
			}
			assertRecordingOnlyWhereAllowed(t, e, post, rec.ShareURL)
			for _, m := range e.slack.Messages() { // counts only: no names, no e-mails
				if !m.DM && (strings.Contains(text(m), "Gwen") || strings.Contains(text(m), "Kenji") || strings.Contains(text(m), "ana@example.com")) {
					t.Errorf("a participant's name or e-mail in %s: %s", m.Channel, text(m))
				}
			}
			if home, ok := e.slack.HomeView("UANA"); !ok || !strings.Contains(string(home.JSON), rec.ShareURL) {
				t.Errorf("the host's App Home lacks the recording")
			}
			for _, r := range e.reps {
				reqs, err := r.db.RequestsInState(e.ctx(), storage.RequestReceived)
				if err != nil || len(reqs) != 0 {
					t.Errorf("unfinished requests: %+v %v", reqs, err)
				}
			}
		})
	}
}

// assertRecordingOnlyWhereAllowed: a recording link may be in the meeting's
// thread, the host's DM and the host's App Home, and nowhere else.
func assertRecordingOnlyWhereAllowed(t *testing.T, e *testEnv, post slacktest.Message, link string) {
	t.Helper()
	for _, m := range e.slack.Messages() {
		if !strings.Contains(text(m), link) {
			continue
		}
		inThread := m.Kind == slacktest.KindPost && m.Channel == post.Channel && m.ThreadTS == post.TS
		hostDM := m.Kind == slacktest.KindPost && m.DM && m.User == "UANA"
		if !inThread && !hostDM {
			t.Errorf("the recording link is in a %s to %s/%s (thread %q)", m.Kind, m.Channel, m.User, m.ThreadTS)
		}
	}
	for _, v := range e.slack.Views() {
		if strings.Contains(string(v.JSON), link) && (v.Kind != "publish" || v.UserID != "UANA") {
			t.Errorf("the recording link is in a %s view of %s", v.Kind, v.UserID)
		}
	}
}

// TestRecurringMeetingRecordingPerOccurrence: the second meeting of a
// series gets its own recording in the same thread, under its own date.
func TestRecurringMeetingRecordingPerOccurrence(t *testing.T) {
	e := newTestEnv(t, zoomSigns)
	id, post := e.scheduled("schedule every monday 10am standup")
	var starts []time.Time
	for week := range 2 {
		e.clock.Advance(time.Duration(week) * 7 * 24 * time.Hour)
		starts = append(starts, e.clock.Now())
		for _, h := range e.play(id, sitting{joins: []string{"ana", "Ken"}, minutes: 15 + week}) {
			if code := e.deliverZoom(e.reps[0], h.Body); code != http.StatusOK {
				t.Fatalf("%s answered %d", h.Event, code)
			}
			e.waitAll()
		}
	}
	ins := e.zoom.Instances(id)
	if len(ins) != 2 || ins[0].UUID == ins[1].UUID {
		t.Fatalf("instances %+v", ins)
	}
	recs := e.find(and(contains("Recording ready"), func(m slacktest.Message) bool { return m.ThreadTS == post.TS }))
	if len(recs) != 2 {
		t.Fatalf("%d recording replies, want one per meeting:%s", len(recs), dump(e.replies(post)))
	}
	for i, r := range recs {
		if !strings.Contains(unescaped(r), fmt.Sprintf("<!date^%d^", starts[i].Unix())) || !strings.Contains(text(r), ins[i].Recording.ShareURL) {
			t.Errorf("recording %d is not under its meeting's date %v: %s", i, starts[i], unescaped(r))
		}
	}
	if n := len(e.find(and(contains("AI Companion summary"), func(m slacktest.Message) bool { return m.ThreadTS == post.TS }))); n != 2 {
		t.Errorf("%d summaries, want 2", n)
	}
	if cur := e.current(post); !strings.Contains(cur, "The last meeting ended · lasted 16 min · 2 people joined") {
		t.Errorf("the post: %s", cur)
	}
}

// TestAfterMeetingWebhooksRefuseBadSignatures: the new events are verified
// like the others: a wrong secret, a changed body or a stale timestamp is
// refused and nothing is posted.
func TestAfterMeetingWebhooksRefuseBadSignatures(t *testing.T) {
	e := newTestEnv(t, zoomSigns)
	id, post := e.scheduled("schedule today 3:05pm standup")
	hooks := e.play(id, sitting{joins: []string{"ana"}, minutes: 10})
	for _, h := range hooks {
		for name, req := range map[string]*http.Request{
			"other secret":  webhookRequest(string(h.Body), e.clock.Now(), "wrong-secret"),
			"changed body":  tampered(e, h.Body),
			"7 minutes old": webhookRequest(string(h.Body), e.clock.Now().Add(-7*time.Minute), testWebhookSecret),
		} {
			if w := e.deliver(req); w.Code != http.StatusUnauthorized {
				t.Errorf("%s, %s: status %d", h.Event, name, w.Code)
			}
		}
	}
	if n := len(e.replies(post)); n != 0 {
		t.Errorf("%d thread replies after refused deliveries", n)
	}
	if m, _ := e.db.GetMeeting(e.ctx(), id); m.Status != storage.StatusScheduled {
		t.Errorf("a refused delivery changed the meeting: %s", m.Status)
	}
}

func tampered(e *testEnv, body []byte) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/zoom/webhook", strings.NewReader(strings.Replace(string(body), `"standup"`, `"standup!"`, 1)+" "))
	r.Header = e.zoom.SignWebhook(body)
	return r
}
