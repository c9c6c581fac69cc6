package zoomtest_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/zoombot/zoombot/internal/specs"
	"github.com/zoombot/zoombot/zoom"
	"github.com/zoombot/zoombot/zoom/zoomtest"
)

// contractChecker is middleware that validates every API request and
// response against Zoom's OpenAPI specs and records each violation. User
// routes are checked against both the meeting spec and the 2026 users spec.
type contractChecker struct {
	next                   http.Handler
	meetings, users, after *loadedSpec

	mu         sync.Mutex
	violations []string
	checked    map[string]int // "spec-name METHOD /path/template" -> calls validated
}

func newChecker(t *testing.T, next http.Handler) *contractChecker {
	return &contractChecker{
		next:     next,
		meetings: loadSpec(t, specs.ZoomMeetings),
		users:    loadSpec(t, specs.ZoomUsers),
		after:    loadSpec(t, specs.ZoomAfterMeeting),
		checked:  map[string]int{},
	}
}

var filterOptions = &openapi3filter.Options{
	// The fake checks tokens itself; the spec's OAuth scheme is not the
	// subject here.
	AuthenticationFunc:  openapi3filter.NoopAuthenticationFunc,
	MultiError:          true,
	SkipSettingDefaults: true,
	SchemaValidationOptions: []openapi3.SchemaValidationOption{
		openapi3.WithStringFormatValidator("date-time", zoomDateTime),
	},
}

func isUserRoute(path string) bool {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	return len(segs) >= 2 && len(segs) <= 3 && segs[0] == "v2" && segs[1] == "users"
}

func (c *contractChecker) record(format string, args ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.violations = append(c.violations, fmt.Sprintf(format, args...))
}

func (c *contractChecker) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/oauth/token" { // not part of the REST API specs
		c.next.ServeHTTP(w, r)
		return
	}
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))

	specs := []struct {
		name string
		spec *loadedSpec
	}{{"meetings", c.meetings}}
	if strings.HasSuffix(r.URL.Path, "/meeting_summary") { // newer than the 2023 document
		specs[0].name, specs[0].spec = "after-meeting", c.after
	}
	if isUserRoute(r.URL.Path) {
		specs = append(specs, struct {
			name string
			spec *loadedSpec
		}{"users-2026", c.users})
	}
	var inputs []*openapi3filter.RequestValidationInput
	var names []string
	for _, s := range specs {
		// The specs' server is https://api.zoom.us/v2; present the call
		// as made there.
		req := r.Clone(r.Context())
		req.URL, _ = url.Parse("https://api.zoom.us" + r.URL.RequestURI())
		req.Body = io.NopCloser(bytes.NewReader(body))
		route, params, err := s.spec.router.FindRoute(req)
		if err != nil {
			c.record("%s: no spec route for %s %s: %v", s.name, r.Method, r.URL.Path, err)
			continue
		}
		in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: filterOptions}
		if err := openapi3filter.ValidateRequest(r.Context(), in); err != nil {
			c.record("%s: request %s %s: %v", s.name, r.Method, r.URL.RequestURI(), err)
		}
		inputs = append(inputs, in)
		names = append(names, s.name)
	}

	rec := httptest.NewRecorder()
	c.next.ServeHTTP(rec, r)

	for i, in := range inputs {
		out := &openapi3filter.ResponseValidationInput{
			RequestValidationInput: in, Status: rec.Code, Header: rec.Header(), Options: filterOptions,
		}
		out.SetBodyBytes(rec.Body.Bytes())
		if err := openapi3filter.ValidateResponse(r.Context(), out); err != nil {
			c.record("%s: response %d to %s %s: %v", names[i], rec.Code, r.Method, r.URL.Path, err)
		}
		c.mu.Lock()
		c.checked[fmt.Sprintf("%s %s %s", names[i], in.Route.Method, in.Route.Path)]++
		c.mu.Unlock()
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	w.Write(rec.Body.Bytes())
}

func (c *contractChecker) Violations() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.violations)
}

func (c *contractChecker) Checked() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := map[string]int{}
	for k, v := range c.checked {
		out[k] = v
	}
	return out
}

// assertClean fails the test on any violation and unless every wanted
// operation was validated at least once.
func (c *contractChecker) assertClean(t *testing.T, want []string) {
	t.Helper()
	for _, v := range c.Violations() {
		t.Error(v)
	}
	checked := c.Checked()
	t.Logf("validated operations: %v", checked)
	for _, op := range want {
		if checked[op] == 0 {
			t.Errorf("operation %q was never validated", op)
		}
	}
}

var allOperations = []string{
	"meetings POST /users", "users-2026 POST /users",
	"meetings GET /users/{userId}", "users-2026 GET /users/{userId}",
	"meetings POST /users/{userId}/meetings", "meetings GET /users/{userId}/meetings",
	"meetings GET /meetings/{meetingId}", "meetings PATCH /meetings/{meetingId}",
	"meetings DELETE /meetings/{meetingId}",
}

// TestContractRealClient drives the fake with package zoom's client through
// the checker: every request the client sends and every answer the fake
// gives must match Zoom's spec.
func TestContractRealClient(t *testing.T) {
	s := &zoomtest.Server{AccountID: "acc", ClientID: "cid", ClientSecret: "sec", Now: newClock(t0).Now}
	checker := newChecker(t, s)
	hs := httptest.NewServer(checker)
	defer hs.Close()
	client, err := zoom.NewClient(zoom.Config{
		BaseURL: hs.URL + "/v2",
		Auth: zoom.NewS2STokenSource(zoom.S2SConfig{
			AccountID: "acc", ClientID: "cid", ClientSecret: "sec", TokenURL: hs.URL + "/oauth/token",
		}),
		MaxRetries: 1, Backoff: time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	yes := true

	u, err := client.CreateUser(ctx, zoom.ActionCustCreate, zoom.UserInfo{Email: "ada@bot.example.com", Type: zoom.UserBasic, FirstName: "Ada", LastName: "Lovelace"})
	must(err)
	_, err = client.GetUser(ctx, u.ID)
	must(err)
	byEmail, err := client.GetUser(ctx, "ADA@bot.example.com")
	must(err)
	if byEmail.ID != u.ID {
		t.Errorf("GetUser by email: %+v", byEmail)
	}
	if _, err := client.CreateUser(ctx, zoom.ActionCustCreate, zoom.UserInfo{Email: "Ada@bot.example.com", Type: zoom.UserBasic}); !zoom.IsEmailTaken(err) {
		t.Errorf("duplicate user: %v", err)
	}
	if _, err := client.GetUser(ctx, "ghost@bot.example.com"); !zoom.IsNotFound(err) {
		t.Errorf("unknown user: %v", err)
	}

	berlin, _ := time.LoadLocation("Europe/Berlin")
	scheduled, err := client.CreateMeeting(ctx, u.ID, &zoom.MeetingRequest{
		Topic: "standup", Type: zoom.MeetingScheduled, StartTime: t0.Add(24 * time.Hour), Duration: 30,
		Timezone: "Europe/Berlin", DefaultPassword: true, Agenda: "daily",
		Settings: &zoom.Settings{WaitingRoom: &yes, MeetingInvitees: []zoom.Invitee{{Email: "bo@bot.example.com"}}},
	})
	must(err)
	local, err := client.CreateMeeting(ctx, u.Email, &zoom.MeetingRequest{
		Topic: "local", StartTime: time.Date(2026, 1, 20, 15, 0, 0, 0, berlin), StartTimeLocal: true,
		Timezone: "Europe/Berlin", Duration: 45, Password: "a1@_*-",
	})
	must(err)
	if !local.StartTime.Equal(time.Date(2026, 1, 20, 14, 0, 0, 0, time.UTC)) {
		t.Errorf("local start read back as %v", local.StartTime)
	}
	recurring, err := client.CreateMeeting(ctx, u.ID, &zoom.MeetingRequest{
		Topic: "weekly", Type: zoom.MeetingRecurring, StartTime: t0.Add(48 * time.Hour), Duration: 60, Timezone: "UTC",
		Recurrence: &zoom.Recurrence{Type: zoom.RecurWeekly, WeeklyDays: "2,4", EndTimes: 4},
	})
	must(err)
	if len(recurring.Occurrences) != 4 {
		t.Fatalf("recurring occurrences %+v", recurring.Occurrences)
	}
	_, err = client.CreateMeeting(ctx, u.ID, &zoom.MeetingRequest{Topic: "now", Type: zoom.MeetingInstant})
	must(err)
	if _, err := client.CreateMeeting(ctx, u.ID, &zoom.MeetingRequest{Topic: strings.Repeat("x", 201), StartTime: t0.Add(time.Hour)}); zoom.ErrorCode(err) != 300 {
		t.Errorf("topic too long: %v", err)
	}

	got, err := client.GetMeeting(ctx, scheduled.ID)
	must(err)
	if got.StartURL == scheduled.StartURL || got.JoinURL != scheduled.JoinURL {
		t.Errorf("GetMeeting: start_url not fresh or join_url changed")
	}
	must(client.UpdateMeeting(ctx, scheduled.ID, "", &zoom.MeetingRequest{Topic: "renamed", Duration: 15}))
	if m, _ := s.Meeting(scheduled.ID); m.Topic != "renamed" || m.Duration != 15 || !m.Settings.WaitingRoom {
		t.Errorf("after update %+v", m)
	}
	list, err := client.ListMeetings(ctx, u.ID, zoom.ListUpcoming)
	must(err)
	if len(list) != 3 {
		t.Errorf("upcoming list has %d meetings, want 3 (instant excluded)", len(list))
	}

	must(client.DeleteMeeting(ctx, recurring.ID, recurring.Occurrences[1].OccurrenceID))
	// One occurrence moves and keeps its id; the others stay.
	occ := recurring.Occurrences[2]
	moved := occ.StartTime.Add(26 * time.Hour)
	must(client.UpdateMeeting(ctx, recurring.ID, occ.OccurrenceID, &zoom.MeetingRequest{StartTime: moved, Duration: 45}))
	if m, _ := s.Meeting(recurring.ID); len(m.Occurrences) != 4 || m.Occurrences[2].ID != occ.OccurrenceID ||
		!m.Occurrences[2].StartTime.Equal(moved) || m.Occurrences[2].Duration != 45 || m.Occurrences[1].Duration != 60 {
		t.Errorf("after moving one occurrence %+v", m.Occurrences)
	}
	if err := client.UpdateMeeting(ctx, recurring.ID, occ.OccurrenceID, &zoom.MeetingRequest{Topic: "x"}); zoom.ErrorCode(err) != 300 {
		t.Errorf("a topic for one occurrence: %v", err)
	}
	// The whole series: a new start needs the recurrence with it.
	if err := client.UpdateMeeting(ctx, recurring.ID, "", &zoom.MeetingRequest{StartTime: t0.Add(72 * time.Hour)}); zoom.ErrorCode(err) != 300 {
		t.Errorf("a series start without its recurrence: %v", err)
	}
	must(client.UpdateMeeting(ctx, recurring.ID, "", &zoom.MeetingRequest{StartTime: t0.Add(73 * time.Hour), Timezone: "UTC",
		Recurrence: &zoom.Recurrence{Type: zoom.RecurWeekly, WeeklyDays: "2,4", EndTimes: 3}}))
	if m, _ := s.Meeting(recurring.ID); len(m.Occurrences) != 3 || m.Occurrences[0].StartTime.Hour() != t0.Add(73*time.Hour).Hour() {
		t.Errorf("after moving the series %+v", m.Occurrences)
	}
	// schedule_for hands the meeting to another host.
	other, err := client.CreateUser(ctx, zoom.ActionCustCreate, zoom.UserInfo{Email: "bo@bot.example.com", Type: zoom.UserBasic})
	must(err)
	must(client.UpdateMeeting(ctx, recurring.ID, "", &zoom.MeetingRequest{ScheduleFor: other.Email}))
	if m, _ := s.Meeting(recurring.ID); m.HostID != other.ID {
		t.Errorf("schedule_for did not change the host: %+v", m)
	}
	must(client.DeleteMeeting(ctx, scheduled.ID, ""))
	if _, err := client.GetMeeting(ctx, scheduled.ID); !zoom.IsNotFound(err) {
		t.Errorf("deleted meeting: %v", err)
	}
	must(s.StartMeeting(local.ID))
	if err := client.DeleteMeeting(ctx, local.ID, ""); zoom.ErrorCode(err) != 3002 {
		t.Errorf("delete started meeting: %v", err)
	}
	if err := client.UpdateMeeting(ctx, 12345678901, "", &zoom.MeetingRequest{Topic: "x"}); !zoom.IsNotFound(err) {
		t.Errorf("update unknown meeting: %v", err)
	}

	checker.assertClean(t, allOperations)
	for _, c := range s.Calls() {
		if c.TokenInURL {
			t.Errorf("token in URL: %s %s", c.Method, c.Path)
		}
		if c.Route == "" {
			t.Errorf("client called an unknown route: %s %s", c.Method, c.Path)
		}
	}
}

// TestContractFakeAnswers checks the fake's answers to raw requests the
// client does not make (paging, list filters, error paths).
func TestContractFakeAnswers(t *testing.T) {
	s := &zoomtest.Server{}
	checker := newChecker(t, s)
	h := startWith(t, s, checker)
	hostID := h.host("host@bot.example.com")
	id := h.createMeeting(hostID, map[string]any{"topic": "m", "type": 8, "start_time": "2026-02-01T10:00:00", "timezone": "Asia/Tokyo",
		"recurrence": map[string]any{"type": 3, "monthly_week": -1, "monthly_week_day": 2, "end_date_time": "2026-06-01T00:00:00Z"}})
	for i := range 4 {
		h.createMeeting(hostID, scheduled(fmt.Sprint(i), t0.Add(time.Duration(i+1)*time.Hour)))
	}
	h.do("GET", fmt.Sprint("/meetings/", id), nil)
	for _, q := range []string{"", "?type=live", "?type=previous_meetings", "?page_size=2"} {
		h.do("GET", "/users/"+hostID+"/meetings"+q, nil)
	}
	s.StartMeeting(id)
	h.do("DELETE", fmt.Sprint("/meetings/", id), nil)
	h.do("PATCH", fmt.Sprint("/meetings/", id), map[string]any{"topic": "x"})
	h.do("PUT", fmt.Sprintf("/meetings/%d/status", id), map[string]any{"action": "end"})
	h.do("GET", "/meetings/98765432109", nil)
	h.do("DELETE", "/meetings/98765432109", nil)
	h.do("POST", "/users", userBody("custCreate", "host@bot.example.com", 1, "A", "B"))
	h.do("POST", "/users", userBody("create", "new@bot.example.com", 2, "A", "B"))
	h.do("GET", "/users/new@bot.example.com", nil)
	checker.assertClean(t, []string{"meetings PUT /meetings/{meetingId}/status"})
}

// startWith is start with a handler in front of the server.
func startWith(t *testing.T, s *zoomtest.Server, front http.Handler) *harness {
	t.Helper()
	h := &harness{t: t, s: s, clock: newClock(t0)}
	s.Now = h.clock.Now
	hs := httptest.NewServer(front)
	t.Cleanup(hs.Close)
	h.url = hs.URL
	h.token = h.fetchToken()
	return h
}

// TestContractCatchesViolations shows the checker can fail: a response
// with the meeting id as a string and requests that break the spec are
// each reported.
func TestContractCatchesViolations(t *testing.T) {
	s := &zoomtest.Server{}
	breakID := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		if r.Method == "GET" && strings.HasPrefix(r.URL.Path, "/v2/meetings/") {
			id := strings.TrimPrefix(r.URL.Path, "/v2/meetings/")
			body = bytes.Replace(body, []byte(`"id":`+id), []byte(`"id":"`+id+`"`), 1)
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		w.Write(body)
	})
	checker := newChecker(t, breakID)
	h := startWith(t, s, checker)
	hostID := h.host("host@bot.example.com")
	id := h.createMeeting(hostID, scheduled("t", t0.Add(time.Hour)))
	if v := checker.Violations(); len(v) != 0 {
		t.Fatalf("violations before the broken call: %v", v)
	}

	tests := []struct {
		name, method, path string
		body               any
		want               string // substring of the violation
	}{
		{"id as string", "GET", fmt.Sprint("/meetings/", id), nil, "response 200"},
		{"type as string", "POST", "/users/" + hostID + "/meetings", `{"type":"2","start_time":"2026-02-01T10:00:00Z"}`, "request POST"},
		{"password too long", "POST", "/users/" + hostID + "/meetings", map[string]any{"password": "12345678901"}, "request POST"},
		{"meeting id not an integer", "GET", "/meetings/abc", nil, "request GET"},
		{"page_size over 300", "GET", "/users/" + hostID + "/meetings?page_size=301", nil, "request GET"},
		{"start_time not a date-time", "PATCH", fmt.Sprint("/meetings/", id), map[string]any{"start_time": "tomorrow"}, "request PATCH"},
		{"undocumented route", "GET", "/users/" + hostID + "/nonsense", nil, "no spec route"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(checker.Violations())
			h.do(tt.method, tt.path, tt.body)
			v := checker.Violations()[before:]
			if !slices.ContainsFunc(v, func(s string) bool { return strings.Contains(s, tt.want) }) {
				t.Errorf("violations %q, want one containing %q", v, tt.want)
			}
		})
	}
	if !strings.Contains(strings.Join(checker.Violations(), "\n"), `Error at "/id"`) {
		t.Errorf("the id-as-string violation does not name the field: %v", checker.Violations())
	}
}
