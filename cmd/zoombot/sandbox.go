package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/zoombot/zoombot/bot"
	"github.com/zoombot/zoombot/bot/slacktest"
	"github.com/zoombot/zoombot/zoom/zoomtest"
)

const sandboxIntro = `zoombot sandbox: the real bot, offline, against a fake Slack and a fake Zoom.
Type what a Slack user would type, or a sandbox command:
  /zoom schedule tomorrow 3pm standup    run a slash command as the current user
  /zoom                                  open the scheduling form
  :fill topic=Retro time=16:00 duration=45 invitees=@bob repeat=weekly count=4
                                         fill in and submit the open form (unnamed fields keep their values)
  /zoom move standup to 4pm              move a meeting (by ID or topic words; also +30m, "an hour earlier")
  :click Join                            click the newest button with that label (messages, then App Home);
                                         :click Edit opens the edit form, filled in: change it with :fill
  :home                                  open your App Home tab
  :as bob America/Los_Angeles            become another user (created on first use)
  :in #design                            move to another channel
  :zoom down / :zoom up                  take the fake Zoom offline and back
  :zoom start [id]                       start a meeting in Zoom (the newest without an id) and join it
  :zoom join [id] [name]                 join it (as you, or a guest with that name)
  :zoom end [id]                         end it: the channel post says how many people joined
  :zoom record [id] / :zoom summary [id] Zoom finishes its recording / its AI Companion summary
  :wait 3s                               let background work (retries, reminders) run
  :users                                 who exists
  :quit                                  leave (so does end of input)
`

// sandbox is the state of one `zoombot sandbox` session.
type sandbox struct {
	slack *slacktest.Server
	zoom  *zoomtest.Server
	bot   *bot.Bot
	out   io.Writer
	outMu sync.Mutex
	// dirMu guards the user and channel maps, which messages printed from
	// background work (retries, reminders) read while the script runs.
	dirMu  sync.Mutex
	user   string // current user id
	chan_  string // current channel id
	users  map[string]slacktest.User
	byName map[string]string // name → id
	chans  map[string]string // id → name
	lastID int
	quiet  bool // during setup: no "you are now" lines
}

func runSandbox(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("zoombot sandbox", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := fs.String("db", "", "SQLite file to keep (default: a temporary file, removed on exit)")
	tz := fs.String("tz", "America/New_York", "time zone of the first user, ana")
	verbose := fs.Bool("v", false, "show the bot's logs")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &exitError{code: 2, err: err}
	}
	if _, err := time.LoadLocation(*tz); err != nil {
		return usageErr("-tz: unknown time zone %q", *tz)
	}
	if *dbPath == "" {
		dir, err := os.MkdirTemp("", "zoombot-sandbox-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		*dbPath = filepath.Join(dir, "sandbox.db")
	}

	sb := &sandbox{out: stdout, users: map[string]slacktest.User{}, byName: map[string]string{}, chans: map[string]string{}}
	sb.slack = slacktest.NewServer()
	sb.slack.OnMessage = sb.printMessage
	sb.slack.OnView = sb.printView
	sb.slack.Start()
	defer sb.slack.Close()
	relay := &webhookRelay{}
	hooks := httptest.NewServer(relay)
	defer hooks.Close()
	sb.zoom = &zoomtest.Server{ClientID: "sandbox-client", ClientSecret: "sandbox-secret", AccountID: "sandbox-account",
		WebhookURL: hooks.URL + "/zoom/webhook", WebhookSecret: sandboxWebhookSecret}
	zs := httptest.NewServer(sb.zoom)
	defer zs.Close()

	sb.quiet = true
	sb.addChannel("C0GENERAL", "general")
	sb.switchUser("ana", *tz)
	sb.quiet = false

	logOut := io.Discard
	if *verbose {
		logOut = stderr
	}
	cfg := config{
		SlackAppToken: "xapp-test-token", SlackBotToken: "xoxb-test-token", SlackAPIURL: sb.slack.APIURL(),
		ZoomAccountID: "sandbox-account", ZoomClientID: "sandbox-client", ZoomClientSecret: "sandbox-secret",
		ZoomAPIURL: zs.URL + "/v2", ZoomOAuthURL: zs.URL + "/oauth/token",
		DB: *dbPath, DefaultDuration: 30 * time.Minute, ZoomUserType: 1, LogFormat: "text", LogLevel: "debug",
		Reminder: 10 * time.Minute, HostConcurrency: 1,
		// An outage (":zoom down") plays out in seconds, not minutes.
		ZoomRetryWindow: 2 * time.Minute, RetryBackoff: time.Second,
	}
	log := slog.New(slog.NewTextHandler(logOut, &slog.HandlerOptions{Level: slog.LevelDebug}))

	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	ready := make(chan *bot.Bot, 1)
	done := make(chan error, 1)
	go func() { done <- runBot(runCtx, cfg, log, func(b *bot.Bot) { ready <- b }) }()
	select {
	case sb.bot = <-ready:
		relay.serve(sb.bot)
	case err := <-done:
		return fmt.Errorf("sandbox: the bot did not start: %w", err)
	}
	wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	err := sb.slack.WaitConnected(wctx, 1)
	cancel()
	if err != nil {
		return fmt.Errorf("sandbox: the bot did not connect to the fake Slack: %w", err)
	}
	fmt.Fprint(stdout, sandboxIntro)
	fmt.Fprintf(stdout, "\nYou are @%s (%s) in #general. The clock is real: it is %s.\n\n",
		"ana", *tz, time.Now().In(mustLoad(*tz)).Format("Mon Jan 2 2006 3:04 PM MST"))

	if err := sb.repl(ctx, stdin); err != nil {
		return err
	}
	stop()
	return <-done
}

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		return time.UTC
	}
	return loc
}

func (sb *sandbox) printf(format string, a ...any) {
	sb.outMu.Lock()
	defer sb.outMu.Unlock()
	fmt.Fprintf(sb.out, format, a...)
}

func (sb *sandbox) repl(ctx context.Context, stdin io.Reader) error {
	sc := bufio.NewScanner(stdin)
	for {
		sb.printf("%s in #%s> ", sb.users[sb.user].Name, sb.chans[sb.chan_])
		if !sc.Scan() {
			sb.printf("\n")
			return sc.Err()
		}
		line := strings.TrimSpace(sc.Text())
		if !isTerminal(stdin) && line != "" {
			sb.printf("%s\n", line) // echo scripts so the transcript reads like a session
		}
		if line == "" || strings.HasPrefix(line, "#") && !strings.HasPrefix(line, "#general") {
			continue
		}
		if ctx.Err() != nil {
			return nil
		}
		quit, err := sb.do(ctx, line)
		if err != nil {
			sb.printf("  ! %v\n", err)
		}
		if quit {
			return nil
		}
	}
}

func (sb *sandbox) do(ctx context.Context, line string) (quit bool, err error) {
	word, rest, _ := strings.Cut(line, " ")
	rest = strings.TrimSpace(rest)
	switch {
	case word == ":quit" || word == ":q" || word == ":exit":
		return true, nil
	case word == ":help":
		sb.printf("%s", sandboxIntro)
	case word == ":as":
		name, tz, _ := strings.Cut(rest, " ")
		if name == "" {
			return false, errors.New("usage: :as NAME [IANA zone]")
		}
		if tz = strings.TrimSpace(tz); tz != "" {
			if _, err := time.LoadLocation(tz); err != nil {
				return false, fmt.Errorf("unknown time zone %q", tz)
			}
		}
		sb.switchUser(strings.TrimPrefix(name, "@"), tz)
	case word == ":in":
		name := strings.TrimPrefix(rest, "#")
		if name == "" {
			return false, errors.New("usage: :in #channel")
		}
		sb.chan_ = sb.channelID(name)
	case word == ":users":
		for _, u := range sb.users {
			sb.printf("  @%s %s <%s>\n", u.Name, u.TZ, u.Email)
		}
	case word == ":click":
		return false, sb.click(ctx, rest)
	case word == ":fill":
		return false, sb.fill(ctx, rest)
	case word == ":home":
		d, err := sb.slack.OpenHome(ctx, sb.user)
		if err != nil {
			return false, err
		}
		return false, sb.settle(ctx, d)
	case word == ":zoom":
		switch rest {
		case "down":
			sb.zoom.SetDown(true)
			sb.printf("  (Zoom is down: every API call answers 503)\n")
		case "up":
			sb.zoom.SetDown(false)
			sb.printf("  (Zoom is back)\n")
		default:
			return false, sb.zoomLife(ctx, rest)
		}
	case word == ":wait":
		d := 2 * time.Second
		if rest != "" {
			var err error
			if d, err = time.ParseDuration(rest); err != nil || d < 0 || d > 5*time.Minute {
				return false, errors.New("usage: :wait 3s (at most 5m)")
			}
		}
		select {
		case <-ctx.Done():
		case <-time.After(d):
		}
	case strings.HasPrefix(word, "/"):
		return false, sb.slash(ctx, word, rest)
	default:
		return false, fmt.Errorf("I don't know %q. Type a /zoom command, or :help", word)
	}
	return false, nil
}

func (sb *sandbox) slash(ctx context.Context, command, text string) error {
	d, err := sb.slack.SendSlashCommand(ctx, slacktest.SlashCommand{
		ChannelID: sb.chan_, ChannelName: sb.chans[sb.chan_], UserID: sb.user, UserName: sb.users[sb.user].Name,
		Command: command, Text: text,
	})
	if err != nil {
		return err
	}
	return sb.settle(ctx, d)
}

// settle waits for the envelope's ack and for the work it started.
func (sb *sandbox) settle(ctx context.Context, d *slacktest.Delivery) error {
	wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	ack, err := sb.slack.WaitAck(wctx, d.EnvelopeID)
	if err != nil {
		return fmt.Errorf("no ack from the bot: %w", err)
	}
	if ack.Late {
		sb.printf("  ! the bot acked after %v: Slack would have shown the user an error\n", ack.Latency)
	}
	sb.bot.Wait()
	return nil
}

// click presses the newest button with that label that the current user can see.
func (sb *sandbox) click(ctx context.Context, label string) error {
	if label == "" {
		return errors.New("usage: :click LABEL")
	}
	msgs := sb.slack.Messages()
	for i := len(msgs) - 1; i >= 0; i-- {
		m := msgs[i]
		if !sb.visibleTo(m, sb.user) {
			continue
		}
		if cur, ok := sb.slack.MessageAt(m.Channel, m.TS); ok && m.Kind == slacktest.KindPost {
			m = cur
		}
		b, ok := findButton(m.Blocks, label)
		if !ok {
			continue
		}
		if b.URL != "" {
			sb.printf("  (opens %s)\n", b.URL)
		}
		d, err := sb.slack.ClickButton(ctx, sb.user, m, b.ActionID)
		if err != nil {
			return err
		}
		return sb.settle(ctx, d)
	}
	if home, ok := sb.slack.HomeView(sb.user); ok {
		if b, ok := findButton(viewBlocks(home.JSON), label); ok {
			d, err := sb.slack.ClickViewButton(ctx, sb.user, home, b.ActionID)
			if err != nil {
				return err
			}
			return sb.settle(ctx, d)
		}
	}
	return fmt.Errorf("no button %q in what @%s can see", label, sb.users[sb.user].Name)
}

func (sb *sandbox) visibleTo(m slacktest.Message, user string) bool {
	switch {
	case m.Kind == slacktest.KindDelete:
		return false
	case m.DM:
		return m.User == user
	case m.Kind == slacktest.KindEphemeral || (m.Kind == slacktest.KindResponseURL && m.ResponseType != "in_channel"):
		return m.User == user
	default:
		return true
	}
}

func (sb *sandbox) switchUser(name, tz string) {
	sb.dirMu.Lock()
	defer sb.dirMu.Unlock()
	id, ok := sb.byName[name]
	if ok && tz == "" {
		sb.user = id
		return
	}
	if !ok {
		sb.lastID++
		id = fmt.Sprintf("U%07d", sb.lastID)
	}
	if tz == "" {
		tz = "America/New_York"
	}
	_, offset := time.Now().In(mustLoad(tz)).Zone()
	u := slacktest.User{
		ID: id, Name: name, RealName: strings.ToUpper(name[:1]) + name[1:] + " Example",
		TZ: tz, TZOffset: offset, Email: name + "@example.com",
	}
	sb.slack.AddUser(u)
	sb.users[id], sb.byName[name], sb.user = u, id, id
	if !sb.quiet {
		sb.printf("  (you are now @%s, %s)\n", name, tz)
	}
}

func (sb *sandbox) channelID(name string) string {
	sb.dirMu.Lock()
	defer sb.dirMu.Unlock()
	for id, n := range sb.chans {
		if n == name {
			return id
		}
	}
	id := "C0" + strings.ToUpper(strings.NewReplacer("-", "", "_", "").Replace(name))
	sb.addChannelLocked(id, name)
	return id
}

func (sb *sandbox) addChannel(id, name string) {
	sb.dirMu.Lock()
	defer sb.dirMu.Unlock()
	sb.addChannelLocked(id, name)
}

func (sb *sandbox) addChannelLocked(id, name string) {
	sb.slack.AddChannel(slacktest.Channel{ID: id, Name: name, BotIsMember: true})
	sb.chans[id] = name
	if sb.chan_ == "" {
		sb.chan_ = id
	}
}

func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
