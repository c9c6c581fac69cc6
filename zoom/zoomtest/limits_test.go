package zoomtest_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/zoombot/zoombot/zoom/zoomtest"
)

func TestPerSecondLimits(t *testing.T) {
	h := start(t, &zoomtest.Server{Limits: zoomtest.Limits{Light: 3, Medium: 2}})
	hostID := h.host("host@bot.example.com")
	for i := range 3 {
		if r := h.do("GET", "/users/"+hostID, nil); r.status != 200 {
			t.Fatalf("light call %d: %d", i, r.status)
		}
	}
	r := h.do("GET", "/users/"+hostID, nil)
	wantError(t, r, 429, 429)
	if r.json["message"] != "You have reached the maximum per-second rate limit for this API. Try again later." {
		t.Errorf("message %q", r.json["message"])
	}
	for k, v := range map[string]string{"X-RateLimit-Category": "Light", "X-RateLimit-Type": "QPS", "Retry-After": "1"} {
		if got := r.header.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	// Medium is its own bucket.
	h.do("GET", "/users/"+hostID+"/meetings", nil)
	h.do("GET", "/users/"+hostID+"/meetings", nil)
	r = h.do("GET", "/users/"+hostID+"/meetings", nil)
	wantError(t, r, 429, 429)
	if r.header.Get("X-RateLimit-Category") != "Medium" {
		t.Errorf("category %q", r.header.Get("X-RateLimit-Category"))
	}
	h.clock.Advance(time.Second)
	if r := h.do("GET", "/users/"+hostID, nil); r.status != 200 {
		t.Errorf("next second: %d", r.status)
	}
}

func TestDailyMeetingCap(t *testing.T) {
	const daily = "You have exceeded the daily rate limit (100) of Meeting Create/Update API requests permitted for this particular user. You may resume these requests at GMT 00:00:00."
	h := start(t, &zoomtest.Server{})
	hostID := h.host("host@bot.example.com")
	other := h.host("other@bot.example.com")
	var first int64
	for i := range 99 {
		id := h.createMeeting(hostID, scheduled(fmt.Sprint(i), t0.Add(time.Hour)))
		if i == 0 {
			first = id
		}
	}
	// A refused create does not count; an update does.
	wantError(t, h.do("POST", "/users/"+hostID+"/meetings", map[string]any{"type": 9}), 400, 300)
	if r := h.do("PATCH", fmt.Sprint("/meetings/", first), map[string]any{"topic": "x"}); r.status != 204 {
		t.Fatalf("100th call: %d %s", r.status, r.raw)
	}
	for _, r := range []result{
		h.do("POST", "/users/"+hostID+"/meetings", scheduled("101", t0.Add(time.Hour))),
		h.do("PATCH", fmt.Sprint("/meetings/", first), map[string]any{"topic": "y"}),
	} {
		wantError(t, r, 429, 429)
		if r.json["message"] != daily || r.header.Get("X-RateLimit-Type") != "Daily-limit" ||
			r.header.Get("Retry-After") != "2026-01-15T00:00:00Z" {
			t.Errorf("daily 429: %s %v", r.raw, r.header)
		}
	}
	if n := len(h.s.Meetings()); n != 99 {
		t.Errorf("%d meetings stored, want 99", n)
	}
	// Reads, deletes and other hosts are not capped.
	if r := h.do("GET", fmt.Sprint("/meetings/", first), nil); r.status != 200 {
		t.Errorf("GET under cap: %d", r.status)
	}
	h.createMeeting(other, scheduled("other", t0.Add(time.Hour)))
	if r := h.do("DELETE", fmt.Sprint("/meetings/", first), nil); r.status != 204 {
		t.Errorf("DELETE under cap: %d", r.status)
	}
	h.clock.Advance(15 * time.Hour) // 00:00 UTC
	h.token = h.fetchToken()
	h.createMeeting(hostID, scheduled("next day", t0.Add(20*time.Hour)))
}

func TestDailyCapConfig(t *testing.T) {
	tests := []struct {
		cap       int
		creates   int
		wantLimit bool
	}{
		{2, 2, true},
		{-1, 150, false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.cap), func(t *testing.T) {
			h := start(t, &zoomtest.Server{DailyMeetingCap: tt.cap})
			hostID := h.host("host@bot.example.com")
			for range tt.creates {
				h.createMeeting(hostID, scheduled("m", t0.Add(time.Hour)))
			}
			r := h.do("POST", "/users/"+hostID+"/meetings", scheduled("m", t0.Add(time.Hour)))
			if got := r.status == 429; got != tt.wantLimit {
				t.Errorf("429 = %v, want %v (%s)", got, tt.wantLimit, r.raw)
			}
			if tt.wantLimit && !strings.Contains(r.json["message"].(string), fmt.Sprintf("(%d)", tt.cap)) {
				t.Errorf("message %q", r.json["message"])
			}
		})
	}
}
