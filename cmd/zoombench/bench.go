package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/zoombot/zoombot/bot/slacktest"
	"github.com/zoombot/zoombot/internal/pgtest"
	"github.com/zoombot/zoombot/zoom/zoomtest"
)

// Credentials shared by the fakes and the bot's environment.
const (
	appToken     = "xapp-zoombench"
	botToken     = "xoxb-zoombench"
	zoomAccount  = "zoombench-account"
	zoomClient   = "zoombench-client"
	zoomSecret   = "zoombench-secret"
	stopGrace    = 20 * time.Second
	connectLimit = 30 * time.Second
)

// observed is everything one benchmark run observed, before it is summarised.
type observed struct {
	opts     options
	w        *workload
	acks     []slacktest.Ack
	col      *collector
	slack    *slacktest.Server
	zoom     *zoomtest.Server
	started  time.Time // first command sent
	sentAll  time.Time // last command written
	finished time.Time // last final answer, or the timeout
	timedOut bool
	botAck   botAck
	floor    latency       // the bare reader's acks for the same burst
	botCPU   time.Duration // CPU the bot used from connecting to the end of the run
	idleRSS  int64         // summed over the replicas
	peakRSS  int64         // the largest replica's
	dbPath   string        // SQLite file or PostgreSQL URL: what storage.Open takes
	dbBytes  int64         // the SQLite file's size; 0 on PostgreSQL
	stopErr  error
	logPath  string // replica i logs to logPath with ".i" before the extension when there are several
}

// bench sets up the fakes, runs the bot binary against them, drives the
// workload and summarises what happened.
func bench(ctx context.Context, o options, stderr io.Writer) (*results, error) {
	dir, err := os.MkdirTemp("", "zoombench-")
	if err != nil {
		return nil, err
	}
	if o.KeepDir {
		fmt.Fprintln(stderr, "zoombench: keeping", dir)
	} else {
		defer os.RemoveAll(dir)
	}
	bin := o.Bot
	if bin == "" {
		if bin, err = buildBot(ctx, dir); err != nil {
			return nil, err
		}
	}

	w := newWorkload(o)
	ob := &observed{opts: o, w: w, col: newCollector(w.Commands), dbPath: filepath.Join(dir, "zoombot.db"),
		logPath: filepath.Join(dir, "zoombot.log")}
	if o.Database == "postgres" {
		url, drop, err := postgresDatabase(o)
		if err != nil {
			return nil, fmt.Errorf("PostgreSQL: %w", err)
		}
		defer drop()
		ob.dbPath = url
	}

	sl := &slacktest.Server{AppToken: appToken, BotToken: botToken, TeamID: teamID, OnMessage: ob.col.add}
	sl.Start()
	defer sl.Close()
	zs := &zoomtest.Server{AccountID: zoomAccount, ClientID: zoomClient, ClientSecret: zoomSecret,
		Limits: planLimits[o.Plan], Latency: o.ZoomLatency}
	zh := httptest.NewServer(zs)
	defer zh.Close()
	ob.slack, ob.zoom = sl, zs

	if err := w.setUp(ctx, sl, zs, ob.dbPath, time.Now()); err != nil {
		return nil, fmt.Errorf("set up: %w", err)
	}
	env := map[string]string{
		"SLACK_APP_TOKEN": appToken, "SLACK_BOT_TOKEN": botToken, "SLACK_API_URL": sl.APIURL(),
		"ZOOM_ACCOUNT_ID": zoomAccount, "ZOOM_CLIENT_ID": zoomClient, "ZOOM_CLIENT_SECRET": zoomSecret,
		"ZOOM_API_URL": zh.URL + "/v2", "ZOOM_OAUTH_URL": zh.URL + "/oauth/token",
		"ZOOM_USER_TYPE": "2",
	}
	if o.Database == "postgres" {
		env["ZOOMBOT_DATABASE_URL"] = ob.dbPath
	} else {
		env["ZOOMBOT_DB"] = ob.dbPath
	}
	if o.Plan != "unlimited" { // the bot paces itself to the plan the fake enforces
		env["ZOOM_PLAN"] = o.Plan
	}
	for _, kv := range o.BotEnv {
		k, v, _ := strings.Cut(kv, "=")
		env[k] = v
	}
	if o.Burst > 0 && !o.NoFloor {
		if ob.floor, err = floorBurst(ctx, o.Burst); err != nil {
			return nil, fmt.Errorf("floor: %w", err)
		}
	}
	var bots []*botProc
	var metricsAddrs []string
	defer func() {
		for _, b := range bots {
			if !b.stopped {
				_ = b.stop(stopGrace)
			}
		}
	}()
	// One replica at a time, each waiting for its Socket Mode connection,
	// so they all hold one when the burst starts.
	for i := range o.Replicas {
		addr, err := freeAddr()
		if err != nil {
			return nil, err
		}
		env["ZOOMBOT_HTTP_ADDR"] = addr
		logPath := replicaLog(ob.logPath, i, o.Replicas)
		bot, err := startBot(bin, logPath, env)
		if err != nil {
			return nil, err
		}
		bots, metricsAddrs = append(bots, bot), append(metricsAddrs, addr)
		cctx, cancel := context.WithTimeout(ctx, connectLimit)
		err = sl.WaitConnected(cctx, i+1)
		cancel()
		if err != nil {
			if ok, exitErr := bot.exited(); ok {
				return nil, fmt.Errorf("zoombot exited before connecting (%v); its log is %s", exitErr, keptLog(o, logPath))
			}
			return nil, fmt.Errorf("zoombot did not connect to the fake Slack within %v", connectLimit)
		}
	}
	// Let start-up work (recovery, the reminder loop's first tick) finish
	// before taking the idle figure.
	time.Sleep(500 * time.Millisecond)
	cpu0 := make([]time.Duration, len(bots))
	for i, b := range bots {
		rss, _ := b.memory()
		ob.idleRSS += rss
		cpu0[i] = procCPU(b.cmd.Process.Pid)
	}

	if err := drive(ctx, ob); err != nil {
		return nil, err
	}
	for i, b := range bots {
		_, peak := b.memory()
		ob.peakRSS = max(ob.peakRSS, peak)
		ob.botCPU += procCPU(b.cmd.Process.Pid) - cpu0[i]
	}
	ob.botAck = scrapeAck(ctx, metricsAddrs...)
	ob.acks = sl.Acks()
	for _, b := range bots {
		ob.stopErr = errors.Join(ob.stopErr, b.stop(stopGrace))
	}
	if o.Database == "sqlite" {
		ob.dbBytes = fileSizes(ob.dbPath, ob.dbPath+"-wal")
	}
	return summarise(ctx, ob)
}

// replicaLog is where replica i of n logs.
func replicaLog(path string, i, n int) string {
	if n == 1 {
		return path
	}
	ext := filepath.Ext(path)
	return fmt.Sprintf("%s.%d%s", strings.TrimSuffix(path, ext), i+1, ext)
}

// postgresDatabase creates the run's database: on -database-url's server,
// or on a throwaway one started from the machine's binaries, which lives
// until the process ends (main and TestMain stop it), so that several runs
// in one process share it.
func postgresDatabase(o options) (string, func(), error) {
	if o.DatabaseURL != "" {
		os.Setenv(pgtest.EnvURL, o.DatabaseURL)
	}
	url, drop, err := pgtest.CreateDatabase()
	if err != nil {
		return "", nil, err
	}
	return url, func() { _ = drop() }, nil
}

// sendBurst sends cmds as one burst and waits for their acks.
func sendBurst(ctx context.Context, ob *observed, cmds []*command) error {
	if len(cmds) == 0 {
		return nil
	}
	batch := make([]slacktest.SlashCommand, len(cmds))
	for i, c := range cmds {
		c.InBurst = true
		batch[i] = slacktest.SlashCommand{ChannelID: c.Channel, UserID: c.User, Text: c.Text}
	}
	sent := time.Now()
	ds, err := ob.slack.SendSlashCommands(ctx, batch)
	for i, c := range cmds {
		c.Sent = sent
		if i < len(ds) {
			c.EnvelopeID = ds[i].EnvelopeID
		} else {
			c.SendErr = err
		}
	}
	actx, cancel := context.WithTimeout(ctx, ackWait)
	defer cancel()
	for _, d := range ds {
		_, _ = ob.slack.WaitAck(actx, d.EnvelopeID) // a missing ack is counted from Acks later
	}
	return nil
}

// ackWait bounds how long a sender waits for an ack before moving on:
// past Slack's 3 s the command has failed for the user anyway.
const ackWait = 5 * time.Second

// drive sends the commands with at most Concurrency of them sent and not
// yet acked (a closed loop, like people waiting for Slack to take their
// command), paced at Rate per second when Rate is set. Then it waits for
// every final answer (or the timeout) and a short settle time for late
// duplicates.
func drive(ctx context.Context, ob *observed) error {
	o := ob.opts
	slots := make(chan struct{}, o.Concurrency)
	var wg sync.WaitGroup
	ob.started = time.Now()
	deadline := time.NewTimer(o.Timeout)
	defer deadline.Stop()
	send := func(c *command) {
		c.Sent = time.Now()
		d, err := ob.slack.SendSlashCommand(ctx, slacktest.SlashCommand{ChannelID: c.Channel, UserID: c.User, Text: c.Text})
		if err != nil {
			c.SendErr = err
			return
		}
		c.EnvelopeID = d.EnvelopeID
		actx, cancel := context.WithTimeout(ctx, ackWait)
		defer cancel()
		_, _ = ob.slack.WaitAck(actx, d.EnvelopeID) // a missing ack is counted from Acks later
	}
	// The opening burst: all at once, as when a whole class types the
	// command together, written back to back like Slack's servers do; the
	// rest starts once the burst is acked.
	if err := sendBurst(ctx, ob, ob.w.Commands[:o.Burst]); err != nil {
		return err
	}
	for i, c := range ob.w.Commands[o.Burst:] {
		if o.Rate > 0 {
			at := ob.started.Add(time.Duration(float64(i) / o.Rate * float64(time.Second)))
			if d := time.Until(at); d > 0 {
				time.Sleep(d)
			}
		}
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			wg.Wait()
			return ctx.Err()
		}
		wg.Go(func() {
			defer func() { <-slots }()
			send(c)
		})
	}
	wg.Wait()
	ob.sentAll = time.Now()

	select {
	case <-ob.col.done:
		ob.finished = time.Now()
	case <-deadline.C:
		ob.finished, ob.timedOut = time.Now(), true
	case <-ctx.Done():
		return ctx.Err()
	}
	if ob.col.unanswered() > 0 {
		ob.timedOut = true
	}
	select {
	case <-time.After(o.Settle):
	case <-ctx.Done():
		return ctx.Err()
	}
	return nil
}

func keptLog(o options, path string) string {
	if o.KeepDir {
		return path
	}
	return "removed (pass -keep)"
}

func fileSizes(paths ...string) int64 {
	var n int64
	for _, p := range paths {
		if fi, err := os.Stat(p); err == nil {
			n += fi.Size()
		}
	}
	return n
}
