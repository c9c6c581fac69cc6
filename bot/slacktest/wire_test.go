package slacktest_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/zoombot/zoombot/bot/slacktest"
)

// These tests speak the wire protocol with a bare websocket, to pin frame
// shapes that slack-go's client would hide or refuse to send.

func openURL(t *testing.T, s *slacktest.Server) string {
	t.Helper()
	out := post(t, s, "apps.connections.open", "xapp-test-token", url.Values{})
	u, _ := out["url"].(string)
	if out["ok"] != true || !strings.HasPrefix(u, "ws://127.0.0.1:") {
		t.Fatalf("apps.connections.open = %v", out)
	}
	return u
}

// dial connects like slack-go: Origin https://api.slack.com, and with
// debug_reconnects added, which the fake must ignore.
func dial(t *testing.T, u string) (*websocket.Conn, *http.Response, error) {
	t.Helper()
	h := http.Header{"Origin": {"https://api.slack.com"}}
	c, resp, err := websocket.DefaultDialer.Dial(u+"&debug_reconnects=true", h)
	if err == nil {
		t.Cleanup(func() { c.Close() })
	}
	return c, resp, err
}

func readFrame(t *testing.T, c *websocket.Conn) map[string]any {
	t.Helper()
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	var f map[string]any
	if err := c.ReadJSON(&f); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestWireHelloTicketAndPings(t *testing.T) {
	s := slacktest.NewServer()
	s.PingInterval = 20 * time.Millisecond
	s.Start()
	t.Cleanup(s.Close)
	u := openURL(t, s)
	c, _, err := dial(t, u)
	if err != nil {
		t.Fatal(err)
	}
	hello := readFrame(t, c)
	info, _ := hello["connection_info"].(map[string]any)
	debug, _ := hello["debug_info"].(map[string]any)
	if hello["type"] != "hello" || hello["num_connections"] != 1.0 || info["app_id"] != "A0ZOOMBOT" || debug["host"] == nil || hello["envelope_id"] != nil {
		t.Fatalf("hello = %v", hello)
	}
	if _, resp, err := dial(t, u); err == nil || resp == nil || resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("second dial with the same ticket: err %v resp %v", err, resp)
	}
	pinged := make(chan struct{}, 1)
	c.SetPingHandler(func(string) error {
		select {
		case pinged <- struct{}{}:
		default:
		}
		return nil
	})
	go func() { _, _, _ = c.ReadMessage() }() // control frames are handled while reading
	select {
	case <-pinged:
	case <-time.After(5 * time.Second):
		t.Fatal("no websocket ping")
	}
	if out := post(t, s, "apps.connections.open", "", url.Values{"token": {"xapp-test-token"}}); out["error"] != "not_authed" {
		t.Fatalf("form token accepted: %v", out)
	}
}

func TestWireEnvelopesAndAcks(t *testing.T) {
	s := slacktest.NewServer()
	s.Start()
	t.Cleanup(s.Close)
	c, _, err := dial(t, openURL(t, s))
	if err != nil {
		t.Fatal(err)
	}
	readFrame(t, c) // hello
	if err := s.WaitConnected(ctxT(t), 1); err != nil {
		t.Fatal(err)
	}

	d, err := s.SendSlashCommand(ctxT(t), slacktest.SlashCommand{ChannelID: "C1", UserID: "U1", Text: "help"})
	if err != nil {
		t.Fatal(err)
	}
	f := readFrame(t, c)
	p, _ := f["payload"].(map[string]any)
	if f["envelope_id"] != d.EnvelopeID || f["type"] != "slash_commands" || f["accepts_response_payload"] != true ||
		p["command"] != "/zoom" || p["text"] != "help" || p["trigger_id"] != d.TriggerID || p["response_url"] != d.ResponseURL {
		t.Fatalf("envelope = %v", f)
	}
	if !regexp.MustCompile(`^\d+\.\d+\.[0-9a-f]+$`).MatchString(d.TriggerID) {
		t.Fatalf("trigger_id %q not in Slack's format", d.TriggerID)
	}
	if got := s.Unacked(); len(got) != 1 || got[0].EnvelopeID != d.EnvelopeID {
		t.Fatalf("unacked = %+v", got)
	}
	// An over-size reply: Slack drops it, so nothing is shown.
	big := map[string]any{"envelope_id": d.EnvelopeID, "payload": map[string]any{"text": strings.Repeat("x", 20480)}}
	if err := c.WriteJSON(big); err != nil {
		t.Fatal(err)
	}
	a, err := s.WaitAck(ctxT(t), d.EnvelopeID)
	if err != nil || !a.TooLarge || a.Size < 20480 || a.Problem == "" {
		t.Fatalf("ack = %+v, %v", a, err)
	}
	if len(s.Messages()) != 0 || len(s.Unacked()) != 0 {
		t.Fatalf("messages %+v unacked %+v", s.Messages(), s.Unacked())
	}

	e, err := s.SendEvent(ctxT(t), map[string]any{"type": "app_home_opened", "user": "U1", "tab": "home"})
	if err != nil {
		t.Fatal(err)
	}
	f = readFrame(t, c)
	p, _ = f["payload"].(map[string]any)
	ev, _ := p["event"].(map[string]any)
	if f["type"] != "events_api" || f["accepts_response_payload"] != false || f["retry_attempt"] != 0.0 || f["retry_reason"] != "" ||
		p["type"] != "event_callback" || p["event_id"] == "" || ev["user"] != "U1" {
		t.Fatalf("event envelope = %v", f)
	}
	// The Node SDK acks with an empty payload object.
	if err := c.WriteMessage(websocket.TextMessage, []byte(`{"envelope_id":"`+e.EnvelopeID+`","payload":{}}`)); err != nil {
		t.Fatal(err)
	}
	a, err = s.WaitAck(ctxT(t), e.EnvelopeID)
	if err != nil || string(a.Payload) != "{}" || a.Problem != "" {
		t.Fatalf("ack = %+v, %v", a, err)
	}
}

func TestWireConnectionCap(t *testing.T) {
	s := slacktest.NewServer()
	s.Start()
	t.Cleanup(s.Close)
	for i := range 10 {
		c, _, err := dial(t, openURL(t, s))
		if err != nil {
			t.Fatalf("connection %d: %v", i+1, err)
		}
		readFrame(t, c)
	}
	if err := s.WaitConnected(ctxT(t), 10); err != nil {
		t.Fatal(err)
	}
	if out := post(t, s, "apps.connections.open", "xapp-test-token", url.Values{}); out["ok"] != false {
		t.Fatalf("11th connection allowed: %v", out)
	}
}
