package zoom

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sync"
	"testing"
	"time"
)

// referenceTime is the fixed clock of every test.
var referenceTime = time.Date(2026, 11, 27, 15, 0, 0, 0, time.UTC)

// staticToken is a TokenSource handing out "tok-N", where N counts Invalidate calls.
type staticToken struct {
	mu          sync.Mutex
	invalidated int
}

func (s *staticToken) Token(context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return "tok-" + string(rune('0'+s.invalidated)), nil
}

func (s *staticToken) Invalidate(string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.invalidated++
}

// setup starts a server whose API lives under /v2/, as Zoom's does, and a
// client pointed at it. Tests register handlers on mux with paths relative to
// /v2. Anything outside /v2/ fails the test loudly: it means the client built
// an absolute path instead of resolving against the base URL.
func setup(t testing.TB) (*Client, *http.ServeMux) {
	t.Helper()
	mux := http.NewServeMux()
	api := http.NewServeMux()
	api.Handle("/v2/", http.StripPrefix("/v2", mux))
	api.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("request outside the base path: %s %s", r.Method, r.URL)
		http.Error(w, "outside base path", http.StatusTeapot)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("no handler for %s %s", r.Method, r.URL)
		http.Error(w, "no handler", http.StatusTeapot)
	})
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	c, err := NewClient(Config{
		BaseURL:      srv.URL + "/v2",
		Auth:         &staticToken{},
		Plan:         PlanUnlimited,
		Backoff:      time.Millisecond,
		MaxRetryWait: time.Second,
		Now:          func() time.Time { return referenceTime },
	})
	if err != nil {
		t.Fatal(err)
	}
	c.sleep = func(ctx context.Context, d time.Duration) error { return ctx.Err() }
	return c, mux
}

func testMethod(t *testing.T, r *http.Request, want string) {
	t.Helper()
	if r.Method != want {
		t.Errorf("method = %s, want %s", r.Method, want)
	}
}

func testQuery(t *testing.T, r *http.Request, want map[string]string) {
	t.Helper()
	got := map[string]string{}
	for k, v := range r.URL.Query() {
		got[k] = v[0]
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("query = %v, want %v", got, want)
	}
}

// testJSONBody compares the request body with want as JSON values, so key
// order and spacing do not matter but every field does.
func testJSONBody(t *testing.T, r *http.Request, want string) {
	t.Helper()
	b, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	assertJSONEqual(t, b, want)
}

func assertJSONEqual(t *testing.T, b []byte, want string) {
	t.Helper()
	var got, exp any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("body %q is not JSON: %v", b, err)
	}
	if err := json.Unmarshal([]byte(want), &exp); err != nil {
		t.Fatalf("bad want JSON: %v", err)
	}
	if !reflect.DeepEqual(got, exp) {
		t.Errorf("body = %s\nwant  %s", b, want)
	}
}

func reply(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	io.WriteString(w, body)
}

func TestNewClient(t *testing.T) {
	tests := []struct {
		name    string
		cfg     Config
		wantURL string
		wantErr bool
	}{
		{"default", Config{Auth: &staticToken{}}, "https://api.zoom.us/v2/", false},
		{"no slash", Config{Auth: &staticToken{}, BaseURL: "https://api.zoomgov.com/v2"}, "https://api.zoomgov.com/v2/", false},
		{"slash", Config{Auth: &staticToken{}, BaseURL: "http://h/v2/"}, "http://h/v2/", false},
		{"no auth", Config{}, "", true},
		{"relative", Config{Auth: &staticToken{}, BaseURL: "api/v2"}, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := NewClient(tt.cfg)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if err == nil && c.baseURL.String() != tt.wantURL {
				t.Errorf("base = %s, want %s", c.baseURL, tt.wantURL)
			}
		})
	}
}

func TestClientSendsBearerAndRefusesRedirects(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/meetings/1", func(w http.ResponseWriter, r *http.Request) {
		if got := r.Header.Get("Authorization"); got != "Bearer tok-0" {
			t.Errorf("Authorization = %q", got)
		}
		// A redirect would carry the bearer token to another host.
		http.Redirect(w, r, "http://elsewhere.example/steal", http.StatusFound)
	})
	_, err := c.GetMeeting(context.Background(), 1)
	var e *Error
	if !errors.As(err, &e) || e.StatusCode != http.StatusFound {
		t.Fatalf("err = %v, want *Error 302", err)
	}
}
