package slacktest_test

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"github.com/zoombot/zoombot/bot/slacktest"
)

// newServer starts a fake with fast pings and closes it after the test.
func newServer(t *testing.T) *slacktest.Server {
	t.Helper()
	s := slacktest.NewServer()
	s.PingInterval = 50 * time.Millisecond
	s.Start()
	t.Cleanup(s.Close)
	return s
}

// smClient is slack-go's socketmode client running against the fake, with
// its events copied to a channel the test reads.
type smClient struct {
	*socketmode.Client
	events chan socketmode.Event
	done   chan error
}

// startClient runs the official client. Options are set before
// socketmode.New because New copies the slack.Client by value.
func startClient(t *testing.T, s *slacktest.Server, pingInterval time.Duration) *smClient {
	t.Helper()
	api := slack.New(s.BotToken, slack.OptionAPIURL(s.APIURL()), slack.OptionAppLevelToken(or(s.AppToken, "xapp-test-token")))
	c := &smClient{
		Client: socketmode.New(api, socketmode.OptionPingInterval(pingInterval)),
		events: make(chan socketmode.Event, 1000),
		done:   make(chan error, 1),
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { c.done <- c.RunContext(ctx) })
	wg.Go(func() {
		for {
			select {
			case e := <-c.Events:
				select {
				case c.events <- e:
				case <-ctx.Done():
					return
				}
			case <-ctx.Done():
				return
			}
		}
	})
	t.Cleanup(func() { cancel(); wg.Wait() })
	return c
}

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// next returns the next event of type typ, skipping others.
func (c *smClient) next(t *testing.T, typ socketmode.EventType) socketmode.Event {
	t.Helper()
	timeout := time.After(5 * time.Second)
	for {
		select {
		case e := <-c.events:
			if e.Type == typ {
				return e
			}
		case <-timeout:
			t.Fatalf("no %s event within 5s", typ)
		}
	}
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestSocketModeHelloAndSlashCommand(t *testing.T) {
	s := newServer(t)
	c := startClient(t, s, 5*time.Second)
	hello := c.next(t, socketmode.EventTypeHello)
	if hello.Request == nil || hello.Request.NumConnections != 1 || hello.Request.EnvelopeID != "" {
		t.Fatalf("hello request = %+v", hello.Request)
	}
	if err := s.WaitConnected(ctxT(t), 1); err != nil {
		t.Fatal(err)
	}
	d, err := s.SendSlashCommand(ctxT(t), slacktest.SlashCommand{ChannelID: "C1", UserID: "U1", Text: "schedule tomorrow 3pm standup"})
	if err != nil {
		t.Fatal(err)
	}
	e := c.next(t, socketmode.EventTypeSlashCommand)
	cmd, ok := e.Data.(slack.SlashCommand)
	if !ok {
		t.Fatalf("data %T", e.Data)
	}
	want := slack.SlashCommand{Command: "/zoom", Text: "schedule tomorrow 3pm standup", ChannelID: "C1", UserID: "U1",
		TeamID: "T0001", TriggerID: d.TriggerID, ResponseURL: d.ResponseURL}
	if cmd.Command != want.Command || cmd.Text != want.Text || cmd.ChannelID != want.ChannelID || cmd.UserID != want.UserID ||
		cmd.TeamID != want.TeamID || cmd.TriggerID != want.TriggerID || cmd.ResponseURL != want.ResponseURL || cmd.TriggerID == "" {
		t.Fatalf("slash command = %+v, want %+v", cmd, want)
	}
	if e.Request.EnvelopeID != d.EnvelopeID || !e.Request.AcceptsResponsePayload {
		t.Fatalf("request = %+v", e.Request)
	}
	reply := map[string]any{"response_type": "ephemeral", "text": "Scheduling…"}
	if err := c.Ack(*e.Request, reply); err != nil {
		t.Fatal(err)
	}
	a, err := s.WaitAck(ctxT(t), d.EnvelopeID)
	if err != nil {
		t.Fatal(err)
	}
	if a.Late || a.TooLarge || a.Problem != "" || a.Latency <= 0 || a.Latency > time.Second || a.Size == 0 {
		t.Fatalf("ack = %+v", a)
	}
	var got map[string]any
	if err := json.Unmarshal(a.Payload, &got); err != nil || got["text"] != "Scheduling…" {
		t.Fatalf("ack payload %s (%v)", a.Payload, err)
	}
	m, err := s.WaitMessage(ctxT(t), func(m slacktest.Message) bool { return m.Text == "Scheduling…" })
	if err != nil {
		t.Fatal(err)
	}
	if m.Kind != slacktest.KindEphemeral || m.Channel != "C1" || m.User != "U1" || m.ResponseType != "ephemeral" {
		t.Fatalf("reply message = %+v", m)
	}
}

func TestSocketModeAckShapes(t *testing.T) {
	s := newServer(t)
	c := startClient(t, s, 5*time.Second)
	if err := s.WaitConnected(ctxT(t), 1); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name        string
		payload     any // nil = bare ack
		wantPayload bool
		wantKind    slacktest.MessageKind // "" = no message
	}{
		{"bare", nil, false, ""},
		{"empty object like the Node SDK", map[string]any{}, true, ""},
		{"in_channel reply", map[string]any{"response_type": "in_channel", "text": "visible"}, true, slacktest.KindPost},
		{"default is ephemeral", map[string]any{"text": "private"}, true, slacktest.KindEphemeral},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(s.Messages())
			d, err := s.SendSlashCommand(ctxT(t), slacktest.SlashCommand{ChannelID: "C9", UserID: "U9", Text: tt.name})
			if err != nil {
				t.Fatal(err)
			}
			e := c.next(t, socketmode.EventTypeSlashCommand)
			if tt.payload == nil {
				err = c.Ack(*e.Request)
			} else {
				err = c.Ack(*e.Request, tt.payload)
			}
			if err != nil {
				t.Fatal(err)
			}
			a, err := s.WaitAck(ctxT(t), d.EnvelopeID)
			if err != nil {
				t.Fatal(err)
			}
			if (a.Payload != nil) != tt.wantPayload || a.Problem != "" {
				t.Fatalf("ack = %+v", a)
			}
			msgs := s.Messages()[before:]
			if tt.wantKind == "" {
				if len(msgs) != 0 {
					t.Fatalf("unexpected messages %+v", msgs)
				}
				return
			}
			if len(msgs) != 1 || msgs[0].Kind != tt.wantKind || msgs[0].Channel != "C9" {
				t.Fatalf("messages = %+v", msgs)
			}
		})
	}
}

func TestSocketModeInteractiveAndEvents(t *testing.T) {
	s := newServer(t)
	s.AddUser(slacktest.User{ID: "U1", Name: "ada"})
	c := startClient(t, s, 5*time.Second)
	if err := s.WaitConnected(ctxT(t), 1); err != nil {
		t.Fatal(err)
	}

	d, err := s.SendInteractive(ctxT(t), map[string]any{"type": "shortcut", "callback_id": "sc", "user": map[string]any{"id": "U1"}})
	if err != nil {
		t.Fatal(err)
	}
	e := c.next(t, socketmode.EventTypeInteractive)
	cb := e.Data.(slack.InteractionCallback)
	if cb.Type != slack.InteractionTypeShortcut || cb.CallbackID != "sc" || cb.TriggerID == "" || cb.TriggerID != d.TriggerID {
		t.Fatalf("callback = %+v", cb)
	}
	if err := c.Ack(*e.Request); err != nil {
		t.Fatal(err)
	}
	if a, err := s.WaitAck(ctxT(t), d.EnvelopeID); err != nil || a.Payload != nil {
		t.Fatalf("ack %+v %v", a, err)
	}

	d, err = s.OpenHome(ctxT(t), "U1")
	if err != nil {
		t.Fatal(err)
	}
	e = c.next(t, socketmode.EventTypeEventsAPI)
	ev := e.Data.(slackevents.EventsAPIEvent)
	home, ok := ev.InnerEvent.Data.(*slackevents.AppHomeOpenedEvent)
	if ev.Type != slackevents.CallbackEvent || !ok || home.User != "U1" || home.Tab != "home" || home.Channel != s.DMChannel("U1") {
		t.Fatalf("event = %+v inner %+v", ev, ev.InnerEvent)
	}
	if e.Request.RetryAttempt != 0 {
		t.Fatalf("retry_attempt %d", e.Request.RetryAttempt)
	}
	// Not acking: the fake can redeliver as Slack does after a timeout.
	r, err := s.Redeliver(ctxT(t), d, "timeout")
	if err != nil {
		t.Fatal(err)
	}
	e = c.next(t, socketmode.EventTypeEventsAPI)
	if e.Request.EnvelopeID != r.EnvelopeID || r.EnvelopeID == d.EnvelopeID || e.Request.RetryAttempt != 1 || e.Request.RetryReason != "timeout" {
		t.Fatalf("redelivery request %+v", e.Request)
	}
	var p1, p2 struct {
		EventID string `json:"event_id"`
	}
	_ = json.Unmarshal(d.Payload, &p1)
	_ = json.Unmarshal(e.Request.Payload, &p2)
	if p1.EventID == "" || p1.EventID != p2.EventID {
		t.Fatalf("event_id changed on redelivery: %q → %q", p1.EventID, p2.EventID)
	}
}

func TestSocketModeLateAndUnknownAcks(t *testing.T) {
	s := slacktest.NewServer()
	s.AckDeadline = 20 * time.Millisecond
	s.Start()
	t.Cleanup(s.Close)
	c := startClient(t, s, 5*time.Second)
	if err := s.WaitConnected(ctxT(t), 1); err != nil {
		t.Fatal(err)
	}
	d, err := s.SendSlashCommand(ctxT(t), slacktest.SlashCommand{ChannelID: "C1", UserID: "U1"})
	if err != nil {
		t.Fatal(err)
	}
	e := c.next(t, socketmode.EventTypeSlashCommand)
	time.Sleep(40 * time.Millisecond)
	if err := c.Ack(*e.Request, map[string]any{"text": "too late"}); err != nil {
		t.Fatal(err)
	}
	a, err := s.WaitAck(ctxT(t), d.EnvelopeID)
	if err != nil {
		t.Fatal(err)
	}
	if !a.Late || a.Problem == "" {
		t.Fatalf("late ack = %+v", a)
	}
	if err := c.AckCtx(ctxT(t), "env-nope", nil); err != nil {
		t.Fatal(err)
	}
	if a, err := s.WaitAck(ctxT(t), "env-nope"); err != nil || a.Problem != "unknown envelope_id" {
		t.Fatalf("unknown ack %+v %v", a, err)
	}
	for _, m := range s.Messages() {
		if m.Text == "too late" {
			t.Fatalf("a late reply was shown: %+v", m)
		}
	}
}

func TestSocketModeReconnects(t *testing.T) {
	tests := []struct {
		name  string
		cause func(*slacktest.Server)
	}{
		{"refresh_requested", func(s *slacktest.Server) { s.Disconnect("refresh_requested") }},
		{"link_disabled", func(s *slacktest.Server) { s.Disconnect("link_disabled") }},
		{"dropped", (*slacktest.Server).DropConnections},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newServer(t)
			c := startClient(t, s, 5*time.Second)
			if err := s.WaitConnected(ctxT(t), 1); err != nil {
				t.Fatal(err)
			}
			tt.cause(s)
			ctx := ctxT(t)
			for s.ConnectionsOpened() < 2 {
				if err := s.WaitConnected(ctx, 1); err != nil {
					t.Fatalf("no reconnect: %v", err)
				}
				if ctx.Err() != nil {
					t.Fatal("no reconnect")
				}
				time.Sleep(5 * time.Millisecond)
			}
			if n := s.CountCalls("apps.connections.open"); n != 2 {
				t.Fatalf("apps.connections.open called %d times, want 2", n)
			}
			d, err := s.SendSlashCommand(ctxT(t), slacktest.SlashCommand{ChannelID: "C1", UserID: "U1", Text: "after"})
			if err != nil {
				t.Fatal(err)
			}
			for {
				e := c.next(t, socketmode.EventTypeSlashCommand)
				if e.Request.EnvelopeID == d.EnvelopeID {
					break
				}
			}
		})
	}
}

func TestSocketModeWarningKeepsConnection(t *testing.T) {
	s := newServer(t)
	c := startClient(t, s, 5*time.Second)
	if err := s.WaitConnected(ctxT(t), 1); err != nil {
		t.Fatal(err)
	}
	s.Disconnect("warning")
	// slack-go reconnects on any disconnect frame, warning included.
	ctx := ctxT(t)
	for s.ConnectionsOpened() < 2 && ctx.Err() == nil {
		time.Sleep(5 * time.Millisecond)
	}
	if _, err := s.SendSlashCommand(ctx, slacktest.SlashCommand{ChannelID: "C1", UserID: "U1"}); err != nil {
		t.Fatal(err)
	}
	c.next(t, socketmode.EventTypeSlashCommand)
}

// The client's watchdog reconnects when server pings stop; with the fake's
// pings it stays on one connection.
func TestSocketModePings(t *testing.T) {
	tests := []struct {
		name          string
		serverPing    time.Duration
		wantReconnect bool
	}{
		{"pings keep the connection", 30 * time.Millisecond, false},
		{"no pings, watchdog fires", 10 * time.Second, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := slacktest.NewServer()
			s.PingInterval = tt.serverPing
			s.Start()
			t.Cleanup(s.Close)
			startClient(t, s, 200*time.Millisecond)
			if err := s.WaitConnected(ctxT(t), 1); err != nil {
				t.Fatal(err)
			}
			time.Sleep(700 * time.Millisecond)
			if got := s.ConnectionsOpened() > 1; got != tt.wantReconnect {
				t.Fatalf("reconnected = %v (opened %d), want %v", got, s.ConnectionsOpened(), tt.wantReconnect)
			}
		})
	}
}

func TestAppsConnectionsOpenAuth(t *testing.T) {
	s := newServer(t)
	tests := []struct {
		name, appToken, want string
	}{
		{"ok", "xapp-test-token", ""},
		{"wrong app token", "xapp-other", "invalid_auth"},
		{"bot token", "xoxb-test-token", "not_allowed_token_type"},
		{"missing", "", "not_authed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := slack.New("xoxb-test-token", slack.OptionAPIURL(s.APIURL()), slack.OptionAppLevelToken(tt.appToken))
			_, url, err := api.StartSocketModeContext(ctxT(t))
			if tt.want == "" {
				if err != nil || url == "" {
					t.Fatalf("url %q err %v", url, err)
				}
				return
			}
			var se slack.SlackErrorResponse
			if !errors.As(err, &se) || se.Err != tt.want {
				t.Fatalf("err = %v, want %s", err, tt.want)
			}
		})
	}
}

// A fatal auth error stops slack-go's RunContext, as with real Slack.
func TestSocketModeFatalAuth(t *testing.T) {
	s := slacktest.NewServer()
	s.AppToken = "xapp-right"
	s.Start()
	t.Cleanup(s.Close)
	api := slack.New("", slack.OptionAPIURL(s.APIURL()), slack.OptionAppLevelToken("xapp-wrong"))
	c := &smClient{Client: socketmode.New(api), done: make(chan error, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go func() {
		for { // drain so RunContext never blocks on events
			select {
			case <-c.Events:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { c.done <- c.RunContext(ctx) }()
	select {
	case err := <-c.done:
		if err == nil || err.Error() != "invalid_auth" {
			t.Fatalf("RunContext = %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("RunContext kept going")
	}
}

func TestDeliveryWithoutConnection(t *testing.T) {
	s := newServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	if _, err := s.SendSlashCommand(ctx, slacktest.SlashCommand{ChannelID: "C1", UserID: "U1"}); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v", err)
	}
}
