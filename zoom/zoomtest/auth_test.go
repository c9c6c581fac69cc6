package zoomtest_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/zoombot/zoombot/zoom/zoomtest"
)

func TestTokenEndpoint(t *testing.T) {
	s := &zoomtest.Server{AccountID: "acc", ClientID: "cid", ClientSecret: "csec", TokenTTL: 30 * time.Minute}
	h := start(t, s)
	tests := []struct {
		name       string
		user, pass string
		query      string
		form       string
		wantStatus int
		wantError  string
	}{
		{"query params", "cid", "csec", "grant_type=account_credentials&account_id=acc", "", 200, ""},
		{"form params", "cid", "csec", "", "grant_type=account_credentials&account_id=acc", 200, ""},
		{"wrong secret", "cid", "nope", "grant_type=account_credentials&account_id=acc", "", 401, "invalid_client"},
		{"wrong client id", "x", "csec", "grant_type=account_credentials&account_id=acc", "", 401, "invalid_client"},
		{"no basic auth", "", "", "grant_type=account_credentials&account_id=acc", "", 401, "invalid_client"},
		{"wrong grant", "cid", "csec", "grant_type=client_credentials&account_id=acc", "", 400, "unsupported_grant_type"},
		{"wrong account", "cid", "csec", "grant_type=account_credentials&account_id=other", "", 400, "invalid_request"},
		{"no account", "cid", "csec", "grant_type=account_credentials", "", 400, "invalid_request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest("POST", h.url+"/oauth/token?"+tt.query, strings.NewReader(tt.form))
			if tt.form != "" {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			if tt.user != "" {
				req.SetBasicAuth(tt.user, tt.pass)
			}
			r := send(t, req)
			if r.status != tt.wantStatus {
				t.Fatalf("status %d, want %d: %s", r.status, tt.wantStatus, r.raw)
			}
			if tt.wantError != "" {
				if r.json["error"] != tt.wantError || r.json["reason"] == "" {
					t.Fatalf("body %s, want error %q with a reason", r.raw, tt.wantError)
				}
				return
			}
			if r.json["token_type"] != "bearer" || r.json["expires_in"] != float64(1800) ||
				r.json["access_token"] == "" || r.json["scope"] == "" || r.json["api_url"] != h.url {
				t.Fatalf("token body %s", r.raw)
			}
			if got := h.doToken(r.json["access_token"].(string), "GET", "/users/nobody", nil); got.code() != 1001 {
				t.Fatalf("issued token not accepted: %s", got.raw)
			}
		})
	}
	if got := s.TokenRequests(); got != len(tests)+1 { // +1: the harness's own token
		t.Errorf("TokenRequests = %d, want %d", got, len(tests)+1)
	}
}

func TestZeroValueAcceptsAnyCredentials(t *testing.T) {
	h := start(t, &zoomtest.Server{}) // start fails the test unless a token is issued
	wantError(t, h.do("GET", "/users/x", nil), 404, 1001)
}

func TestBearerRequired(t *testing.T) {
	h := start(t, &zoomtest.Server{})
	for name, tok := range map[string]string{"missing": "", "unknown": "abc", "jwt without secret": signJWT(t, "s", "k", t0.Add(time.Minute))} {
		t.Run(name, func(t *testing.T) {
			r := h.doToken(tok, "GET", "/users/x", nil)
			wantError(t, r, 401, 124)
			if r.json["message"] != "Invalid access token." {
				t.Errorf("message %q", r.json["message"])
			}
		})
	}
	req, _ := http.NewRequest("GET", h.url+"/v2/users/x", nil)
	req.Header.Set("Authorization", "Basic "+h.token)
	wantError(t, send(t, req), 401, 124)
}

func TestTokenExpiry(t *testing.T) {
	s := &zoomtest.Server{}
	h := start(t, s)
	expired := func(r result) {
		t.Helper()
		wantError(t, r, 401, 124)
		if r.json["message"] != "Access token is expired." {
			t.Fatalf("message %q", r.json["message"])
		}
	}
	h.clock.Advance(time.Hour - time.Second)
	wantError(t, h.do("GET", "/users/x", nil), 404, 1001)
	h.clock.Advance(time.Second)
	expired(h.do("GET", "/users/x", nil))

	fresh := h.fetchToken()
	wantError(t, h.doToken(fresh, "GET", "/users/x", nil), 404, 1001)
	s.ExpireTokens()
	expired(h.doToken(fresh, "GET", "/users/x", nil))
	wantError(t, h.doToken(h.fetchToken(), "GET", "/users/x", nil), 404, 1001)
}

func TestRevokeOldTokens(t *testing.T) {
	h := start(t, &zoomtest.Server{RevokeOldTokens: true})
	old := h.token
	h.token = h.fetchToken()
	wantError(t, h.doToken(old, "GET", "/users/x", nil), 401, 124)
	wantError(t, h.do("GET", "/users/x", nil), 404, 1001)
}

func signJWT(t *testing.T, secret, iss string, exp time.Time) string {
	t.Helper()
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"iss": iss, "exp": exp.Unix()}).SignedString([]byte(secret))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestJWT(t *testing.T) {
	const secret = "jwt-secret"
	h := start(t, &zoomtest.Server{JWTSecret: secret, JWTKey: "apikey"})
	hs512, _ := jwt.NewWithClaims(jwt.SigningMethodHS512, jwt.MapClaims{"iss": "apikey", "exp": t0.Add(time.Minute).Unix()}).SignedString([]byte(secret))
	noExp, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"iss": "apikey"}).SignedString([]byte(secret))
	msExp, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"iss": "apikey", "exp": t0.Add(time.Minute).UnixMilli()}).SignedString([]byte(secret))
	tests := []struct {
		name    string
		token   string
		wantMsg string // "" = accepted
	}{
		{"valid", signJWT(t, secret, "apikey", t0.Add(30*time.Second)), ""},
		{"valid for an hour", signJWT(t, secret, "apikey", t0.Add(time.Hour)), ""},
		{"expired", signJWT(t, secret, "apikey", t0.Add(-time.Second)), "Access token is expired."},
		{"exp too far ahead", signJWT(t, secret, "apikey", t0.Add(2*time.Hour)), "Invalid access token."},
		{"exp in milliseconds", msExp, "Invalid access token."},
		{"no exp", noExp, "Invalid access token."},
		{"wrong secret", signJWT(t, "other", "apikey", t0.Add(time.Minute)), "Invalid access token."},
		{"wrong iss", signJWT(t, secret, "other", t0.Add(time.Minute)), "Invalid access token."},
		{"HS512", hs512, "Invalid access token."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := h.doToken(tt.token, "GET", "/users/x", nil)
			if tt.wantMsg == "" {
				wantError(t, r, 404, 1001)
				return
			}
			wantError(t, r, 401, 124)
			if r.json["message"] != tt.wantMsg {
				t.Errorf("message %q, want %q", r.json["message"], tt.wantMsg)
			}
		})
	}
}

func TestTokenInURLRecorded(t *testing.T) {
	s := &zoomtest.Server{}
	h := start(t, s)
	h.do("GET", "/users/x", nil)
	h.do("GET", "/users/x?access_token="+url.QueryEscape(h.token), nil)
	h.do("GET", "/users/x?foo="+url.QueryEscape(h.token), nil)
	var flagged []bool
	for _, c := range s.Calls() {
		if c.Route == "GET /users/{userId}" {
			flagged = append(flagged, c.TokenInURL)
		}
	}
	if want := []bool{false, true, true}; len(flagged) != 3 || flagged[0] != want[0] || flagged[1] != want[1] || flagged[2] != want[2] {
		t.Fatalf("TokenInURL per call = %v, want %v", flagged, want)
	}
}
