package zoomtest

import (
	"net/http"
	"strconv"
	"time"
)

// routeHooks are the pending failure injections of one route. Each list is
// consumed front first, one entry per call.
type routeHooks struct {
	fails  []failSpec
	drops  int
	delays []delaySpec
}

type failSpec struct {
	n            int
	status, code int
	message      string
}

type delaySpec struct {
	n int
	d time.Duration
}

// takenHooks is what applies to one call.
type takenHooks struct {
	delay time.Duration
	fail  *failSpec
	drop  bool
}

func (s *Server) hooksLocked(route string) *routeHooks {
	s.initLocked()
	h := s.hooks[route]
	if h == nil {
		h = &routeHooks{}
		s.hooks[route] = h
	}
	return h
}

// FailNext makes the next n calls to route (e.g. "POST
// /users/{userId}/meetings") answer status with Zoom's error body {code,
// message} without being processed. A 429 also carries Retry-After: 1 and
// the X-RateLimit-* headers of a per-second limit.
func (s *Server) FailNext(route string, n int, status, code int, message string) {
	if n <= 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	h := s.hooksLocked(route)
	h.fails = append(h.fails, failSpec{n: n, status: status, code: code, message: message})
}

// DropNext makes the next n calls to route be processed (a meeting is
// created, a token issued) and then cuts the connection without a
// response, so the client cannot know the outcome.
func (s *Server) DropNext(route string, n int) {
	if n <= 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hooksLocked(route).drops += n
}

// DelayNext holds the next n calls to route for d before processing them.
// A call whose client gives up during the delay is not processed.
func (s *Server) DelayNext(route string, n int, d time.Duration) {
	if n <= 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	h := s.hooksLocked(route)
	h.delays = append(h.delays, delaySpec{n: n, d: d})
}

// SetDown simulates a Zoom outage: while down, every /v2 call answers 503
// without being processed. The token endpoint keeps working.
func (s *Server) SetDown(down bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.down = down
}

// takeHooksLocked consumes the hooks that apply to one call of route. A
// failed call does not consume a drop: nothing was processed to drop.
func (s *Server) takeHooksLocked(route string) takenHooks {
	t := s.takeListedHooksLocked(route)
	if t.fail == nil && !t.drop && s.Chaos != nil {
		switch f := s.Chaos(route); {
		case f.Drop:
			t.drop = true
		case f.Status != 0:
			t.fail = &failSpec{n: 1, status: f.Status, code: f.Code, message: f.Message}
		}
	}
	return t
}

// SetChaos replaces Chaos while the server runs (assigning the field then
// would race with requests). nil turns faults off.
func (s *Server) SetChaos(f func(route string) Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Chaos = f
}

// Fault is what Chaos decides for one call: an error answer (Status,
// Code, Message), a processed call whose connection is cut (Drop), or,
// when zero, a normal answer.
type Fault struct {
	Status, Code int
	Message      string
	Drop         bool
}

func (s *Server) takeListedHooksLocked(route string) takenHooks {
	var t takenHooks
	h := s.hooks[route]
	if h == nil {
		return t
	}
	if len(h.delays) > 0 {
		t.delay = h.delays[0].d
		if h.delays[0].n--; h.delays[0].n == 0 {
			h.delays = h.delays[1:]
		}
	}
	if len(h.fails) > 0 {
		f := h.fails[0]
		t.fail = &f
		if h.fails[0].n--; h.fails[0].n == 0 {
			h.fails = h.fails[1:]
		}
		return t
	}
	if h.drops > 0 {
		h.drops--
		t.drop = true
	}
	return t
}

func (f *failSpec) response(route string) response {
	resp := zoomError(f.status, f.code, f.message, nil)
	if f.status == http.StatusTooManyRequests {
		resp.header.Set("Retry-After", "1")
		resp.header.Set("X-RateLimit-Category", categoryOr(route))
		resp.header.Set("X-RateLimit-Type", "QPS")
		resp.header.Set("X-RateLimit-Remaining", strconv.Itoa(0))
	}
	return resp
}

func categoryOr(route string) string {
	if c, ok := routeCategory[route]; ok {
		return c
	}
	return "Light"
}
