package slacktest_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/zoombot/zoombot/bot/slacktest"
)

// trigger gets a fresh trigger_id by delivering a slash command to a
// connected slack-go client.
func trigger(t *testing.T, s *slacktest.Server) string {
	t.Helper()
	if err := s.WaitConnected(ctxT(t), 1); err != nil {
		t.Fatal(err)
	}
	d, err := s.SendSlashCommand(ctxT(t), slacktest.SlashCommand{ChannelID: "C1", UserID: "U1"})
	if err != nil {
		t.Fatal(err)
	}
	return d.TriggerID
}

func modal(title string) slack.ModalViewRequest {
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		Title:           slack.NewTextBlockObject("plain_text", title, false, false),
		Submit:          slack.NewTextBlockObject("plain_text", "Schedule", false, false),
		CallbackID:      "schedule",
		PrivateMetadata: "C1",
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			slack.NewInputBlock("when_block", slack.NewTextBlockObject("plain_text", "When", false, false), nil,
				slack.NewPlainTextInputBlockElement(nil, "when")),
		}},
	}
}

func TestViewsOpenTriggers(t *testing.T) {
	s, api, clk := webServer(t)
	startClient(t, s, 5*time.Second)

	trig := trigger(t, s)
	v, err := api.OpenView(trig, modal("Schedule a meeting"))
	if err != nil {
		t.Fatal(err)
	}
	if v.ID == "" || v.Hash == "" || v.CallbackID != "schedule" || v.Title.Text != "Schedule a meeting" || v.State == nil {
		t.Fatalf("view = %+v", v.View)
	}
	got := s.Views()
	if len(got) != 1 || got[0].Kind != "open" || got[0].ID != v.ID || got[0].UserID != "U1" || got[0].TriggerID != trig || got[0].PrivateMetadata != "C1" {
		t.Fatalf("recorded %+v", got)
	}

	stale := trigger(t, s)
	clk.Add(3*time.Second + time.Millisecond)
	tests := []struct{ name, trigger, want string }{
		{"used twice", trig, "exchanged_trigger_id"},
		{"older than 3 s", stale, "expired_trigger_id"},
		{"made up", "123.456.abc", "invalid_trigger_id"},
		{"wrong format", "nope", "invalid_trigger_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := api.OpenView(tt.trigger, modal("x")); slackErr(err) != tt.want {
				t.Fatalf("err = %v, want %s", err, tt.want)
			}
		})
	}
	if _, err := api.PushView(trigger(t, s), modal("Step 2")); err != nil {
		t.Fatalf("push: %v", err)
	}
}

func TestViewsUpdateHash(t *testing.T) {
	s, api, _ := webServer(t)
	startClient(t, s, 5*time.Second)
	v, err := api.OpenView(trigger(t, s), modal("One"))
	if err != nil {
		t.Fatal(err)
	}
	u, err := api.UpdateView(modal("Two"), "", v.Hash, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	if u.ID != v.ID || u.Hash == v.Hash || u.Title.Text != "Two" {
		t.Fatalf("updated = %+v", u.View)
	}
	if _, err := api.UpdateView(modal("Three"), "", v.Hash, v.ID); slackErr(err) != "hash_conflict" {
		t.Fatalf("stale hash err = %v", err)
	}
	if _, err := api.UpdateView(modal("Three"), "", "", "V404"); slackErr(err) != "not_found" {
		t.Fatalf("unknown view err = %v", err)
	}
	withExt := modal("Ext")
	withExt.ExternalID = "meeting-42"
	if _, err := api.OpenView(trigger(t, s), withExt); err != nil {
		t.Fatal(err)
	}
	if _, err := api.UpdateView(modal("By external id"), "meeting-42", "", ""); err != nil {
		t.Fatalf("update by external_id: %v", err)
	}
	if _, err := api.OpenView(trigger(t, s), withExt); slackErr(err) != "duplicate_external_id" {
		t.Fatalf("duplicate external id err = %v", err)
	}
}

func TestViewsPublish(t *testing.T) {
	s, api, _ := webServer(t)
	home := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: []slack.Block{
		slack.NewSectionBlock(slack.NewTextBlockObject("mrkdwn", "Your meetings", false, false), nil, nil),
	}}}
	first, err := api.PublishView("U1", home, "")
	if err != nil {
		t.Fatal(err)
	}
	second, err := api.PublishView("U1", home, first.Hash)
	if err != nil || second.ID != first.ID || second.Hash == first.Hash {
		t.Fatalf("republish %+v err %v", second, err)
	}
	if _, err := api.PublishView("U1", home, first.Hash); slackErr(err) != "hash_conflict" {
		t.Fatalf("stale publish err = %v", err)
	}
	if _, err := api.PublishView("U404", home, ""); slackErr(err) != "invalid_arguments" {
		t.Fatalf("unknown user err = %v", err)
	}
	hv, ok := s.HomeView("U1")
	if !ok || hv.Hash != second.Hash || !strings.Contains(string(hv.JSON), "Your meetings") {
		t.Fatalf("home view = %+v", hv)
	}
	if _, ok := s.HomeView("U2"); ok {
		t.Fatal("U2 has a home view")
	}
}

func TestViewsPublishDisabled(t *testing.T) {
	_, api, _ := webServer(t, func(s *slacktest.Server) { s.HomeTabDisabled = true })
	home := slack.HomeTabViewRequest{Type: slack.VTHomeTab}
	if _, err := api.PublishView("U1", home, ""); slackErr(err) != "not_enabled" {
		t.Fatalf("err = %v", err)
	}
}

func TestSubmitViewAndResponseActions(t *testing.T) {
	s, api, _ := webServer(t)
	c := startClient(t, s, 5*time.Second)
	tr := trigger(t, s)
	c.next(t, socketmode.EventTypeSlashCommand)
	if _, err := api.OpenView(tr, modal("Schedule")); err != nil {
		t.Fatal(err)
	}
	view := s.Views()[0]
	tests := []struct {
		name        string
		ack         any
		wantAction  string
		wantProblem bool
		wantView    string // Kind of a view recorded by the ack
	}{
		{"field error on an input block", map[string]any{"response_action": "errors", "errors": map[string]string{"when_block": "I couldn't read that time"}}, "errors", false, ""},
		{"field error on an unknown block", map[string]any{"response_action": "errors", "errors": map[string]string{"when": "x"}}, "errors", true, ""},
		{"update", map[string]any{"response_action": "update", "view": modal("Done")}, "update", false, "update"},
		{"push with a too long title", map[string]any{"response_action": "push", "view": modal(strings.Repeat("x", 25))}, "push", true, ""},
		{"clear", map[string]any{"response_action": "clear"}, "clear", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			views := len(s.Views())
			d, err := s.SubmitView(ctxT(t), "U1", view, map[string]map[string]any{
				"when_block": {"when": map[string]any{"type": "plain_text_input", "value": "tomorrow 3pm"}},
			})
			if err != nil {
				t.Fatal(err)
			}
			e := c.next(t, socketmode.EventTypeInteractive)
			cb := e.Data.(slack.InteractionCallback)
			if cb.Type != slack.InteractionTypeViewSubmission || cb.View.ID != view.ID || cb.View.Hash != view.Hash ||
				cb.View.CallbackID != "schedule" || cb.View.PrivateMetadata != "C1" || cb.User.ID != "U1" ||
				cb.View.State.Values["when_block"]["when"].Value != "tomorrow 3pm" || !e.Request.AcceptsResponsePayload {
				t.Fatalf("callback = %+v", cb)
			}
			if err := c.Ack(*e.Request, tt.ack); err != nil {
				t.Fatal(err)
			}
			a, err := s.WaitAck(ctxT(t), d.EnvelopeID)
			if err != nil {
				t.Fatal(err)
			}
			if a.ResponseAction != tt.wantAction || (a.Problem != "") != tt.wantProblem {
				t.Fatalf("ack = %+v", a)
			}
			added := s.Views()[views:]
			if tt.wantView == "" && len(added) != 0 || tt.wantView != "" && (len(added) != 1 || added[0].Kind != tt.wantView || added[0].ID != view.ID) {
				t.Fatalf("views added %+v", added)
			}
		})
	}
}

func TestViewLimits(t *testing.T) {
	s, _, _ := webServer(t)
	startClient(t, s, 5*time.Second)
	input := map[string]any{"type": "input", "block_id": "b", "label": pt("When"),
		"element": map[string]any{"type": "plain_text_input", "action_id": "a"}}
	section := map[string]any{"type": "section", "text": map[string]any{"type": "mrkdwn", "text": "x"}}
	view := func(mod func(map[string]any)) map[string]any {
		v := map[string]any{"type": "modal", "title": pt("Schedule"), "submit": pt("Go"), "close": pt("Cancel"),
			"blocks": []any{input}}
		mod(v)
		return v
	}
	blocks := func(n int) []any {
		out := make([]any, n)
		for i := range out {
			out[i] = section
		}
		return out
	}
	tests := []struct {
		name string
		view map[string]any
		ok   bool
	}{
		{"valid", view(func(map[string]any) {}), true},
		{"title 24", view(func(v map[string]any) { v["title"] = pt(strings.Repeat("é", 24)) }), true},
		{"title 25", view(func(v map[string]any) { v["title"] = pt(strings.Repeat("é", 25)) }), false},
		{"submit 25", view(func(v map[string]any) { v["submit"] = pt(strings.Repeat("s", 25)) }), false},
		{"close 25", view(func(v map[string]any) { v["close"] = pt(strings.Repeat("c", 25)) }), false},
		{"input without submit", view(func(v map[string]any) { delete(v, "submit") }), false},
		{"no input, no submit", view(func(v map[string]any) { delete(v, "submit"); v["blocks"] = blocks(1) }), true},
		{"private_metadata 3000", view(func(v map[string]any) { v["private_metadata"] = strings.Repeat("m", 3000) }), true},
		{"private_metadata 3001", view(func(v map[string]any) { v["private_metadata"] = strings.Repeat("m", 3001) }), false},
		{"100 blocks", view(func(v map[string]any) { v["blocks"] = blocks(100) }), true},
		{"101 blocks", view(func(v map[string]any) { v["blocks"] = blocks(101) }), false},
		{"missing title", view(func(v map[string]any) { delete(v, "title") }), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := post(t, s, "views.open", "xoxb-test-token", map[string]any{"trigger_id": trigger(t, s), "view": tt.view})
			if ok := out["ok"] == true; ok != tt.ok {
				t.Fatalf("ok = %v, want %v: %v", ok, tt.ok, out)
			}
			if !tt.ok && out["error"] != "invalid_arguments" {
				t.Fatalf("error = %v", out["error"])
			}
		})
	}
}

func pt(s string) map[string]any { return map[string]any{"type": "plain_text", "text": s} }

func TestMessageBlockLimits(t *testing.T) {
	s, _, _ := webServer(t)
	section := func(n int) map[string]any {
		return map[string]any{"type": "section", "text": map[string]any{"type": "mrkdwn", "text": strings.Repeat("a", n)}}
	}
	btn := func(textLen, valueLen, idLen int) map[string]any {
		return map[string]any{"type": "actions", "block_id": strings.Repeat("b", idLen), "elements": []any{map[string]any{
			"type": "button", "text": pt(strings.Repeat("t", textLen)), "value": strings.Repeat("v", valueLen),
			"action_id": strings.Repeat("a", idLen)}}}
	}
	many := func(n int) []any {
		out := make([]any, n)
		for i := range out {
			out[i] = section(1)
		}
		return out
	}
	tests := []struct {
		name   string
		blocks []any
		want   string // "" = accepted
	}{
		{"section 3000", []any{section(3000)}, ""},
		{"section 3001", []any{section(3001)}, "invalid_blocks"},
		{"50 blocks", many(50), ""},
		{"51 blocks", many(51), "invalid_blocks"},
		{"button at limits", []any{btn(75, 2000, 255)}, ""},
		{"button text 76", []any{btn(76, 1, 1)}, "invalid_blocks"},
		{"button value 2001", []any{btn(1, 2001, 1)}, "invalid_blocks"},
		{"ids 256", []any{btn(1, 1, 256)}, "invalid_blocks"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw, _ := json.Marshal(tt.blocks)
			for _, method := range []string{"chat.postMessage", "chat.postEphemeral"} {
				form := url.Values{"token": {"xoxb-test-token"}, "channel": {"C1"}, "user": {"U1"}, "text": {"fallback"}, "blocks": {string(raw)}}
				out := post(t, s, method, "", form)
				got, _ := out["error"].(string)
				if got != tt.want {
					t.Fatalf("%s: error %q, want %q (%v)", method, got, tt.want, out)
				}
			}
		})
	}
}
