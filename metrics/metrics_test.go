package metrics

import (
	"errors"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/zoombot/zoombot/zoom"
)

func TestEachCallMovesItsFamily(t *testing.T) {
	tests := []struct {
		name   string
		do     func(m *Metrics)
		family string
		want   string // one exposition line that must appear
	}{
		{"command", func(m *Metrics) { m.CommandDone("schedule", "ok"); m.CommandDone("schedule", "ok") },
			Commands, `zoombot_commands_total{kind="schedule",outcome="ok"} 2`},
		{"ack", func(m *Metrics) { m.Acked("slash_commands", 300*time.Microsecond) },
			AckLatency, `zoombot_ack_latency_seconds_bucket{type="slash_commands",le="0.0005"} 1`},
		{"ack below smallest bucket", func(m *Metrics) { m.Acked("interactive", 50*time.Microsecond) },
			AckLatency, `zoombot_ack_latency_seconds_bucket{type="interactive",le="0.0001"} 1`},
		{"announce", func(m *Metrics) { m.Announced(1500 * time.Millisecond) },
			AnnounceLatency, `zoombot_announce_latency_seconds_bucket{le="1"} 0`},
		{"zoom call", func(m *Metrics) {
			m.ZoomCall(zoom.CallInfo{Endpoint: "POST /users/{userId}/meetings", Status: 201, Duration: 20 * time.Millisecond})
		}, ZoomRequests, `zoombot_zoom_requests_total{endpoint="POST /users/{userId}/meetings",status="201"} 1`},
		{"zoom transport error", func(m *Metrics) { m.ZoomCall(zoom.CallInfo{Endpoint: "GET /meetings/{meetingId}"}) },
			ZoomRequests, `zoombot_zoom_requests_total{endpoint="GET /meetings/{meetingId}",status="error"} 1`},
		{"rate-limit wait", func(m *Metrics) { m.RateLimitWait(zoom.CategoryHeavy, 1500*time.Millisecond) },
			RateLimitWaitTime, `zoombot_zoom_rate_limit_wait_seconds_total{category="heavy"} 1.5`},
		{"token fetch failed", func(m *Metrics) { m.TokenFetch(errors.New("invalid_client")) },
			TokenFetches, `zoombot_zoom_token_fetches_total{result="error"} 1`},
		{"reconciliation", func(m *Metrics) { m.Reconciliation("adopted") },
			Reconciliations, `zoombot_reconciliations_total{result="adopted"} 1`},
		{"scheduled", func(m *Metrics) { m.MeetingScheduled() }, MeetingsScheduled, `zoombot_meetings_scheduled_total 1`},
		{"reconnect", func(m *Metrics) { m.Reconnected(); m.Reconnected() }, SocketReconnects, `zoombot_socket_reconnects_total 2`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := New() // a registry each: no test sees another's counts
			tt.do(m)
			if got := scrape(t, m); !strings.Contains(got, tt.want+"\n") {
				t.Errorf("/metrics lacks %q:\n%s", tt.want, grepFamily(got, tt.family))
			}
		})
	}
}

func TestFreshRegistryShowsAlertSeriesAtZero(t *testing.T) {
	got := scrape(t, New())
	for _, line := range []string{
		`zoombot_reconciliations_total{result="unknown_outcome"} 0`,
		`zoombot_zoom_rate_limit_waits_total{category="light"} 0`,
		`zoombot_zoom_token_fetches_total{result="error"} 0`,
		`zoombot_meetings_scheduled_total 0`,
		`zoombot_socket_reconnects_total 0`,
		`go_goroutines `,
	} {
		if !strings.Contains(got, line) {
			t.Errorf("fresh /metrics lacks %q", line)
		}
	}
}

func TestRegistriesAreIndependent(t *testing.T) {
	a, b := New(), New()
	a.MeetingScheduled()
	if n := testutil.ToFloat64(b.scheduled); n != 0 {
		t.Errorf("second registry counted %v meetings from the first", n)
	}
	problems, err := testutil.GatherAndLint(a.Registry(), Families...)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("lint %s: %s", p.Metric, p.Text)
	}
}

func scrape(t *testing.T, m *Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != 200 {
		t.Fatalf("/metrics answered %d", rec.Code)
	}
	b, _ := io.ReadAll(rec.Body)
	return string(b)
}

func grepFamily(exposition, family string) string {
	var out []string
	for _, l := range strings.Split(exposition, "\n") {
		if strings.Contains(l, family) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
