package zoomtest_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zoombot/zoombot/zoom/zoomtest"
)

// t0 is the fixed "now" of most tests: a Wednesday in winter.
var t0 = time.Date(2026, 1, 14, 9, 0, 0, 0, time.UTC)

// clock is a settable clock for Server.Now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock(t time.Time) *clock { return &clock{t: t} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// harness is a running fake plus a valid access token.
type harness struct {
	t     *testing.T
	s     *zoomtest.Server
	url   string
	clock *clock
	token string
}

// start serves s (with a fixed clock unless s.Now is set) and fetches a token.
func start(t *testing.T, s *zoomtest.Server) *harness {
	t.Helper()
	h := &harness{t: t, s: s}
	if s.Now == nil {
		h.clock = newClock(t0)
		s.Now = h.clock.Now
	}
	hs := httptest.NewServer(s)
	t.Cleanup(hs.Close)
	h.url = hs.URL
	h.token = h.fetchToken()
	return h
}

func (h *harness) fetchToken() string {
	h.t.Helper()
	req, _ := http.NewRequest("POST", h.url+"/oauth/token?grant_type=account_credentials&account_id=acc", nil)
	req.SetBasicAuth("id", "secret")
	if h.s.ClientID != "" {
		req.SetBasicAuth(h.s.ClientID, h.s.ClientSecret)
	}
	if h.s.AccountID != "" {
		req.URL.RawQuery = "grant_type=account_credentials&account_id=" + h.s.AccountID
	}
	resp := send(h.t, req)
	if resp.status != 200 {
		h.t.Fatalf("token: %d %s", resp.status, resp.raw)
	}
	return resp.json["access_token"].(string)
}

// result is a decoded answer.
type result struct {
	status int
	header http.Header
	raw    []byte
	json   map[string]any
}

func (r result) code() int {
	c, _ := r.json["code"].(float64)
	return int(c)
}

func send(t *testing.T, req *http.Request) result {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	r := result{status: resp.StatusCode, header: resp.Header, raw: raw}
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &r.json); err != nil {
			t.Fatalf("%s %s: body is not a JSON object: %q", req.Method, req.URL, raw)
		}
	}
	return r
}

// do calls the API with the harness token. body may be nil, a string (sent
// as is) or a value to encode.
func (h *harness) do(method, path string, body any) result {
	h.t.Helper()
	return h.doToken(h.token, method, path, body)
}

func (h *harness) doToken(token, method, path string, body any) result {
	h.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		buf, err := json.Marshal(b)
		if err != nil {
			h.t.Fatal(err)
		}
		rd = bytes.NewReader(buf)
	}
	req, err := http.NewRequest(method, h.url+"/v2"+path, rd)
	if err != nil {
		h.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return send(h.t, req)
}

// wantError checks a Zoom error answer.
func wantError(t *testing.T, r result, status, code int) {
	t.Helper()
	if r.status != status || r.code() != code {
		t.Fatalf("got %d code %d (%s), want %d code %d", r.status, r.code(), r.raw, status, code)
	}
}

// host adds a user and returns its id.
func (h *harness) host(email string) string {
	return h.s.AddUser(zoomtest.User{Email: email, FirstName: "Ada", LastName: "L", Type: 1, CustCreated: true}).ID
}

// createMeeting creates a meeting and returns its id; it fails the test
// unless Zoom answers 201.
func (h *harness) createMeeting(hostID string, body map[string]any) int64 {
	h.t.Helper()
	r := h.do("POST", "/users/"+hostID+"/meetings", body)
	if r.status != 201 {
		h.t.Fatalf("create: %d %s", r.status, r.raw)
	}
	return int64(r.json["id"].(float64))
}

func scheduled(topic string, start time.Time) map[string]any {
	return map[string]any{"topic": topic, "type": 2, "start_time": start.UTC().Format("2006-01-02T15:04:05Z"), "duration": 30}
}
