package zoomtest_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/zoombot/zoombot/zoom"
	"github.com/zoombot/zoombot/zoom/zoomtest"
)

// newClient serves s and returns package zoom's client for it.
func newClient(tb testing.TB, s *zoomtest.Server) *zoom.Client {
	tb.Helper()
	hs := httptest.NewServer(s)
	tb.Cleanup(hs.Close)
	c, err := zoom.NewClient(zoom.Config{
		BaseURL:    hs.URL + "/v2",
		Auth:       zoom.NewS2STokenSource(zoom.S2SConfig{AccountID: "acc", ClientID: "cid", ClientSecret: "sec", TokenURL: hs.URL + "/oauth/token"}),
		Plan:       zoom.PlanUnlimited,
		MaxRetries: 2, Backoff: time.Millisecond, MaxRetryWait: 2 * time.Second, // FailNext 429s say Retry-After: 1
	})
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

func countRoute(s *zoomtest.Server, route string) int {
	n := 0
	for _, c := range s.Calls() {
		if c.Route == route {
			n++
		}
	}
	return n
}

// The hooks exist to drive the client's failure paths; these tests show
// each one reaches the client as Zoom's failure would.
func TestHooksThroughClient(t *testing.T) {
	ctx := context.Background()
	req := &zoom.MeetingRequest{Topic: "t", StartTime: t0.Add(time.Hour), Duration: 30}

	t.Run("dropped create: outcome unknown, meeting exists, no retry", func(t *testing.T) {
		s := &zoomtest.Server{Now: newClock(t0).Now}
		c := newClient(t, s)
		host := s.AddUser(zoomtest.User{Email: "h@bot.example.com"}).ID
		s.DropNext(zoomtest.RouteCreateMeeting, 1)
		_, err := c.CreateMeeting(ctx, host, req)
		if !errors.Is(err, zoom.ErrOutcomeUnknown) {
			t.Fatalf("err %v, want ErrOutcomeUnknown", err)
		}
		if n := len(s.Meetings()); n != 1 {
			t.Errorf("%d meetings, want the dropped one", n)
		}
		if n := countRoute(s, zoomtest.RouteCreateMeeting); n != 1 {
			t.Errorf("%d create calls, want 1 (no retry)", n)
		}
	})
	t.Run("per-second 429 on create is retried", func(t *testing.T) {
		s := &zoomtest.Server{Now: newClock(t0).Now}
		c := newClient(t, s)
		host := s.AddUser(zoomtest.User{Email: "h@bot.example.com"}).ID
		s.FailNext(zoomtest.RouteCreateMeeting, 1, 429, 429, "You have reached the maximum per-second rate limit for this API. Try again later.")
		if _, err := c.CreateMeeting(ctx, host, req); err != nil {
			t.Fatal(err)
		}
		if n := countRoute(s, zoomtest.RouteCreateMeeting); n != 2 || len(s.Meetings()) != 1 {
			t.Errorf("%d calls, %d meetings; want 2 and 1", n, len(s.Meetings()))
		}
	})
	t.Run("expired token: one refresh and retry", func(t *testing.T) {
		s := &zoomtest.Server{Now: newClock(t0).Now}
		c := newClient(t, s)
		host := s.AddUser(zoomtest.User{Email: "h@bot.example.com"}).ID
		if _, err := c.GetUser(ctx, host); err != nil {
			t.Fatal(err)
		}
		s.ExpireTokens()
		if _, err := c.GetUser(ctx, host); err != nil {
			t.Fatal(err)
		}
		if n := s.TokenRequests(); n != 2 {
			t.Errorf("%d token requests, want 2", n)
		}
	})
	t.Run("daily cap surfaces as its own error", func(t *testing.T) {
		s := &zoomtest.Server{Now: newClock(t0).Now, DailyMeetingCap: 1}
		c := newClient(t, s)
		host := s.AddUser(zoomtest.User{Email: "h@bot.example.com"}).ID
		if _, err := c.CreateMeeting(ctx, host, req); err != nil {
			t.Fatal(err)
		}
		if _, err := c.CreateMeeting(ctx, host, req); !zoom.IsDailyLimit(err) {
			t.Errorf("err %v, want a daily limit", err)
		}
	})
	t.Run("outage: GET retried, then fails", func(t *testing.T) {
		s := &zoomtest.Server{Now: newClock(t0).Now}
		c := newClient(t, s)
		host := s.AddUser(zoomtest.User{Email: "h@bot.example.com"}).ID
		s.SetDown(true)
		if _, err := c.GetUser(ctx, host); err == nil {
			t.Fatal("GetUser succeeded during an outage")
		}
		if n := countRoute(s, zoomtest.RouteGetUser); n < 2 {
			t.Errorf("%d GET calls, want retries", n)
		}
	})
}

// BenchmarkCreateMeeting is a create-meeting round trip through package
// zoom's client and the fake over loopback HTTP.
func BenchmarkCreateMeeting(b *testing.B) {
	s := &zoomtest.Server{DailyMeetingCap: -1}
	c := newClient(b, s)
	host := s.AddUser(zoomtest.User{Email: "h@bot.example.com"}).ID
	ctx := context.Background()
	req := &zoom.MeetingRequest{Topic: "bench", StartTime: time.Now().Add(time.Hour), Duration: 30, Timezone: "Europe/Berlin"}
	b.ResetTimer()
	for b.Loop() {
		if _, err := c.CreateMeeting(ctx, host, req); err != nil {
			b.Fatal(err)
		}
	}
}

// TestDeps keeps the fake free of the packages it must not import: its own
// client (a shared wire type would hide a wrong JSON tag on both sides),
// the bot, the store, and testing (the sandbox runs it in production code).
func TestDeps(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "github.com/zoombot/zoombot/zoom/zoomtest").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	bad := map[string]string{
		"github.com/zoombot/zoombot/zoom":    "own wire types",
		"github.com/zoombot/zoombot/bot":     "layering",
		"github.com/zoombot/zoombot/storage": "layering",
		"testing":                            "runs in the sandbox",
	}
	for _, dep := range strings.Fields(string(out)) {
		if why, ok := bad[dep]; ok {
			t.Errorf("zoomtest imports %s (%s)", dep, why)
		}
	}
}
