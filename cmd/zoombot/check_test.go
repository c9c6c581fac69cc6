package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"

	"github.com/zoombot/zoombot/bot/slacktest"
	"github.com/zoombot/zoombot/internal/pgtest"
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
	db, err := storage.Open(context.Background(), f.env["ZOOMBOT_DB"]) // as a first run leaves it
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
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
		"✓ Zoom summary scope: the token may read AI Companion summaries (meeting_summary:read:admin",
		"✓ Zoom participants scope",
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
		{name: "Zoom token without the summary scope, webhooks on", setup: func(t *testing.T, f *checkFakes) {
			f.env["ZOOM_WEBHOOK_SECRET"], f.env["ZOOMBOT_HTTP_ADDR"] = "whsec", ":8080"
			f.zoom.WithoutScopes = []string{"meeting_summary:read:admin", "meeting:read:summary:admin"}
		}, wantCode: 1, want: []string{"✗ Zoom summary scope: the token lacks meeting_summary:read:admin (granular: meeting:read:summary:admin)",
			"or set ZOOMBOT_POST_SUMMARIES=false", "✓ Zoom participants scope", "1 problem(s) found."}},
		{name: "Zoom token without the summary scope, summaries off", setup: func(t *testing.T, f *checkFakes) {
			f.env["ZOOM_WEBHOOK_SECRET"], f.env["ZOOMBOT_HTTP_ADDR"], f.env["ZOOMBOT_POST_SUMMARIES"] = "whsec", ":8080", "false"
			f.zoom.WithoutScopes = []string{"meeting_summary:read:admin", "meeting:read:summary:admin"}
		}, want: []string{"i Zoom summary scope: the token lacks meeting_summary:read:admin", "All checks passed."}},
		{name: "database in a directory that does not exist", setup: func(t *testing.T, f *checkFakes) {
			f.env["ZOOMBOT_DB"] = filepath.Join(t.TempDir(), "missing", "zoombot.db")
		}, wantCode: 1, want: []string{"✗ Database ", "cannot open it", "fix: make ZOOMBOT_DB a file in an existing directory", "✓ Slack bot token"}},
		{name: "database path is a directory", setup: func(t *testing.T, f *checkFakes) { f.env["ZOOMBOT_DB"] = t.TempDir() },
			wantCode: 1, want: []string{"✗ Database ", "cannot open it"}},
		{name: "database not created yet is created by run, not by check", setup: func(t *testing.T, f *checkFakes) {
			f.env["ZOOMBOT_DB"] = filepath.Join(t.TempDir(), "zoombot.db")
		}, want: []string{"i Database ", "does not exist yet", "note: zoombot run (or zoombot migrate) creates it, mode 0600, and applies", "All checks passed."}},
		{name: "database with migrations pending", setup: func(t *testing.T, f *checkFakes) {
			f.env["ZOOMBOT_DB"] = partlyMigrated(t)
		}, want: []string{"i Database ", "reachable; 1 of ", "migrations applied", "note: zoombot run (or zoombot migrate) applies 0002_host_holds.sql"}},
		{name: "database readable by others", setup: func(t *testing.T, f *checkFakes) {
			if err := os.Chmod(f.env["ZOOMBOT_DB"], 0o644); err != nil {
				t.Fatal(err)
			}
		}, wantCode: 1, want: []string{"✓ Database ", "✗ Database ", "permissions: mode -rw-r--r--", "fix: chmod 600"}},
		{name: "PostgreSQL unreachable", setup: func(t *testing.T, f *checkFakes) {
			f.env["ZOOMBOT_DATABASE_URL"] = "postgres://zoombot:hunter2@127.0.0.1:1/zoombot?sslmode=disable&connect_timeout=2"
		}, wantCode: 1, want: []string{"✗ Database PostgreSQL 127.0.0.1:1/zoombot: cannot connect", "fix: check ZOOMBOT_DATABASE_URL"},
			notWant: []string{"hunter2"}},
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
			dbBefore := dirList(t, filepath.Dir(f.env["ZOOMBOT_DB"]))
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
			if after := dirList(t, filepath.Dir(f.env["ZOOMBOT_DB"])); after != dbBefore {
				t.Errorf("check changed the database's folder: %s → %s", dbBefore, after)
			}
			if t.Failed() {
				t.Logf("stdout:\n%s\nstderr:\n%s", out.String(), errOut.String())
			}
		})
	}
}

// dirList names a folder's files with their sizes, or "" if it is missing.
func dirList(t *testing.T, dir string) string {
	entries, _ := os.ReadDir(dir)
	var parts []string
	for _, e := range entries {
		info, err := e.Info()
		if err == nil {
			parts = append(parts, fmt.Sprintf("%s:%d", e.Name(), info.Size()))
		}
	}
	return strings.Join(parts, " ")
}

// partlyMigrated is a database that a build with only the first migration
// left.
func partlyMigrated(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "old.db")
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL);
		INSERT INTO migrations VALUES ('0001_init.sql', 0)`); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestCheckPostgres: a fresh PostgreSQL database is reported, not migrated;
// after a migrate it passes.
func TestCheckPostgres(t *testing.T) {
	url := pgtest.NewDatabase(t)
	f := newCheckFakes(t)
	f.slack.Start()
	t.Cleanup(f.slack.Close)
	f.env["SLACK_API_URL"] = f.slack.APIURL()
	f.env["ZOOMBOT_DATABASE_URL"] = url
	check := func() string {
		var out bytes.Buffer
		run(context.Background(), []string{"check"}, envMap(f.env), strings.NewReader(""), &out, io.Discard)
		return out.String()
	}
	if out := check(); !strings.Contains(out, "i Database PostgreSQL ") || !strings.Contains(out, "reachable; 0 of ") {
		t.Fatalf("fresh database:\n%s", out)
	}
	if out := check(); !strings.Contains(out, "reachable; 0 of ") {
		t.Fatalf("check migrated the database:\n%s", out)
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"migrate"}, envMap(f.env), strings.NewReader(""), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "applied 0001_init.sql") {
		t.Errorf("migrate said %q", out.String())
	}
	if out := check(); !strings.Contains(out, "✓ Database PostgreSQL ") || !strings.Contains(out, "migrations current") {
		t.Fatalf("after migrate:\n%s", out)
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
