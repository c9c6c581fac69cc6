package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/pprof"
	"time"

	"github.com/slack-go/slack"

	"github.com/zoombot/zoombot/bot"
	"github.com/zoombot/zoombot/bot/slacksocket"
	"github.com/zoombot/zoombot/internal/logsafe"
	"github.com/zoombot/zoombot/metrics"
	"github.com/zoombot/zoombot/storage"
	"github.com/zoombot/zoombot/zoom"
)

// clock is the bot's clock. End-to-end tests fix it; nothing else changes it.
var clock = time.Now

var logLevels = map[string]slog.Level{"debug": slog.LevelDebug, "info": slog.LevelInfo, "warn": slog.LevelWarn, "error": slog.LevelError}

// newLogger writes text or JSON lines through logsafe, which drops every
// configured secret and anything shaped like a token, start link or
// passcode, and adds the request attributes the bot puts in contexts.
func newLogger(cfg config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: logLevels[cfg.LogLevel]}
	var h slog.Handler = slog.NewTextHandler(w, opts)
	if cfg.LogFormat == "json" {
		h = slog.NewJSONHandler(w, opts)
	}
	return slog.New(logsafe.NewHandler(h, logSecrets(cfg)...))
}

// runCommand is `zoombot run`.
func runCommand(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	cfg, err := parseConfig("zoombot run", args, getenv, stderr)
	if err != nil {
		return err
	}
	return runBot(ctx, cfg, newLogger(cfg, stderr), nil)
}

// runBot wires the real bot from cfg and serves until ctx ends. The sandbox
// and the end-to-end tests come through here too, with cfg pointing at the
// fakes. ready, if not nil, receives the Bot once it is wired.
func runBot(ctx context.Context, cfg config, log *slog.Logger, ready func(*bot.Bot)) (err error) {
	db, err := storage.Open(ctx, cfg.database())
	if err != nil {
		return fmt.Errorf("open database %s: %w", databaseName(cfg.database()), err)
	}
	defer db.Close()

	m := metrics.New()
	zc, auth, err := newZoomClient(cfg, m)
	if err != nil {
		return err
	}
	httpClient := &http.Client{Timeout: 30 * time.Second}
	api := slack.New(cfg.SlackBotToken,
		slack.OptionAPIURL(cfg.SlackAPIURL),
		slack.OptionAppLevelToken(cfg.SlackAppToken),
		slack.OptionHTTPClient(httpClient),
	)
	sm := &slacksocket.Client{API: api}
	b := bot.New(api, zc, db, bot.Config{
		DefaultDuration: cfg.DefaultDuration,
		ZoomUserType:    cfg.ZoomUserType,
		ReminderLead:    cfg.Reminder,
		HostPool:        cfg.HostPool,
		HostConcurrency: cfg.HostConcurrency,
		ZoomRetryWindow: cfg.ZoomRetryWindow,
		RetryBackoff:    cfg.RetryBackoff,
		Metrics:         m,
		PublicURL:       cfg.PublicURL,
		LinkSecret:      linkSecret(cfg),
		SkipRecordings:  cfg.SkipRecordings,
		SkipSummaries:   cfg.SkipSummaries,
		LeaseTTL:        cfg.LeaseTTL,
		Logger:          log,
		Now:             clock,
	})
	if ready != nil {
		ready(b)
	}
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	if cfg.HTTPAddr != "" {
		rt := routes{metrics: m.Handler(), log: log, ready: readyChecks(b, db, auth)}
		if cfg.ZoomWebhookSecret != "" {
			rt.webhook = b.ZoomWebhookHandler(cfg.ZoomWebhookSecret)
		}
		if cfg.PublicURL != "" {
			rt.ics = b.ICSHandler()
		}
		stopped, err := startHTTP(runCtx, cfg.HTTPAddr, rt.handler(), log, cancel)
		if err != nil {
			return err
		}
		// The server stops with the bot, and before the database closes.
		defer func() {
			cancel()
			if herr := <-stopped; herr != nil && ctx.Err() == nil {
				err = errors.Join(err, herr)
			}
		}()
	}
	if cfg.PprofAddr != "" {
		stopped, err := startHTTP(runCtx, cfg.PprofAddr, pprofHandler(), log, cancel)
		if err != nil {
			return err
		}
		defer func() {
			cancel()
			<-stopped
		}()
	}
	log.Info("zoombot starting", "db", databaseName(cfg.database()), "slack_api", cfg.SlackAPIURL, "zoom_api", cfg.ZoomAPIURL, "http", cfg.HTTPAddr)
	err = b.Run(runCtx, sm)
	log.Info("zoombot stopped")
	return err
}

// newZoomClient builds the Zoom client and its token source, both
// reporting to m when it is not nil.
func newZoomClient(cfg config, m *metrics.Metrics) (*zoom.Client, zoom.TokenSource, error) {
	zcfg := zoom.Config{BaseURL: cfg.ZoomAPIURL, Plan: cfg.ZoomPlan}
	var onFetch func(error)
	if m != nil {
		zcfg.OnCall, zcfg.OnRateLimitWait, onFetch = m.ZoomCall, m.RateLimitWait, m.TokenFetch
	}
	if cfg.ZoomAPIKey != "" {
		zcfg.Auth = zoom.NewJWTTokenSource(cfg.ZoomAPIKey, cfg.ZoomAPISecret)
	} else {
		zcfg.Auth = zoom.NewS2STokenSource(zoom.S2SConfig{
			AccountID: cfg.ZoomAccountID, ClientID: cfg.ZoomClientID, ClientSecret: cfg.ZoomClientSecret,
			TokenURL: cfg.ZoomOAuthURL, OnFetch: onFetch,
		})
	}
	zc, err := zoom.NewClient(zcfg)
	return zc, zcfg.Auth, err
}

// pprofHandler serves Go's profiler, for ZOOMBOT_PPROF_ADDR.
func pprofHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}
