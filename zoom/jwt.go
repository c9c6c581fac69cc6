package zoom

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// defaultJWTTTL keeps a leaked token useless within seconds, as Zoom's JWT
// guide recommends.
const defaultJWTTTL = 30 * time.Second

// JWTTokenSource mints tokens for Zoom's legacy JWT app type: HS256, iss =
// API key, exp = now + TTL in seconds. Zoom itself retired JWT apps in 2023;
// Zoom-compatible servers (and the fake) still accept them.
// See https://marketplace.zoom.us/docs/guides/authorization/jwt/jwt-with-zoom.
type JWTTokenSource struct {
	// TTL is the token lifetime; 0 means 30 s.
	TTL time.Duration
	// Now is the clock for iat and exp; nil means time.Now.
	Now func() time.Time

	key, secret string

	mu    sync.Mutex
	token string
	exp   time.Time
}

// NewJWTTokenSource returns a source signing with apiSecret for apiKey.
func NewJWTTokenSource(apiKey, apiSecret string) *JWTTokenSource {
	return &JWTTokenSource{key: apiKey, secret: apiSecret}
}

// Token returns a cached token while it has more than half its life left,
// else mints a new one.
func (j *JWTTokenSource) Token(ctx context.Context) (string, error) {
	if j.key == "" || j.secret == "" {
		return "", errors.New("zoom: JWT API key and secret are required")
	}
	now := time.Now()
	if j.Now != nil {
		now = j.Now()
	}
	ttl := j.TTL
	if ttl <= 0 {
		ttl = defaultJWTTTL
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.token != "" && now.Before(j.exp.Add(-ttl/2)) {
		return j.token, nil
	}
	exp := now.Add(ttl)
	claims := jwt.RegisteredClaims{
		Issuer:    j.key,
		IssuedAt:  jwt.NewNumericDate(now),
		ExpiresAt: jwt.NewNumericDate(exp), // seconds, as the text says; not the example's ms
	}
	tok, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte(j.secret))
	if err != nil {
		return "", fmt.Errorf("zoom: signing JWT: %w", err)
	}
	j.token, j.exp = tok, exp
	return tok, nil
}

// Invalidate drops token if it is the cached one, so the next Token mints anew.
func (j *JWTTokenSource) Invalidate(token string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if token != "" && j.token == token {
		j.token = ""
	}
}
