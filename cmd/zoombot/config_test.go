package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/zoombot/zoombot/zoom"
)

func envMap(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func goodEnv() map[string]string {
	return map[string]string{
		"SLACK_APP_TOKEN":    "xapp-1-abc",
		"SLACK_BOT_TOKEN":    "xoxb-123",
		"ZOOM_ACCOUNT_ID":    "acct",
		"ZOOM_CLIENT_ID":     "cid",
		"ZOOM_CLIENT_SECRET": "csecret",
	}
}

func TestParseConfig(t *testing.T) {
	tests := []struct {
		name     string
		env      map[string]string // applied over goodEnv; "" deletes
		args     []string
		wantErr  string // substring of the one-line error; "" = success
		validate func(t *testing.T, c config)
	}{
		{name: "defaults", validate: func(t *testing.T, c config) {
			if c.DefaultDuration != 30*time.Minute || c.Reminder != 10*time.Minute || c.ZoomUserType != 1 || c.ZoomPlan != zoom.PlanPro || c.DB != "zoombot.db" ||
				c.SlackAPIURL != "https://slack.com/api/" || c.ZoomAPIURL != "https://api.zoom.us/v2" || c.ZoomOAuthURL != "https://zoom.us/oauth/token" {
				t.Errorf("defaults: %+v", c)
			}
		}},
		{name: "flags override env", args: []string{"-db", "/tmp/x.db", "-default-duration", "45m"}, validate: func(t *testing.T, c config) {
			if c.DB != "/tmp/x.db" || c.DefaultDuration != 45*time.Minute {
				t.Errorf("got %+v", c)
			}
		}},
		{name: "slack url gets its slash", env: map[string]string{"SLACK_API_URL": "http://127.0.0.1:9/api"}, validate: func(t *testing.T, c config) {
			if c.SlackAPIURL != "http://127.0.0.1:9/api/" {
				t.Errorf("SlackAPIURL = %q", c.SlackAPIURL)
			}
		}},
		{name: "jwt mode", env: map[string]string{"ZOOM_ACCOUNT_ID": "", "ZOOM_CLIENT_ID": "", "ZOOM_CLIENT_SECRET": "", "ZOOM_API_KEY": "k", "ZOOM_API_SECRET": "s"}},
		{name: "missing app token", env: map[string]string{"SLACK_APP_TOKEN": ""}, wantErr: "SLACK_APP_TOKEN is required"},
		{name: "bot token as app token", env: map[string]string{"SLACK_APP_TOKEN": "xoxb-1"}, wantErr: "SLACK_APP_TOKEN must start with xapp-"},
		{name: "missing bot token", env: map[string]string{"SLACK_BOT_TOKEN": ""}, wantErr: "SLACK_BOT_TOKEN is required"},
		{name: "no zoom auth", env: map[string]string{"ZOOM_ACCOUNT_ID": "", "ZOOM_CLIENT_ID": "", "ZOOM_CLIENT_SECRET": ""}, wantErr: "ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET are required"},
		{name: "half s2s", env: map[string]string{"ZOOM_CLIENT_SECRET": ""}, wantErr: "ZOOM_CLIENT_SECRET is required"},
		{name: "both auth modes", env: map[string]string{"ZOOM_API_KEY": "k"}, wantErr: "not both"},
		{name: "bad duration", env: map[string]string{"ZOOMBOT_DEFAULT_DURATION": "half an hour"}, wantErr: "ZOOMBOT_DEFAULT_DURATION"},
		{name: "reminder off", env: map[string]string{"ZOOMBOT_REMINDER": "0"}, validate: func(t *testing.T, c config) {
			if c.Reminder != 0 {
				t.Errorf("Reminder = %v", c.Reminder)
			}
		}},
		{name: "host pool", env: map[string]string{"ZOOMBOT_HOST_POOL": " a@example.com, ,b@example.com ", "ZOOMBOT_HOST_CONCURRENCY": "2"}, validate: func(t *testing.T, c config) {
			if len(c.HostPool) != 2 || c.HostPool[1] != "b@example.com" || c.HostConcurrency != 2 {
				t.Errorf("HostPool %q, HostConcurrency %d", c.HostPool, c.HostConcurrency)
			}
		}},
		{name: "business plan", env: map[string]string{"ZOOM_PLAN": "Business"}, validate: func(t *testing.T, c config) {
			if c.ZoomPlan != zoom.PlanBusiness {
				t.Errorf("ZoomPlan = %+v", c.ZoomPlan)
			}
		}},
		{name: "bad plan", env: map[string]string{"ZOOM_PLAN": "enterprise-plus"}, wantErr: "ZOOM_PLAN must be free, pro or business"},
		{name: "after-meeting posts on by default", validate: func(t *testing.T, c config) {
			if c.SkipRecordings || c.SkipSummaries {
				t.Errorf("recordings skipped %v, summaries skipped %v", c.SkipRecordings, c.SkipSummaries)
			}
		}},
		{name: "after-meeting posts turned off", env: map[string]string{"ZOOMBOT_POST_RECORDINGS": "false"}, args: []string{"-post-summaries=0"},
			validate: func(t *testing.T, c config) {
				if !c.SkipRecordings || !c.SkipSummaries {
					t.Errorf("recordings skipped %v, summaries skipped %v", c.SkipRecordings, c.SkipSummaries)
				}
			}},
		{name: "bad post setting", env: map[string]string{"ZOOMBOT_POST_SUMMARIES": "sometimes"}, wantErr: "ZOOMBOT_POST_SUMMARIES must be true or false"},
		{name: "bad concurrency", env: map[string]string{"ZOOMBOT_HOST_CONCURRENCY": "0"}, wantErr: "ZOOMBOT_HOST_CONCURRENCY"},
		{name: "bad reminder", env: map[string]string{"ZOOMBOT_REMINDER": "soon"}, wantErr: "ZOOMBOT_REMINDER"},
		{name: "bad user type", env: map[string]string{"ZOOM_USER_TYPE": "99"}, wantErr: "ZOOM_USER_TYPE must be 1"},
		{name: "bad url", env: map[string]string{"ZOOM_API_URL": "api.zoom.us"}, wantErr: "ZOOM_API_URL must be an http(s) URL"},
		{name: "unknown flag", args: []string{"-nope"}, wantErr: "flag provided but not defined"},
		{name: "pprof on loopback", env: map[string]string{"ZOOMBOT_PPROF_ADDR": "127.0.0.1:6060"}, validate: func(t *testing.T, c config) {
			if c.PprofAddr != "127.0.0.1:6060" {
				t.Errorf("PprofAddr = %q", c.PprofAddr)
			}
		}},
		{name: "pprof on every interface", env: map[string]string{"ZOOMBOT_PPROF_ADDR": ":6060"}, wantErr: "ZOOMBOT_PPROF_ADDR must be a loopback address"},
		{name: "pprof on a public address", env: map[string]string{"ZOOMBOT_PPROF_ADDR": "10.0.0.5:6060"}, wantErr: "ZOOMBOT_PPROF_ADDR must be a loopback address"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := goodEnv()
			for k, v := range tt.env {
				if v == "" {
					delete(env, k)
				} else {
					env[k] = v
				}
			}
			c, err := parseConfig("zoombot run", tt.args, envMap(env), io.Discard)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				if tt.validate != nil {
					tt.validate(t, c)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error = %v, want it to mention %q", err, tt.wantErr)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans lines: %q", err)
			}
			var ee *exitError
			if !errors.As(err, &ee) || ee.code != 2 {
				t.Errorf("want exit code 2, got %v", err)
			}
		})
	}
}

func TestRunExitsTwoOnBadConfig(t *testing.T) {
	var stderr strings.Builder
	err := run(context.Background(), []string{"run"}, envMap(nil), strings.NewReader(""), io.Discard, &stderr)
	var ee *exitError
	if !errors.As(err, &ee) || ee.code != 2 || !strings.Contains(err.Error(), "SLACK_APP_TOKEN") {
		t.Fatalf("run with no env = %v, want an exit-2 error naming SLACK_APP_TOKEN", err)
	}
}

func TestHelpDoesNotPrintSecretsFromEnv(t *testing.T) {
	var stderr strings.Builder
	env := goodEnv()
	_, err := parseConfig("zoombot run", []string{"-h"}, envMap(env), &stderr)
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("err = %v, want flag.ErrHelp", err)
	}
	for _, secret := range []string{"csecret", "xoxb-123", "xapp-1-abc"} {
		if strings.Contains(stderr.String(), secret) {
			t.Errorf("-h printed %q", secret)
		}
	}
	if !strings.Contains(stderr.String(), "SLACK_BOT_TOKEN") {
		t.Errorf("-h should name the env vars:\n%s", stderr.String())
	}
}
