package slacktest_test

import (
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/zoombot/zoombot/bot/slacktest"
)

// TestSeveralConnections: three slack-go clients (three replicas of one app)
// each hold a socket; envelopes are spread round robin, can be sent to a
// chosen connection, and a redelivery can go to another one.
func TestSeveralConnections(t *testing.T) {
	s := newServer(t)
	clients := make([]*smClient, 3)
	for i := range clients {
		clients[i] = startClient(t, s, 5*time.Second)
		if err := s.WaitConnected(ctxT(t), i+1); err != nil {
			t.Fatal(err)
		}
		hello := clients[i].next(t, socketmode.EventTypeHello)
		if hello.Request.NumConnections != i+1 {
			t.Errorf("client %d: hello num_connections %d", i, hello.Request.NumConnections)
		}
	}
	ids := s.Connections()
	if len(ids) != 3 || ids[0] != 1 || ids[2] != 3 {
		t.Fatalf("Connections() = %v, want [1 2 3]", ids)
	}
	// Which client holds which connection: connections are numbered in the
	// order their handshakes completed, which WaitConnected made the order
	// the clients started in.
	clientOf := map[int]*smClient{1: clients[0], 2: clients[1], 3: clients[2]}

	receive := func(conn int) slack.SlashCommand {
		t.Helper()
		e := clientOf[conn].next(t, socketmode.EventTypeSlashCommand)
		if err := clientOf[conn].Ack(*e.Request); err != nil {
			t.Fatal(err)
		}
		return e.Data.(slack.SlashCommand)
	}

	// Round robin: six envelopes, two per connection.
	per := map[int]int{}
	for range 6 {
		d, err := s.SendSlashCommand(ctxT(t), slacktest.SlashCommand{ChannelID: "C1", UserID: "U1", Text: "list"})
		if err != nil {
			t.Fatal(err)
		}
		if got := receive(d.Conn); got.TriggerID != d.TriggerID {
			t.Fatalf("connection %d got %q, want %q", d.Conn, got.TriggerID, d.TriggerID)
		}
		per[d.Conn]++
	}
	if per[1] != 2 || per[2] != 2 || per[3] != 2 {
		t.Errorf("spread %v, want 2 each", per)
	}

	// On demand: to connection 2.
	d, err := s.SendSlashCommand(slacktest.ToConnection(ctxT(t), 2), slacktest.SlashCommand{ChannelID: "C1", UserID: "U1", Text: "help"})
	if err != nil || d.Conn != 2 {
		t.Fatalf("ToConnection(2): delivered to %v, err %v", d, err)
	}
	receive(2)

	// The same envelope again, to another connection, as a retry.
	again, err := s.RedeliverElsewhere(ctxT(t), d, "timeout")
	if err != nil {
		t.Fatal(err)
	}
	if again.Conn == 2 || again.RetryAttempt != 1 || again.RetryReason != "timeout" || again.EnvelopeID == d.EnvelopeID {
		t.Fatalf("redelivery = %+v", again)
	}
	e := clientOf[again.Conn].next(t, socketmode.EventTypeSlashCommand)
	if cmd := e.Data.(slack.SlashCommand); cmd.TriggerID != d.TriggerID || e.Request.RetryAttempt != 1 {
		t.Fatalf("redelivered command %+v, retry_attempt %d", cmd, e.Request.RetryAttempt)
	}
}
