package zoomtest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/zoombot/zoombot/zoom/zoomtest"
)

const routeCreate = zoomtest.RouteCreateMeeting

func TestFailNext(t *testing.T) {
	s := &zoomtest.Server{}
	h := start(t, s)
	hostID := h.host("host@bot.example.com")
	s.FailNext(routeCreate, 2, 429, 429, "slow down")
	s.FailNext(routeCreate, 1, 500, 0, "boom")
	for i := range 2 {
		r := h.do("POST", "/users/"+hostID+"/meetings", scheduled("t", t0.Add(time.Hour)))
		wantError(t, r, 429, 429)
		if r.json["message"] != "slow down" || r.header.Get("Retry-After") != "1" ||
			r.header.Get("X-RateLimit-Type") != "QPS" || r.header.Get("X-RateLimit-Category") != "Medium" {
			t.Errorf("call %d: %s %v", i, r.raw, r.header)
		}
	}
	wantError(t, h.do("POST", "/users/"+hostID+"/meetings", scheduled("t", t0.Add(time.Hour))), 500, 0)
	if len(s.Meetings()) != 0 {
		t.Fatal("a failed call was processed")
	}
	h.createMeeting(hostID, scheduled("t", t0.Add(time.Hour)))
	// Other routes are untouched.
	s.FailNext("GET /users/{userId}", 1, 503, 0, "")
	if r := h.do("POST", "/users", userBody("custCreate", "x@bot.example.com", 1, "A", "B")); r.status != 201 {
		t.Errorf("other route: %d", r.status)
	}
}

func TestDropNextProcessesThenCuts(t *testing.T) {
	s := &zoomtest.Server{}
	h := start(t, s)
	hostID := h.host("host@bot.example.com")
	s.DropNext(routeCreate, 1)
	body, _ := json.Marshal(scheduled("dropped", t0.Add(time.Hour)))
	req, _ := http.NewRequest("POST", h.url+"/v2/users/"+hostID+"/meetings", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+h.token)
	resp, err := http.DefaultClient.Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("got a response (%d), want a connection error", resp.StatusCode)
	}
	ms := s.Meetings()
	if len(ms) != 1 || ms[0].Topic != "dropped" {
		t.Fatalf("meetings %+v, want the dropped create stored", ms)
	}
	calls := s.Calls()
	if last := calls[len(calls)-1]; !last.Drop || last.Status != 201 || last.Route != routeCreate {
		t.Errorf("call log %+v", last)
	}
	h.createMeeting(hostID, scheduled("next", t0.Add(time.Hour)))
}

func TestDelayNext(t *testing.T) {
	s := &zoomtest.Server{}
	h := start(t, s)
	hostID := h.host("host@bot.example.com")

	s.DelayNext(routeCreate, 1, 300*time.Millisecond)
	abandoned := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	body, _ := json.Marshal(scheduled("late", t0.Add(time.Hour)))
	req, _ := http.NewRequestWithContext(ctx, "POST", h.url+"/v2/users/"+hostID+"/meetings", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+h.token)
	if _, err := http.DefaultClient.Do(req); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err %v, want deadline exceeded", err)
	}

	s.DelayNext(routeCreate, 1, 30*time.Millisecond)
	began := time.Now()
	h.createMeeting(hostID, scheduled("delayed", t0.Add(time.Hour)))
	if d := time.Since(began); d < 30*time.Millisecond {
		t.Errorf("call took %v, want the 30ms delay", d)
	}
	// Had the abandoned call been processed after its delay, it would be
	// stored by now.
	time.Sleep(time.Until(abandoned.Add(400 * time.Millisecond)))
	if ms := s.Meetings(); len(ms) != 1 || ms[0].Topic != "delayed" {
		t.Errorf("meetings %+v, want only the delayed one", ms)
	}
}

func TestLatency(t *testing.T) {
	h := start(t, &zoomtest.Server{Latency: 20 * time.Millisecond})
	began := time.Now()
	h.do("GET", "/users/x", nil)
	if d := time.Since(began); d < 20*time.Millisecond {
		t.Errorf("call took %v, want at least the 20ms latency", d)
	}
}

func TestSetDown(t *testing.T) {
	s := &zoomtest.Server{}
	h := start(t, s)
	hostID := h.host("host@bot.example.com")
	s.SetDown(true)
	if r := h.do("POST", "/users/"+hostID+"/meetings", scheduled("t", t0.Add(time.Hour))); r.status != 503 {
		t.Errorf("down: %d", r.status)
	}
	h.fetchToken() // the token endpoint is not the API
	s.SetDown(false)
	if len(s.Meetings()) != 0 {
		t.Error("processed while down")
	}
	h.createMeeting(hostID, scheduled("t", t0.Add(time.Hour)))
}

func TestUnknownRouteRecorded(t *testing.T) {
	s := &zoomtest.Server{}
	h := start(t, s)
	for _, c := range []struct{ method, path string }{
		{"GET", "/webinars/1"}, {"POST", "/meetings/1"}, {"GET", "/users/"}, {"GET", "/users/a/meetings/b"},
	} {
		r := h.do(c.method, c.path, nil)
		if r.status != 404 || r.json["message"] == nil {
			t.Errorf("%s %s: %d %s", c.method, c.path, r.status, r.raw)
		}
	}
	unknown := 0
	for _, c := range s.Calls() {
		if c.Route == "" {
			unknown++
		}
	}
	if unknown != 4 {
		t.Errorf("%d unknown calls logged, want 4", unknown)
	}
}

func TestConcurrentCreates(t *testing.T) {
	s := &zoomtest.Server{DailyMeetingCap: -1}
	h := start(t, s)
	hosts := []string{h.host("a@bot.example.com"), h.host("b@bot.example.com")}
	const n = 200
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body, _ := json.Marshal(scheduled(fmt.Sprint(i), t0.Add(time.Hour)))
			req, _ := http.NewRequest("POST", h.url+"/v2/users/"+hosts[i%2]+"/meetings", bytes.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+h.token)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				errs <- err
				return
			}
			resp.Body.Close()
			if resp.StatusCode != 201 {
				errs <- fmt.Errorf("status %d", resp.StatusCode)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	ids := map[int64]bool{}
	for _, m := range s.Meetings() {
		ids[m.ID] = true
	}
	if len(ids) != n {
		t.Errorf("%d distinct meetings, want %d", len(ids), n)
	}
	if got := len(s.Calls()); got != n+1 {
		t.Errorf("%d calls logged, want %d", got, n+1)
	}
}
