package zoomtest_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/zoombot/zoombot/internal/specs"
	"github.com/zoombot/zoombot/zoom"
	"github.com/zoombot/zoombot/zoom/zoomtest"
)

// receiver is a webhook endpoint that checks each delivery's signature as
// the bot does and keeps the bodies.
type receiver struct {
	t      *testing.T
	secret string
	clock  *clock
	mu     sync.Mutex
	events []string
	bodies [][]byte
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	ts, sig := r.Header.Get("x-zm-request-timestamp"), r.Header.Get("x-zm-signature")
	mac := hmac.New(sha256.New, []byte(rc.secret))
	fmt.Fprintf(mac, "v0:%s:%s", ts, body)
	if want := "v0=" + hex.EncodeToString(mac.Sum(nil)); sig != want {
		rc.t.Errorf("signature %q, want %q", sig, want)
	}
	if secs, _ := strconv.ParseInt(ts, 10, 64); secs != rc.clock.Now().Unix() {
		rc.t.Errorf("timestamp %s, want the send time %d", ts, rc.clock.Now().Unix())
	}
	if r.Header.Get("x-zm-request-id") == "" || r.Header.Get("User-Agent") != "Zoom Marketplace/1.0a" || r.Method != http.MethodPost {
		rc.t.Errorf("delivery %s with headers %v", r.Method, r.Header)
	}
	var ev struct{ Event string }
	json.Unmarshal(body, &ev)
	rc.mu.Lock()
	rc.events = append(rc.events, ev.Event)
	rc.bodies = append(rc.bodies, body)
	rc.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}

// TestSignWebhookVector signs zoom-api.md §6's test vector.
func TestSignWebhookVector(t *testing.T) {
	s := &zoomtest.Server{WebhookSecret: "zoom-test-secret", Now: func() time.Time { return time.Unix(1739923528, 0) }}
	body := `{"event":"meeting.ended","event_ts":1739923528000,"payload":{"account_id":"acc1","object":{"id":"85746065123","uuid":"4444AAAiAAAAAiAiAiiAii==","host_id":"h1","topic":"Standup","type":2}}}`
	h := s.SignWebhook([]byte(body))
	if h.Get("x-zm-request-timestamp") != "1739923528" || h.Get("x-zm-signature") != "v0=4d3816809c1155265980fbe81afd866af2f6cda4265ebf8f6f1b8a649346fcca" {
		t.Errorf("headers %v", h)
	}
}

// TestMeetingLifeSendsSignedEvents plays a meeting's life and checks each
// webhook: signed as Zoom signs, in order, and shaped like Zoom's events
// (validated against zoom-after-meeting.openapi.json).
func TestMeetingLifeSendsSignedEvents(t *testing.T) {
	c := newClock(t0)
	rc := &receiver{t: t, secret: "whsec", clock: c}
	hook := httptest.NewServer(rc)
	defer hook.Close()
	s := &zoomtest.Server{Now: c.Now, WebhookURL: hook.URL, WebhookSecret: "whsec"}
	h := start(t, s)
	host := h.host("host@bot.example.com")
	id := h.createMeeting(host, scheduled("standup", t0.Add(time.Hour)))

	if _, err := s.JoinMeeting(id, "Early", ""); err == nil {
		t.Error("joined a meeting that had not started")
	}
	if err := s.StartMeeting(id); err != nil {
		t.Fatal(err)
	}
	s.StartMeeting(id) // already running: no second instance
	for _, p := range []struct{ name, email string }{{"Ada", "host@bot.example.com"}, {"Bo", "bo@example.com"}, {"Guest", ""}} {
		if _, err := s.JoinMeeting(id, p.name, p.email); err != nil {
			t.Fatal(err)
		}
	}
	c.Advance(42 * time.Minute)
	if err := s.EndMeeting(id); err != nil {
		t.Fatal(err)
	}
	c.Advance(5 * time.Minute)
	rec, err := s.CompleteRecording(id)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := s.CompleteSummary(id, zoomtest.Summary{})
	if err != nil {
		t.Fatal(err)
	}

	want := []string{"meeting.started", "meeting.participant_joined", "meeting.participant_joined", "meeting.participant_joined",
		"meeting.ended", "recording.completed", "meeting.summary_completed"}
	if strings.Join(rc.events, ",") != strings.Join(want, ",") {
		t.Fatalf("events %v, want %v", rc.events, want)
	}
	ins := s.Instances(id)
	if len(ins) != 1 || len(ins[0].Participants) != 3 || ins[0].End.Sub(ins[0].Start) != 42*time.Minute ||
		ins[0].Participants[0].ID != host || ins[0].Participants[1].ID != "" || ins[0].Recording.ShareURL != rec.ShareURL || ins[0].Summary.Title != sum.Title {
		t.Errorf("instance %+v", ins)
	}
	if m, _ := s.Meeting(id); m.UUID == ins[0].UUID {
		t.Error("the meeting kept its ended instance's UUID; the next instance needs a new one")
	}
	for _, w := range s.Webhooks() {
		if w.Status != http.StatusOK || w.Err != nil {
			t.Errorf("%s delivered with %d %v", w.Event, w.Status, w.Err)
		}
	}
	checkEventSchemas(t, rc.bodies)

	var recEv struct {
		DownloadToken string `json:"download_token"`
		Payload       struct {
			Object struct {
				ID       int64  `json:"id"`
				UUID     string `json:"uuid"`
				ShareURL string `json:"share_url"`
				Password string `json:"password"`
				Duration int    `json:"duration"`
			} `json:"object"`
		} `json:"payload"`
	}
	json.Unmarshal(rc.bodies[5], &recEv)
	if o := recEv.Payload.Object; o.ID != id || o.UUID != ins[0].UUID || o.ShareURL != rec.ShareURL || o.Password != rec.Password || o.Duration != 42 || recEv.DownloadToken == "" {
		t.Errorf("recording.completed %s", rc.bodies[5])
	}
}

// checkEventSchemas validates each event body against its schema in
// zoom-after-meeting.openapi.json.
func checkEventSchemas(t *testing.T, bodies [][]byte) {
	t.Helper()
	doc := loadSpec(t, specs.ZoomAfterMeeting).doc
	names := map[string]string{
		"meeting.started": "MeetingStartedEvent", "meeting.ended": "MeetingEndedEvent",
		"meeting.participant_joined": "MeetingParticipantJoinedEvent", "recording.completed": "RecordingCompletedEvent",
		"meeting.summary_completed": "MeetingSummaryCompletedEvent",
	}
	for _, b := range bodies {
		var v map[string]any
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatal(err)
		}
		name := names[fmt.Sprint(v["event"])]
		ref := doc.Components.Schemas[name]
		if ref == nil {
			t.Errorf("no schema for %s", v["event"])
			continue
		}
		if err := ref.Value.VisitJSON(v, eventSchemaOptions...); err != nil {
			t.Errorf("%s does not match %s: %v\n%s", v["event"], name, err, b)
		}
	}
}

// eventSchemaOptions accept Zoom's date-times, as the contract checker does.
var eventSchemaOptions = []openapi3.SchemaValidationOption{
	openapi3.MultiErrors(), openapi3.WithStringFormatValidator("date-time", zoomDateTime),
}

// TestEventSchemasCatchViolations shows the schema check can fail.
func TestEventSchemasCatchViolations(t *testing.T) {
	doc := loadSpec(t, specs.ZoomAfterMeeting).doc
	bad := map[string]any{"event": "recording.completed", "event_ts": 1, "download_token": "x",
		"payload": map[string]any{"account_id": "a", "object": map[string]any{"id": "85746065123"}}}
	if err := doc.Components.Schemas["RecordingCompletedEvent"].Value.VisitJSON(bad, eventSchemaOptions...); err == nil {
		t.Error("a recording.completed without its fields, id as a string, passed")
	}
}

// TestSummaryAndParticipantsRoutes drives the new routes with package
// zoom's client through the contract checker.
func TestSummaryAndParticipantsRoutes(t *testing.T) {
	c := newClock(t0)
	s := &zoomtest.Server{AccountID: "acc", ClientID: "cid", ClientSecret: "sec", Now: c.Now, PastParticipantsLag: time.Minute}
	checker := newChecker(t, s)
	hs := httptest.NewServer(checker)
	defer hs.Close()
	client, err := zoom.NewClient(zoom.Config{
		BaseURL: hs.URL + "/v2", MaxRetries: -1,
		Auth: zoom.NewS2STokenSource(zoom.S2SConfig{AccountID: "acc", ClientID: "cid", ClientSecret: "sec", TokenURL: hs.URL + "/oauth/token"}),
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	host := s.AddUser(zoomtest.User{Email: "host@bot.example.com", FirstName: "Ada"})
	m, err := client.CreateMeeting(ctx, host.ID, &zoom.MeetingRequest{Topic: "retro", StartTime: t0.Add(time.Hour), Duration: 30})
	if err != nil {
		t.Fatal(err)
	}
	s.StartMeeting(m.ID)
	for i := range 35 { // more than one page of 30
		s.JoinMeeting(m.ID, fmt.Sprint("Person ", i%33), fmt.Sprintf("p%d@example.com", i%33))
	}
	uuid := s.Instances(m.ID)[0].UUID
	if _, err := client.ListPastParticipants(ctx, uuid); !zoom.IsNotFound(err) {
		t.Errorf("participants of a running meeting: %v", err)
	}
	c.Advance(30 * time.Minute)
	s.EndMeeting(m.ID)
	if _, err := client.ListPastParticipants(ctx, uuid); !zoom.IsNotFound(err) {
		t.Errorf("participants before PastParticipantsLag: %v", err)
	}
	c.Advance(time.Minute)
	ps, err := client.ListPastParticipants(ctx, uuid)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, p := range ps {
		seen[p.Key()] = true
	}
	if len(ps) != 35 || len(seen) != 33 {
		t.Errorf("%d joins of %d people, want 35 of 33", len(ps), len(seen))
	}
	if _, err := client.GetMeetingSummary(ctx, uuid); !zoom.IsNotFound(err) {
		t.Errorf("summary before it exists: %v", err)
	}
	s.CompleteSummary(m.ID, zoomtest.Summary{Overview: "We shipped.", NextSteps: []string{"Rest"}})
	sum, err := client.GetMeetingSummary(ctx, uuid)
	if err != nil || sum.SummaryOverview != "We shipped." || sum.NextSteps[0] != "Rest" || sum.MeetingID != m.ID || sum.SummaryDocURL == "" {
		t.Errorf("summary %+v, %v", sum, err)
	}
	// By meeting id: its latest ended instance.
	if sum, err := client.GetMeetingSummary(ctx, strconv.FormatInt(m.ID, 10)); err != nil || sum.MeetingUUID != uuid {
		t.Errorf("summary by meeting id %+v, %v", sum, err)
	}
	checker.assertClean(t, []string{"after-meeting GET /meetings/{meetingId}/meeting_summary", "meetings GET /past_meetings/{meetingId}/participants"})
}

func TestInstanceUUIDEncodingAndScopes(t *testing.T) {
	s := &zoomtest.Server{WithoutScopes: []string{"meeting_summary:read:admin", "meeting:read:summary:admin"}}
	h := start(t, s)
	host := h.host("host@bot.example.com")
	id := h.createMeeting(host, scheduled("standup", t0.Add(time.Hour)))
	s.StartMeeting(id)
	s.EndMeeting(id)
	uuid := s.Instances(id)[0].UUID
	s.CompleteSummary(id, zoomtest.Summary{})
	wantError(t, h.do("GET", "/meetings/"+url.PathEscape(uuid)+"/meeting_summary", nil), 400, 4711)
	// A UUID with a leading slash must come double encoded.
	odd := "/" + uuid
	for _, tt := range []struct {
		seg    string
		status int
	}{{url.PathEscape(odd), 404}, {url.PathEscape(url.PathEscape(odd)), 404}} {
		r := h.do("GET", "/past_meetings/"+tt.seg+"/participants", nil)
		if r.status != tt.status {
			t.Errorf("%s: %d %s", tt.seg, r.status, r.raw)
		}
		if tt.seg == url.PathEscape(odd) && r.code() != 404 {
			t.Errorf("single-encoded %s answered %s, want the unknown-route 404", tt.seg, r.raw)
		}
		if tt.seg != url.PathEscape(odd) && r.code() != 3001 {
			t.Errorf("double-encoded %s answered %s, want 3001 for an unknown instance", tt.seg, r.raw)
		}
	}
}
