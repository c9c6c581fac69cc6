package bot

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zoombot/zoombot/bot/slacktest"
	"github.com/zoombot/zoombot/storage"
)

// testWebhookSecret is the secret of zoom-api.md §6's test vectors.
const testWebhookSecret = "zoom-test-secret"

func setClock(c *fakeClock, t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }

// webhookRequest builds a POST signed as Zoom signs it, at ts.
func webhookRequest(body string, ts time.Time, secret string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/zoom/webhook", strings.NewReader(body))
	stamp := strconv.FormatInt(ts.Unix(), 10)
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("x-zm-request-timestamp", stamp)
	r.Header.Set("x-zm-signature", zoomSignature([]byte(secret), stamp, []byte(body)))
	return r
}

// deliver sends r to the bot's webhook handler and waits for the Slack work
// it started.
func (e *testEnv) deliver(r *http.Request) *httptest.ResponseRecorder {
	e.t.Helper()
	w := httptest.NewRecorder()
	e.bot.ZoomWebhookHandler(testWebhookSecret).ServeHTTP(w, r)
	e.bot.Wait()
	return w
}

// zoomHook delivers a signed event about a meeting and expects a 200.
func (e *testEnv) zoomHook(event string, object map[string]any) {
	e.t.Helper()
	body, err := json.Marshal(map[string]any{
		"event": event, "event_ts": e.clock.Now().UnixMilli(),
		"payload": map[string]any{"account_id": "a", "operator": "ana@example.com", "object": object},
	})
	if err != nil {
		e.t.Fatal(err)
	}
	if w := e.deliver(webhookRequest(string(body), e.clock.Now(), testWebhookSecret)); w.Code != http.StatusOK {
		e.t.Fatalf("%s: status %d %s\nlogs:\n%s", event, w.Code, w.Body, e.logs)
	}
}

// scheduled schedules a meeting as UANA in the test channel and returns its
// id and channel post.
func (e *testEnv) scheduled(text string) (int64, slacktest.Message) {
	e.t.Helper()
	e.command("UANA", testChannel, text)
	zm := e.zoom.Meetings()
	if len(zm) != 1 {
		e.t.Fatalf("want one Zoom meeting, got %d\nlogs:\n%s", len(zm), e.logs)
	}
	return zm[0].ID, e.one("the post", postIn(testChannel))
}

func (e *testEnv) current(post slacktest.Message) string {
	e.t.Helper()
	cur, ok := e.slack.MessageAt(post.Channel, post.TS)
	if !ok {
		e.t.Fatalf("no message at %s/%s", post.Channel, post.TS)
	}
	return text(cur)
}

func TestZoomSignatureVector(t *testing.T) {
	// zoom-api.md §6, computed with secret zoom-test-secret.
	body := `{"event":"meeting.ended","event_ts":1739923528000,"payload":{"account_id":"acc1","object":{"id":"85746065123","uuid":"4444AAAiAAAAAiAiAiiAii==","host_id":"h1","topic":"Standup","type":2}}}`
	want := "v0=4d3816809c1155265980fbe81afd866af2f6cda4265ebf8f6f1b8a649346fcca"
	if got := zoomSignature([]byte(testWebhookSecret), "1739923528", []byte(body)); got != want {
		t.Errorf("signature = %s, want %s", got, want)
	}
}

func TestWebhookSignatureChecks(t *testing.T) {
	e := newTestEnv(t)
	vector := `{"event":"meeting.ended","event_ts":1739923528000,"payload":{"account_id":"acc1","object":{"id":"85746065123","uuid":"4444AAAiAAAAAiAiAiiAii==","host_id":"h1","topic":"Standup","type":2}}}`
	at := time.Unix(1739923528, 0)
	setClock(e.clock, at)
	tests := []struct {
		name string
		req  func() *http.Request
		want int
	}{
		{"good: the reference vector", func() *http.Request {
			r := webhookRequest(vector, at, testWebhookSecret)
			if got := r.Header.Get("x-zm-signature"); got != "v0=4d3816809c1155265980fbe81afd866af2f6cda4265ebf8f6f1b8a649346fcca" {
				t.Fatalf("test request signed %s", got)
			}
			return r
		}, http.StatusOK},
		{"bad: other secret", func() *http.Request { return webhookRequest(vector, at, "wrong-secret") }, http.StatusUnauthorized},
		{"bad: body changed after signing", func() *http.Request {
			signed := webhookRequest(vector, at, testWebhookSecret)
			r := httptest.NewRequest(http.MethodPost, "/zoom/webhook", strings.NewReader(strings.Replace(vector, "Standup", "Standup!", 1)))
			r.Header = signed.Header
			return r
		}, http.StatusUnauthorized},
		{"bad: upper-case hex", func() *http.Request {
			r := webhookRequest(vector, at, testWebhookSecret)
			r.Header.Set("x-zm-signature", strings.ToUpper(r.Header.Get("x-zm-signature")))
			return r
		}, http.StatusUnauthorized},
		{"stale: 6 minutes old", func() *http.Request { return webhookRequest(vector, at.Add(-6*time.Minute), testWebhookSecret) }, http.StatusUnauthorized},
		{"stale: 6 minutes ahead", func() *http.Request { return webhookRequest(vector, at.Add(6*time.Minute), testWebhookSecret) }, http.StatusUnauthorized},
		{"within the window: 4 minutes old", func() *http.Request { return webhookRequest(vector, at.Add(-4*time.Minute), testWebhookSecret) }, http.StatusOK},
		{"missing signature", func() *http.Request {
			r := webhookRequest(vector, at, testWebhookSecret)
			r.Header.Del("x-zm-signature")
			return r
		}, http.StatusUnauthorized},
		{"missing timestamp", func() *http.Request {
			r := webhookRequest(vector, at, testWebhookSecret)
			r.Header.Del("x-zm-request-timestamp")
			return r
		}, http.StatusUnauthorized},
		{"body over 64 KiB", func() *http.Request {
			return webhookRequest(`{"event":"x","pad":"`+strings.Repeat("a", 70<<10)+`"}`, at, testWebhookSecret)
		}, http.StatusRequestEntityTooLarge},
		{"signed but not JSON", func() *http.Request { return webhookRequest("not json", at, testWebhookSecret) }, http.StatusBadRequest},
		{"GET", func() *http.Request { return httptest.NewRequest(http.MethodGet, "/zoom/webhook", nil) }, http.StatusMethodNotAllowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if w := e.deliver(tt.req()); w.Code != tt.want {
				t.Errorf("status %d, want %d (%s)", w.Code, tt.want, strings.TrimSpace(w.Body.String()))
			}
		})
	}
	// The vector's meeting is not ours: ignored, with a debug line and no Slack call.
	if !strings.Contains(e.logs.String(), "unknown meeting ignored") {
		t.Errorf("no debug log for the unknown meeting:\n%s", e.logs)
	}
	if n := e.slack.CountCalls("chat.update") + e.slack.CountCalls("chat.postMessage"); n != 0 {
		t.Errorf("%d Slack messages for an unknown meeting", n)
	}
}

func TestWebhookURLValidation(t *testing.T) {
	b := New(nil, nil, nil, Config{Now: func() time.Time { return testNow }})
	body := `{"payload":{"plainToken":"qgg8vlvZRS6UYooatFL8Aw"},"event_ts":1654503849680,"event":"endpoint.url_validation"}`
	w := httptest.NewRecorder()
	b.ZoomWebhookHandler(testWebhookSecret).ServeHTTP(w, webhookRequest(body, testNow, testWebhookSecret))
	var got map[string]string
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil || w.Code != http.StatusOK {
		t.Fatalf("status %d body %s: %v", w.Code, w.Body, err)
	}
	want := map[string]string{"plainToken": "qgg8vlvZRS6UYooatFL8Aw", "encryptedToken": "ae7c940e5051b2a17c1c49f4818fff9a88e210f5d820ff3c862635e27c93a4d9"}
	if got["plainToken"] != want["plainToken"] || got["encryptedToken"] != want["encryptedToken"] || len(got) != 2 {
		t.Errorf("answer %v, want %v", got, want)
	}
	// An unsigned challenge is refused: answering it would sign any text.
	w = httptest.NewRecorder()
	b.ZoomWebhookHandler(testWebhookSecret).ServeHTTP(w, webhookRequest(body, testNow, "attacker"))
	if w.Code != http.StatusUnauthorized || strings.Contains(w.Body.String(), "encryptedToken") {
		t.Errorf("unsigned challenge: %d %s", w.Code, w.Body)
	}
}

func TestZoomIDDecoding(t *testing.T) {
	tests := []struct {
		json    string
		want    int64
		wantErr bool
	}{
		{`{"id":"85746065123"}`, 85746065123, false},
		{`{"id":85746065123}`, 85746065123, false},
		{`{"id":null}`, 0, false},
		{`{}`, 0, false},
		{`{"id":"abc"}`, 0, true},
		{`{"id":1.5}`, 0, true},
	}
	for _, tt := range tests {
		var o zoomEventMeeting
		err := json.Unmarshal([]byte(tt.json), &o)
		if (err != nil) != tt.wantErr || int64(o.ID) != tt.want {
			t.Errorf("%s: id %d err %v; want %d, error %v", tt.json, o.ID, err, tt.want, tt.wantErr)
		}
	}
}

func TestWebhookStartedThenEnded(t *testing.T) {
	e := newTestEnv(t)
	id, post := e.scheduled("schedule tomorrow 3pm standup")
	started := e.clock.Now().Add(-time.Minute).UTC()

	// Zoom's docs send the id as a string.
	e.zoomHook("meeting.started", map[string]any{"id": fmt.Sprint(id), "topic": "standup", "start_time": started.Format(time.RFC3339)})
	m, _ := e.db.GetMeeting(e.ctx(), id)
	if m.Status != storage.StatusStarted || !m.StartedAt.Equal(started) {
		t.Errorf("after started: %s at %v", m.Status, m.StartedAt)
	}
	if cur := e.current(post); !strings.Contains(cur, "Live now") || !strings.Contains(cur, `"action_id":"join"`) {
		t.Errorf("message after started: %s", cur)
	}

	// Some fixtures send a number; the ended event carries both times.
	e.clock.Advance(42 * time.Minute)
	ended := started.Add(42 * time.Minute)
	endedEvent := map[string]any{"id": id, "start_time": started.Format(time.RFC3339), "end_time": ended.Format(time.RFC3339)}
	e.zoomHook("meeting.ended", endedEvent)
	m, _ = e.db.GetMeeting(e.ctx(), id)
	if m.Status != storage.StatusEnded || !m.EndedAt.Equal(ended) {
		t.Errorf("after ended: %s at %v", m.Status, m.EndedAt)
	}
	cur := e.current(post)
	if !strings.Contains(cur, "Ended · lasted 42 min") || strings.Contains(cur, `"action_id":"join"`) {
		t.Errorf("message after ended: %s", cur)
	}

	// Duplicates (Zoom retries) and a late duplicate of started change nothing.
	updates := e.slack.CountCalls("chat.update")
	e.zoomHook("meeting.ended", endedEvent)
	e.zoomHook("meeting.started", map[string]any{"id": fmt.Sprint(id), "start_time": started.Format(time.RFC3339)})
	if n := e.slack.CountCalls("chat.update"); n != updates {
		t.Errorf("duplicates made %d more chat.update calls", n-updates)
	}
	if after := e.current(post); after != cur {
		t.Errorf("message changed on a duplicate: %s", after)
	}
}

func TestWebhookEndedWithoutStarted(t *testing.T) {
	e := newTestEnv(t)
	id, post := e.scheduled("schedule tomorrow 3pm standup")
	start := e.clock.Now().UTC()
	e.zoomHook("meeting.ended", map[string]any{"id": fmt.Sprint(id),
		"start_time": start.Format(time.RFC3339), "end_time": start.Add(25 * time.Minute).Format(time.RFC3339)})
	if cur := e.current(post); !strings.Contains(cur, "Ended · lasted 25 min") {
		t.Errorf("message: %s", cur)
	}
}

func TestWebhookDeletedCancelsAndTellsHost(t *testing.T) {
	e := newTestEnv(t)
	id, post := e.scheduled("schedule tomorrow 3pm standup")
	for range 2 { // the second is a duplicate delivery
		e.zoomHook("meeting.deleted", map[string]any{"id": fmt.Sprint(id), "topic": "standup"})
	}
	m, _ := e.db.GetMeeting(e.ctx(), id)
	if m.Status != storage.StatusCancelled || m.CancelledBy != "" {
		t.Errorf("stored: %s by %q", m.Status, m.CancelledBy)
	}
	if cur := e.current(post); !strings.Contains(cur, "Cancelled") || strings.Contains(cur, `"action_id":"join"`) {
		t.Errorf("message after deleted: %s", cur)
	}
	dm := e.one("the host's DM", and(dmTo("UANA"), contains("cancelled in Zoom")))
	if !strings.Contains(dm.Text, "*standup*") {
		t.Errorf("DM: %s", dm.Text)
	}
	if home, ok := e.slack.HomeView("UANA"); !ok || strings.Contains(string(home.JSON), fmt.Sprintf(`"m%d"`, id)) {
		t.Errorf("App Home still shows the meeting (published %v)", ok)
	}
}

func TestWebhookDeletedAfterOurOwnCancelIsQuiet(t *testing.T) {
	e := newTestEnv(t)
	id, _ := e.scheduled("schedule tomorrow 3pm standup")
	e.command("UANA", testChannel, "cancel "+FormatMeetingID(id))
	e.zoomHook("meeting.deleted", map[string]any{"id": fmt.Sprint(id)}) // Zoom's echo
	if got := e.find(and(dmTo("UANA"), contains("cancelled in Zoom"))); len(got) != 0 {
		t.Errorf("the host was told about their own cancellation: %s", dump(got))
	}
	if m, _ := e.db.GetMeeting(e.ctx(), id); m.CancelledBy != "UANA" {
		t.Errorf("cancelled by %q, want UANA", m.CancelledBy)
	}
}

func TestWebhookDeletedOccurrence(t *testing.T) {
	e := newTestEnv(t)
	id, post := e.scheduled("schedule every monday 10am standup")
	m, _ := e.db.GetMeeting(e.ctx(), id)
	first := m.Occurrences[0]
	before := e.current(post)
	e.zoomHook("meeting.deleted", map[string]any{"id": id, "occurrences": []map[string]any{
		{"occurrence_id": first.OccurrenceID, "start_time": first.Start.Format(time.RFC3339), "status": "deleted"},
	}})
	m, _ = e.db.GetMeeting(e.ctx(), id)
	if m.Status != storage.StatusScheduled || m.Occurrences[0].Status != storage.StatusCancelled || m.Occurrences[1].Status != storage.StatusScheduled {
		t.Errorf("series %s, occurrences %s, %s", m.Status, m.Occurrences[0].Status, m.Occurrences[1].Status)
	}
	dm := e.one("the host's DM", and(dmTo("UANA"), contains("cancelled in Zoom")))
	if !strings.Contains(dm.Text, "rest of the series") || !strings.Contains(dm.Text, fmt.Sprint(first.Start.Unix())) {
		t.Errorf("DM: %s", dm.Text)
	}
	if after := e.current(post); after != before {
		t.Errorf("the series' message changed: %s", after)
	}
}

func TestWebhookUpdatedMovesMeetingAndReminder(t *testing.T) {
	e := newTestEnv(t)
	id, post := e.scheduled("schedule in 30 minutes standup")
	e.clock.Advance(21 * time.Minute)
	if err := e.bot.SendDueReminders(e.ctx()); err != nil {
		t.Fatal(err)
	}
	reminders := func() int {
		return len(e.find(func(m slacktest.Message) bool { return m.ThreadTS != "" && strings.Contains(m.Text, "starts in") }))
	}
	if reminders() != 1 {
		t.Fatalf("want the first reminder, got %d", reminders())
	}

	newStart := e.clock.Now().Add(2 * time.Hour).UTC()
	moved := map[string]any{"id": fmt.Sprint(id), "start_time": newStart.Format(time.RFC3339), "duration": 45, "timezone": "America/New_York"}
	e.zoomHook("meeting.updated", moved)
	m, _ := e.db.GetMeeting(e.ctx(), id)
	if !m.Start.Equal(newStart) || m.Duration != 45*time.Minute || !m.Occurrences[0].ReminderSentAt.IsZero() {
		t.Errorf("stored: start %v duration %v reminded %v", m.Start, m.Duration, m.Occurrences[0].ReminderSentAt)
	}
	if cur := e.current(post); !strings.Contains(cur, fmt.Sprintf("<!date^%d^", newStart.Unix())) || !strings.Contains(cur, "45 min") {
		t.Errorf("message after the move: %s", cur)
	}
	if home, _ := e.slack.HomeView("UANA"); !strings.Contains(string(home.JSON), fmt.Sprint(newStart.Unix())) {
		t.Errorf("App Home not refreshed: %s", home.JSON)
	}
	updates := e.slack.CountCalls("chat.update")
	e.zoomHook("meeting.updated", moved) // duplicate
	if n := e.slack.CountCalls("chat.update"); n != updates {
		t.Errorf("a duplicate update made %d chat.update calls", n-updates)
	}

	e.clock.Advance(2*time.Hour - 9*time.Minute)
	if err := e.bot.SendDueReminders(e.ctx()); err != nil {
		t.Fatal(err)
	}
	if reminders() != 2 {
		t.Errorf("the reminder did not follow the new time: %d reminders", reminders())
	}
}

func TestWebhookUnfollowedEventsAnswer200(t *testing.T) {
	e := newTestEnv(t)
	id, post := e.scheduled("schedule tomorrow 3pm standup")
	before := e.current(post)
	e.zoomHook("meeting.participant_joined", map[string]any{"id": fmt.Sprint(id)})
	e.zoomHook("meeting.updated", map[string]any{"id": fmt.Sprint(id), "topic": "standup"}) // the topic it has
	e.zoomHook("meeting.started", map[string]any{"id": "99999999999"})                      // not ours
	if after := e.current(post); after != before {
		t.Errorf("message changed: %s", after)
	}
}

// TestWebhookDeliveredToTwoReplicasIsAppliedOnce: Zoom's retry of a
// delivery (or a load balancer's copy) reaches another replica while the
// first is still at it; the host is told once.
func TestWebhookDeliveredToTwoReplicasIsAppliedOnce(t *testing.T) {
	e := newTestEnv(t, onPostgres, withReplicas(2))
	id, _ := e.scheduled("schedule tomorrow 3pm standup")
	body, _ := json.Marshal(map[string]any{
		"event": "meeting.deleted", "event_ts": e.clock.Now().UnixMilli(),
		"payload": map[string]any{"account_id": "a", "operator": "ana@example.com", "object": map[string]any{"id": fmt.Sprint(id)}},
	})
	var wg sync.WaitGroup
	for _, r := range e.reps {
		wg.Go(func() {
			w := httptest.NewRecorder()
			r.bot.ZoomWebhookHandler(testWebhookSecret).ServeHTTP(w, webhookRequest(string(body), e.clock.Now(), testWebhookSecret))
			if w.Code != http.StatusOK {
				t.Errorf("status %d", w.Code)
			}
		})
	}
	wg.Wait()
	e.waitAll()
	if n := len(e.find(and(dmTo("UANA"), contains("was cancelled in Zoom")))); n != 1 {
		t.Fatalf("%d host DMs for one deletion delivered to two replicas, want 1", n)
	}
	// However the two interleave: even a replica that read the meeting
	// before the other's write (here: the meeting looks scheduled again)
	// does not apply the same delivery twice.
	if err := e.db.SetMeetingStatus(e.ctx(), id, storage.StatusScheduled, ""); err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	e.reps[1].bot.ZoomWebhookHandler(testWebhookSecret).ServeHTTP(w, webhookRequest(string(body), e.clock.Now(), testWebhookSecret))
	e.waitAll()
	if n := len(e.find(and(dmTo("UANA"), contains("was cancelled in Zoom")))); n != 1 || w.Code != http.StatusOK {
		t.Fatalf("a repeated delivery: status %d, %d host DMs, want 200 and still 1", w.Code, n)
	}
}
