package bot

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"github.com/zoombot/zoombot/bot/slacksocket"
	"github.com/zoombot/zoombot/storage"
)

// The journal makes every acked envelope durable (issue 15). Slack does not
// redeliver an envelope it got an ack for, so from the ack on, the work it
// asks for must survive a crash: each envelope's request row is written
// right after its ack, before users.info, parsing or the wait for a
// scheduling slot. The row holds Slack's payload (kind "envelope:<type>"),
// so recovery, here or on another replica, can do the work again. Envelopes
// that arrive together share one transaction (group commit).

// envelopeKind prefixes the kind of a request recorded at its ack.
const envelopeKind = "envelope:"

// journalBatch caps how many envelopes one transaction records.
const journalBatch = 256

// journal batches request rows: whoever finds no write in progress writes
// everything pending, the others wait for that write.
type journal struct {
	write func(ctx context.Context, rs []*storage.Request) ([]storage.Begun, error)

	mu       sync.Mutex
	pending  []*journalEntry
	flushing bool
}

type journalEntry struct {
	req     *storage.Request
	created bool
	err     error
	done    chan struct{}
}

// record stores r unless its key exists, and reports whether it was new.
func (j *journal) record(r *storage.Request) (bool, error) {
	e := &journalEntry{req: r, done: make(chan struct{})}
	j.mu.Lock()
	j.pending = append(j.pending, e)
	if j.flushing {
		j.mu.Unlock()
		<-e.done
		return e.created, e.err
	}
	j.flushing = true
	for len(j.pending) > 0 {
		n := min(len(j.pending), journalBatch)
		batch := j.pending[:n:n]
		j.pending = j.pending[n:]
		j.mu.Unlock()
		j.flush(batch)
		j.mu.Lock()
	}
	j.flushing = false
	j.mu.Unlock()
	return e.created, e.err
}

func (j *journal) flush(batch []*journalEntry) {
	// Others' envelopes ride on this write: it must not end with the
	// context of whichever handler happens to do it.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	reqs := make([]*storage.Request, len(batch))
	for i, e := range batch {
		reqs[i] = e.req
	}
	got, err := j.write(ctx, reqs)
	for i, e := range batch {
		if err != nil {
			e.err = err
		} else {
			e.created = got[i].Created
		}
		close(e.done)
	}
}

// envelopeRecord is the payload of a request recorded at its ack.
type envelopeRecord struct {
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload"` // Slack's, without its verification token
}

// journaledKey marks a context whose handler owns the request row its
// envelope's ack recorded (see Bot.beginRequest).
type journaledKey struct{}

// envelopeRequest describes the request row of an envelope, or nil for one
// that asks for no work.
func envelopeRequest(evt socketmode.Event) *storage.Request {
	if evt.Request == nil {
		return nil
	}
	r := &storage.Request{Kind: envelopeKind + string(evt.Request.Type)}
	switch d := evt.Data.(type) {
	case slack.SlashCommand:
		r.Key, r.TeamID, r.UserID, r.ChannelID = "cmd:"+d.TriggerID, d.TeamID, d.UserID, d.ChannelID
	case slack.InteractionCallback:
		r.TeamID, r.UserID, r.ChannelID = d.Team.ID, d.User.ID, d.Channel.ID
		switch {
		case d.Type == slack.InteractionTypeViewSubmission:
			r.Key = "form:" + d.TriggerID
		case d.Type == slack.InteractionTypeBlockActions && len(d.ActionCallback.BlockActions) > 0:
			r.Key = actionKey(d, d.ActionCallback.BlockActions[0])
		}
	case slackevents.EventsAPIEvent:
		r.TeamID = d.TeamID
		if cb, ok := d.Data.(*slackevents.EventsAPICallbackEvent); ok && cb.EventID != "" {
			r.Key = "event:" + cb.EventID
		}
	}
	if r.Key == "" || strings.HasSuffix(r.Key, ":") {
		// No id of Slack's for it: the envelope's own, which a redelivery
		// repeats.
		r.Key = "envelope:" + evt.Request.EnvelopeID
	}
	payload, err := withoutToken(evt.Request.Payload)
	if err != nil {
		payload = nil
	}
	r.Payload, _ = json.Marshal(envelopeRecord{Type: evt.Request.Type, Payload: payload})
	return r
}

// actionKey is a click's idempotency key: a redelivered click carries the
// same action_ts.
func actionKey(cb slack.InteractionCallback, a *slack.BlockAction) string {
	return "action:" + a.ActionTs + ":" + cb.User.ID
}

// withoutToken drops Slack's deprecated verification token from a payload:
// it is a credential, and the database is no place for it.
func withoutToken(raw json.RawMessage) (json.RawMessage, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, err
	}
	if _, ok := m["token"]; !ok {
		return raw, nil
	}
	delete(m, "token")
	return json.Marshal(m)
}

// recordEnvelope writes the envelope's request row and reports whether its
// work is this handler's to do: false for a redelivery (the row existed),
// or when the database could not take it, in which case the user is told
// to try again rather than left waiting.
func (b *Bot) recordEnvelope(ctx context.Context, evt socketmode.Event, r *storage.Request) bool {
	r.Owner, r.LeaseUntil = b.replicaID, b.now().Add(b.cfg.LeaseTTL)
	created, err := b.journal.record(r)
	if received, ok := ctx.Value(receivedKey{}).(time.Time); ok {
		b.log.DebugContext(ctx, "envelope recorded", "request_id", r.Key, "after_ack", time.Since(received))
	}
	if err != nil {
		b.log.ErrorContext(ctx, "could not record an acked envelope; telling the user", "request_id", r.Key, "err", err)
		b.metrics.CommandDone(envelopeCommand(evt), "unavailable")
		b.tellUnavailable(ctx, evt)
		return false
	}
	if !created {
		b.log.InfoContext(ctx, "redelivered envelope ignored", "team", r.TeamID, "user", r.UserID, "channel", r.ChannelID,
			"command", envelopeCommand(evt), "request_id", r.Key)
		return false
	}
	b.leases.add(r.Key)
	return true
}

// envelopeCommand names what an envelope asks for, as logs and metrics
// name commands.
func envelopeCommand(evt socketmode.Event) string {
	switch d := evt.Data.(type) {
	case slack.SlashCommand:
		return commandKind(d.Text)
	case slack.InteractionCallback:
		if d.Type == slack.InteractionTypeViewSubmission {
			return "form"
		}
		if len(d.ActionCallback.BlockActions) > 0 {
			return "action:" + d.ActionCallback.BlockActions[0].ActionID
		}
	case slackevents.EventsAPIEvent:
		return "event:" + d.InnerEvent.Type
	}
	return string(evt.Type)
}

// tellUnavailable answers an envelope the database could not record.
func (b *Bot) tellUnavailable(ctx context.Context, evt socketmode.Event) {
	reply := Reply{Text: ":warning: I can't reach my database right now, so I couldn't take that, and nothing was scheduled. Please try again in a minute."}
	switch d := evt.Data.(type) {
	case slack.SlashCommand:
		b.reply(ctx, d.ResponseURL, d.ChannelID, d.UserID, reply)
	case slack.InteractionCallback:
		channel := d.Channel.ID
		if channel == "" && d.Type == slack.InteractionTypeViewSubmission {
			var meta formMetadata
			_ = json.Unmarshal([]byte(d.View.PrivateMetadata), &meta)
			channel = meta.Channel
		}
		b.reply(ctx, d.ResponseURL, channel, d.User.ID, reply)
	}
}

// beginRequest is storage's BeginRequest for the bot's work. The row an
// envelope's ack recorded (the context says which) already exists and is
// this handler's: it is updated to describe the work, and counts as new.
// Any other new row is leased to this replica.
func (b *Bot) beginRequest(ctx context.Context, r *storage.Request) (*storage.Request, bool, error) {
	if key, _ := ctx.Value(journaledKey{}).(string); key != "" && key == r.Key {
		if err := b.db.UpdateRequest(ctx, r); err != nil {
			return nil, false, err
		}
		if r.State != "" && r.State != storage.RequestReceived {
			if err := b.db.SetRequestState(ctx, r.Key, r.State, 0, ""); err != nil {
				return nil, false, err
			}
		}
		got, err := b.db.GetRequest(ctx, r.Key)
		return got, err == nil, err
	}
	r.Owner, r.LeaseUntil = b.replicaID, b.now().Add(b.cfg.LeaseTTL)
	got, fresh, err := b.db.BeginRequest(ctx, r)
	if fresh {
		b.leases.add(r.Key)
	}
	return got, fresh, err
}

// resumeEnvelope does again the work of an envelope recorded at its ack
// whose replica stopped before finishing it.
func (b *Bot) resumeEnvelope(ctx context.Context, r storage.Request) {
	var rec envelopeRecord
	evt, err := socketmode.Event{}, json.Unmarshal(r.Payload, &rec)
	if err == nil {
		evt, err = slacksocket.Decode(&socketmode.Request{Type: rec.Type, Payload: rec.Payload})
	}
	if err != nil {
		b.log.ErrorContext(ctx, "resume: unreadable envelope; marking it failed", "request_id", r.Key, "err", err)
		b.completeEnvelope(ctx, r.Key, err)
		return
	}
	_, handle := b.route(ctx, evt)
	if handle == nil {
		b.completeEnvelope(ctx, r.Key, nil)
		return
	}
	ctx = context.WithValue(ctx, journaledKey{}, r.Key)
	handle(ctx)
	b.completeEnvelope(ctx, r.Key, nil)
}

// completeEnvelope marks an envelope's row done once its handler returned.
func (b *Bot) completeEnvelope(ctx context.Context, key string, err error) {
	why := ""
	if err != nil {
		why = err.Error()
	}
	if cerr := b.db.CompleteEnvelope(ctx, key, err != nil, why); cerr != nil && !errors.Is(cerr, context.Canceled) {
		b.log.WarnContext(ctx, "marking an envelope done", "request_id", key, "err", cerr)
	}
}
