package zoom

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestCheckResponse(t *testing.T) {
	midnight := time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)
	dailyMsg := "You have exceeded the daily rate limit (100) of Meeting Create/Update API requests permitted for this particular user. You may resume these requests at GMT 00:00:00."
	perSecMsg := "You have reached the maximum per-second rate limit for this API. Try again later."
	tests := []struct {
		name   string
		ep     endpoint
		status int
		header map[string]string
		body   string
		want   error
	}{
		{"success", epGetMeeting, 200, nil, `{}`, nil},
		{"not found", epGetMeeting, 404, nil, `{"code":3001,"message":"Meeting does not exist: 85746065."}`,
			&Error{StatusCode: 404, Code: 3001, Message: "Meeting does not exist: 85746065.", Endpoint: "GET /meetings/{meetingId}"}},
		{"html 502", epGetMeeting, 502, map[string]string{"Content-Type": "text/html"}, `<html><body>Bad gateway</body></html>`,
			&Error{StatusCode: 502, Message: "Bad Gateway", Endpoint: "GET /meetings/{meetingId}"}},
		{"empty 500", epDeleteMeeting, 500, nil, ``,
			&Error{StatusCode: 500, Message: "Internal Server Error", Endpoint: "DELETE /meetings/{meetingId}"}},
		{"200 where 201 is due", epCreateMeeting, 200, nil, `{"id":1}`,
			&Error{StatusCode: 200, Message: "unexpected success status 200, want 201", Endpoint: "POST /users/{userId}/meetings"}},
		{"204 where 200 is due", epGetUser, 204, nil, ``,
			&Error{StatusCode: 204, Message: "unexpected success status 204, want 200", Endpoint: "GET /users/{userId}"}},
		{"429 delta seconds", epGetMeeting, 429, map[string]string{"Retry-After": "2"}, `{"code":429,"message":"` + perSecMsg + `"}`,
			&RateLimitError{Kind: RateLimitPerSecond, RetryAt: referenceTime.Add(2 * time.Second), Category: "light",
				Err: &Error{StatusCode: 429, Code: 429, Message: perSecMsg, Endpoint: "GET /meetings/{meetingId}"}}},
		{"429 http date", epListMeetings, 429, map[string]string{"Retry-After": "Fri, 27 Nov 2026 15:00:03 GMT"}, `{"code":429,"message":"Too Many Requests"}`,
			&RateLimitError{Kind: RateLimitPerSecond, RetryAt: referenceTime.Add(3 * time.Second), Category: "medium",
				Err: &Error{StatusCode: 429, Code: 429, Message: "Too Many Requests", Endpoint: "GET /users/{userId}/meetings"}}},
		{"429 no header", epGetMeeting, 429, nil, `{"code":429,"message":"Too Many Requests"}`,
			&RateLimitError{Kind: RateLimitPerSecond, RetryAt: referenceTime.Add(time.Second), Category: "light",
				Err: &Error{StatusCode: 429, Code: 429, Message: "Too Many Requests", Endpoint: "GET /meetings/{meetingId}"}}},
		{"daily by message", epCreateMeeting, 429, nil, `{"code":429,"message":"` + dailyMsg + `"}`,
			&RateLimitError{Kind: RateLimitDaily, RetryAt: midnight, Category: "medium",
				Err: &Error{StatusCode: 429, Code: 429, Message: dailyMsg, Endpoint: "POST /users/{userId}/meetings"}}},
		{"daily by headers, rfc 3339", epUpdateMeeting, 429,
			map[string]string{"X-RateLimit-Type": "Daily-limit", "X-RateLimit-Category": "Heavy", "Retry-After": "2026-11-28T00:00:00Z"},
			`{"code":429,"message":"Too Many Requests"}`,
			&RateLimitError{Kind: RateLimitDaily, RetryAt: midnight, Category: "heavy",
				Err: &Error{StatusCode: 429, Code: 429, Message: "Too Many Requests", Endpoint: "PATCH /meetings/{meetingId}"}}},
		{"secrets scrubbed", epGetMeeting, 400, nil,
			`{"code":300,"message":"bad start_url https://us05web.zoom.us/s/1?zak=eyJhbGc.eyJzdWIi.sig&x=1 with Bearer abc.def",
			  "errors":[{"field":"token","message":"eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJrIn0.c2ln"}]}`,
			&Error{StatusCode: 400, Code: 300, Endpoint: "GET /meetings/{meetingId}",
				Message: "bad start_url https://us05web.zoom.us/s/1?zak=[redacted]&x=1 with Bearer [redacted]",
				Fields:  []FieldError{{Field: "token", Message: "[redacted]"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := &http.Response{StatusCode: tt.status, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(tt.body))}
			for k, v := range tt.header {
				resp.Header.Set(k, v)
			}
			got := checkResponse(resp, tt.ep, referenceTime)
			if tt.want == nil {
				if got != nil {
					t.Fatalf("err = %v, want nil", got)
				}
				return
			}
			// RetryAt from an HTTP date is in GMT: compare instants, then the rest.
			var g, w *RateLimitError
			if errors.As(got, &g) && errors.As(tt.want, &w) {
				if !g.RetryAt.Equal(w.RetryAt) {
					t.Errorf("RetryAt = %v, want %v", g.RetryAt, w.RetryAt)
				}
				g2 := *g
				g2.RetryAt = w.RetryAt
				got = &g2
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("err = %#v\nwant  %#v", got, tt.want)
			}
			if strings.Contains(got.Error(), "eyJ") || strings.Contains(got.Error(), "abc.def") {
				t.Errorf("error text leaks a token: %v", got)
			}
		})
	}
}

func TestErrorHelpers(t *testing.T) {
	wrap := func(err error) error { return fmt.Errorf("bot: scheduling: %w", err) }
	daily := &RateLimitError{Kind: RateLimitDaily, Err: &Error{StatusCode: 429, Code: 429}}
	tests := []struct {
		name                      string
		err                       error
		notFound, taken, dailyCap bool
		code                      int
	}{
		{"user 404", wrap(&Error{StatusCode: 404, Code: 1001}), true, false, false, 1001},
		{"meeting 404", &Error{StatusCode: 404, Code: 3001}, true, false, false, 3001},
		{"code 1001 without 404", &Error{StatusCode: 400, Code: 1001}, true, false, false, 1001},
		{"email taken", wrap(&Error{StatusCode: 409, Code: 1005}), false, true, false, 1005},
		{"daily", wrap(daily), false, false, true, 429},
		{"per-second", &RateLimitError{Kind: RateLimitPerSecond, Err: &Error{StatusCode: 429}}, false, false, false, 0},
		{"in progress", &Error{StatusCode: 400, Code: 3002}, false, false, false, 3002},
		{"unknown outcome of a 502", fmt.Errorf("%w: %w", ErrOutcomeUnknown, &Error{StatusCode: 502}), false, false, false, 0},
		{"plain", errors.New("boom"), false, false, false, 0},
		{"nil", nil, false, false, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsNotFound(tt.err); got != tt.notFound {
				t.Errorf("IsNotFound = %v", got)
			}
			if got := IsEmailTaken(tt.err); got != tt.taken {
				t.Errorf("IsEmailTaken = %v", got)
			}
			if got := IsDailyLimit(tt.err); got != tt.dailyCap {
				t.Errorf("IsDailyLimit = %v", got)
			}
			if got := ErrorCode(tt.err); got != tt.code {
				t.Errorf("ErrorCode = %d, want %d", got, tt.code)
			}
		})
	}
}

func TestErrorText(t *testing.T) {
	e := &Error{StatusCode: 400, Code: 300, Message: "Validation Failed.", Endpoint: "POST /users",
		Fields: []FieldError{{"user_info.email", "Invalid field."}, {"user_info.type", "Invalid field."}}}
	want := "zoom: POST /users: 400 code 300: Validation Failed. (user_info.email: Invalid field.; user_info.type: Invalid field.)"
	if e.Error() != want {
		t.Errorf("got  %s\nwant %s", e.Error(), want)
	}
}
