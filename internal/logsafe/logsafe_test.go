package logsafe

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

// Secrets as configured, and ones only their shape gives away.
const (
	botToken     = "xoxb-1111-2222-abcdefABCDEF"
	appToken     = "xapp-1-A0001-3333-f00dfeed"
	clientSecret = "s3cr3t-Client-Value"
	webhookKey   = "whsec-abcdef123456"
	otherXoxp    = "xoxp-9999-8888-zzzz"
	jwt          = "eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJrZXkifQ.c2lnbmF0dXJl"
	zak          = "ZAKvalue_1234567890"
	startURL     = "https://us02web.zoom.us/s/81234567890?zak=" + zak
	joinPwd      = "Qm9vZ2llV29vZ2ll.1"
	joinURL      = "https://us02web.zoom.us/j/81234567890?pwd=" + joinPwd
	passcode     = "k7Xq2p"
)

var leaks = []string{botToken, appToken, clientSecret, webhookKey, otherXoxp, jwt, zak, joinPwd, passcode,
	"ZAKvalue", "s3cr3t", "c2VjcmV0", "czNjcjN0LUNsaWVudC1WYWx1ZQ"}

type stringer struct{ s string }

func (s stringer) String() string { return s.s }

type valuer struct{}

func (valuer) LogValue() slog.Value { return slog.StringValue("token " + botToken) }

type creds struct {
	ID     string
	Secret string
}

func TestNothingSecretReachesTheOutput(t *testing.T) {
	tests := []struct {
		name string
		log  func(l *slog.Logger)
		keep []string // what must survive, so the line stays useful
	}{
		{"message", func(l *slog.Logger) { l.Info("auth with " + botToken + " and " + appToken) }, []string{"auth with"}},
		{"unconfigured Slack token", func(l *slog.Logger) { l.Info("user token " + otherXoxp) }, []string{"xoxp-"}},
		{"formatted message", func(l *slog.Logger) { l.Info(fmt.Sprintf("DM %s failed", startURL)) }, []string{"DM", "failed"}},
		{"string attr", func(l *slog.Logger) { l.Info("posted", "text", "<"+joinURL+"|Join>") }, []string{"/j/81234567890", "pwd="}},
		{"start link attr", func(l *slog.Logger) { l.Info("dm", "url", startURL) }, nil},
		{"passcode attr", func(l *slog.Logger) { l.Info("created", "passcode", passcode, "meeting", 81234567890) }, []string{"81234567890"}},
		{"password attr in group", func(l *slog.Logger) {
			l.Info("created", slog.Group("zoom", slog.String("password", passcode), slog.Int("id", 5)))
		}, []string{"id"}},
		{"error wrapping a body", func(l *slog.Logger) {
			l.Error("zoom failed", "err", fmt.Errorf("create: %w", errors.New(`400 {"password":"`+passcode+`","start_url":"`+startURL+`"}`)))
		}, []string{"create: 400"}},
		{"joined errors", func(l *slog.Logger) {
			l.Error("x", "err", errors.Join(errors.New("Authorization: Bearer "+jwt), errors.New("client_secret="+clientSecret)))
		}, []string{"Bearer"}},
		{"basic auth header", func(l *slog.Logger) {
			l.Debug("token request", "header", "Basic Y2xpZW50LTE6czNjcjN0LUNsaWVudC1WYWx1ZQ==")
		}, []string{"Basic"}},
		{"access token in JSON", func(l *slog.Logger) { l.Debug("body", "b", []byte(`{"access_token":"opaque-0123456789"}`)) }, nil},
		{"stringer", func(l *slog.Logger) { l.Info("x", "v", stringer{"key " + webhookKey}) }, []string{"key"}},
		{"log valuer", func(l *slog.Logger) { l.Info("x", "v", valuer{}) }, []string{"token"}},
		{"struct", func(l *slog.Logger) { l.Info("cfg", "creds", creds{ID: "client-1", Secret: clientSecret}) }, []string{"client-1"}},
		{"map", func(l *slog.Logger) { l.Info("cfg", "m", map[string]string{"tok": otherXoxp}) }, nil},
		{"With attrs", func(l *slog.Logger) { l.With("bot", botToken).Info("hello") }, []string{"hello"}},
		{"With group", func(l *slog.Logger) { l.WithGroup("g").With("zak", zak).Info("hello", "u", startURL) }, nil},
		{"secret-named attrs", func(l *slog.Logger) {
			l.Info("cfg", "ZOOM_CLIENT_SECRET", "anything-at-all", "slack_bot_token", "whatever", "Authorization", "Token abc")
		}, nil},
		{"JSON-escaped start link", func(l *slog.Logger) {
			l.Info("raw", "body", `{"start_url":"https://zoom.us/s/1?type=1\u0026zak=`+zak+`"}`)
		}, nil},
		{"context attrs", func(l *slog.Logger) {
			ctx := WithAttrs(context.Background(), slog.String("note", "from "+startURL))
			l.InfoContext(ctx, "x")
		}, nil},
	}
	for _, format := range []string{"text", "json"} {
		for _, tt := range tests {
			t.Run(format+"/"+tt.name, func(t *testing.T) {
				var buf bytes.Buffer
				opts := &slog.HandlerOptions{Level: slog.LevelDebug}
				var next slog.Handler = slog.NewTextHandler(&buf, opts)
				if format == "json" {
					next = slog.NewJSONHandler(&buf, opts)
				}
				tt.log(slog.New(NewHandler(next, botToken, appToken, clientSecret, webhookKey, "short")))
				out := buf.String()
				for _, s := range leaks {
					if strings.Contains(out, s) {
						t.Errorf("output holds %q:\n%s", s, out)
					}
				}
				if !strings.Contains(out, "[REDACTED") {
					t.Errorf("nothing was redacted:\n%s", out)
				}
				for _, s := range tt.keep {
					if !strings.Contains(out, s) {
						t.Errorf("redaction also removed %q:\n%s", s, out)
					}
				}
			})
		}
	}
}

func TestOrdinaryTextIsLeftAlone(t *testing.T) {
	r := newRedactor([]string{"abc", clientSecret}) // too short to replace
	for _, s := range []string{
		"SLACK_BOT_TOKEN must start with xoxb-",
		"an xapp-… app-level token",
		"ZOOM_USER_TYPE must be 1 (Basic) or 2 (Licensed)",
		"Basic users are capped at 40 minutes",
		"abc def",
		"https://zoom.us/j/81234567890",
		"/ics/81234567890.ics?t=0123abcd",
		"request_id=cmd:12345.6789 team=T0001 user=UANA",
	} {
		if got := r.String(s); got != s {
			t.Errorf("%q became %q", s, got)
		}
	}
}

func TestContextAttrsNameTheRequest(t *testing.T) {
	var buf bytes.Buffer
	l := slog.New(NewHandler(slog.NewTextHandler(&buf, nil)))
	ctx := WithAttrs(context.Background(), slog.String("team", "T1"), slog.String("user", "U1"), slog.String("command", "list"))
	ctx = WithAttrs(ctx, slog.String("command", "schedule"), slog.String("request_id", "cmd:1"))
	l.InfoContext(ctx, "one")
	l.InfoContext(ctx, "two", "user", "U2")                  // the call's own attr wins, once
	l.With("request_id", "hook:9").InfoContext(ctx, "three") // so does a bound one
	l.Info("four")                                           // no context, no attrs
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	want := []string{
		`msg=one team=T1 user=U1 command=schedule request_id=cmd:1`,
		`msg=two team=T1 command=schedule request_id=cmd:1 user=U2`,
		`msg=three request_id=hook:9 team=T1 user=U1 command=schedule`,
		`msg=four`,
	}
	if len(lines) != len(want) {
		t.Fatalf("got %d lines:\n%s", len(lines), buf.String())
	}
	for i, w := range want {
		_, got, _ := strings.Cut(lines[i], "level=INFO ")
		if got != w {
			t.Errorf("line %d:\n got %s\nwant %s", i+1, got, w)
		}
	}
}
