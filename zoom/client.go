package zoom

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/time/rate"
)

// Defaults for Config and S2SConfig.
const (
	DefaultBaseURL  = "https://api.zoom.us/v2"
	DefaultTokenURL = "https://zoom.us/oauth/token"

	defaultTimeout      = 30 * time.Second
	defaultMaxRetries   = 3
	defaultBackoff      = 200 * time.Millisecond
	defaultMaxRetryWait = 10 * time.Second
)

// Config configures a Client. Only Auth is required.
type Config struct {
	// BaseURL is the API root, with or without a trailing slash; "" means
	// DefaultBaseURL. ZoomGov and tests use other hosts.
	BaseURL string
	// Auth supplies bearer tokens. Required.
	Auth TokenSource
	// HTTPClient is copied, and its Transport wrapped in a *Transport; nil
	// means a client with a 30 s timeout. Redirects are never followed, since
	// the bearer token would go along to the new host.
	HTTPClient *http.Client
	// Plan sets the client-side per-second limits; zero means PlanPro.
	Plan Plan
	// MaxRetries is how often a retryable failure is retried; 0 means 3,
	// negative means never.
	MaxRetries int
	// Backoff is the base of the exponential backoff (doubling, with jitter);
	// 0 means 200 ms.
	Backoff time.Duration
	// MaxRetryWait is the longest single wait before a retry; a per-second 429
	// whose Retry-After lies further ahead is returned instead. 0 means 10 s.
	MaxRetryWait time.Duration
	// Now is the calendar clock for Retry-After deltas and the daily reset;
	// nil means time.Now.
	Now func() time.Time
	// OnCall, if set, is called once per HTTP attempt (for metrics).
	OnCall func(CallInfo)
	// OnRateLimitWait, if set, is called before each wait caused by the
	// client-side limiter or by a per-second 429.
	OnRateLimitWait func(category Category, d time.Duration)
}

// CallInfo describes one HTTP attempt, for metrics.
type CallInfo struct {
	Endpoint string // route, e.g. "POST /users/{userId}/meetings"
	Category Category
	Status   int // HTTP status; 0 = transport error
	Duration time.Duration
}

// Client calls Zoom's REST API. It is safe for concurrent use.
type Client struct {
	baseURL    *url.URL // ends in "/"
	hc         *http.Client
	limiters   map[Category]*rate.Limiter
	plan       Plan
	maxRetries int
	backoff    time.Duration
	maxWait    time.Duration
	now        func() time.Time
	onCall     func(CallInfo)
	onWait     func(Category, time.Duration)
	// sleep waits between retries; tests replace it to record waits.
	sleep func(ctx context.Context, d time.Duration) error
}

// NewClient returns a Client for cfg. It fails when Auth is missing or
// BaseURL is not an absolute URL.
func NewClient(cfg Config) (*Client, error) {
	if cfg.Auth == nil {
		return nil, errors.New("zoom: Config.Auth is required")
	}
	base := cfg.BaseURL
	if base == "" {
		base = DefaultBaseURL
	}
	if !strings.HasSuffix(base, "/") {
		base += "/" // relative paths resolve below the base, not beside it
	}
	u, err := url.Parse(base)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return nil, fmt.Errorf("zoom: BaseURL %q is not an absolute URL", cfg.BaseURL)
	}
	hc := &http.Client{Timeout: defaultTimeout}
	if cfg.HTTPClient != nil {
		copied := *cfg.HTTPClient
		hc = &copied
	}
	hc.Transport = &Transport{Source: cfg.Auth, Base: hc.Transport}
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

	c := &Client{
		baseURL: u, hc: hc, limiters: newLimiters(cfg.Plan), plan: cfg.Plan,
		maxRetries: cfg.MaxRetries, backoff: cfg.Backoff, maxWait: cfg.MaxRetryWait,
		now: cfg.Now, onCall: cfg.OnCall, onWait: cfg.OnRateLimitWait, sleep: sleepCtx,
	}
	switch {
	case c.maxRetries == 0:
		c.maxRetries = defaultMaxRetries
	case c.maxRetries < 0:
		c.maxRetries = 0
	}
	if c.backoff <= 0 {
		c.backoff = defaultBackoff
	}
	if c.maxWait <= 0 {
		c.maxWait = defaultMaxRetryWait
	}
	if c.now == nil {
		c.now = time.Now
	}
	return c, nil
}

// endpoint is one API route with what the client needs to know about it.
type endpoint struct {
	method, pattern string
	category        Category
	want            int // the one success status
	// changes marks a call that creates or changes something: a failure
	// after it may have been processed is an unknown outcome
	// (ErrOutcomeUnknown), and it is retried only when Zoom surely did not
	// process it.
	changes bool
}

func (ep endpoint) name() string { return ep.method + " " + ep.pattern }

// Routes, with Zoom's rate-limit labels (zoom-api.md §5).
var (
	epCreateUser    = endpoint{http.MethodPost, "/users", CategoryLight, http.StatusCreated, true}
	epGetUser       = endpoint{http.MethodGet, "/users/{userId}", CategoryLight, http.StatusOK, false}
	epCreateMeeting = endpoint{http.MethodPost, "/users/{userId}/meetings", CategoryMedium, http.StatusCreated, true}
	epListMeetings  = endpoint{http.MethodGet, "/users/{userId}/meetings", CategoryMedium, http.StatusOK, false}
	epGetMeeting    = endpoint{http.MethodGet, "/meetings/{meetingId}", CategoryLight, http.StatusOK, false}
	epUpdateMeeting = endpoint{http.MethodPatch, "/meetings/{meetingId}", CategoryLight, http.StatusNoContent, true}
	epDeleteMeeting = endpoint{http.MethodDelete, "/meetings/{meetingId}", CategoryLight, http.StatusNoContent, false}
)

// newRequest builds a request for ep at path, which is relative to the base
// URL (no leading slash, already escaped, may carry a query). A non-nil body
// is sent as JSON; GetBody is set so retries can resend it.
func (c *Client) newRequest(ctx context.Context, ep endpoint, path string, body any) (*http.Request, error) {
	u, err := c.baseURL.Parse(path)
	if err != nil {
		return nil, fmt.Errorf("zoom: %s: bad path: %w", ep.name(), err)
	}
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("zoom: %s: encoding request: %w", ep.name(), err)
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, ep.method, u.String(), r)
	if err != nil {
		return nil, fmt.Errorf("zoom: %s: %w", ep.name(), err)
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req, nil
}

// do sends req, retrying as the route allows, and decodes a success body
// into v (if v is not nil). Errors are *Error, *RateLimitError, transport
// errors, or any of these wrapped with ErrOutcomeUnknown.
func (c *Client) do(ctx context.Context, ep endpoint, req *http.Request, v any) error {
	for attempt := 0; ; attempt++ {
		res := c.attempt(ctx, ep, req, v)
		if !res.retry || attempt >= c.maxRetries {
			return res.err
		}
		d := c.backoffFor(attempt)
		if res.wait > c.maxWait {
			return res.err // a Retry-After beyond what we are willing to wait
		}
		if res.wait > d {
			d = res.wait
		}
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < d {
			return res.err // the caller's deadline comes first: waiting would only end in ctx.Err()
		}
		if res.rateLimited && c.onWait != nil {
			c.onWait(ep.category, d)
		}
		if err := c.sleep(ctx, d); err != nil {
			return fmt.Errorf("%w; gave up waiting to retry: %w", res.err, err)
		}
	}
}

// backoffFor is the wait before retry number attempt+1: base·2^attempt,
// capped at maxWait, with "equal jitter" (half fixed, half random) so that
// clients failing together do not retry together.
func (c *Client) backoffFor(attempt int) time.Duration {
	d := c.backoff
	for i := 0; i < attempt && d < c.maxWait; i++ {
		d *= 2
	}
	d = min(d, c.maxWait)
	half := d / 2
	return half + rand.N(half+1)
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
