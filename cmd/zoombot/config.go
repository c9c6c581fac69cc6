package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/zoombot/zoombot/storage"
	"github.com/zoombot/zoombot/zoom"
)

// config is everything `zoombot run` needs. Each field comes from an env var,
// and a flag of the same meaning overrides it.
type config struct {
	SlackAppToken, SlackBotToken, SlackAPIURL     string
	ZoomAccountID, ZoomClientID, ZoomClientSecret string
	ZoomAPIKey, ZoomAPISecret                     string
	ZoomAPIURL, ZoomOAuthURL                      string
	DB, DatabaseURL                               string
	LeaseTTL                                      time.Duration
	DefaultDuration                               time.Duration
	Reminder                                      time.Duration
	ZoomUserType                                  int
	HostPool                                      []string
	HostConcurrency                               int
	ZoomPlan                                      zoom.Plan
	LogFormat, LogLevel                           string
	HTTPAddr, ZoomWebhookSecret                   string
	PprofAddr                                     string
	PublicURL, LinkSecret                         string
	// SkipRecordings and SkipSummaries turn off posting after the meeting
	// (ZOOMBOT_POST_RECORDINGS, ZOOMBOT_POST_SUMMARIES false); zero posts.
	SkipRecordings, SkipSummaries bool
	// ZoomRetryWindow and RetryBackoff pace retries while Zoom is down. They
	// have no env var: zero means the bot's defaults (10 min, 5 s); the
	// sandbox shortens them so an outage plays out in seconds.
	ZoomRetryWindow, RetryBackoff time.Duration
}

// setting ties an env var to a flag. Defaults are applied after both are
// read, so -h never prints a secret from the environment.
type setting struct {
	env, flag, def, help string
	secret               bool
	dst                  *string
}

func settings(raw map[string]*string) []setting {
	s := func(env, flag, def, help string, secret bool) setting {
		v := new(string)
		raw[env] = v
		return setting{env: env, flag: flag, def: def, help: help, secret: secret, dst: v}
	}
	return []setting{
		s("SLACK_APP_TOKEN", "slack-app-token", "", "Slack app-level token (xapp-…, scope connections:write); required", true),
		s("SLACK_BOT_TOKEN", "slack-bot-token", "", "Slack bot token (xoxb-…); required", true),
		s("SLACK_API_URL", "slack-api-url", "https://slack.com/api/", "Slack Web API base URL", false),
		s("ZOOM_ACCOUNT_ID", "zoom-account-id", "", "Zoom Server-to-Server OAuth account id", false),
		s("ZOOM_CLIENT_ID", "zoom-client-id", "", "Zoom Server-to-Server OAuth client id", false),
		s("ZOOM_CLIENT_SECRET", "zoom-client-secret", "", "Zoom Server-to-Server OAuth client secret", true),
		s("ZOOM_API_KEY", "zoom-api-key", "", "legacy Zoom JWT app key (instead of Server-to-Server OAuth)", false),
		s("ZOOM_API_SECRET", "zoom-api-secret", "", "legacy Zoom JWT app secret", true),
		s("ZOOM_API_URL", "zoom-api-url", "https://api.zoom.us/v2", "Zoom API base URL", false),
		s("ZOOM_OAUTH_URL", "zoom-oauth-url", "https://zoom.us/oauth/token", "Zoom OAuth token URL", false),
		s("ZOOMBOT_DB", "db", "zoombot.db", "SQLite database file (one process)", false),
		s("ZOOMBOT_DATABASE_URL", "database-url", "", "PostgreSQL URL, like postgres://zoombot:…@db:5432/zoombot?sslmode=require, for several replicas; set, it replaces ZOOMBOT_DB", true),
		s("ZOOMBOT_LEASE_TTL", "lease-ttl", "30s", "how long a replica's claim on a request lasts unless renewed: how soon another replica finishes the work of one that died", false),
		s("ZOOMBOT_DEFAULT_DURATION", "default-duration", "30m", "meeting length when none is given", false),
		s("ZOOMBOT_REMINDER", "reminder", "10m", "post a reminder this long before each meeting; 0 turns reminders off", false),
		s("ZOOM_USER_TYPE", "zoom-user-type", "1", "type of Zoom users the bot creates: 1 Basic, 2 Licensed", false),
		s("ZOOMBOT_HOST_POOL", "host-pool", "", "comma-separated Zoom users (emails or ids) that host all meetings; empty = each person hosts their own", false),
		s("ZOOMBOT_HOST_CONCURRENCY", "host-concurrency", "1", "meetings one Zoom host may run at once (1 on Pro, 2 on Business)", false),
		s("ZOOM_PLAN", "zoom-plan", "pro", "the Zoom account's plan, for its API rate limits: free, pro or business", false),
		s("ZOOMBOT_LOG_FORMAT", "log-format", "text", "log format: text or json", false),
		s("ZOOMBOT_LOG_LEVEL", "log-level", "info", "log level: debug, info, warn, error", false),
		s("ZOOMBOT_HTTP_ADDR", "http-addr", "", "address of the HTTP server (/healthz, /readyz, /metrics, webhooks, .ics), like :8080; empty = off", false),
		s("ZOOM_WEBHOOK_SECRET", "zoom-webhook-secret", "", "Zoom app's webhook secret token; serves POST /zoom/webhook (needs the HTTP server)", true),
		s("ZOOMBOT_PUBLIC_URL", "public-url", "", "URL where browsers reach the HTTP server, like https://zoombot.example.com; adds .ics calendar links", false),
		s("ZOOMBOT_LINK_SECRET", "link-secret", "", "key that signs .ics links; empty = derived from SLACK_BOT_TOKEN", true),
		s("ZOOMBOT_PPROF_ADDR", "pprof-addr", "", "loopback address for Go's profiler (/debug/pprof/), like 127.0.0.1:6060; empty = off", false),
		s("ZOOMBOT_POST_RECORDINGS", "post-recordings", "true", "post each meeting's cloud recording in its thread and to its host (Zoom's recording.completed); false turns it off", false),
		s("ZOOMBOT_POST_SUMMARIES", "post-summaries", "true", "post each meeting's AI Companion summary in its thread (Zoom's meeting.summary_completed; needs the Zoom scope meeting_summary:read:admin); false turns it off", false),
	}
}

// parseConfig reads flags from args and env vars through getenv. Problems
// come back as one usage error (exit 2) that names every bad variable.
func parseConfig(name string, args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	raw := map[string]*string{}
	list := settings(raw)
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	for _, s := range list {
		help := fmt.Sprintf("%s (env %s", s.help, s.env)
		if s.def != "" && !s.secret {
			help += ", default " + s.def
		}
		fs.StringVar(s.dst, s.flag, "", help+")")
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return config{}, err
		}
		return config{}, &exitError{code: 2, err: err}
	}
	if fs.NArg() > 0 {
		return config{}, usageErr("unexpected argument %q", fs.Arg(0))
	}
	for _, s := range list {
		if *s.dst == "" {
			*s.dst = strings.TrimSpace(getenv(s.env))
		}
		if *s.dst == "" {
			*s.dst = s.def
		}
	}
	v := func(env string) string { return *raw[env] }
	cfg := config{
		SlackAppToken: v("SLACK_APP_TOKEN"), SlackBotToken: v("SLACK_BOT_TOKEN"), SlackAPIURL: v("SLACK_API_URL"),
		ZoomAccountID: v("ZOOM_ACCOUNT_ID"), ZoomClientID: v("ZOOM_CLIENT_ID"), ZoomClientSecret: v("ZOOM_CLIENT_SECRET"),
		ZoomAPIKey: v("ZOOM_API_KEY"), ZoomAPISecret: v("ZOOM_API_SECRET"),
		ZoomAPIURL: v("ZOOM_API_URL"), ZoomOAuthURL: v("ZOOM_OAUTH_URL"),
		DB: v("ZOOMBOT_DB"), DatabaseURL: v("ZOOMBOT_DATABASE_URL"), LogFormat: v("ZOOMBOT_LOG_FORMAT"), LogLevel: v("ZOOMBOT_LOG_LEVEL"),
		HTTPAddr: v("ZOOMBOT_HTTP_ADDR"), ZoomWebhookSecret: v("ZOOM_WEBHOOK_SECRET"), PprofAddr: v("ZOOMBOT_PPROF_ADDR"),
		PublicURL: strings.TrimRight(v("ZOOMBOT_PUBLIC_URL"), "/"), LinkSecret: v("ZOOMBOT_LINK_SECRET"),
	}
	var problems []string
	bad := func(format string, a ...any) { problems = append(problems, fmt.Sprintf(format, a...)) }
	switch {
	case cfg.SlackAppToken == "":
		bad("SLACK_APP_TOKEN is required (an xapp- app-level token with connections:write)")
	case !strings.HasPrefix(cfg.SlackAppToken, "xapp-"):
		bad("SLACK_APP_TOKEN must start with xapp- (an app-level token, not the bot token)")
	}
	switch {
	case cfg.SlackBotToken == "":
		bad("SLACK_BOT_TOKEN is required (the xoxb- bot token)")
	case !strings.HasPrefix(cfg.SlackBotToken, "xoxb-"):
		bad("SLACK_BOT_TOKEN must start with xoxb-")
	}
	s2s := cfg.ZoomAccountID != "" || cfg.ZoomClientID != "" || cfg.ZoomClientSecret != ""
	jwt := cfg.ZoomAPIKey != "" || cfg.ZoomAPISecret != ""
	switch {
	case s2s && jwt:
		bad("set either ZOOM_ACCOUNT_ID/ZOOM_CLIENT_ID/ZOOM_CLIENT_SECRET or ZOOM_API_KEY/ZOOM_API_SECRET, not both")
	case s2s:
		for _, env := range []string{"ZOOM_ACCOUNT_ID", "ZOOM_CLIENT_ID", "ZOOM_CLIENT_SECRET"} {
			if v(env) == "" {
				bad("%s is required for Server-to-Server OAuth", env)
			}
		}
	case jwt:
		for _, env := range []string{"ZOOM_API_KEY", "ZOOM_API_SECRET"} {
			if v(env) == "" {
				bad("%s is required for a JWT app", env)
			}
		}
	default:
		bad("ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET are required (Zoom Server-to-Server OAuth)")
	}
	for _, env := range []string{"SLACK_API_URL", "ZOOM_API_URL", "ZOOM_OAUTH_URL"} {
		if u, err := url.Parse(v(env)); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad("%s must be an http(s) URL, got %q", env, v(env))
		}
	}
	if !strings.HasSuffix(cfg.SlackAPIURL, "/") {
		cfg.SlackAPIURL += "/" // slack-go concatenates the method name
	}
	d, err := time.ParseDuration(v("ZOOMBOT_DEFAULT_DURATION"))
	if err != nil || d < time.Minute || d > 24*time.Hour {
		bad("ZOOMBOT_DEFAULT_DURATION must be a duration between 1m and 24h, like 30m, got %q", v("ZOOMBOT_DEFAULT_DURATION"))
	}
	cfg.DefaultDuration = d.Round(time.Minute)
	if v("ZOOMBOT_REMINDER") == "0" {
		cfg.Reminder = 0
	} else if r, err := time.ParseDuration(v("ZOOMBOT_REMINDER")); err != nil || r < time.Minute || r > 24*time.Hour {
		bad("ZOOMBOT_REMINDER must be 0 (off) or a duration between 1m and 24h, like 10m, got %q", v("ZOOMBOT_REMINDER"))
	} else {
		cfg.Reminder = r
	}
	t, err := strconv.Atoi(v("ZOOM_USER_TYPE"))
	if err != nil || (t != 1 && t != 2) {
		bad("ZOOM_USER_TYPE must be 1 (Basic) or 2 (Licensed), got %q", v("ZOOM_USER_TYPE"))
	}
	cfg.ZoomUserType = t
	for _, h := range strings.Split(v("ZOOMBOT_HOST_POOL"), ",") {
		if h = strings.TrimSpace(h); h != "" {
			cfg.HostPool = append(cfg.HostPool, h)
		}
	}
	plans := map[string]zoom.Plan{"free": zoom.PlanFree, "pro": zoom.PlanPro, "business": zoom.PlanBusiness}
	if p, ok := plans[strings.ToLower(v("ZOOM_PLAN"))]; ok {
		cfg.ZoomPlan = p
	} else {
		bad("ZOOM_PLAN must be free, pro or business, got %q", v("ZOOM_PLAN"))
	}
	if c, err := strconv.Atoi(v("ZOOMBOT_HOST_CONCURRENCY")); err != nil || c < 1 || c > 10 {
		bad("ZOOMBOT_HOST_CONCURRENCY must be a whole number from 1 to 10, got %q", v("ZOOMBOT_HOST_CONCURRENCY"))
	} else {
		cfg.HostConcurrency = c
	}
	if cfg.LogFormat != "text" && cfg.LogFormat != "json" {
		bad("ZOOMBOT_LOG_FORMAT must be text or json, got %q", cfg.LogFormat)
	}
	if _, ok := logLevels[cfg.LogLevel]; !ok {
		bad("ZOOMBOT_LOG_LEVEL must be debug, info, warn or error, got %q", cfg.LogLevel)
	}
	if cfg.HTTPAddr != "" {
		if _, port, err := net.SplitHostPort(cfg.HTTPAddr); err != nil || port == "" {
			bad("ZOOMBOT_HTTP_ADDR must be host:port or :port, like :8080, got %q", cfg.HTTPAddr)
		}
	}
	if cfg.PublicURL != "" {
		if u, err := url.Parse(cfg.PublicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad("ZOOMBOT_PUBLIC_URL must be an http(s) URL, got %q", cfg.PublicURL)
		}
	}
	for _, env := range []string{"ZOOM_WEBHOOK_SECRET", "ZOOMBOT_PUBLIC_URL"} {
		if v(env) != "" && cfg.HTTPAddr == "" {
			bad("%s is set but the HTTP server is off: set ZOOMBOT_HTTP_ADDR too, like :8080", env)
		}
	}
	if cfg.PprofAddr != "" && !isLoopback(cfg.PprofAddr) {
		// The profiler shows memory, goroutines and command lines: never
		// beyond this machine.
		bad("ZOOMBOT_PPROF_ADDR must be a loopback address like 127.0.0.1:6060, got %q", cfg.PprofAddr)
	}
	if cfg.DatabaseURL != "" && !storage.IsPostgresURL(cfg.DatabaseURL) {
		bad("ZOOMBOT_DATABASE_URL must be a postgres:// or postgresql:// URL")
	}
	for _, post := range []struct {
		env  string
		skip *bool
	}{{"ZOOMBOT_POST_RECORDINGS", &cfg.SkipRecordings}, {"ZOOMBOT_POST_SUMMARIES", &cfg.SkipSummaries}} {
		if on, err := strconv.ParseBool(v(post.env)); err != nil {
			bad("%s must be true or false, got %q", post.env, v(post.env))
		} else {
			*post.skip = !on
		}
	}
	if l, err := time.ParseDuration(v("ZOOMBOT_LEASE_TTL")); err != nil || l < 3*time.Second || l > 10*time.Minute {
		bad("ZOOMBOT_LEASE_TTL must be a duration between 3s and 10m, like 30s, got %q", v("ZOOMBOT_LEASE_TTL"))
	} else {
		cfg.LeaseTTL = l
	}
	if len(problems) > 0 {
		return cfg, &exitError{code: 2, err: &configError{problems: problems}}
	}
	return cfg, nil
}

// isLoopback reports whether addr is host:port with a loopback host.
func isLoopback(addr string) bool {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || port == "" {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// database is what storage.Open takes: the PostgreSQL URL when one is set,
// else the SQLite file.
func (c config) database() string {
	if c.DatabaseURL != "" {
		return c.DatabaseURL
	}
	return c.DB
}

// databaseName names the database for people and logs, without the
// PostgreSQL password.
func databaseName(target string) string {
	if !storage.IsPostgresURL(target) {
		return target
	}
	u, err := url.Parse(target)
	if err != nil {
		return "PostgreSQL"
	}
	return "PostgreSQL " + u.Host + u.Path
}

// configError lists every bad setting, one sentence each, so that
// `zoombot check` can show them as checklist items.
type configError struct{ problems []string }

func (e *configError) Error() string { return "configuration: " + strings.Join(e.problems, "; ") }
