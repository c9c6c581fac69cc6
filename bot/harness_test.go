package bot

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/zoombot/zoombot/bot/slacksocket"
	"github.com/zoombot/zoombot/bot/slacktest"
	"github.com/zoombot/zoombot/internal/pgtest"
	"github.com/zoombot/zoombot/internal/testenv"
	"github.com/zoombot/zoombot/storage"
	"github.com/zoombot/zoombot/zoom"
	"github.com/zoombot/zoombot/zoom/zoomtest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.Stop()
	os.Exit(code)
}

// testNow is a Friday afternoon in New York.
var testNow = time.Date(2026, 11, 27, 20, 0, 0, 0, time.UTC)

const testChannel = "C0GENERAL"

// fakeClock is a clock tests move by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// testEnv is the bot wired to the fakes and a real database, as
// cmd/zoombot wires it, but with a clock the test controls. With replicas
// set, that many bots share the database, each with its own Socket Mode
// connection, as replicas of one app do.
type testEnv struct {
	t      testing.TB
	slack  *slacktest.Server
	zoom   *zoomtest.Server
	zoomHS *httptest.Server
	dbPath string // a SQLite file, or with onPostgres a PostgreSQL URL
	clock  *fakeClock
	logs   *testenv.Buffer
	cfg    Config
	// replicas is how many bots run; 0 means 1.
	replicas int

	reps []*replica
	bot  *Bot        // the first replica's
	db   *storage.DB // the first replica's
}

// replica is one running bot with its own database handle.
type replica struct {
	bot    *Bot
	db     *storage.DB
	conn   int // its Socket Mode connection (slacktest.Connections)
	cancel context.CancelFunc
	done   chan error
}

// onPostgres runs the test's bots on a PostgreSQL database of their own
// (pgtest: skipped, saying why, where there is no PostgreSQL).
func onPostgres(e *testEnv) { e.dbPath = pgtest.NewDatabase(e.t) }

// withReplicas runs n bots on one database.
func withReplicas(n int) func(*testEnv) { return func(e *testEnv) { e.replicas = n } }

// newTestEnv starts the bot; opts may change the fakes and e.cfg first.
func newTestEnv(t testing.TB, opts ...func(*testEnv)) *testEnv {
	t.Helper()
	e := &testEnv{t: t, clock: &fakeClock{t: testNow}, logs: &testenv.Buffer{}}
	e.slack = slacktest.NewServer()
	e.slack.Start()
	t.Cleanup(e.slack.Close)
	t.Cleanup(func() { checkCallsAgainstSlackSpec(t, e.slack.Calls()) })
	e.slack.AddChannel(slacktest.Channel{ID: testChannel, Name: "general", BotIsMember: true})
	e.slack.AddChannel(slacktest.Channel{ID: "C0DESIGN", Name: "design", BotIsMember: true})
	e.slack.AddUser(slacktest.User{ID: "UANA", Name: "ana", RealName: "Ana Lima", TZ: "America/New_York", TZOffset: -5 * 3600, Email: "ana@example.com"})
	e.slack.AddUser(slacktest.User{ID: "UKEN", Name: "ken", RealName: "Ken Sato", TZ: "Asia/Tokyo", TZOffset: 9 * 3600, Email: "ken@example.com"})
	e.slack.AddUser(slacktest.User{ID: "ULI", Name: "li", RealName: "Li Wei", TZ: "Europe/Berlin", TZOffset: 3600, Email: "li@example.com"})
	e.zoom = &zoomtest.Server{ClientID: "c", ClientSecret: "s", AccountID: "a", Now: e.clock.Now}
	e.zoomHS = httptest.NewServer(e.zoom)
	t.Cleanup(e.zoomHS.Close)
	e.dbPath = filepath.Join(t.TempDir(), "zoombot.db")
	e.cfg = Config{ReminderLead: 10 * time.Minute, ReminderTick: time.Hour, RetryBackoff: 20 * time.Millisecond, ZoomRetryWindow: 5 * time.Second}
	for _, o := range opts {
		o(e)
	}
	e.start()
	return e
}

// start runs new Bots on the same database, as restarted processes would.
func (e *testEnv) start() {
	e.t.Helper()
	e.reps = nil
	for i := range max(e.replicas, 1) {
		e.reps = append(e.reps, e.startReplica(fmt.Sprintf("r%d", i+1)))
	}
	e.bot, e.db = e.reps[0].bot, e.reps[0].db
	e.t.Cleanup(e.stop)
}

func (e *testEnv) startReplica(id string) *replica {
	e.t.Helper()
	db, err := storage.Open(context.Background(), e.dbPath)
	if err != nil {
		e.t.Fatal(err)
	}
	zc, err := zoom.NewClient(zoom.Config{
		BaseURL: e.zoomHS.URL + "/v2",
		Auth: zoom.NewS2STokenSource(zoom.S2SConfig{AccountID: "a", ClientID: "c", ClientSecret: "s",
			TokenURL: e.zoomHS.URL + "/oauth/token"}),
		Backoff: time.Millisecond,
		// The fake enforces no per-second limits here; a real plan's would
		// only slow the bursts down.
		Plan: zoom.Plan{Light: 10000, Medium: 10000, Heavy: 10000},
	})
	if err != nil {
		e.t.Fatal(err)
	}
	api := slack.New("xoxb-test-token", slack.OptionAPIURL(e.slack.APIURL()), slack.OptionAppLevelToken("xapp-test-token"))
	cfg := e.cfg
	cfg.Now = e.clock.Now
	cfg.ReplicaID = id
	cfg.Logger = slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug})).With("replica", id)
	r := &replica{bot: New(api, zc, db, cfg), db: db}
	before := e.slack.ConnectionsOpened()
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel, r.done = cancel, make(chan error, 1)
	go func() { r.done <- r.bot.Run(ctx, &slacksocket.Client{API: api}) }()
	wctx, wcancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer wcancel()
	// Wait for this replica's own handshake, so that connection numbers
	// follow the order the replicas started in.
	if err := e.slack.WaitConnected(wctx, 1); err != nil {
		e.t.Fatalf("bot did not connect: %v", err)
	}
	for e.slack.ConnectionsOpened() == before && wctx.Err() == nil {
		time.Sleep(time.Millisecond)
	}
	r.conn = e.slack.ConnectionsOpened()
	return r
}

// stop ends the running Bots and closes their databases.
func (e *testEnv) stop() {
	for _, r := range e.reps {
		if r.cancel == nil {
			continue
		}
		r.cancel()
		select {
		case <-r.done:
		case <-time.After(15 * time.Second):
			e.t.Error("bot did not stop")
		}
		r.cancel = nil
		r.db.Close()
	}
}

// waitAll waits for the work of every replica, retries included.
func (e *testEnv) waitAll() {
	for _, r := range e.reps {
		r.bot.Wait()
		r.bot.WaitRetries()
	}
}

func (e *testEnv) ctx() context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	e.t.Cleanup(cancel)
	return ctx
}

// settle waits for an envelope's ack and for all the work it started.
func (e *testEnv) settle(d *slacktest.Delivery, err error) slacktest.Ack {
	e.t.Helper()
	if err != nil {
		e.t.Fatalf("deliver: %v", err)
	}
	ack, err := e.slack.WaitAck(e.ctx(), d.EnvelopeID)
	if err != nil {
		e.t.Fatalf("no ack: %v\nlogs:\n%s", err, e.logs)
	}
	if ack.Late || ack.Problem != "" {
		e.t.Errorf("ack problem: late=%v %s", ack.Late, ack.Problem)
	}
	for _, r := range e.reps {
		r.bot.Wait()
	}
	return ack
}

func (e *testEnv) command(user, channel, text string) slacktest.Ack {
	e.t.Helper()
	return e.settle(e.slack.SendSlashCommand(e.ctx(), slacktest.SlashCommand{ChannelID: channel, UserID: user, Text: text}))
}

// messagesFor returns what user can see privately (ephemerals, replies, DMs)
// since the mark, and every channel post.
func (e *testEnv) find(match func(slacktest.Message) bool) []slacktest.Message {
	var out []slacktest.Message
	for _, m := range e.slack.Messages() {
		if match(m) {
			out = append(out, m)
		}
	}
	return out
}

func (e *testEnv) one(what string, match func(slacktest.Message) bool) slacktest.Message {
	e.t.Helper()
	got := e.find(match)
	if len(got) != 1 {
		e.t.Fatalf("want one %s, got %d\nall messages:%s\nlogs:\n%s", what, len(got), dump(e.slack.Messages()), e.logs)
	}
	return got[0]
}

func dump(ms []slacktest.Message) string {
	var b strings.Builder
	for _, m := range ms {
		b.WriteString("\n  " + string(m.Kind) + " " + m.Channel + " " + m.User + ": " + m.Text + " " + string(m.Blocks))
	}
	return b.String()
}

func text(m slacktest.Message) string { return m.Text + "\n" + string(m.Blocks) }

func privateTo(user string) func(slacktest.Message) bool {
	return func(m slacktest.Message) bool {
		return m.User == user && (m.Kind == slacktest.KindEphemeral || (m.Kind == slacktest.KindResponseURL && m.ResponseType != "in_channel"))
	}
}

func dmTo(user string) func(slacktest.Message) bool {
	return func(m slacktest.Message) bool { return m.DM && m.User == user && m.Kind == slacktest.KindPost }
}

func postIn(channel string) func(slacktest.Message) bool {
	return func(m slacktest.Message) bool {
		return m.Channel == channel && m.Kind == slacktest.KindPost && m.ThreadTS == ""
	}
}

func and(fs ...func(slacktest.Message) bool) func(slacktest.Message) bool {
	return func(m slacktest.Message) bool {
		for _, f := range fs {
			if !f(m) {
				return false
			}
		}
		return true
	}
}

func contains(s string) func(slacktest.Message) bool {
	return func(m slacktest.Message) bool { return strings.Contains(text(m), s) }
}

// grepLines keeps the lines of s that contain any of the words.
func grepLines(s string, words ...string) string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		for _, w := range words {
			if strings.Contains(line, w) {
				out = append(out, line)
				break
			}
		}
	}
	return strings.Join(out, "\n")
}

// sendAll sends n slash commands at once, command(i) giving each one's user
// and text, and waits for every ack and for all the work they started.
func (e *testEnv) sendAll(n int, command func(i int) (user, text string)) {
	e.t.Helper()
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			user, text := command(i)
			d, err := e.slack.SendSlashCommand(e.ctx(), slacktest.SlashCommand{ChannelID: testChannel, UserID: user, Text: text})
			if err == nil {
				_, err = e.slack.WaitAck(e.ctx(), d.EnvelopeID)
			}
			if err != nil {
				e.t.Errorf("command %d (%q): %v", i, text, err)
			}
		}()
	}
	wg.Wait()
	e.bot.Wait()
	e.bot.WaitRetries()
}

// zoomCalls counts the fake Zoom's calls to route.
func (e *testEnv) zoomCalls(route string) int {
	n := 0
	for _, c := range e.zoom.Calls() {
		if c.Route == route {
			n++
		}
	}
	return n
}

// sqlOpen opens the bot's database file directly, to damage it on purpose.
func sqlOpen(path string) (*sql.DB, error) { return sql.Open("sqlite", path) }
