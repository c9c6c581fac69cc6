package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/zoombot/zoombot/bot"
	"github.com/zoombot/zoombot/storage"
	"github.com/zoombot/zoombot/zoom"
)

// clock is the bot's clock. End-to-end tests fix it; nothing else changes it.
var clock = time.Now

var logLevels = map[string]slog.Level{"debug": slog.LevelDebug, "info": slog.LevelInfo, "warn": slog.LevelWarn, "error": slog.LevelError}

func newLogger(cfg config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: logLevels[cfg.LogLevel]}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
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
func runBot(ctx context.Context, cfg config, log *slog.Logger, ready func(*bot.Bot)) error {
	db, err := storage.Open(ctx, cfg.DB)
	if err != nil {
		return fmt.Errorf("open database %s: %w", cfg.DB, err)
	}
	defer db.Close()

	zc, err := newZoomClient(cfg)
	if err != nil {
		return err
	}
	httpClient := &http.Client{Timeout: 30 * time.Second}
	api := slack.New(cfg.SlackBotToken,
		slack.OptionAPIURL(cfg.SlackAPIURL),
		slack.OptionAppLevelToken(cfg.SlackAppToken),
		slack.OptionHTTPClient(httpClient),
	)
	// socketmode.New copies api by value: every option is set above.
	sm := socketmode.New(api)
	b := bot.New(api, zc, db, bot.Config{
		DefaultDuration: cfg.DefaultDuration,
		ZoomUserType:    cfg.ZoomUserType,
		ReminderLead:    cfg.Reminder,
		HostPool:        cfg.HostPool,
		HostConcurrency: cfg.HostConcurrency,
		Logger:          log,
		Now:             clock,
	})
	if ready != nil {
		ready(b)
	}
	log.Info("zoombot starting", "db", cfg.DB, "slack_api", cfg.SlackAPIURL, "zoom_api", cfg.ZoomAPIURL)
	err = b.Run(ctx, sm)
	log.Info("zoombot stopped")
	return err
}

func newZoomClient(cfg config) (*zoom.Client, error) {
	var auth zoom.TokenSource
	if cfg.ZoomAPIKey != "" {
		auth = zoom.NewJWTTokenSource(cfg.ZoomAPIKey, cfg.ZoomAPISecret)
	} else {
		auth = zoom.NewS2STokenSource(zoom.S2SConfig{
			AccountID: cfg.ZoomAccountID, ClientID: cfg.ZoomClientID, ClientSecret: cfg.ZoomClientSecret,
			TokenURL: cfg.ZoomOAuthURL,
		})
	}
	return zoom.NewClient(zoom.Config{BaseURL: cfg.ZoomAPIURL, Auth: auth})
}
