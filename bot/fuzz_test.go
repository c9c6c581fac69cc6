package bot

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/slack-go/slack"
)

func FuzzParseCommand(f *testing.F) {
	for _, s := range []string{"", "schedule tomorrow 3pm standup", "now", "list", "cancel 812 3456 7890",
		"cancel 81234567890 --occurrence 2026-12-07", "cancel --occurrence", "pool add a@b.c", "help", "tomorrow 3pm x",
		"cancel 99999999999999999999", "CANCEL  123-456-7890", "schedule \x00", "move 313 1033 6928 to 4pm",
		"reschedule standup +30m --occurrence 2026-12-14", "edit --occurrence", "update 31310336928", "end standup", "Move"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		cmd, err := ParseCommand(text)
		if err != nil {
			if ue, ok := asUserError(err); !ok || ue.Message == "" {
				t.Fatalf("ParseCommand(%q): a non-user error %v", text, err)
			}
			return
		}
		if cmd.Verb == "" {
			t.Fatalf("ParseCommand(%q): no verb", text)
		}
		if cmd.Verb == VerbCancel && cmd.MeetingID <= 0 {
			t.Fatalf("ParseCommand(%q): cancel without an id", text)
		}
		if cmd.Verb == VerbMove && cmd.Text == "" {
			t.Fatalf("ParseCommand(%q): a move without a time", text)
		}
		// A command word never starts a schedule.
		first, _, _ := strings.Cut(strings.TrimSpace(text), " ")
		if _, isVerb := verbAliases[strings.ToLower(first)]; (isVerb || unsupportedVerbs[strings.ToLower(first)]) && cmd.Implicit {
			t.Fatalf("ParseCommand(%q): %q read as a topic", text, first)
		}
	})
}

// FuzzInteraction feeds arbitrary interaction payloads to the bot, as the
// Socket Mode adapter would after decoding them: every one must end in a
// result or a message for the user, never a panic or an unexplained error.
func FuzzInteraction(f *testing.F) {
	seeds := []string{
		`{"type":"block_actions","user":{"id":"UANA"},"team":{"id":"T0001"},"actions":[{"action_id":"start","value":"81234567890","action_ts":"1"}]}`,
		`{"type":"block_actions","user":{"id":"UKEN"},"team":{"id":"T0001"},"actions":[{"action_id":"cancel","value":"x","action_ts":"2"}]}`,
		`{"type":"block_actions","user":{"id":"UANA"},"team":{"id":"T0001"},"actions":[{"action_id":"schedule_anyway","value":"cmd:nope","action_ts":"3"}]}`,
		`{"type":"block_actions","user":{"id":"UANA"},"team":{"id":"T0001"},"actions":[{"action_id":"open_form","value":"{\"t\":\"x\"}","action_ts":"4"}]}`,
		`{"type":"view_submission","user":{"id":"UANA"},"team":{"id":"T0001"},"view":{"callback_id":"schedule_form","private_metadata":"{}","state":{"values":{"date":{"date":{"type":"datepicker","selected_date":"2026-13-45"}}}}}}`,
		`{"type":"view_submission","user":{"id":"UANA"},"team":{"id":"T0001"},"view":{"callback_id":"schedule_form","state":{"values":{"time":{"time":{"selected_time":"25:99"}},"repeat":{"repeat":{"selected_option":{"value":"weekly"}}},"repeat_count":{"repeat_count":{"value":"-1"}}}}}}`,
		`{"type":"block_actions","actions":[{}]}`, `{}`, `[]`, `null`,
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	e := newTestEnv(f)
	f.Fuzz(func(t *testing.T, raw []byte) {
		var cb slack.InteractionCallback
		if json.Unmarshal(raw, &cb) != nil {
			return // the Socket Mode client drops what it can't decode
		}
		cb.ResponseURL = "" // never let fuzzed input pick where the bot posts
		ctx := context.Background()
		switch cb.Type {
		case slack.InteractionTypeViewSubmission:
			payload, after := e.bot.submitForm(ctx, cb)
			if payload != nil {
				if _, err := json.Marshal(payload); err != nil {
					t.Fatalf("ack payload does not marshal: %v", err)
				}
			}
			_ = after // running it would schedule meetings; validation is what is fuzzed
		case slack.InteractionTypeBlockActions:
			for _, a := range cb.ActionCallback.BlockActions {
				reply, err := e.bot.HandleAction(ctx, cb, a)
				if err != nil {
					if _, ok := asUserError(err); !ok {
						t.Fatalf("action %q value %q: unexplained error %v", a.ActionID, a.Value, err)
					}
					continue
				}
				_ = reply
			}
		}
	})
}
