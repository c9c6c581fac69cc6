package main

import (
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zoombot/zoombot/bot/slacktest"
	"github.com/zoombot/zoombot/internal/pgtest"
	"github.com/zoombot/zoombot/internal/testenv"
	"github.com/zoombot/zoombot/storage"
	"github.com/zoombot/zoombot/zoom/zoomtest"
)

// e2eNow is the fixed clock of the end-to-end tests: a Friday afternoon in New York.
var e2eNow = time.Date(2026, 11, 27, 20, 0, 0, 0, time.UTC)

const generalID = "C0GENERAL"

// harness runs the real bot through run(), the same path as `zoombot run`,
// against the fakes on loopback.
type harness struct {
	t      *testing.T
	slack  *slacktest.Server
	zoom   *zoomtest.Server
	dbPath string
	logs   *testenv.Buffer
	stop   context.CancelFunc
	done   chan error

	env         map[string]string
	mu          sync.Mutex
	zoomBearers []string // access tokens the bot sent Zoom, for the log scan
}

var clockMu sync.Mutex

func startHarness(t *testing.T) *harness {
	t.Helper()
	return startHarnessEnv(t, nil)
}

// startHarnessEnv is startHarness with more env vars (the HTTP server's).
func startHarnessEnv(t *testing.T, extra map[string]string) *harness {
	t.Helper()
	clockMu.Lock() // clock is a package variable: one harness at a time
	t.Cleanup(clockMu.Unlock)
	clock = func() time.Time { return e2eNow }
	t.Cleanup(func() { clock = time.Now })

	h := &harness{t: t, logs: &testenv.Buffer{}, done: make(chan error, 1)}
	h.slack = slacktest.NewServer()
	h.slack.Start()
	t.Cleanup(h.slack.Close)
	h.slack.AddChannel(slacktest.Channel{ID: generalID, Name: "general", BotIsMember: true})
	h.slack.AddUser(slacktest.User{ID: "UANA", Name: "ana", RealName: "Ana Lima", TZ: "America/New_York", TZOffset: -5 * 3600, Email: "ana@example.com"})
	h.slack.AddUser(slacktest.User{ID: "UKEN", Name: "ken", RealName: "Ken Sato", TZ: "Asia/Tokyo", TZOffset: 9 * 3600, Email: "ken@example.com"})
	h.slack.AddUser(slacktest.User{ID: "ULI", Name: "li", RealName: "Li Wei", TZ: "Europe/Berlin", TZOffset: 3600, Email: "li@example.com"})

	h.zoom = &zoomtest.Server{AccountID: "acct-1", ClientID: "client-1", ClientSecret: "secret-1", Now: func() time.Time { return e2eNow }}
	zs := httptest.NewServer(h.recordBearers(h.zoom))
	t.Cleanup(zs.Close)

	h.dbPath = filepath.Join(t.TempDir(), "zoombot.db")
	env := map[string]string{
		"SLACK_APP_TOKEN": "xapp-test-token", "SLACK_BOT_TOKEN": "xoxb-test-token", "SLACK_API_URL": h.slack.APIURL(),
		"ZOOM_ACCOUNT_ID": "acct-1", "ZOOM_CLIENT_ID": "client-1", "ZOOM_CLIENT_SECRET": "secret-1",
		"ZOOM_API_URL": zs.URL + "/v2", "ZOOM_OAUTH_URL": zs.URL + "/oauth/token",
		"ZOOMBOT_DB": h.dbPath, "ZOOMBOT_LOG_LEVEL": "debug",
	}
	for k, v := range extra {
		env[k] = v
	}
	h.env = env
	ctx, cancel := context.WithCancel(context.Background())
	h.stop = cancel
	go func() {
		h.done <- run(ctx, []string{"run"}, func(k string) string { return env[k] }, strings.NewReader(""), io.Discard, h.logs)
	}()
	t.Cleanup(h.shutdown)
	wctx, wcancel := context.WithTimeout(ctx, 10*time.Second)
	defer wcancel()
	if err := h.slack.WaitConnected(wctx, 1); err != nil {
		t.Fatalf("bot did not connect: %v\nlogs:\n%s", err, h.logs)
	}
	return h
}

func (h *harness) shutdown() {
	h.stop()
	select {
	case err := <-h.done:
		if err != nil {
			h.t.Errorf("run returned %v", err)
		}
		h.scanLogsForSecrets()
	case <-time.After(15 * time.Second):
		h.t.Error("the bot did not stop within 15 s of its context ending")
	}
}

func (h *harness) ctx() context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	h.t.Cleanup(cancel)
	return ctx
}

// command sends a slash command and checks the ack came in time.
func (h *harness) command(user, text string) sent {
	h.t.Helper()
	at := time.Now()
	d, err := h.slack.SendSlashCommand(h.ctx(), slacktest.SlashCommand{ChannelID: generalID, UserID: user, Text: text})
	if err != nil {
		h.t.Fatalf("send %q: %v", text, err)
	}
	ack, err := h.slack.WaitAck(h.ctx(), d.EnvelopeID)
	if err != nil {
		h.t.Fatalf("no ack for %q: %v\nlogs:\n%s", text, err, h.logs)
	}
	if ack.Late || ack.Latency > 3*time.Second {
		h.t.Errorf("ack for %q took %v", text, ack.Latency)
	}
	return sent{Delivery: d, user: user, at: at}
}

func (h *harness) waitMessage(what string, match func(slacktest.Message) bool) slacktest.Message {
	h.t.Helper()
	m, err := h.slack.WaitMessage(h.ctx(), match)
	if err != nil {
		h.t.Fatalf("waiting for %s: %v\nmessages: %s\nlogs:\n%s", what, err, dumpMessages(h.slack.Messages()), h.logs)
	}
	return m
}

// sent is a command the harness delivered.
type sent struct {
	*slacktest.Delivery
	user string
	at   time.Time
}

// reply waits for what the invoker of c sees privately after sending it.
func (h *harness) reply(c sent) slacktest.Message {
	h.t.Helper()
	return h.waitMessage("the reply to "+c.user, func(m slacktest.Message) bool {
		private := (m.Kind == slacktest.KindResponseURL && m.ResponseType != "in_channel") || m.Kind == slacktest.KindEphemeral
		return private && m.User == c.user && !m.At.Before(c.at)
	})
}

func dumpMessages(ms []slacktest.Message) string {
	var b strings.Builder
	for _, m := range ms {
		b.WriteString("\n  " + string(m.Kind) + " " + m.Channel + " " + m.User + ": " + m.Text + " " + string(m.Blocks))
	}
	return b.String()
}

func messageText(m slacktest.Message) string { return m.Text + "\n" + string(m.Blocks) }

func (h *harness) db() *storage.DB {
	h.t.Helper()
	db, err := storage.Open(context.Background(), h.dbPath)
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { db.Close() })
	return db
}

func (h *harness) zoomCalls(route string) int {
	n := 0
	for _, c := range h.zoom.Calls() {
		if c.Route == route {
			n++
		}
	}
	return n
}

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.Stop()
	if built.path != "" {
		os.RemoveAll(filepath.Dir(built.path))
	}
	os.Exit(code)
}

// buildZoombot compiles this command once per test binary, as a user would.
var built struct {
	once sync.Once
	path string
	err  error
}

func buildZoombot(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		dir, err := os.MkdirTemp("", "zoombot-bin-")
		if err != nil {
			built.err = err
			return
		}
		built.path = filepath.Join(dir, "zoombot")
		if out, err := exec.Command("go", "build", "-o", built.path, ".").CombinedOutput(); err != nil {
			built.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.path
}
