package zoomtest_test

import (
	"testing"
	"time"

	"github.com/zoombot/zoombot/zoom/zoomtest"
)

func TestChaosDecidesUnclaimedCalls(t *testing.T) {
	calls := 0
	s := &zoomtest.Server{Chaos: func(route string) zoomtest.Fault {
		if route != routeCreate {
			return zoomtest.Fault{}
		}
		calls++
		if calls%2 == 1 {
			return zoomtest.Fault{Status: 502, Message: "bad gateway"}
		}
		return zoomtest.Fault{}
	}}
	h := start(t, s)
	hostID := h.host("host@bot.example.com")
	wantError(t, h.do("POST", "/users/"+hostID+"/meetings", scheduled("a", t0.Add(time.Hour))), 502, 0)
	h.createMeeting(hostID, scheduled("b", t0.Add(time.Hour)))
	// A listed hook wins over Chaos.
	s.FailNext(routeCreate, 1, 429, 429, "slow down")
	wantError(t, h.do("POST", "/users/"+hostID+"/meetings", scheduled("c", t0.Add(time.Hour))), 429, 429)
	if n := len(s.Meetings()); n != 1 {
		t.Fatalf("want only the unfaulted create stored, got %d", n)
	}
}
