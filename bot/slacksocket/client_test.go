package slacksocket_test

import (
	"context"
	"encoding/json"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"github.com/zoombot/zoombot/bot/slacksocket"
	"github.com/zoombot/zoombot/bot/slacktest"
)

// harness runs a Client against the fake Slack and collects what it hands on.
type harness struct {
	t      *testing.T
	slack  *slacktest.Server
	client *slacksocket.Client
	envs   chan *slacksocket.Envelope
	states chan string
	done   chan error
	cancel context.CancelFunc
	// answer, when set, acks envelopes left to the handler.
	answer func(*slacksocket.Envelope)
}

func start(t *testing.T, setup func(*slacktest.Server, *slacksocket.Client)) *harness {
	t.Helper()
	s := slacktest.NewServer()
	s.PingInterval = 50 * time.Millisecond
	h := &harness{t: t, slack: s, envs: make(chan *slacksocket.Envelope, 100), states: make(chan string, 100), done: make(chan error, 1)}
	h.client = &slacksocket.Client{OnState: func(state, detail string) {
		select {
		case h.states <- state + " " + detail:
		default:
		}
	}}
	if setup != nil {
		setup(s, h.client)
	}
	s.Start()
	t.Cleanup(s.Close)
	// The API URL is known only once the server listens.
	h.client.API = slack.New("xoxb-test-token", slack.OptionAPIURL(s.APIURL()), slack.OptionAppLevelToken("xapp-test-token"))
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel = cancel
	go func() {
		h.done <- h.client.Run(ctx, func(e *slacksocket.Envelope) {
			if err := e.Decode(); err != nil && e.Acked() {
				t.Logf("envelope handed on with %v", err)
			}
			if !e.Acked() && h.answer != nil {
				h.answer(e)
			}
			h.envs <- e
		})
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-h.done:
		case <-time.After(5 * time.Second):
			t.Error("Run did not return after its context ended")
		}
	})
	if err := s.WaitConnected(ctxT(t), 1); err != nil {
		t.Fatal(err)
	}
	return h
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func (h *harness) next() *slacksocket.Envelope {
	h.t.Helper()
	select {
	case e := <-h.envs:
		return e
	case <-time.After(5 * time.Second):
		h.t.Fatal("no envelope handed on within 5 s")
		return nil
	}
}

func TestSlashCommandIsAckedOnReadAndDecodedAsSlackGoDoes(t *testing.T) {
	h := start(t, nil)
	d, err := h.slack.SendSlashCommand(ctxT(t), slacktest.SlashCommand{ChannelID: "C1", UserID: "U1", Text: "schedule tomorrow 3pm standup"})
	if err != nil {
		t.Fatal(err)
	}
	ack, err := h.slack.WaitAck(ctxT(t), d.EnvelopeID)
	if err != nil {
		t.Fatal(err)
	}
	if ack.Problem != "" || ack.Payload != nil || ack.Late {
		t.Errorf("ack = %+v, want a bare, timely ack", ack)
	}
	e := h.next()
	if !e.Acked() || e.Event.Type != socketmode.EventTypeSlashCommand || e.Event.Request.EnvelopeID != d.EnvelopeID {
		t.Fatalf("envelope %+v", e.Event)
	}
	var want slack.SlashCommand
	if err := json.Unmarshal(d.Payload, &want); err != nil {
		t.Fatal(err)
	}
	if got := e.Event.Data.(slack.SlashCommand); got != want || got.Text != "schedule tomorrow 3pm standup" {
		t.Errorf("decoded %+v, want %+v", got, want)
	}
	if e.Ack(map[string]string{"text": "late"}) != nil || len(h.slack.Acks()) != 1 {
		t.Error("a second ack was sent for an envelope the reader acked")
	}
}

func TestViewSubmissionWaitsForTheHandlersAnswer(t *testing.T) {
	h := start(t, nil)
	h.answer = func(e *slacksocket.Envelope) {
		if err := e.Ack(slack.NewErrorsViewSubmissionResponse(map[string]string{"when": "That date has passed."})); err != nil {
			t.Error(err)
		}
	}
	h.slack.AddUser(slacktest.User{ID: "U1", Name: "ana"})
	// A modal opened by the app, then submitted.
	d, err := h.slack.SendSlashCommand(ctxT(t), slacktest.SlashCommand{ChannelID: "C1", UserID: "U1", Text: ""})
	if err != nil {
		t.Fatal(err)
	}
	h.next()
	api := slack.New("xoxb-test-token", slack.OptionAPIURL(h.slack.APIURL()))
	view := slack.ModalViewRequest{Type: slack.VTModal, Title: slack.NewTextBlockObject("plain_text", "Form", false, false),
		Submit: slack.NewTextBlockObject("plain_text", "Go", false, false), CallbackID: "schedule_form",
		Blocks: slack.Blocks{BlockSet: []slack.Block{slack.NewInputBlock("when", slack.NewTextBlockObject("plain_text", "When", false, false), nil,
			slack.NewPlainTextInputBlockElement(nil, "when_input"))}}}
	if _, err := api.OpenView(d.TriggerID, view); err != nil {
		t.Fatal(err)
	}
	v, _ := h.slack.WaitView(ctxT(t), func(slacktest.View) bool { return true })
	sub, err := h.slack.SubmitView(ctxT(t), "U1", v, map[string]map[string]any{"when": {"when_input": map[string]any{"type": "plain_text_input", "value": "yesterday"}}})
	if err != nil {
		t.Fatal(err)
	}
	ack, err := h.slack.WaitAck(ctxT(t), sub.EnvelopeID)
	if err != nil {
		t.Fatal(err)
	}
	if ack.ResponseAction != "errors" || ack.Problem != "" {
		t.Fatalf("ack = %+v, want the handler's errors answer", ack)
	}
	e := h.next()
	if cb := e.Event.Data.(slack.InteractionCallback); cb.Type != slack.InteractionTypeViewSubmission || cb.View.CallbackID != "schedule_form" {
		t.Errorf("decoded %+v", cb)
	}
}

func TestEventsKeepTheirRetryFields(t *testing.T) {
	h := start(t, nil)
	d, err := h.slack.SendEvent(ctxT(t), map[string]any{"type": "app_home_opened", "user": "U1", "tab": "home"})
	if err != nil {
		t.Fatal(err)
	}
	h.next()
	again, err := h.slack.Redeliver(ctxT(t), d, "timeout")
	if err != nil {
		t.Fatal(err)
	}
	e := h.next()
	if e.Event.Request.RetryAttempt != 1 || e.Event.Request.RetryReason != "timeout" || e.Event.Request.EnvelopeID != again.EnvelopeID {
		t.Fatalf("request %+v", e.Event.Request)
	}
	ev := e.Event.Data.(slackevents.EventsAPIEvent)
	if _, ok := ev.InnerEvent.Data.(*slackevents.AppHomeOpenedEvent); !ok || e.Event.Type != socketmode.EventTypeEventsAPI {
		t.Fatalf("decoded %+v", ev.InnerEvent)
	}
}

func TestReconnectsWhenAskedWhenDroppedAndWhenPingsStop(t *testing.T) {
	h := start(t, func(s *slacktest.Server, c *slacksocket.Client) { c.PingInterval = 300 * time.Millisecond })
	deliver := func(text string) {
		t.Helper()
		d, err := h.slack.SendSlashCommand(ctxT(t), slacktest.SlashCommand{ChannelID: "C1", UserID: "U1", Text: text})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := h.slack.WaitAck(ctxT(t), d.EnvelopeID); err != nil {
			t.Fatal(err)
		}
		h.next()
	}
	deliver("one")
	h.slack.Disconnect("refresh_requested")
	waitOpened(t, h.slack, 2)
	deliver("two")
	h.slack.DropConnections()
	waitOpened(t, h.slack, 3)
	deliver("three")
	// Pings stop: the client notices and replaces the connection.
	h.slack.SetPingInterval(time.Hour) // for the next connections
	h.slack.DropConnections()
	waitOpened(t, h.slack, 4)
	waitOpened(t, h.slack, 5) // replaced after PingInterval without a ping
	deliver("four")
}

func waitOpened(t *testing.T, s *slacktest.Server, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for s.ConnectionsOpened() < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d connections opened, want %d", s.ConnectionsOpened(), n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestRefusedAppTokenEndsRun(t *testing.T) {
	s := slacktest.NewServer()
	s.Start()
	t.Cleanup(s.Close)
	c := &slacksocket.Client{API: slack.New("xoxb-test-token", slack.OptionAPIURL(s.APIURL()), slack.OptionAppLevelToken("xapp-revoked"))}
	done := make(chan error, 1)
	go func() { done <- c.Run(context.Background(), func(*slacksocket.Envelope) {}) }()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("Run returned nil for a refused token")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run kept retrying a refused token")
	}
}

func TestNeedsAnswer(t *testing.T) {
	for _, tt := range []struct {
		typ, payload string
		want         bool
	}{
		{"interactive", `{"type":"view_submission"}`, true},
		{"interactive", `{"type":"block_suggestion"}`, true},
		{"interactive", `{"type":"block_actions"}`, false},
		{"interactive", `{"type":"view_closed"}`, false},
		{"slash_commands", `{"type":"view_submission"}`, false},
		{"events_api", `{}`, false},
		{"interactive", `not json`, false},
	} {
		if got := slacksocket.NeedsAnswer(tt.typ, json.RawMessage(tt.payload)); got != tt.want {
			t.Errorf("NeedsAnswer(%s, %s) = %v, want %v", tt.typ, tt.payload, got, tt.want)
		}
	}
}

// TestEveryCountedEnvelopeIsHandedOn: what OnRead counted, handle sees,
// even when the connection drops between reading a frame and acking it
// (the ack then fails, and Slack sends the envelope again).
func TestEveryCountedEnvelopeIsHandedOn(t *testing.T) {
	var read, handed atomic.Int64
	h := start(t, func(s *slacktest.Server, c *slacksocket.Client) {
		c.OnRead = func() { read.Add(1) }
	})
	go func() {
		for range h.envs {
			handed.Add(1)
		}
	}()
	var wg sync.WaitGroup
	for i := range 200 {
		if i%40 == 20 {
			h.slack.DropConnections()
		}
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			_, _ = h.slack.SendSlashCommand(ctx, slacktest.SlashCommand{ChannelID: "C1", UserID: "U1", Text: "x"})
		})
	}
	wg.Wait()
	deadline := time.Now().Add(5 * time.Second)
	for read.Load() != handed.Load() && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if r, hd := read.Load(), handed.Load(); r != hd || r == 0 {
		t.Fatalf("%d envelopes counted, %d handed on", r, hd)
	}
}
