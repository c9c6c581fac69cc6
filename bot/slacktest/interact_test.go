package slacktest_test

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/zoombot/zoombot/bot/slacktest"
)

func joinBlocks() slack.MsgOption {
	return slack.MsgOptionBlocks(
		slack.NewSectionBlock(slack.NewTextBlockObject("mrkdwn", "*standup*", false, false), nil, nil),
		slack.NewActionBlock("meeting_actions",
			slack.NewButtonBlockElement("join", "https://zoom.us/j/1", slack.NewTextBlockObject("plain_text", "Join", false, false)),
			slack.NewButtonBlockElement("cancel", "m-1", slack.NewTextBlockObject("plain_text", "Cancel", false, false)),
		),
	)
}

func TestClickButtonAndResponseURL(t *testing.T) {
	s, api, _ := webServer(t)
	c := startClient(t, s, 5*time.Second)
	ch, ts, err := api.PostMessage("C1", slack.MsgOptionText("standup", false), joinBlocks())
	if err != nil {
		t.Fatal(err)
	}
	msg, _ := s.MessageAt(ch, ts)
	if err := s.WaitConnected(ctxT(t), 1); err != nil {
		t.Fatal(err)
	}
	d, err := s.ClickButton(ctxT(t), "U2", msg, "cancel")
	if err != nil {
		t.Fatal(err)
	}
	e := c.next(t, socketmode.EventTypeInteractive)
	cb := e.Data.(slack.InteractionCallback)
	if len(cb.ActionCallback.BlockActions) != 1 {
		t.Fatalf("actions = %+v", cb.ActionCallback)
	}
	act := cb.ActionCallback.BlockActions[0]
	if cb.Type != slack.InteractionTypeBlockActions || act.ActionID != "cancel" || act.BlockID != "meeting_actions" || act.Value != "m-1" ||
		act.Type != "button" || act.ActionTs == "" || cb.User.ID != "U2" || cb.User.Name != "kenji" || cb.Team.ID != "T0001" ||
		cb.Channel.ID != "C1" || cb.Container.Type != "message" || cb.Container.MessageTs != ts || cb.Container.ChannelID != "C1" ||
		cb.Message.Timestamp != ts || cb.Message.Text != "standup" || len(cb.Message.Blocks.BlockSet) != 2 ||
		cb.TriggerID != d.TriggerID || cb.ResponseURL != d.ResponseURL || cb.ResponseURL == "" {
		t.Fatalf("callback = %+v\naction %+v", cb, act)
	}
	if err := c.Ack(*e.Request); err != nil {
		t.Fatal(err)
	}

	// replace_original through the response_url edits the clicked message.
	if _, _, err := api.PostMessage("", slack.MsgOptionReplaceOriginal(cb.ResponseURL), slack.MsgOptionText("cancelled", false)); err != nil {
		t.Fatal(err)
	}
	m, ok := s.MessageAt(ch, ts)
	if !ok || m.Text != "cancelled" || m.Blocks != nil {
		t.Fatalf("after replace_original: %+v", m)
	}
	last := s.Messages()[len(s.Messages())-1]
	if last.Kind != slacktest.KindResponseURL || !last.ReplaceOriginal || last.TS != ts || last.User != "U2" || last.ResponseType != "ephemeral" {
		t.Fatalf("response_url message = %+v", last)
	}
	if _, _, err := api.PostMessage("", slack.MsgOptionDeleteOriginal(cb.ResponseURL)); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.MessageAt(ch, ts); ok {
		t.Fatal("delete_original left the message")
	}
	if _, err := s.ClickButton(ctxT(t), "U2", msg, "nope"); err == nil {
		t.Fatal("clicking a missing button succeeded")
	}
}

func TestResponseURLLimits(t *testing.T) {
	s, api, clk := webServer(t)
	c := startClient(t, s, 5*time.Second)
	if err := s.WaitConnected(ctxT(t), 1); err != nil {
		t.Fatal(err)
	}
	d, err := s.SendSlashCommand(ctxT(t), slacktest.SlashCommand{ChannelID: "C1", UserID: "U1", Text: "list"})
	if err != nil {
		t.Fatal(err)
	}
	c.next(t, socketmode.EventTypeSlashCommand)
	if !strings.HasPrefix(d.ResponseURL, s.URL()+"/") {
		t.Fatalf("response_url %q does not point at the fake", d.ResponseURL)
	}
	for i := range 5 {
		if _, _, err := api.PostMessage("", slack.MsgOptionResponseURL(d.ResponseURL, slack.ResponseTypeInChannel), slack.MsgOptionText(fmt.Sprint("n", i), false)); err != nil {
			t.Fatalf("use %d: %v", i+1, err)
		}
	}
	if _, _, err := api.PostMessage("", slack.MsgOptionResponseURL(d.ResponseURL, ""), slack.MsgOptionText("6", false)); slackErr(err) != "used_url" {
		t.Fatalf("sixth use err = %v", err)
	}
	m, err := s.WaitMessage(ctxT(t), func(m slacktest.Message) bool { return m.Text == "n0" })
	if err != nil || m.Kind != slacktest.KindResponseURL || m.ResponseType != "in_channel" || m.Channel != "C1" || m.User != "U1" {
		t.Fatalf("message = %+v, %v", m, err)
	}
	if cur, ok := s.MessageAt("C1", m.TS); !ok || cur.Text != "n0" {
		t.Fatalf("in_channel response not addressable: %+v", cur)
	}

	d2, err := s.SendSlashCommand(ctxT(t), slacktest.SlashCommand{ChannelID: "C1", UserID: "U1"})
	if err != nil {
		t.Fatal(err)
	}
	clk.Add(31 * time.Minute)
	if _, _, err := api.PostMessage("", slack.MsgOptionResponseURL(d2.ResponseURL, ""), slack.MsgOptionText("late", false)); slackErr(err) != "expired_url" {
		t.Fatalf("expired err = %v", err)
	}
}

func TestClickViewButton(t *testing.T) {
	s, api, _ := webServer(t)
	c := startClient(t, s, 5*time.Second)
	home := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: []slack.Block{
		slack.NewSectionBlock(slack.NewTextBlockObject("mrkdwn", "standup", false, false), nil,
			slack.NewAccessory(slack.NewButtonBlockElement("cancel", "m-7", slack.NewTextBlockObject("plain_text", "Cancel", false, false)))),
	}}}
	if _, err := api.PublishView("U1", home, ""); err != nil {
		t.Fatal(err)
	}
	hv, _ := s.HomeView("U1")
	if err := s.WaitConnected(ctxT(t), 1); err != nil {
		t.Fatal(err)
	}
	d, err := s.ClickViewButton(ctxT(t), "U1", hv, "cancel")
	if err != nil {
		t.Fatal(err)
	}
	e := c.next(t, socketmode.EventTypeInteractive)
	cb := e.Data.(slack.InteractionCallback)
	act := cb.ActionCallback.BlockActions
	if len(act) != 1 || act[0].Value != "m-7" || act[0].BlockID == "" || cb.Container.Type != "view" || cb.Container.ViewID != hv.ID ||
		cb.View.ID != hv.ID || cb.View.Type != slack.VTHomeTab || cb.ResponseURL != "" || d.ResponseURL != "" || cb.TriggerID == "" {
		t.Fatalf("callback = %+v", cb)
	}
	// The trigger from a click opens a modal.
	if _, err := api.OpenView(cb.TriggerID, modal("Cancel meeting")); err != nil {
		t.Fatal(err)
	}
}

// The load tool drives hundreds of commands through one fake at once.
func TestConcurrentCommands(t *testing.T) {
	s, api, _ := webServer(t)
	c1 := startClient(t, s, 5*time.Second)
	c2 := startClient(t, s, 5*time.Second) // a second connection shares the load
	if err := s.WaitConnected(ctxT(t), 2); err != nil {
		t.Fatal(err)
	}
	// Both clients ack everything they get, and reply with a post.
	ack := func(cl *smClient, stop <-chan struct{}) {
		for {
			select {
			case e := <-cl.events:
				if e.Request != nil && e.Request.EnvelopeID != "" {
					_ = cl.Ack(*e.Request)
					_, _, _ = api.PostMessage("C1", slack.MsgOptionText(e.Request.EnvelopeID, false))
				}
			case <-stop:
				return
			}
		}
	}
	stop := make(chan struct{})
	var ackers sync.WaitGroup
	for _, cl := range []*smClient{c1, c2} {
		ackers.Go(func() { ack(cl, stop) })
	}
	const n = 200
	var wg sync.WaitGroup
	ids := make(chan string, n)
	for i := range n {
		wg.Go(func() {
			d, err := s.SendSlashCommand(ctxT(t), slacktest.SlashCommand{ChannelID: "C1", UserID: "U1", Text: fmt.Sprint(i)})
			if err != nil {
				t.Error(err)
				return
			}
			ids <- d.EnvelopeID
		})
	}
	wg.Wait()
	close(ids)
	seen := map[string]bool{}
	for id := range ids {
		if seen[id] {
			t.Fatalf("envelope id %s reused", id)
		}
		seen[id] = true
		if _, err := s.WaitAck(ctxT(t), id); err != nil {
			t.Fatalf("no ack for %s: %v", id, err)
		}
	}
	// WaitMessage's match may call the server: it runs without the lock.
	if _, err := s.WaitMessage(ctxT(t), func(slacktest.Message) bool { return len(s.Messages()) >= n }); err != nil {
		t.Fatalf("posts: %d of %d", len(s.Messages()), n)
	}
	close(stop)
	ackers.Wait()
	tss := map[string]bool{}
	for _, m := range s.Messages() {
		if tss[m.TS] {
			t.Fatalf("ts %s reused", m.TS)
		}
		tss[m.TS] = true
	}
}

func TestCloseLeavesNoGoroutines(t *testing.T) {
	before := runtime.NumGoroutine()
	s := slacktest.NewServer()
	s.PingInterval = 10 * time.Millisecond
	s.Start()
	api := slack.New("", slack.OptionAPIURL(s.APIURL()), slack.OptionAppLevelToken("xapp-test-token"))
	sm := socketmode.New(api)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		go func() {
			for {
				select {
				case <-sm.Events:
				case <-ctx.Done():
					return
				}
			}
		}()
		_ = sm.RunContext(ctx)
	}()
	if err := s.WaitConnected(ctxT(t), 1); err != nil {
		t.Fatal(err)
	}
	cancel()
	<-done
	s.Close()
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before+2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if got := runtime.NumGoroutine(); got > before+2 {
		buf := make([]byte, 1<<16)
		t.Fatalf("%d goroutines after Close, %d before:\n%s", got, before, buf[:runtime.Stack(buf, true)])
	}
}

// BenchmarkSlashCommandAck measures one command delivered over the socket
// and acked by slack-go's client.
func BenchmarkSlashCommandAck(b *testing.B) {
	s := slacktest.NewServer()
	s.Start()
	defer s.Close()
	api := slack.New("", slack.OptionAPIURL(s.APIURL()), slack.OptionAppLevelToken("xapp-test-token"))
	sm := socketmode.New(api)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _ = sm.RunContext(ctx) }()
	go func() {
		for {
			select {
			case e := <-sm.Events:
				if e.Request != nil && e.Request.EnvelopeID != "" {
					_ = sm.Ack(*e.Request)
				}
			case <-ctx.Done():
				return
			}
		}
	}()
	if err := s.WaitConnected(ctx, 1); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			d, err := s.SendSlashCommand(ctx, slacktest.SlashCommand{ChannelID: "C1", UserID: "U1", Text: "list"})
			if err != nil {
				b.Error(err)
				return
			}
			if _, err := s.WaitAck(ctx, d.EnvelopeID); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
