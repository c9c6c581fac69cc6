package slacktest_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/zoombot/zoombot/bot/slacktest"
)

// clock is a settable fake clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

var refTime = time.Date(2026, 3, 4, 15, 0, 0, 0, time.UTC)

// webServer starts a fake with a fixed clock and two users, and returns a
// slack-go Web client for it.
func webServer(t *testing.T, configure ...func(*slacktest.Server)) (*slacktest.Server, *slack.Client, *clock) {
	t.Helper()
	clk := &clock{t: refTime}
	s := slacktest.NewServer()
	s.Now = clk.Now
	s.PingInterval = 50 * time.Millisecond
	for _, f := range configure {
		f(s)
	}
	s.Start()
	t.Cleanup(s.Close)
	s.AddUser(slacktest.User{ID: "U1", Name: "ada", RealName: "Ada L", TZ: "America/New_York", TZLabel: "Eastern Standard Time", TZOffset: -18000, Email: "ada@example.com"})
	s.AddUser(slacktest.User{ID: "U2", Name: "kenji", TZ: "Asia/Tokyo", TZOffset: 32400}) // no users:read.email
	return s, slack.New("xoxb-test-token", slack.OptionAPIURL(s.APIURL())), clk
}

func slackErr(err error) string {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		return se.Err
	}
	if err != nil {
		return "other: " + err.Error()
	}
	return ""
}

// post calls a method with a raw form or JSON body, the way a client other
// than slack-go might.
func post(t *testing.T, s *slacktest.Server, method, bearer string, body any) map[string]any {
	t.Helper()
	var req *http.Request
	switch b := body.(type) {
	case url.Values:
		req, _ = http.NewRequest("POST", s.APIURL()+method, strings.NewReader(b.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	default:
		raw, _ := json.Marshal(b)
		req, _ = http.NewRequest("POST", s.APIURL()+method, bytes.NewReader(raw))
		req.Header.Set("Content-Type", "application/json; charset=utf-8")
	}
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("%s: HTTP %d", method, resp.StatusCode)
	}
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestAuthTestTokens(t *testing.T) {
	s, _, _ := webServer(t)
	tests := []struct{ name, token, want string }{
		{"bot token", "xoxb-test-token", ""},
		{"wrong bot token", "xoxb-nope", "invalid_auth"},
		{"app token", "xapp-test-token", "not_allowed_token_type"},
		{"none", "", "not_authed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := slack.New(tt.token, slack.OptionAPIURL(s.APIURL()))
			r, err := api.AuthTest()
			if got := slackErr(err); got != tt.want {
				t.Fatalf("err = %q, want %q", got, tt.want)
			}
			if tt.want == "" && (r.UserID != "UZOOMBOT" || r.TeamID != "T0001") {
				t.Fatalf("auth.test = %+v", r)
			}
		})
	}
	// The token may also come as Bearer on a form post.
	if out := post(t, s, "auth.test", "xoxb-test-token", url.Values{}); out["ok"] != true {
		t.Fatalf("bearer auth.test = %v", out)
	}
	if got := s.CountCalls("auth.test"); got != 5 {
		t.Fatalf("recorded %d auth.test calls, want 5", got)
	}
}

func TestUsersInfo(t *testing.T) {
	_, api, _ := webServer(t)
	u, err := api.GetUserInfo("U1")
	if err != nil {
		t.Fatal(err)
	}
	if u.TZ != "America/New_York" || u.TZOffset != -18000 || u.TZLabel != "Eastern Standard Time" || u.Profile.Email != "ada@example.com" || u.Name != "ada" {
		t.Fatalf("user = %+v", u)
	}
	u, err = api.GetUserInfo("U2")
	if err != nil || u.Profile.Email != "" || u.TZ != "Asia/Tokyo" {
		t.Fatalf("user without email = %+v, %v", u, err)
	}
	if _, err := api.GetUserInfo("U404"); slackErr(err) != "user_not_found" {
		t.Fatalf("unknown user err = %v", err)
	}
}

func TestConversationsOpenIsStable(t *testing.T) {
	s, api, _ := webServer(t)
	ch, _, _, err := api.OpenConversation(&slack.OpenConversationParameters{Users: []string{"U1"}})
	if err != nil {
		t.Fatal(err)
	}
	again, noop, _, err := api.OpenConversation(&slack.OpenConversationParameters{Users: []string{"U1"}})
	if err != nil || again.ID != ch.ID || !noop || ch.ID != s.DMChannel("U1") || !strings.HasPrefix(ch.ID, "D") {
		t.Fatalf("DM ids %q, %q (noop %v), DMChannel %q, err %v", ch.ID, again.ID, noop, s.DMChannel("U1"), err)
	}
	if s.DMChannel("U2") == ch.ID {
		t.Fatal("two users share a DM")
	}
	if _, _, _, err := api.OpenConversation(&slack.OpenConversationParameters{Users: []string{"U404"}}); slackErr(err) != "user_not_found" {
		t.Fatalf("err = %v", err)
	}
}

func TestPostMessageTargets(t *testing.T) {
	s, api, _ := webServer(t, func(s *slacktest.Server) {})
	s.AddChannel(slacktest.Channel{ID: "G1", Name: "secret", IsPrivate: true})
	s.AddChannel(slacktest.Channel{ID: "G2", Name: "team", IsPrivate: true, BotIsMember: true})
	tests := []struct {
		name, channel, wantChannel, wantErr string
		wantDMUser                          string
	}{
		{"unknown public channel", "C123", "C123", "", ""},
		{"private, bot is member", "G2", "G2", "", ""},
		{"private, bot not in", "G1", "", "channel_not_found", ""},
		{"user id means the DM", "U1", s.DMChannel("U1"), "", "U1"},
		{"DM id", s.DMChannel("U2"), s.DMChannel("U2"), "", "U2"},
		{"unknown DM", "D9999999", "", "channel_not_found", ""},
		{"unknown user", "U404", "", "channel_not_found", ""},
	}
	lastTS := ""
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ch, ts, err := api.PostMessage(tt.channel, slack.MsgOptionText("hi <@U1>", false), slack.MsgOptionTS("1.000001"))
			if got := slackErr(err); got != tt.wantErr {
				t.Fatalf("err = %q, want %q", got, tt.wantErr)
			}
			if tt.wantErr != "" {
				return
			}
			if ch != tt.wantChannel || ts <= lastTS {
				t.Fatalf("channel %q ts %q (last %q), want channel %q", ch, ts, lastTS, tt.wantChannel)
			}
			lastTS = ts
			m, ok := s.MessageAt(ch, ts)
			if !ok || m.Kind != slacktest.KindPost || m.Text != "hi <@U1>" || m.ThreadTS != "1.000001" || m.DM != (tt.wantDMUser != "") || m.User != tt.wantDMUser {
				t.Fatalf("stored %+v", m)
			}
		})
	}
}

func TestNoChatWritePublic(t *testing.T) {
	s, api, _ := webServer(t, func(s *slacktest.Server) { s.NoChatWritePublic = true })
	s.AddChannel(slacktest.Channel{ID: "C2", BotIsMember: true})
	if _, _, err := api.PostMessage("C1", slack.MsgOptionText("x", false)); slackErr(err) != "not_in_channel" {
		t.Fatalf("err = %v", err)
	}
	if _, _, err := api.PostMessage("C2", slack.MsgOptionText("x", false)); err != nil {
		t.Fatal(err)
	}
}

func TestUpdateDeleteEphemeral(t *testing.T) {
	s, api, _ := webServer(t)
	blocks := slack.MsgOptionBlocks(slack.NewSectionBlock(slack.NewTextBlockObject("mrkdwn", "*standup*", false, false), nil, nil))
	ch, ts, err := api.PostMessage("C1", slack.MsgOptionText("standup", false), blocks)
	if err != nil {
		t.Fatal(err)
	}
	if m, _ := s.MessageAt(ch, ts); !strings.Contains(string(m.Blocks), "*standup*") {
		t.Fatalf("blocks not stored: %s", m.Blocks)
	}
	if _, _, _, err := api.UpdateMessage(ch, ts, slack.MsgOptionText("cancelled", false)); err != nil {
		t.Fatal(err)
	}
	m, ok := s.MessageAt(ch, ts)
	if !ok || m.Text != "cancelled" || m.Blocks != nil || m.Kind != slacktest.KindPost {
		t.Fatalf("after update: %+v", m)
	}
	ets, err := api.PostEphemeral("C1", "U1", slack.MsgOptionText("only you", false))
	if err != nil || ets == "" {
		t.Fatalf("ephemeral ts %q err %v", ets, err)
	}
	tests := []struct{ name, channel, ts, want string }{
		{"ephemeral ts", "C1", ets, "cant_update_message"},
		{"user id as channel", "U1", ts, "message_not_found"},
		{"unknown ts", "C1", "1.000000", "message_not_found"},
	}
	for _, tt := range tests {
		if _, _, _, err := api.UpdateMessage(tt.channel, tt.ts, slack.MsgOptionText("x", false)); slackErr(err) != tt.want {
			t.Errorf("%s: err = %v, want %s", tt.name, err, tt.want)
		}
	}
	if _, err := api.PostEphemeral("C1", "U404", slack.MsgOptionText("x", false)); slackErr(err) != "user_not_found" {
		t.Errorf("ephemeral to unknown user: %v", err)
	}
	if _, _, err := api.DeleteMessage(ch, ts); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.MessageAt(ch, ts); ok {
		t.Fatal("deleted message still there")
	}
	var kinds []slacktest.MessageKind
	for _, m := range s.Messages() {
		kinds = append(kinds, m.Kind)
	}
	want := []slacktest.MessageKind{"post", "update", "ephemeral", "delete"}
	if strings.Join(toStrings(kinds), ",") != strings.Join(toStrings(want), ",") {
		t.Fatalf("kinds %v, want %v", kinds, want)
	}
}

func toStrings(ks []slacktest.MessageKind) []string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = string(k)
	}
	return out
}

func TestPostMessageJSONBodyAndUnknownMethod(t *testing.T) {
	s, _, _ := webServer(t)
	out := post(t, s, "chat.postMessage", "xoxb-test-token", map[string]any{
		"channel": "C1", "text": "json",
		"blocks": []any{map[string]any{"type": "section", "text": map[string]any{"type": "mrkdwn", "text": "hi"}}},
	})
	if out["ok"] != true {
		t.Fatalf("json post = %v", out)
	}
	m, _ := s.MessageAt("C1", out["ts"].(string))
	if m.Text != "json" || !strings.Contains(string(m.Blocks), `"hi"`) {
		t.Fatalf("stored %+v", m)
	}
	out = post(t, s, "chat.frobnicate", "xoxb-test-token", url.Values{})
	if out["error"] != "unknown_method" || s.CountCalls("chat.frobnicate") != 1 {
		t.Fatalf("unknown method = %v", out)
	}
	if out := post(t, s, "chat.postMessage", "xoxb-test-token", url.Values{"channel": {"C1"}}); out["error"] != "no_text" {
		t.Fatalf("empty message = %v", out)
	}
	calls := s.Calls()
	if c := calls[0]; c.Method != "chat.postMessage" || c.Token != "xoxb-test-token" || c.Params["channel"] != "C1" || !c.At.Equal(refTime) {
		t.Fatalf("call = %+v", c)
	}
}

func TestPostRateLimit(t *testing.T) {
	s, api, clk := webServer(t, func(s *slacktest.Server) { s.PostsPerSecond = 1; s.PostBurst = 2 })
	for i := range 2 {
		if _, _, err := api.PostMessage("C1", slack.MsgOptionText("x", false)); err != nil {
			t.Fatalf("post %d: %v", i, err)
		}
	}
	_, _, err := api.PostMessage("C1", slack.MsgOptionText("x", false))
	var rl *slack.RateLimitedError
	if !errors.As(err, &rl) || rl.RetryAfter != time.Second {
		t.Fatalf("third post err = %v", err)
	}
	if _, _, err := api.PostMessage("C2", slack.MsgOptionText("x", false)); err != nil {
		t.Fatalf("other channel limited: %v", err)
	}
	clk.Add(time.Second)
	if _, _, err := api.PostMessage("C1", slack.MsgOptionText("x", false)); err != nil {
		t.Fatalf("after a second: %v", err)
	}
	if n := len(s.Messages()); n != 4 {
		t.Fatalf("%d messages stored, want 4", n)
	}
}

func TestMethodHook(t *testing.T) {
	_, api, _ := webServer(t, func(s *slacktest.Server) {
		s.MethodHook = func(c slacktest.Call) string {
			if c.Method == "users.info" && c.Params["user"] == "U2" {
				return "user_not_visible"
			}
			return ""
		}
	})
	if _, err := api.GetUserInfo("U2"); slackErr(err) != "user_not_visible" {
		t.Fatalf("err = %v", err)
	}
	if _, err := api.GetUserInfo("U1"); err != nil {
		t.Fatal(err)
	}
}

// Slack sends a user's locale only to callers that ask for it.
func TestUsersInfoLocaleOnlyWhenAsked(t *testing.T) {
	s, api, _ := webServer(t)
	s.AddUser(slacktest.User{ID: "U3", Name: "bea", TZ: "Europe/London", Locale: "en-GB"})
	u, err := api.GetUserInfo("U3")
	if err != nil || u.Locale != "en-GB" {
		t.Fatalf("with include_locale (slack-go's default): locale %q, %v", u.Locale, err)
	}
	u, err = api.GetUserInfo("U3", slack.GetUserInfoOptionIncludeLocale(false))
	if err != nil || u.Locale != "" {
		t.Fatalf("without include_locale: locale %q, %v", u.Locale, err)
	}
}
