package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"

	"github.com/zoombot/zoombot/bot"
	"github.com/zoombot/zoombot/zoom/zoomtest"
)

// sandboxWebhookSecret signs the fake Zoom's webhooks to the sandbox's bot.
const sandboxWebhookSecret = "sandbox-webhook-secret"

// webhookRelay is the sandbox's /zoom/webhook: the fake Zoom posts its
// events to it, signed, and it hands them to the bot once the bot exists.
type webhookRelay struct{ h atomic.Pointer[http.Handler] }

func (r *webhookRelay) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	h := r.h.Load()
	if h == nil {
		http.Error(w, "the bot is not running yet", http.StatusServiceUnavailable)
		return
	}
	(*h).ServeHTTP(w, req)
}

func (r *webhookRelay) serve(b *bot.Bot) {
	h := b.ZoomWebhookHandler(sandboxWebhookSecret)
	r.h.Store(&h)
}

// zoomLife plays a meeting's life on the fake Zoom, which sends the bot the
// webhooks Zoom would: ":zoom start|join|end|record|summary [meeting id]"
// (the newest meeting when the id is left out; join takes a name after it).
func (sb *sandbox) zoomLife(ctx context.Context, rest string) error {
	verb, arg, _ := strings.Cut(strings.TrimSpace(rest), " ")
	id, name, err := sb.meetingArg(strings.TrimSpace(arg))
	if err != nil {
		return err
	}
	me := sb.users[sb.user]
	switch verb {
	case "start": // the host starts it, and is its first participant
		if err = sb.zoom.StartMeeting(id); err == nil {
			_, err = sb.zoom.JoinMeeting(id, me.RealName, me.Email)
		}
	case "join":
		email := ""
		if name == "" {
			name, email = me.RealName, me.Email
		}
		_, err = sb.zoom.JoinMeeting(id, name, email)
	case "end":
		err = sb.zoom.EndMeeting(id)
	case "record":
		_, err = sb.zoom.CompleteRecording(id)
	case "summary":
		_, err = sb.zoom.CompleteSummary(id, zoomtest.Summary{})
	default:
		return errors.New("usage: :zoom start|join|end|record|summary [meeting id] (join: then a name) | :zoom down | :zoom up")
	}
	if err != nil {
		return err
	}
	for _, w := range sb.zoom.Webhooks() {
		if w.Status != http.StatusOK && w.Err == nil && w.Status != 0 {
			sb.printf("  ! the bot answered %s with %d\n", w.Event, w.Status)
		}
	}
	sb.bot.Wait() // the Slack work the webhooks started
	return nil
}

// meetingArg reads "[meeting id] [rest]": an id as the bot shows it
// ("812 3456 7890") or the newest meeting when none is given.
func (sb *sandbox) meetingArg(arg string) (id int64, rest string, err error) {
	words := strings.Fields(arg)
	for n := min(len(words), 3); n > 0; n-- { // an id is up to three groups of digits
		if id, ok := bot.ParseMeetingID(strings.Join(words[:n], " ")); ok {
			return id, strings.Join(words[n:], " "), nil
		}
	}
	ms := sb.zoom.Meetings()
	for i := len(ms) - 1; i >= 0; i-- {
		if !ms[i].Deleted {
			return ms[i].ID, arg, nil
		}
	}
	return 0, "", fmt.Errorf("no meeting yet: schedule one with /zoom schedule")
}
