package zoom

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// maxErrorBody bounds how much of an error reply is read: Zoom's error JSON is
// tiny, and an HTML error page from a proxy should not be buffered whole.
const maxErrorBody = 64 << 10

// ErrOutcomeUnknown is wrapped by errors from calls that create or change
// something (a user, a meeting, a meeting's update) when the request may
// have reached Zoom and been processed: a 5xx, a timeout, or a connection
// lost after sending. The client never retries such a call; the caller
// should look for the object (or read the meeting back) before sending it
// again.
var ErrOutcomeUnknown = errors.New("zoom: outcome unknown, Zoom may have processed the request")

// Error is a non-success reply from Zoom, decoded from its
// {"code","message","errors":[{"field","message"}]} body.
// See https://developers.zoom.us/docs/api/errors/.
type Error struct {
	StatusCode int          // HTTP status
	Code       int          // Zoom's own code (1001, 3001, 124, ...); 0 if the body had none
	Message    string       // Zoom's message with secrets removed, or the HTTP status text
	Fields     []FieldError // per-field validation problems (code 300)
	Endpoint   string       // the route, e.g. "POST /users/{userId}/meetings"; never the concrete URL
}

// FieldError is one entry of the "errors" list of a validation failure.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Error formats the route, status, code, message and field problems.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("zoom: ")
	if e.Endpoint != "" {
		b.WriteString(e.Endpoint + ": ")
	}
	b.WriteString(strconv.Itoa(e.StatusCode))
	if e.Code != 0 {
		fmt.Fprintf(&b, " code %d", e.Code)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	for i, f := range e.Fields {
		sep := "; "
		if i == 0 {
			sep = " ("
		}
		b.WriteString(sep + f.Field + ": " + f.Message)
	}
	if len(e.Fields) > 0 {
		b.WriteString(")")
	}
	return b.String()
}

// RateLimitKind tells which of Zoom's limits a 429 reply reports.
type RateLimitKind int

const (
	// RateLimitPerSecond is the per-account, per-category requests-per-second limit.
	// It is worth retrying after RetryAt.
	RateLimitPerSecond RateLimitKind = iota
	// RateLimitDaily is a daily cap, such as the 100 meeting create/update
	// requests per host per UTC day. It resets at 00:00 UTC and is never retried.
	RateLimitDaily
)

// String returns "per-second" or "daily".
func (k RateLimitKind) String() string {
	if k == RateLimitDaily {
		return "daily"
	}
	return "per-second"
}

// RateLimitError is a 429 reply. It unwraps to the underlying *Error.
// See https://developers.zoom.us/docs/api/rate-limits/.
type RateLimitError struct {
	Kind     RateLimitKind
	RetryAt  time.Time // from Retry-After; else next 00:00 UTC (daily) or one second later (per-second)
	Category string    // X-RateLimit-Category if Zoom sent it, else the client's category for the route
	Err      *Error
}

// Error says which limit was hit and when to retry.
func (e *RateLimitError) Error() string {
	return fmt.Sprintf("zoom: %s rate limit (%s), retry at %s: %v",
		e.Kind, e.Category, e.RetryAt.UTC().Format(time.RFC3339), e.Err)
}

// Unwrap returns the *Error so errors.As finds the status and message too.
func (e *RateLimitError) Unwrap() error { return e.Err }

// IsNotFound reports whether err says the user or meeting does not exist:
// HTTP 404, or Zoom codes 1001 (user) and 3001 (meeting).
func IsNotFound(err error) bool {
	var e *Error
	return errors.As(err, &e) && (e.StatusCode == http.StatusNotFound || e.Code == 1001 || e.Code == 3001)
}

// IsEmailTaken reports whether a user create failed because the email is
// already used (409, code 1005); look the user up instead.
func IsEmailTaken(err error) bool {
	var e *Error
	return errors.As(err, &e) && (e.StatusCode == http.StatusConflict || e.Code == 1005)
}

// IsDailyLimit reports whether err is a daily rate limit, which lifts only at
// RetryAt (normally 00:00 UTC).
func IsDailyLimit(err error) bool {
	var e *RateLimitError
	return errors.As(err, &e) && e.Kind == RateLimitDaily
}

// ErrorCode returns Zoom's numeric code carried by err (e.g. 3002 "meeting in
// progress"), or 0 if err is not a Zoom reply or the reply had no code.
func ErrorCode(err error) int {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return 0
}

// checkResponse maps a reply whose status is not the endpoint's one success
// status to *Error or *RateLimitError. It reads (a bounded part of) the body.
// now dates Retry-After deltas and the daily reset.
func checkResponse(resp *http.Response, ep endpoint, now time.Time) error {
	if resp.StatusCode == ep.want {
		return nil
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	e := &Error{StatusCode: resp.StatusCode, Endpoint: ep.name()}
	var w struct {
		Code    int          `json:"code"`
		Message string       `json:"message"`
		Errors  []FieldError `json:"errors"`
	}
	// Proxies answer with HTML (502, 504): keep only the status for those.
	if json.Unmarshal(body, &w) == nil && (w.Code != 0 || w.Message != "") {
		e.Code, e.Message = w.Code, scrub(w.Message)
		for _, f := range w.Errors {
			e.Fields = append(e.Fields, FieldError{Field: scrub(f.Field), Message: scrub(f.Message)})
		}
	} else {
		e.Message = http.StatusText(resp.StatusCode)
	}
	if resp.StatusCode < 300 {
		e.Message = fmt.Sprintf("unexpected success status %d, want %d", resp.StatusCode, ep.want)
	}
	if resp.StatusCode == http.StatusTooManyRequests {
		return newRateLimitError(resp.Header, e, ep, now)
	}
	return e
}

func newRateLimitError(h http.Header, e *Error, ep endpoint, now time.Time) *RateLimitError {
	rl := &RateLimitError{Kind: RateLimitPerSecond, Category: string(ep.category), Err: e}
	if c := h.Get("X-RateLimit-Category"); c != "" {
		rl.Category = strings.ToLower(c)
	}
	// Zoom documents no header for the daily cap any more, only the message
	// ("You have exceeded the daily rate limit (100) of Meeting Create/Update
	// API requests..."); older replies carry X-RateLimit-Type: Daily-limit.
	if strings.EqualFold(h.Get("X-RateLimit-Type"), "Daily-limit") ||
		strings.Contains(strings.ToLower(e.Message), "daily") {
		rl.Kind = RateLimitDaily
	}
	if t, ok := parseRetryAfter(h.Get("Retry-After"), now); ok {
		rl.RetryAt = t
	} else if rl.Kind == RateLimitDaily {
		u := now.UTC()
		rl.RetryAt = time.Date(u.Year(), u.Month(), u.Day()+1, 0, 0, 0, 0, time.UTC)
	} else {
		rl.RetryAt = now.Add(time.Second)
	}
	return rl
}

// parseRetryAfter reads Retry-After as delta-seconds, RFC 3339 (Zoom sends
// "2020-05-31T00:00:00Z") or an HTTP-date.
func parseRetryAfter(v string, now time.Time) (time.Time, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil && n >= 0 {
		return now.Add(time.Duration(n) * time.Second), true
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return t, true
	}
	return time.Time{}, false
}

var (
	reSecretParam = regexp.MustCompile(`(?i)\b(zak|access_token|token|client_secret)=[^&\s"'<>]+`)
	reBearer      = regexp.MustCompile(`(?i)\bbearer\s+[A-Za-z0-9._~+/=-]+`)
	reJWT         = regexp.MustCompile(`eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*`)
)

// scrub removes what must never reach logs: start-link zak tokens, access
// tokens, and anything shaped like a JWT. Zoom's messages sometimes quote
// request values back.
func scrub(s string) string {
	s = reSecretParam.ReplaceAllString(s, "$1=[redacted]")
	s = reBearer.ReplaceAllString(s, "Bearer [redacted]")
	return reJWT.ReplaceAllString(s, "[redacted]")
}
