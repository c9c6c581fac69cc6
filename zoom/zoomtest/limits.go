package zoomtest

import (
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// qpsWindow counts one label's calls within one clock second. A fixed
// window keyed by Now().Unix() keeps tests with a frozen clock exact.
type qpsWindow struct {
	sec int64
	n   int
}

type dailyKey struct {
	host string
	day  string // UTC date
}

const (
	msgQPS      = "You have reached the maximum per-second rate limit for this API. Try again later."
	defaultCap  = 100
	msgDailyFmt = "You have exceeded the daily rate limit (%d) of Meeting Create/Update API requests permitted for this particular user. You may resume these requests at GMT 00:00:00."
)

func (l Limits) of(category string) int {
	switch category {
	case "Light":
		return l.Light
	case "Medium":
		return l.Medium
	case "Heavy":
		return l.Heavy
	}
	return 0
}

// takeQPSLocked spends one call of route's label, or answers Zoom's
// per-second 429.
func (s *Server) takeQPSLocked(route string) (response, bool) {
	cat := categoryOr(route)
	limit := s.Limits.of(cat)
	if limit <= 0 {
		return response{}, true
	}
	sec := s.now().Unix()
	w := s.qps[cat]
	if w.sec != sec {
		w = qpsWindow{sec: sec}
	}
	if w.n >= limit {
		resp := zoomError(http.StatusTooManyRequests, 429, msgQPS, nil)
		resp.header.Set("X-RateLimit-Category", cat)
		resp.header.Set("X-RateLimit-Type", "QPS") // per-second value UNVERIFIED (zoom-api.md §5)
		resp.header.Set("X-RateLimit-Limit", strconv.Itoa(limit))
		resp.header.Set("X-RateLimit-Remaining", "0")
		resp.header.Set("Retry-After", "1")
		return resp, false
	}
	w.n++
	s.qps[cat] = w
	return response{}, true
}

func (s *Server) dailyCap() int {
	if s.DailyMeetingCap == 0 {
		return defaultCap
	}
	return s.DailyMeetingCap
}

// checkDailyLocked answers Zoom's daily-limit 429 when host has used up
// its meeting creates and updates for the current UTC day. Only calls that
// succeed count (spendDailyLocked), so the 101st success is refused.
func (s *Server) checkDailyLocked(route, hostID string) (response, bool) {
	limit := s.dailyCap()
	if limit < 0 {
		return response{}, true
	}
	now := s.now().UTC()
	if s.daily[dailyKey{hostID, now.Format(time.DateOnly)}] < limit {
		return response{}, true
	}
	resp := zoomError(http.StatusTooManyRequests, 429, fmt.Sprintf(msgDailyFmt, limit), nil)
	next := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, time.UTC)
	resp.header.Set("X-RateLimit-Category", categoryOr(route))
	resp.header.Set("X-RateLimit-Type", "Daily-limit")
	resp.header.Set("X-RateLimit-Limit", strconv.Itoa(limit))
	resp.header.Set("X-RateLimit-Remaining", "0")
	resp.header.Set("Retry-After", next.Format(time.RFC3339))
	return resp, false
}

func (s *Server) spendDailyLocked(hostID string) {
	s.daily[dailyKey{hostID, s.now().UTC().Format(time.DateOnly)}]++
}
