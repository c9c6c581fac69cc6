package zoom

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// clock is a settable fixed clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }

// tokenServer is a token endpoint that hands out "tok-1", "tok-2", ... and
// checks the request as Zoom's S2S docs describe it.
type tokenServer struct {
	t         *testing.T
	fetches   atomic.Int32
	expiresIn int
	gate      chan struct{} // if set, replies wait until it is closed
}

func (ts *tokenServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	testMethod(ts.t, r, http.MethodPost)
	if r.URL.Path != "/oauth/token" {
		ts.t.Errorf("token path = %s", r.URL.Path)
	}
	testQuery(ts.t, r, map[string]string{"grant_type": "account_credentials", "account_id": "acc1"})
	// Standard base64 of "id:secret", as Go's SetBasicAuth writes it.
	if got, want := r.Header.Get("Authorization"), "Basic "+base64.StdEncoding.EncodeToString([]byte("id:s3cr3t")); got != want {
		ts.t.Errorf("Authorization = %q, want %q", got, want)
	}
	if ts.gate != nil {
		<-ts.gate
	}
	n := ts.fetches.Add(1)
	reply(w, http.StatusOK, fmt.Sprintf(`{"access_token":"tok-%d","token_type":"bearer","expires_in":%d,"scope":"meeting:write:admin","api_url":"https://api.zoom.us"}`,
		n, ts.expiresIn))
}

func newS2S(t *testing.T, h http.Handler, clk *clock) (*S2STokenSource, *[]error) {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	var mu sync.Mutex
	var fetched []error
	return NewS2STokenSource(S2SConfig{
		AccountID: "acc1", ClientID: "id", ClientSecret: "s3cr3t",
		TokenURL: srv.URL + "/oauth/token", Now: clk.Now,
		OnFetch: func(err error) { mu.Lock(); fetched = append(fetched, err); mu.Unlock() },
	}), &fetched
}

func TestS2SConcurrentCallsShareOneFetch(t *testing.T) {
	ts := &tokenServer{t: t, expiresIn: 3600, gate: make(chan struct{})}
	src, fetched := newS2S(t, ts, &clock{t: referenceTime})
	const n = 100
	var started, done sync.WaitGroup
	started.Add(n)
	done.Add(n)
	toks := make([]string, n)
	for i := range n {
		go func() {
			defer done.Done()
			started.Done()
			tok, err := src.Token(context.Background())
			if err != nil {
				t.Error(err)
			}
			toks[i] = tok
		}()
	}
	started.Wait()
	close(ts.gate) // the one fetch answers only once all callers are running
	done.Wait()
	if got := ts.fetches.Load(); got != 1 {
		t.Errorf("token requests = %d, want 1", got)
	}
	for i, tok := range toks {
		if tok != "tok-1" {
			t.Fatalf("caller %d got %q", i, tok)
		}
	}
	if len(*fetched) != 1 || (*fetched)[0] != nil {
		t.Errorf("OnFetch calls = %v, want one nil", *fetched)
	}
}

func TestS2SRefresh(t *testing.T) {
	tests := []struct {
		name      string
		expiresIn int
		stillOK   time.Duration // cached at this age
		refreshed time.Duration // replaced at this age
	}{
		{"hour token, 5 min early", 3600, 54*time.Minute + 59*time.Second, 55 * time.Minute},
		{"short token, half its life", 60, 29 * time.Second, 30 * time.Second},
		{"no expiry given, not cached", 0, -1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := &tokenServer{t: t, expiresIn: tt.expiresIn}
			clk := &clock{t: referenceTime}
			src, _ := newS2S(t, ts, clk)
			ctx := context.Background()
			get := func(want string) {
				t.Helper()
				if tok, err := src.Token(ctx); err != nil || tok != want {
					t.Fatalf("at %v: Token = %q, %v; want %q", clk.Now().Sub(referenceTime), tok, err, want)
				}
			}
			get("tok-1")
			if tt.stillOK >= 0 {
				clk.Set(referenceTime.Add(tt.stillOK))
				get("tok-1")
			}
			clk.Set(referenceTime.Add(tt.refreshed))
			get("tok-2")
		})
	}
}

func TestS2SInvalidate(t *testing.T) {
	ts := &tokenServer{t: t, expiresIn: 3600}
	src, _ := newS2S(t, ts, &clock{t: referenceTime})
	ctx := context.Background()
	tok1, _ := src.Token(ctx)
	src.Invalidate("some-older-token") // not the cached one: no effect
	if tok, _ := src.Token(ctx); tok != tok1 {
		t.Fatalf("token changed to %q after invalidating another token", tok)
	}
	src.Invalidate(tok1)
	if tok, _ := src.Token(ctx); tok != "tok-2" {
		t.Fatalf("after Invalidate: %q, want tok-2", tok)
	}
}

func TestS2STokenErrors(t *testing.T) {
	tests := []struct {
		name       string
		status     int
		body       string
		wantCode   string
		wantReason string
	}{
		{"bad client", 401, `{"reason":"Invalid client_id or client_secret","error":"invalid_client"}`, "invalid_client", "Invalid client_id or client_secret"},
		{"echoes secret", 400, `{"reason":"bad secret s3cr3t","error":"invalid_request"}`, "invalid_request", "bad secret [redacted]"},
		{"html", 503, `<html>down</html>`, "", "Service Unavailable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, fetched := newS2S(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				reply(w, tt.status, tt.body)
			}), &clock{t: referenceTime})
			_, err := src.Token(context.Background())
			var te *TokenError
			if !errors.As(err, &te) || te.StatusCode != tt.status || te.Code != tt.wantCode || te.Reason != tt.wantReason {
				t.Fatalf("err = %#v", err)
			}
			if strings.Contains(err.Error(), "s3cr3t") {
				t.Errorf("error text leaks the secret: %v", err)
			}
			if len(*fetched) != 1 || (*fetched)[0] == nil {
				t.Errorf("OnFetch = %v, want one error", *fetched)
			}
		})
	}
}

func TestS2STokenWaitRespectsContext(t *testing.T) {
	ts := &tokenServer{t: t, expiresIn: 3600, gate: make(chan struct{})}
	src, _ := newS2S(t, ts, &clock{t: referenceTime})
	defer close(ts.gate)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := src.Token(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

// TestInvalidTokenRetry: a 401 with code 124 makes the transport drop the
// token, fetch a new one and resend the same request once.
func TestInvalidTokenRetry(t *testing.T) {
	tests := []struct {
		name         string
		rejectTokens map[string]string // token -> 401 body
		wantErrCode  int               // 0 = success
		wantAPICalls int
		wantFetches  int32
	}{
		{"expired once", map[string]string{"tok-1": `{"code":124,"message":"Access token is expired."}`}, 0, 2, 2},
		{"rejected twice", map[string]string{
			"tok-1": `{"code":124,"message":"Invalid access token."}`,
			"tok-2": `{"code":124,"message":"Invalid access token."}`}, 124, 2, 2},
		{"scope missing is not retried", map[string]string{"tok-1": `{"code":4700,"message":"Invalid access token, does not contain scopes."}`}, 4700, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := &tokenServer{t: t, expiresIn: 3600}
			src, _ := newS2S(t, ts, &clock{t: referenceTime})
			var apiCalls int
			api := http.NewServeMux()
			api.HandleFunc("/v2/users/{userId}/meetings", func(w http.ResponseWriter, r *http.Request) {
				apiCalls++
				testJSONBody(t, r, `{"topic":"standup"}`) // the resent body is complete
				tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
				if body, ok := tt.rejectTokens[tok]; ok {
					reply(w, http.StatusUnauthorized, body)
					return
				}
				reply(w, http.StatusCreated, `{"id":82931897821}`)
			})
			srv := httptest.NewServer(api)
			defer srv.Close()
			c, err := NewClient(Config{BaseURL: srv.URL + "/v2", Auth: src, Plan: PlanUnlimited})
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.CreateMeeting(context.Background(), "u1", &MeetingRequest{Topic: "standup"})
			if got := ErrorCode(err); got != tt.wantErrCode || (tt.wantErrCode == 0) != (err == nil) {
				t.Fatalf("err = %v, want code %d", err, tt.wantErrCode)
			}
			if errors.Is(err, ErrOutcomeUnknown) {
				t.Errorf("a 401 is a definite refusal, not an unknown outcome: %v", err)
			}
			if apiCalls != tt.wantAPICalls || ts.fetches.Load() != tt.wantFetches {
				t.Errorf("api calls = %d, token fetches = %d; want %d, %d", apiCalls, ts.fetches.Load(), tt.wantAPICalls, tt.wantFetches)
			}
		})
	}
}

func TestAuthFailureSendsNothing(t *testing.T) {
	c, mux := setup(t)
	src, _ := newS2S(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reply(w, http.StatusUnauthorized, `{"reason":"Invalid client_id or client_secret","error":"invalid_client"}`)
	}), &clock{t: referenceTime})
	c.hc.Transport.(*Transport).Source = src
	mux.HandleFunc("/users/{userId}/meetings", func(w http.ResponseWriter, r *http.Request) {
		t.Error("the API must not be called without a token")
	})
	_, err := c.CreateMeeting(context.Background(), "u1", &MeetingRequest{Topic: "x"})
	var te *TokenError
	if !errors.As(err, &te) || errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("err = %v, want a *TokenError and no unknown outcome", err)
	}
}

func TestJWTClaims(t *testing.T) {
	tests := []struct {
		name    string
		ttl     time.Duration
		wantExp time.Time
	}{
		{"default 30 s", 0, referenceTime.Add(30 * time.Second)},
		{"one minute", time.Minute, referenceTime.Add(time.Minute)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := NewJWTTokenSource("api-key", "api-secret")
			src.TTL, src.Now = tt.ttl, func() time.Time { return referenceTime }
			tok, err := src.Token(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			claims := jwt.MapClaims{}
			_, err = jwt.ParseWithClaims(tok, claims, func(*jwt.Token) (any, error) { return []byte("api-secret"), nil },
				jwt.WithValidMethods([]string{"HS256"}), jwt.WithTimeFunc(func() time.Time { return referenceTime }),
				jwt.WithIssuer("api-key"), jwt.WithIssuedAt())
			if err != nil {
				t.Fatal(err)
			}
			// Seconds since the epoch, as plain JSON numbers (not milliseconds).
			if got := claims["exp"]; got != float64(tt.wantExp.Unix()) {
				t.Errorf("exp = %v, want %d", got, tt.wantExp.Unix())
			}
			if got := claims["iat"]; got != float64(referenceTime.Unix()) {
				t.Errorf("iat = %v, want %d", got, referenceTime.Unix())
			}
			if _, err := jwt.Parse(tok, func(*jwt.Token) (any, error) { return []byte("other"), nil }); err == nil {
				t.Error("token verifies with the wrong secret")
			}
		})
	}
}

func TestJWTCacheAndRenew(t *testing.T) {
	clk := &clock{t: referenceTime}
	src := NewJWTTokenSource("k", "s")
	src.Now = clk.Now
	ctx := context.Background()
	t1, _ := src.Token(ctx)
	clk.Set(referenceTime.Add(14 * time.Second))
	if t2, _ := src.Token(ctx); t2 != t1 {
		t.Error("token re-minted with more than half its life left")
	}
	clk.Set(referenceTime.Add(15 * time.Second))
	t3, _ := src.Token(ctx)
	if t3 == t1 {
		t.Error("token not renewed at half its life")
	}
	clk.Set(referenceTime.Add(16 * time.Second))
	src.Invalidate(t3)
	if t4, _ := src.Token(ctx); t4 == t3 {
		t.Error("token not re-minted after Invalidate")
	}
	if _, err := NewJWTTokenSource("", "").Token(ctx); err == nil {
		t.Error("empty credentials: no error")
	}
}

// TestTransportCannotResend: a body without GetBody cannot be sent twice, so
// the 401 goes back to the caller, its body still readable.
func TestTransportCannotResend(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		reply(w, http.StatusUnauthorized, `{"code":124,"message":"Invalid access token."}`)
	}))
	defer srv.Close()
	src := &staticToken{}
	hc := &http.Client{Transport: &Transport{Source: src}}
	body := io.MultiReader(strings.NewReader(`{"topic":"x"}`)) // not a type NewRequest knows how to rewind
	req, _ := http.NewRequest(http.MethodPost, srv.URL, body)
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 401 || !strings.Contains(string(b), "124") || calls.Load() != 1 || src.invalidated != 0 {
		t.Errorf("status %d body %q calls %d invalidated %d; want the 401 as is after one call",
			resp.StatusCode, b, calls.Load(), src.invalidated)
	}
}
