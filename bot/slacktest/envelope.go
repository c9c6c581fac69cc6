package slacktest

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// verificationToken fills the legacy "token" field of payloads; apps in
// Socket Mode must not rely on it.
const verificationToken = "fake-verification-token"

// maxAckSize is where Slack silently drops ack frames (slack-go refuses to
// send them; https://github.com/slack-go/slack/issues/1196).
const maxAckSize = 20 * 1024

// Delivery is one envelope as sent over the socket.
type Delivery struct {
	EnvelopeID   string
	Type         string // slash_commands, interactive or events_api
	TriggerID    string // "" for events
	ResponseURL  string // "" for events and view interactions
	Payload      json.RawMessage
	RetryAttempt int
	RetryReason  string
	Conn         int // the connection it was written to (see Connections)
}

// Ack is one ack frame the app sent.
type Ack struct {
	EnvelopeID string
	Payload    json.RawMessage // nil when bare (no payload, or null)
	// Latency is from writing the envelope to reading the ack, on the real
	// monotonic clock; 0 for an unknown or repeated envelope_id.
	Latency time.Duration
	Late    bool // Latency > AckDeadline: the user saw an error
	Size    int  // frame bytes
	// TooLarge marks frames of 20,480 bytes or more, which Slack drops.
	TooLarge bool
	// ResponseAction is a view_submission reply's response_action, if any.
	ResponseAction string
	// Problem says why Slack would not honour this ack: unknown or repeated
	// envelope_id, late, too large, invalid blocks or view, or an errors key
	// that is not an input block_id. "" = fine.
	Problem string
}

// envelope is a delivery plus what the fake needs to interpret its ack.
type envelope struct {
	d       Delivery
	accepts bool
	sent    time.Time // monotonic, set under the lock right before the frame is written
	acked   bool
	user    string
	channel string // slash commands: where a reply goes
	view    *View  // view_submission: the submitted view
}

func (e *envelope) frame() map[string]any {
	f := map[string]any{
		"envelope_id":              e.d.EnvelopeID,
		"type":                     e.d.Type,
		"accepts_response_payload": e.accepts,
		"payload":                  e.d.Payload,
	}
	if e.d.RetryAttempt > 0 || e.d.Type == "events_api" {
		f["retry_attempt"] = e.d.RetryAttempt
		f["retry_reason"] = e.d.RetryReason
	}
	return f
}

// newEnvelopeLocked builds an envelope with a fresh id.
func (s *Server) newEnvelopeLocked(typ string, payload any, accepts bool) (*envelope, error) {
	raw, err := json.Marshal(payload)
	if err != nil {
		return nil, fmt.Errorf("slacktest: marshal payload: %w", err)
	}
	return &envelope{
		d:       Delivery{EnvelopeID: s.nextIDLocked("env-"), Type: typ, Payload: raw},
		accepts: accepts,
	}, nil
}

// SlashCommand is what a user typed. Command "" = "/zoom"; TeamID "" = the
// server's team; ChannelName and UserName "" = looked up or derived.
type SlashCommand struct {
	TeamID, ChannelID, ChannelName, UserID, UserName, Command, Text string
}

// SendSlashCommand delivers a slash_commands envelope with a fresh
// trigger_id and a response_url pointing back at the fake.
func (s *Server) SendSlashCommand(ctx context.Context, c SlashCommand) (*Delivery, error) {
	env, err := s.slashEnvelope(c)
	if err != nil {
		return nil, err
	}
	return s.deliver(ctx, env)
}

// SendSlashCommands delivers a burst: every envelope is built first, then
// they are written back to back from one goroutine, as Slack's servers
// send a burst, so that the fake's own work stays out of the latencies
// measured. The deliveries are in the order of cmds.
func (s *Server) SendSlashCommands(ctx context.Context, cmds []SlashCommand) ([]*Delivery, error) {
	envs := make([]*envelope, len(cmds))
	for i, c := range cmds {
		env, err := s.slashEnvelope(c)
		if err != nil {
			return nil, err
		}
		envs[i] = env
	}
	out := make([]*Delivery, len(envs))
	for i, env := range envs {
		d, err := s.deliver(ctx, env)
		if err != nil {
			return out[:i], err
		}
		out[i] = d
	}
	return out, nil
}

// slashEnvelope builds a slash_commands envelope with a fresh trigger_id
// and a response_url pointing back at the fake.
func (s *Server) slashEnvelope(c SlashCommand) (*envelope, error) {
	s.mu.Lock()
	s.initLocked()
	if c.Command == "" {
		c.Command = "/zoom"
	}
	if c.TeamID == "" {
		c.TeamID = s.teamID()
	}
	if c.ChannelName == "" {
		c.ChannelName = s.channelNameLocked(c.ChannelID)
	}
	if c.UserName == "" {
		c.UserName = s.userNameLocked(c.UserID)
	}
	trig := s.newTriggerLocked(c.UserID)
	hook := s.newHookLocked(c.ChannelID, c.UserID, "")
	env, err := s.newEnvelopeLocked("slash_commands", map[string]any{
		"token": verificationToken, "team_id": c.TeamID, "team_domain": s.teamDomain(),
		"channel_id": c.ChannelID, "channel_name": c.ChannelName,
		"user_id": c.UserID, "user_name": c.UserName,
		"command": c.Command, "text": c.Text, "api_app_id": s.appID(),
		"response_url": hook, "trigger_id": trig,
	}, true)
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	env.d.TriggerID, env.d.ResponseURL = trig, hook
	env.user, env.channel = c.UserID, c.ChannelID
	return env, nil
}

// SendInteractive delivers payload as an interactive envelope, marshalled as
// is, except that a trigger_id is added to an object payload lacking one.
func (s *Server) SendInteractive(ctx context.Context, payload any) (*Delivery, error) {
	raw, err := json.Marshal(payload)
	if err != nil {
		return nil, fmt.Errorf("slacktest: marshal payload: %w", err)
	}
	var obj map[string]any
	if json.Unmarshal(raw, &obj) != nil {
		obj = nil
	}
	var probe struct {
		Type      string `json:"type"`
		TriggerID string `json:"trigger_id"`
		User      struct {
			ID string `json:"id"`
		} `json:"user"`
		ResponseURL string          `json:"response_url"`
		View        json.RawMessage `json:"view"`
	}
	_ = json.Unmarshal(raw, &probe)
	s.mu.Lock()
	s.initLocked()
	trig := probe.TriggerID
	if obj != nil && trig == "" {
		trig = s.newTriggerLocked(probe.User.ID)
		obj["trigger_id"] = trig
		raw, _ = json.Marshal(obj)
	}
	env, _ := s.newEnvelopeLocked("interactive", json.RawMessage(raw), acceptsResponse(probe.Type))
	s.mu.Unlock()
	env.d.TriggerID, env.d.ResponseURL, env.user = trig, probe.ResponseURL, probe.User.ID
	if probe.Type == "view_submission" && len(probe.View) > 0 {
		// So the ack's response_action is judged against this view.
		var v struct {
			ID string `json:"id"`
		}
		_ = json.Unmarshal(probe.View, &v)
		env.view = &View{ID: v.ID, UserID: probe.User.ID, JSON: probe.View}
	}
	return s.deliver(ctx, env)
}

// acceptsResponse: only interactions whose ack can carry a reply say so.
func acceptsResponse(typ string) bool {
	return typ == "view_submission" || typ == "block_suggestion"
}

// SendEvent wraps event in an event_callback with a fresh event_id and
// delivers it as events_api.
func (s *Server) SendEvent(ctx context.Context, event any) (*Delivery, error) {
	s.mu.Lock()
	s.initLocked()
	env, err := s.newEnvelopeLocked("events_api", s.eventCallbackLocked(event), false)
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return s.deliver(ctx, env)
}

func (s *Server) eventCallbackLocked(event any) map[string]any {
	return map[string]any{
		"token": verificationToken, "team_id": s.teamID(), "api_app_id": s.appID(),
		"type": "event_callback", "event_id": s.nextIDLocked("Ev"), "event_time": s.now().Unix(),
		"event": event, "event_context": "fake-event-context",
		"authorizations": []any{map[string]any{"team_id": s.teamID(), "user_id": s.botUserID(), "is_bot": true}},
	}
}

// Redeliver sends d's payload again with a new envelope_id, retry_attempt+1
// and retry_reason, as Slack does for un-acked events.
func (s *Server) Redeliver(ctx context.Context, d *Delivery, reason string) (*Delivery, error) {
	return s.redeliver(ctx, d, reason)
}

// RedeliverElsewhere is Redeliver to a connection other than the one d went
// to, as Slack may do when an app holds several: it waits until there is one.
func (s *Server) RedeliverElsewhere(ctx context.Context, d *Delivery, reason string) (*Delivery, error) {
	return s.redeliver(context.WithValue(ctx, connKey{}, connChoice{not: d.Conn}), d, reason)
}

func (s *Server) redeliver(ctx context.Context, d *Delivery, reason string) (*Delivery, error) {
	s.mu.Lock()
	s.initLocked()
	env := &envelope{accepts: d.Type != "events_api"}
	if old := s.pending[d.EnvelopeID]; old != nil {
		env.accepts, env.user, env.channel, env.view = old.accepts, old.user, old.channel, old.view
	}
	env.d = *d
	env.d.EnvelopeID = s.nextIDLocked("env-")
	env.d.RetryAttempt = d.RetryAttempt + 1
	env.d.RetryReason = reason
	s.mu.Unlock()
	return s.deliver(ctx, env)
}

// WaitAck returns the first ack for envelopeID, past or future.
//
// It waits on a signal of its own, not on every change of the server: a
// burst of 100 envelopes would otherwise wake 100 waiters per ack, whose
// turns at the lock delay the reading of the next acks, and so inflate the
// very latencies being measured.
func (s *Server) WaitAck(ctx context.Context, envelopeID string) (Ack, error) {
	for {
		s.mu.Lock()
		s.initLocked()
		if i, ok := s.ackIndex[envelopeID]; ok {
			a := s.acks[i]
			s.mu.Unlock()
			return a, nil
		}
		ch := s.ackWaitLocked(envelopeID)
		s.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return Ack{}, ctx.Err()
		}
	}
}

// ackWaitLocked returns the channel closed at the first ack of envelopeID.
func (s *Server) ackWaitLocked(envelopeID string) chan struct{} {
	ch, ok := s.ackWaits[envelopeID]
	if !ok {
		ch = make(chan struct{})
		s.ackWaits[envelopeID] = ch
	}
	return ch
}

// Unacked returns the deliveries written to a socket and not acked yet,
// oldest first (an original that was redelivered stays in the list). With
// real Slack each of these is a user-visible error or a retried event.
func (s *Server) Unacked() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Delivery
	for _, e := range s.pending {
		if !e.acked && !e.sent.IsZero() {
			out = append(out, e.d)
		}
	}
	slices.SortFunc(out, func(a, b Delivery) int { return strings.Compare(a.EnvelopeID, b.EnvelopeID) })
	return out
}

// Acks returns every ack frame received, in order.
func (s *Server) Acks() []Ack {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Ack(nil), s.acks...)
}
