package zoomtest

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// token is an issued S2S OAuth access token.
type token struct {
	expires time.Time
	expired bool // forced by ExpireTokens
	revoked bool // replaced by a newer token under RevokeOldTokens
}

const (
	msgInvalidToken = "Invalid access token."
	msgExpiredToken = "Access token is expired."
)

// maxJWTLife caps exp-now for JWT bearer tokens; Zoom's guide asks for
// seconds, and a millisecond exp must not pass as "valid for 50 years".
const maxJWTLife = time.Hour

// TokenRequests returns how many requests reached the token endpoint,
// refused ones included.
func (s *Server) TokenRequests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tokenRequests
}

// ExpireTokens makes every access token issued so far answer 401/124
// "Access token is expired." JWTs are not affected: they carry their own exp.
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.tokens {
		t.expired = true
	}
}

type tokenError struct {
	Reason string `json:"reason"`
	Error  string `json:"error"`
}

type tokenBody struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int    `json:"expires_in"`
	Scope       string `json:"scope"`
	APIURL      string `json:"api_url"`
}

// tokenLocked is POST /oauth/token with grant_type=account_credentials.
// Parameters may come in the query or in a form body; Zoom accepts both.
func (s *Server) tokenLocked(r *http.Request, body []byte) response {
	s.tokenRequests++
	params := r.URL.Query()
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		if form, err := url.ParseQuery(string(body)); err == nil {
			for k, vs := range form {
				params[k] = append(params[k], vs...)
			}
		}
	}
	id, secret, ok := r.BasicAuth()
	if !ok || (s.ClientID != "" && id != s.ClientID) || (s.ClientSecret != "" && secret != s.ClientSecret) {
		return jsonResponse(http.StatusUnauthorized, tokenError{"Invalid client_id or client_secret", "invalid_client"})
	}
	if gt := params.Get("grant_type"); gt != "account_credentials" {
		return jsonResponse(http.StatusBadRequest, tokenError{"unsupported grant type", "unsupported_grant_type"})
	}
	// The body for a wrong account_id is UNVERIFIED; invalid_request is
	// OAuth's generic error.
	if acc := params.Get("account_id"); acc == "" || (s.AccountID != "" && acc != s.AccountID) {
		return jsonResponse(http.StatusBadRequest, tokenError{"Invalid request : Account ID is invalid.", "invalid_request"})
	}
	ttl := s.TokenTTL
	if ttl <= 0 {
		ttl = time.Hour
	}
	if s.RevokeOldTokens {
		for _, t := range s.tokens {
			t.revoked = true
		}
	}
	tok := randomString(48)
	s.tokens[tok] = &token{expires: s.now().Add(ttl)}
	return jsonResponse(http.StatusOK, tokenBody{
		AccessToken: tok,
		TokenType:   "bearer",
		ExpiresIn:   int(ttl / time.Second),
		Scope:       "user:read:admin user:write:admin meeting:read:admin meeting:write:admin",
		// api_url names this server so a client that follows it stays on the fake.
		APIURL: "http://" + r.Host,
	})
}

// authorizeLocked checks the bearer token of an API call.
func (s *Server) authorizeLocked(r *http.Request) (response, bool) {
	scheme, tok, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if !strings.EqualFold(scheme, "Bearer") || tok == "" {
		return zoomError(http.StatusUnauthorized, 124, msgInvalidToken, nil), false
	}
	if t, ok := s.tokens[tok]; ok {
		switch {
		case t.revoked:
			return zoomError(http.StatusUnauthorized, 124, msgInvalidToken, nil), false
		case t.expired || !s.now().Before(t.expires):
			return zoomError(http.StatusUnauthorized, 124, msgExpiredToken, nil), false
		}
		return response{}, true
	}
	if msg := s.checkJWT(tok); msg != "" {
		return zoomError(http.StatusUnauthorized, 124, msg, nil), false
	}
	return response{}, true
}

// checkJWT returns "" for an acceptable legacy JWT, else the 124 message.
func (s *Server) checkJWT(tok string) string {
	if s.JWTSecret == "" {
		return msgInvalidToken
	}
	now := s.now()
	parsed, err := jwt.Parse(tok, func(*jwt.Token) (any, error) { return []byte(s.JWTSecret), nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithTimeFunc(func() time.Time { return now }),
		jwt.WithExpirationRequired())
	if errors.Is(err, jwt.ErrTokenExpired) {
		return msgExpiredToken
	}
	if err != nil {
		return msgInvalidToken
	}
	exp, err := parsed.Claims.GetExpirationTime()
	if err != nil || exp == nil || exp.Sub(now) > maxJWTLife {
		return msgInvalidToken
	}
	if s.JWTKey != "" {
		if iss, err := parsed.Claims.GetIssuer(); err != nil || iss != s.JWTKey {
			return msgInvalidToken
		}
	}
	return ""
}

// tokenInURLLocked reports whether a query carries an access token: an
// access_token parameter, an issued token, or something shaped like a JWT.
func (s *Server) tokenInURLLocked(q url.Values) bool {
	for k, vs := range q {
		if strings.EqualFold(k, "access_token") {
			return true
		}
		for _, v := range vs {
			if _, ok := s.tokens[v]; ok {
				return true
			}
			if strings.HasPrefix(v, "eyJ") && strings.Count(v, ".") == 2 {
				return true
			}
		}
	}
	return false
}

// randomString returns n random bytes as unpadded URL-safe base64.
func randomString(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
