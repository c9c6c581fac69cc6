package zoom

import (
	"context"
	"errors"
	"io"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

// recordSleeps makes c's retry waits instant and returns what they would have been.
func recordSleeps(c *Client) *[]time.Duration {
	var mu sync.Mutex
	var waits []time.Duration
	c.sleep = func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		defer mu.Unlock()
		waits = append(waits, d)
		return ctx.Err()
	}
	return &waits
}

// failThen answers the first len(fails) calls with those statuses (HTML
// bodies, as a proxy would send), then calls ok.
func failThen(n *atomic.Int32, fails []int, ok http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		if i < len(fails) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(fails[i])
			w.Write([]byte("<html>oops</html>"))
			return
		}
		ok(w, r)
	}
}

// TestRetryIdempotentOn5xx: GET and DELETE are retried on 5xx with growing
// backoff, and the final success is returned. (PATCH is not: see
// TestUpdateOutcomeUnknown.)
func TestRetryIdempotentOn5xx(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		path string
		ok   http.HandlerFunc
		call func(c *Client) error
	}{
		{"get meeting", "/meetings/{id}", func(w http.ResponseWriter, r *http.Request) { reply(w, 200, `{"id":1}`) },
			func(c *Client) error { _, err := c.GetMeeting(ctx, 1); return err }},
		{"get user", "/users/{userId}", func(w http.ResponseWriter, r *http.Request) { reply(w, 200, `{"id":"u"}`) },
			func(c *Client) error { _, err := c.GetUser(ctx, "u"); return err }},
		{"list", "/users/{userId}/meetings", func(w http.ResponseWriter, r *http.Request) { reply(w, 200, `{"meetings":[]}`) },
			func(c *Client) error { _, err := c.ListMeetings(ctx, "u", ""); return err }},
		{"delete", "/meetings/{id}", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) },
			func(c *Client) error { return c.DeleteMeeting(ctx, 1, "") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux := setup(t)
			c.backoff = 100 * time.Millisecond
			waits := recordSleeps(c)
			var n atomic.Int32
			mux.HandleFunc(tt.path, failThen(&n, []int{500, 502, 503}, tt.ok))
			if err := tt.call(c); err != nil {
				t.Fatal(err)
			}
			if n.Load() != 4 {
				t.Errorf("calls = %d, want 4", n.Load())
			}
			// Equal jitter: attempt k waits within [base·2^k / 2, base·2^k].
			for k, d := range *waits {
				full := c.backoff << k
				if d < full/2 || d > full {
					t.Errorf("wait %d = %v, want within [%v, %v]", k, d, full/2, full)
				}
			}
			if len(*waits) != 3 {
				t.Errorf("waits = %v, want 3", *waits)
			}
		})
	}
}

func TestRetryBudget(t *testing.T) {
	tests := []struct {
		name       string
		maxRetries int
		wantCalls  int32
	}{
		{"default 3", 0, 4},
		{"one", 1, 2},
		{"none", -1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux := setup(t)
			c2, _ := NewClient(Config{Auth: &staticToken{}, MaxRetries: tt.maxRetries})
			c.maxRetries = c2.maxRetries
			var n atomic.Int32
			mux.HandleFunc("/meetings/{id}", func(w http.ResponseWriter, r *http.Request) {
				n.Add(1)
				reply(w, 503, `{"code":503,"message":"busy"}`)
			})
			_, err := c.GetMeeting(context.Background(), 1)
			var e *Error
			if !errors.As(err, &e) || e.StatusCode != 503 {
				t.Fatalf("err = %v", err)
			}
			if n.Load() != tt.wantCalls {
				t.Errorf("calls = %d, want %d", n.Load(), tt.wantCalls)
			}
		})
	}
}

// TestRetryAfterPerSecond: a per-second 429 is retried after Retry-After (in
// either form) when that is within MaxRetryWait, and returned at once if not.
func TestRetryAfterPerSecond(t *testing.T) {
	tests := []struct {
		name       string
		retryAfter string
		wantCalls  int32
		wantWait   time.Duration // 0 = no wait, error returned
	}{
		{"seconds", "1", 2, time.Second},
		{"http date", "Fri, 27 Nov 2026 15:00:01 GMT", 2, time.Second},
		{"rfc 3339", "2026-11-27T15:00:01Z", 2, time.Second},
		{"beyond budget", "3600", 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux := setup(t)
			waits := recordSleeps(c)
			var hooked []time.Duration
			c.onWait = func(cat Category, d time.Duration) {
				if cat != CategoryMedium {
					t.Errorf("category = %s", cat)
				}
				hooked = append(hooked, d)
			}
			var n atomic.Int32
			mux.HandleFunc("/users/{userId}/meetings", func(w http.ResponseWriter, r *http.Request) {
				if n.Add(1) == 1 {
					w.Header().Set("Retry-After", tt.retryAfter)
					reply(w, 429, `{"code":429,"message":"You have reached the maximum per-second rate limit for this API. Try again later."}`)
					return
				}
				reply(w, 201, `{"id":82931897821}`)
			})
			// A create: safe to resend, since Zoom refused it unprocessed.
			m, err := c.CreateMeeting(context.Background(), "u1", &MeetingRequest{Topic: "x"})
			if n.Load() != tt.wantCalls {
				t.Errorf("calls = %d, want %d", n.Load(), tt.wantCalls)
			}
			if tt.wantWait == 0 {
				var rl *RateLimitError
				if !errors.As(err, &rl) || rl.Kind != RateLimitPerSecond || len(*waits) != 0 {
					t.Fatalf("err = %v, waits = %v; want the RateLimitError at once", err, *waits)
				}
				return
			}
			if err != nil || m.ID != 82931897821 {
				t.Fatalf("m, err = %v, %v", m, err)
			}
			if len(*waits) != 1 || (*waits)[0] != tt.wantWait || len(hooked) != 1 || hooked[0] != tt.wantWait {
				t.Errorf("waits = %v, hooked = %v; want [%v]", *waits, hooked, tt.wantWait)
			}
		})
	}
}

func TestDailyLimitNotRetried(t *testing.T) {
	c, mux := setup(t)
	waits := recordSleeps(c)
	var n atomic.Int32
	mux.HandleFunc("/meetings/{id}", func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		reply(w, 429, `{"code":429,"message":"You have exceeded the daily rate limit (100) of Meeting Create/Update API requests permitted for this particular user. You may resume these requests at GMT 00:00:00."}`)
	})
	err := c.UpdateMeeting(context.Background(), 1, "", &MeetingRequest{Topic: "x"})
	var rl *RateLimitError
	if !IsDailyLimit(err) || !errors.As(err, &rl) || !rl.RetryAt.Equal(time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("err = %v, want daily limit until midnight UTC", err)
	}
	if n.Load() != 1 || len(*waits) != 0 {
		t.Errorf("calls = %d, waits = %v; the daily cap is never retried", n.Load(), *waits)
	}
}

// TestCreateOutcomeUnknown: a create that may have reached Zoom is never
// resent; its error wraps ErrOutcomeUnknown and keeps the cause.
func TestCreateOutcomeUnknown(t *testing.T) {
	hangUp := func(w http.ResponseWriter, r *http.Request) {
		// Zoom got the whole request, then the connection dropped.
		conn, _, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		conn.Close()
	}
	tests := []struct {
		name    string
		handler http.HandlerFunc
		timeout time.Duration
		wantAPI bool // the cause is a *Error
	}{
		{"500", func(w http.ResponseWriter, r *http.Request) { reply(w, 500, `{"code":500,"message":"oops"}`) }, 0, true},
		{"502 html", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(502); w.Write([]byte("<html/>")) }, 0, true},
		{"200 not 201", func(w http.ResponseWriter, r *http.Request) { reply(w, 200, `{"id":1}`) }, 0, true},
		{"201 unreadable", func(w http.ResponseWriter, r *http.Request) { reply(w, 201, `{"id":`) }, 0, false},
		{"connection dropped after sending", hangUp, 0, false},
		{"timeout", func(w http.ResponseWriter, r *http.Request) {
			io.Copy(io.Discard, r.Body) // the server notices the client leaving only once the body is read
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		}, 150 * time.Millisecond, false},
	}
	for _, tt := range tests {
		for _, what := range []string{"meeting", "user"} {
			t.Run(tt.name+"/"+what, func(t *testing.T) {
				c, mux := setup(t)
				var n atomic.Int32
				h := func(w http.ResponseWriter, r *http.Request) { n.Add(1); tt.handler(w, r) }
				mux.HandleFunc("/users/{userId}/meetings", h)
				mux.HandleFunc("/users", h)
				ctx := context.Background()
				if tt.timeout > 0 {
					var cancel context.CancelFunc
					ctx, cancel = context.WithTimeout(ctx, tt.timeout)
					defer cancel()
				}
				var err error
				if what == "meeting" {
					_, err = c.CreateMeeting(ctx, "u1", &MeetingRequest{Topic: "x"})
				} else {
					_, err = c.CreateUser(ctx, ActionCustCreate, UserInfo{Email: "a@b.c", Type: 1})
				}
				if !errors.Is(err, ErrOutcomeUnknown) {
					t.Fatalf("err = %v, want ErrOutcomeUnknown", err)
				}
				var e *Error
				if errors.As(err, &e) != tt.wantAPI {
					t.Errorf("err = %v: *Error found = %v, want %v", err, !tt.wantAPI, tt.wantAPI)
				}
				if n.Load() != 1 {
					t.Errorf("create sent %d times, want exactly 1", n.Load())
				}
			})
		}
	}
}

// TestCreateRetriedAfterDialError: connection refused means nothing was
// sent, so a create is retried; it is never an unknown outcome.
func TestCreateRetriedAfterDialError(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens here now: dials are refused
	var calls []CallInfo
	c, err := NewClient(Config{BaseURL: "http://" + addr + "/v2", Auth: &staticToken{}, Plan: PlanUnlimited,
		OnCall: func(ci CallInfo) { calls = append(calls, ci) }})
	if err != nil {
		t.Fatal(err)
	}
	waits := recordSleeps(c)
	_, err = c.CreateMeeting(context.Background(), "u1", &MeetingRequest{Topic: "x"})
	if err == nil || errors.Is(err, ErrOutcomeUnknown) || !isDialError(err) {
		t.Fatalf("err = %v, want a dial error without unknown outcome", err)
	}
	if len(calls) != 4 || len(*waits) != 3 {
		t.Fatalf("attempts = %d, waits = %d; want 4 and 3", len(calls), len(*waits))
	}
	want := CallInfo{Endpoint: "POST /users/{userId}/meetings", Category: CategoryMedium, Status: 0}
	if got := calls[0]; got.Endpoint != want.Endpoint || got.Category != want.Category || got.Status != 0 {
		t.Errorf("CallInfo = %+v, want %+v", got, want)
	}
}

// refuseFirst fails the first round trip with a dial error, then passes through.
type refuseFirst struct {
	n    atomic.Int32
	base http.RoundTripper
}

func (r *refuseFirst) RoundTrip(req *http.Request) (*http.Response, error) {
	if r.n.Add(1) == 1 {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	}
	return r.base.RoundTrip(req)
}

func TestCreateSucceedsAfterDialError(t *testing.T) {
	c, mux := setup(t)
	recordSleeps(c)
	c.hc.Transport.(*Transport).Base = &refuseFirst{base: http.DefaultTransport}
	var n atomic.Int32
	mux.HandleFunc("/users/{userId}/meetings", func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		testJSONBody(t, r, `{"topic":"x"}`)
		reply(w, 201, `{"id":82931897821}`)
	})
	m, err := c.CreateMeeting(context.Background(), "u1", &MeetingRequest{Topic: "x"})
	if err != nil || m.ID != 82931897821 || n.Load() != 1 {
		t.Fatalf("m, err = %v, %v; server saw %d creates, want 1", m, err, n.Load())
	}
}

func TestGetRetriedAfterConnectionDrop(t *testing.T) {
	c, mux := setup(t)
	recordSleeps(c)
	var n atomic.Int32
	mux.HandleFunc("/meetings/{id}", func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.Close()
			return
		}
		reply(w, 200, `{"id":1}`)
	})
	if _, err := c.GetMeeting(context.Background(), 1); err != nil || n.Load() != 2 {
		t.Fatalf("err = %v, calls = %d; want success on the second call", err, n.Load())
	}
}

func TestRetryWaitStopsWithContext(t *testing.T) {
	c, mux := setup(t)
	ctx, cancel := context.WithCancel(context.Background())
	c.sleep = func(ctx context.Context, d time.Duration) error { cancel(); return sleepCtx(ctx, d) }
	mux.HandleFunc("/meetings/{id}", func(w http.ResponseWriter, r *http.Request) { reply(w, 503, `{"message":"busy"}`) })
	_, err := c.GetMeeting(ctx, 1)
	var e *Error
	if !errors.Is(err, context.Canceled) || !errors.As(err, &e) || e.StatusCode != 503 {
		t.Fatalf("err = %v, want both the 503 and context.Canceled", err)
	}
}

// TestClientSideLimiter: with the light bucket just spent, the next light
// call waits for it (about 1/rate) instead of risking a 429, while a medium
// call, in its own bucket, does not wait.
func TestClientSideLimiter(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { reply(w, 200, `{"id":1}`) }))
	defer srv.Close()
	var mu sync.Mutex
	var waited []Category
	c, err := NewClient(Config{BaseURL: srv.URL, Auth: &staticToken{}, Plan: Plan{Light: 20, Medium: 1000},
		OnRateLimitWait: func(cat Category, d time.Duration) {
			mu.Lock()
			defer mu.Unlock()
			if d <= 0 || d > 50*time.Millisecond {
				t.Errorf("wait = %v, want within (0, 50ms]", d)
			}
			waited = append(waited, cat)
		}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	c.limiters[CategoryLight].Allow() // spend the light burst: the next light call must wait
	if _, err := c.GetMeeting(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListMeetings(ctx, "u", ""); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(waited) != 1 || waited[0] != CategoryLight {
		t.Errorf("limiter waits = %v, want one light wait", waited)
	}
}

func TestLimiterWaitRespectsContext(t *testing.T) {
	c, _ := setup(t)
	c.limiters = newLimiters(Plan{Light: 0.001}) // one call per 1000 s
	c.limiters[CategoryLight].Allow()            // spend the burst
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := c.GetMeeting(ctx, 1); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want deadline exceeded while waiting for the limiter", err)
	}
}

func TestPlanDefaults(t *testing.T) {
	tests := []struct {
		plan Plan
		cat  Category
		want float64
	}{
		{Plan{}, CategoryLight, 30},
		{Plan{}, CategoryMedium, 20},
		{Plan{}, CategoryHeavy, 10},
		{PlanFree, CategoryMedium, 2},
		{PlanBusiness, CategoryHeavy, 40},
		{Plan{Light: 5}, CategoryMedium, 20},
	}
	for _, tt := range tests {
		if got := tt.plan.rate(tt.cat); got != tt.want {
			t.Errorf("%+v.rate(%s) = %v, want %v", tt.plan, tt.cat, got, tt.want)
		}
	}
}

// TestNoWaitPastDeadline: when the next retry would come after the caller's
// deadline, the last error is returned at once instead of sleeping into ctx.Err().
func TestNoWaitPastDeadline(t *testing.T) {
	c, mux := setup(t)
	c.backoff = time.Second
	waits := recordSleeps(c)
	var n atomic.Int32
	mux.HandleFunc("/meetings/{id}", func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		reply(w, 503, `{"message":"busy"}`)
	})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err := c.GetMeeting(ctx, 1)
	var e *Error
	if !errors.As(err, &e) || e.StatusCode != 503 || errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the 503 itself", err)
	}
	if n.Load() != 1 || len(*waits) != 0 {
		t.Errorf("calls = %d, waits = %v; want 1 call, no wait", n.Load(), *waits)
	}
}

// TestSetShare: n replicas on one account each pace to 1/n of the plan.
func TestSetShare(t *testing.T) {
	c, err := NewClient(Config{BaseURL: "https://zoom.example/v2", Auth: &staticToken{}, Plan: PlanPro})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		n    int
		want map[Category]float64
	}{
		{3, map[Category]float64{CategoryLight: 10, CategoryMedium: 20.0 / 3, CategoryHeavy: 10.0 / 3}},
		{1, map[Category]float64{CategoryLight: 30, CategoryMedium: 20, CategoryHeavy: 10}},
		{0, map[Category]float64{CategoryLight: 30, CategoryMedium: 20, CategoryHeavy: 10}},
	} {
		c.SetShare(tt.n)
		for cat, want := range tt.want {
			if got := float64(c.limiters[cat].Limit()); math.Abs(got-want) > 1e-9 {
				t.Errorf("share %d: %s limit %v, want %v", tt.n, cat, got, want)
			}
		}
	}
	u, _ := NewClient(Config{BaseURL: "https://zoom.example/v2", Auth: &staticToken{}, Plan: PlanUnlimited})
	u.SetShare(4)
	if l := u.limiters[CategoryHeavy].Limit(); l != rate.Inf {
		t.Errorf("unlimited plan shared: %v, want Inf", l)
	}
}
