package zoomtest_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/zoombot/zoombot/zoom/zoomtest"
)

func topics(r result) []string {
	var out []string
	for _, m := range r.json["meetings"].([]any) {
		out = append(out, m.(map[string]any)["topic"].(string))
	}
	return out
}

func TestListMeetingsFilters(t *testing.T) {
	s := &zoomtest.Server{}
	h := start(t, s)
	hostID := h.host("host@bot.example.com")
	other := h.host("other@bot.example.com")

	h.createMeeting(hostID, scheduled("later", t0.Add(48*time.Hour)))
	h.createMeeting(hostID, scheduled("soon", t0.Add(time.Hour)))
	h.createMeeting(hostID, scheduled("past", t0.Add(-2*time.Hour)))
	live := h.createMeeting(hostID, scheduled("live", t0.Add(-10*time.Minute)))
	s.StartMeeting(live)
	gone := h.createMeeting(hostID, scheduled("deleted", t0.Add(2*time.Hour)))
	h.do("DELETE", fmt.Sprint("/meetings/", gone), nil)
	h.createMeeting(hostID, map[string]any{"topic": "instant", "type": 1})
	h.createMeeting(hostID, map[string]any{"topic": "no fixed time", "type": 3})
	h.createMeeting(other, scheduled("other host", t0.Add(time.Hour)))

	tests := []struct {
		query string
		want  []string
	}{
		{"", []string{"past", "live", "soon", "later", "no fixed time"}},
		{"?type=scheduled", []string{"past", "live", "soon", "later", "no fixed time"}},
		{"?type=upcoming", []string{"live", "soon", "later", "no fixed time"}},
		{"?type=upcoming_meetings", []string{"live", "soon", "later", "no fixed time"}},
		{"?type=live", []string{"live"}},
		{"?type=previous_meetings", []string{"past"}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			r := h.do("GET", "/users/host@bot.example.com/meetings"+tt.query, nil)
			if r.status != 200 {
				t.Fatalf("%d %s", r.status, r.raw)
			}
			if got := topics(r); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			if r.json["next_page_token"] != "" || r.json["total_records"] != float64(len(tt.want)) {
				t.Errorf("paging fields %v %v", r.json["next_page_token"], r.json["total_records"])
			}
		})
	}
	wantError(t, h.do("GET", "/users/host@bot.example.com/meetings?type=bogus", nil), 400, 300)
	wantError(t, h.do("GET", "/users/host@bot.example.com/meetings?page_size=301", nil), 400, 300)
	wantError(t, h.do("GET", "/users/ghost@bot.example.com/meetings", nil), 404, 1001)
	wantError(t, h.do("GET", "/users/host@bot.example.com/meetings?next_page_token=forged", nil), 400, 300)
}

func TestListMeetingsRecurringShowsNextOccurrence(t *testing.T) {
	h := start(t, &zoomtest.Server{})
	hostID := h.host("host@bot.example.com")
	h.createMeeting(hostID, map[string]any{"topic": "daily", "type": 8, "start_time": "2026-01-13T09:00:00Z", "duration": 30,
		"recurrence": map[string]any{"type": 1, "end_times": 5}})
	r := h.do("GET", "/users/"+hostID+"/meetings?type=upcoming", nil)
	ms := r.json["meetings"].([]any)
	if len(ms) != 1 || ms[0].(map[string]any)["start_time"] != "2026-01-14T09:00:00Z" {
		t.Errorf("listed %v", ms)
	}
}

func TestListMeetingsPaging(t *testing.T) {
	h := start(t, &zoomtest.Server{})
	hostID := h.host("host@bot.example.com")
	for i := range 7 {
		h.createMeeting(hostID, scheduled(fmt.Sprint("m", i), t0.Add(time.Duration(i+1)*time.Hour)))
	}
	var got []string
	token := ""
	pages := 0
	for {
		r := h.do("GET", "/users/"+hostID+"/meetings?page_size=3&next_page_token="+token, nil)
		if r.status != 200 || r.json["page_size"] != float64(3) || r.json["total_records"] != float64(7) {
			t.Fatalf("%d %s", r.status, r.raw)
		}
		got = append(got, topics(r)...)
		pages++
		token = r.json["next_page_token"].(string)
		if token == "" {
			break
		}
	}
	if want := []string{"m0", "m1", "m2", "m3", "m4", "m5", "m6"}; pages != 3 || !slices.Equal(got, want) {
		t.Errorf("%d pages %v, want 3 pages %v", pages, got, want)
	}
}
