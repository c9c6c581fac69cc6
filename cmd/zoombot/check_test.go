package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"

	"github.com/zoombot/zoombot/bot/slacktest"
	"github.com/zoombot/zoombot/storage"
	"github.com/zoombot/zoombot/zoom/zoomtest"
)

// checkFakes are the services `zoombot check` talks to, and an env that
// points at them with good credentials.
type checkFakes struct {
	slack *slacktest.Server
	zoom  *zoomtest.Server
	env   map[string]string
}

func newCheckFakes(t *testing.T) *checkFakes {
	t.Helper()
	f := &checkFakes{slack: slacktest.NewServer(), zoom: &zoomtest.Server{AccountID: "acct-1", ClientID: "client-1", ClientSecret: "secret-1"}}
	zs := httptest.NewServer(f.zoom)
	t.Cleanup(zs.Close)
	f.env = map[string]string{
		"SLACK_APP_TOKEN": "xapp-test-token", "SLACK_BOT_TOKEN": "xoxb-test-token",
		"ZOOM_ACCOUNT_ID": "acct-1", "ZOOM_CLIENT_ID": "client-1", "ZOOM_CLIENT_SECRET": "secret-1",
		"ZOOM_API_URL": zs.URL + "/v2", "ZOOM_OAUTH_URL": zs.URL + "/oauth/token",
		"ZOOMBOT_DB": filepath.Join(t.TempDir(), "zoombot.db"),
	}
	return f
}

func exitCode(err error) int {
	var ee *exitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.code
	default:
		return 1
	}
}

func TestCheck(t *testing.T) {
	allGood := []string{
		"✓ Configuration: every setting is present and well-formed",
		"✓ Database ", "writable, migrations current",
		"✓ Slack bot token: works: workspace zoombot-test (T0001)",
		"✓ Slack bot scopes: all of manifest.yaml's scopes are granted",
		"✓ Slack app token", "✓ Zoom credentials", "✓ Zoom API",
		"i Zoom custCreate: cannot be checked without creating a Zoom user",
		"All checks passed.",
	}
	tests := []struct {
		name     string
		setup    func(t *testing.T, f *checkFakes)
		args     []string
		wantCode int
		want     []string // substrings of the output
		notWant  []string
	}{
		{name: "good configuration", want: allGood},
		{name: "bad Slack bot token", setup: func(t *testing.T, f *checkFakes) { f.env["SLACK_BOT_TOKEN"] = "xoxb-revoked" },
			wantCode: 1, want: []string{"✗ Slack bot token: auth.test failed: invalid_auth", "fix: copy the Bot User OAuth Token",
				"- Slack bot scopes", "✓ Slack app token", "✓ Zoom API", "1 problem(s) found."}},
		{name: "bad Slack app token", setup: func(t *testing.T, f *checkFakes) { f.env["SLACK_APP_TOKEN"] = "xapp-revoked" },
			wantCode: 1, want: []string{"✗ Slack app token: apps.connections.open failed: invalid_auth", "fix: create an app-level token",
				"✓ Slack bot token", "✓ Slack bot scopes"}},
		{name: "bot token without some scopes", setup: func(t *testing.T, f *checkFakes) { f.slack.BotScopes = "commands, chat:write,im:write,users:read" },
			wantCode: 1, want: []string{"✗ Slack bot scopes: missing chat:write.public, users:read.email", "reinstall the app"}},
		{name: "Slack unreachable", setup: func(t *testing.T, f *checkFakes) { f.env["SLACK_API_URL"] = "http://127.0.0.1:1/api/" },
			wantCode: 1, want: []string{"✗ Slack bot token", "✗ Slack app token", "fix: check SLACK_API_URL", "✓ Zoom API"}},
		{name: "bad Zoom credentials", setup: func(t *testing.T, f *checkFakes) { f.env["ZOOM_CLIENT_SECRET"] = "wrong" },
			wantCode: 1, want: []string{"✗ Zoom credentials: no access token", "invalid_client", "fix: check ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET",
				"- Zoom API", "✓ Slack bot token"}},
		{name: "Zoom token without the user scope", setup: func(t *testing.T, f *checkFakes) {
			f.zoom.FailNext(zoomtest.RouteGetUser, 1, 400, 4700, "Invalid access token, does not contain scopes:[user:read:admin].")
		}, wantCode: 1, want: []string{"✓ Zoom credentials", "✗ Zoom API: the token lacks a scope", "fix: add the scopes user:read:admin"}},
		{name: "database in a directory that does not exist", setup: func(t *testing.T, f *checkFakes) {
			f.env["ZOOMBOT_DB"] = filepath.Join(t.TempDir(), "missing", "zoombot.db")
		}, wantCode: 1, want: []string{"✗ Database ", "cannot open it for writing", "fix: make ZOOMBOT_DB a file in an existing directory", "✓ Slack bot token"}},
		{name: "database path is a directory", setup: func(t *testing.T, f *checkFakes) { f.env["ZOOMBOT_DB"] = t.TempDir() },
			wantCode: 1, want: []string{"✗ Database ", "cannot open it for writing"}},
		{name: "database migrated by a newer build", setup: func(t *testing.T, f *checkFakes) { futureMigration(t, f.env["ZOOMBOT_DB"]) },
			wantCode: 1, want: []string{"✗ Database ", "a newer zoombot migrated it"}},
		{name: "bad settings are listed and the rest still checked", setup: func(t *testing.T, f *checkFakes) {
			f.env["SLACK_BOT_TOKEN"] = ""
			f.env["ZOOMBOT_REMINDER"] = "soon"
		}, wantCode: 1, want: []string{"✗ Configuration: SLACK_BOT_TOKEN is required", "✗ Configuration: ZOOMBOT_REMINDER must be",
			"- Slack bot token: not checked: SLACK_BOT_TOKEN is not usable", "✓ Slack app token", "✓ Zoom API", "✓ Database ", "2 problem(s) found."}},
		{name: "bad flag is a usage error", args: []string{"-no-such-flag"}, wantCode: 2, notWant: []string{"✓"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newCheckFakes(t)
			if tt.setup != nil {
				tt.setup(t, f)
			}
			f.slack.Start()
			t.Cleanup(f.slack.Close)
			if _, ok := f.env["SLACK_API_URL"]; !ok {
				f.env["SLACK_API_URL"] = f.slack.APIURL()
			}
			var out, errOut bytes.Buffer
			err := run(context.Background(), append([]string{"check"}, tt.args...), envMap(f.env), strings.NewReader(""), &out, &errOut)
			if got := exitCode(err); got != tt.wantCode {
				t.Errorf("exit code %d (%v), want %d", got, err, tt.wantCode)
			}
			for _, w := range tt.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %q", w)
				}
			}
			for _, w := range append(tt.notWant, "xoxb-test-token", "xapp-test-token", "secret-1") {
				if strings.Contains(out.String()+errOut.String(), w) {
					t.Errorf("output contains %q", w)
				}
			}
			for _, c := range f.zoom.Calls() {
				if c.Route == zoomtest.RouteCreateUser {
					t.Error("check created a Zoom user")
				}
			}
			if t.Failed() {
				t.Logf("stdout:\n%s\nstderr:\n%s", out.String(), errOut.String())
			}
		})
	}
}

// futureMigration records a migration this build does not know, as a newer
// zoombot would have.
func futureMigration(t *testing.T, path string) {
	t.Helper()
	db, err := storage.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`INSERT INTO migrations (name, applied_at) VALUES ('9999_future.sql', 0)`); err != nil {
		t.Fatal(err)
	}
}
