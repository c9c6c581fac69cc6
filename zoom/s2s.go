package zoom

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// refreshMargin is how long before expiry a token is replaced, so that a
// token never expires between Token and Zoom checking it.
const refreshMargin = 5 * time.Minute

// S2SConfig configures a Server-to-Server OAuth token source.
type S2SConfig struct {
	AccountID, ClientID, ClientSecret string
	// TokenURL is the OAuth token endpoint; "" means DefaultTokenURL.
	TokenURL string
	// HTTPClient sends token requests; nil means a client with a 30 s timeout.
	HTTPClient *http.Client
	// Now is the clock for token expiry; nil means time.Now.
	Now func() time.Time
	// OnFetch, if set, is called once per token request with its error (for metrics).
	OnFetch func(err error)
}

// S2STokenSource fetches and caches Server-to-Server OAuth tokens
// (grant_type=account_credentials). It is safe for concurrent use: however
// many callers need a token, at most one request is in flight.
// See https://developers.zoom.us/docs/internal-apps/s2s-oauth/.
type S2STokenSource struct {
	cfg S2SConfig

	mu        sync.Mutex
	token     string    // "" = none cached
	refreshAt time.Time // replace token from then on
	inflight  *flight   // the one running fetch, if any
}

type flight struct {
	done  chan struct{}
	token string
	err   error
}

// TokenError is a refused token request, from Zoom's {"reason","error"} body.
// It never contains the client secret.
type TokenError struct {
	StatusCode int
	Code       string // OAuth error, e.g. "invalid_client"
	Reason     string // e.g. "Invalid client_id or client_secret"
}

// Error formats the status and Zoom's reason.
func (e *TokenError) Error() string {
	return fmt.Sprintf("zoom: token request refused: %d %s: %s", e.StatusCode, e.Code, e.Reason)
}

// NewS2STokenSource returns a token source for cfg.
func NewS2STokenSource(cfg S2SConfig) *S2STokenSource {
	if cfg.TokenURL == "" {
		cfg.TokenURL = DefaultTokenURL
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: defaultTimeout}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &S2STokenSource{cfg: cfg}
}

// Token returns the cached token, or waits for the one fetch in flight,
// starting it if needed. The fetch does not stop when ctx ends (other
// callers may wait for it); only this caller's wait does.
func (s *S2STokenSource) Token(ctx context.Context) (string, error) {
	s.mu.Lock()
	if s.token != "" && s.cfg.Now().Before(s.refreshAt) {
		tok := s.token
		s.mu.Unlock()
		return tok, nil
	}
	f := s.inflight
	if f == nil {
		f = &flight{done: make(chan struct{})}
		s.inflight = f
		go s.refresh(context.WithoutCancel(ctx), f)
	}
	s.mu.Unlock()
	select {
	case <-f.done:
		return f.token, f.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// Invalidate drops token if it is still the cached one.
func (s *S2STokenSource) Invalidate(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if token != "" && s.token == token {
		s.token = ""
	}
}

func (s *S2STokenSource) refresh(ctx context.Context, f *flight) {
	if s.cfg.HTTPClient.Timeout == 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, defaultTimeout) // waiters must not hang forever
		defer cancel()
	}
	tok, refreshAt, err := s.fetch(ctx)
	if s.cfg.OnFetch != nil {
		s.cfg.OnFetch(err)
	}
	s.mu.Lock()
	if err == nil {
		s.token, s.refreshAt = tok, refreshAt
	}
	s.inflight = nil
	f.token, f.err = tok, err
	s.mu.Unlock()
	close(f.done)
}

// fetch asks the token endpoint for a new token and says when to replace it.
func (s *S2STokenSource) fetch(ctx context.Context) (string, time.Time, error) {
	start := s.cfg.Now() // expiry counts from before the request, to err on the early side
	u, err := url.Parse(s.cfg.TokenURL)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("zoom: bad TokenURL: %w", err)
	}
	q := u.Query()
	q.Set("grant_type", "account_credentials")
	q.Set("account_id", s.cfg.AccountID)
	u.RawQuery = q.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), nil)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("zoom: token request: %w", err)
	}
	req.SetBasicAuth(s.cfg.ClientID, s.cfg.ClientSecret)
	req.Header.Set("Accept", "application/json")
	resp, err := s.cfg.HTTPClient.Do(req)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("zoom: token request: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	if err != nil {
		return "", time.Time{}, fmt.Errorf("zoom: reading token reply: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return "", time.Time{}, s.tokenError(resp.StatusCode, body)
	}
	var t struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int64  `json:"expires_in"`
	}
	if err := json.Unmarshal(body, &t); err != nil || t.AccessToken == "" {
		return "", time.Time{}, errors.New("zoom: token reply has no access_token")
	}
	life := time.Duration(t.ExpiresIn) * time.Second
	// Refresh 5 min early, but a short-lived token (tests, fakes) is kept
	// for at least half its life rather than refreshed on every call.
	return t.AccessToken, start.Add(life - min(refreshMargin, life/2)), nil
}

func (s *S2STokenSource) tokenError(status int, body []byte) error {
	var w struct {
		Reason string `json:"reason"`
		Error  string `json:"error"`
	}
	_ = json.Unmarshal(body, &w)
	if w.Reason == "" {
		w.Reason = http.StatusText(status)
	}
	hide := func(v string) string {
		if s.cfg.ClientSecret != "" {
			v = strings.ReplaceAll(v, s.cfg.ClientSecret, "[redacted]")
		}
		return scrub(v)
	}
	return &TokenError{StatusCode: status, Code: hide(w.Error), Reason: hide(w.Reason)}
}
