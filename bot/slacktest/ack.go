package slacktest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// ackFrame is what the app sends back: {"envelope_id":…,"payload"?:…}.
type ackFrame struct {
	EnvelopeID string          `json:"envelope_id"`
	Payload    json.RawMessage `json:"payload"`
}

// replyPayload covers the ack payloads Slack acts on.
type replyPayload struct {
	ResponseType   string            `json:"response_type"`
	Text           string            `json:"text"`
	Blocks         json.RawMessage   `json:"blocks"`
	ResponseAction string            `json:"response_action"`
	Errors         map[string]string `json:"errors"`
	View           json.RawMessage   `json:"view"`
}

// handleAck records one frame from the app and applies what Slack would do
// with its payload: show a slash-command reply, or change a modal.
func (s *Server) handleAck(frame []byte) {
	at := time.Now() // monotonic: latency measures the app, not the scenario clock
	var f ackFrame
	if err := json.Unmarshal(frame, &f); err != nil || f.EnvelopeID == "" {
		return // not an ack; Slack ignores such frames too
	}
	a := Ack{EnvelopeID: f.EnvelopeID, Size: len(frame), TooLarge: len(frame) >= maxAckSize}
	if p := bytes.TrimSpace(f.Payload); len(p) > 0 && string(p) != "null" {
		a.Payload = f.Payload
	}

	s.mu.Lock()
	var after []func()
	env := s.pending[f.EnvelopeID]
	switch {
	case env == nil:
		a.Problem = "unknown envelope_id"
	case env.acked:
		a.Problem = "repeated ack"
	default:
		env.acked = true
		a.Latency = at.Sub(env.sent)
		a.Late = a.Latency > s.ackDeadline()
		switch {
		case a.Late:
			a.Problem = fmt.Sprintf("ack after %v: the user saw an error", a.Latency.Round(time.Millisecond))
		case a.TooLarge:
			a.Problem = fmt.Sprintf("ack frame of %d bytes: Slack drops it", a.Size)
		case a.Payload != nil:
			var p replyPayload
			if json.Unmarshal(a.Payload, &p) != nil {
				a.Problem = "payload is not a JSON object"
				break
			}
			a.ResponseAction = p.ResponseAction
			var fn func()
			a.Problem, fn = s.applyReplyLocked(env, p)
			if fn != nil {
				after = append(after, fn)
			}
		}
	}
	if _, seen := s.ackIndex[a.EnvelopeID]; !seen {
		s.ackIndex[a.EnvelopeID] = len(s.acks)
		if ch, ok := s.ackWaits[a.EnvelopeID]; ok {
			close(ch)
			delete(s.ackWaits, a.EnvelopeID)
		}
	}
	s.acks = append(s.acks, a)
	s.notifyLocked()
	s.mu.Unlock()
	for _, fn := range after {
		fn()
	}
}

// applyReplyLocked acts on an ack payload. It returns a problem ("" = fine)
// and the OnMessage/OnView callback to run after unlocking.
func (s *Server) applyReplyLocked(env *envelope, p replyPayload) (string, func()) {
	switch env.d.Type {
	case "slash_commands":
		if p.Text == "" && len(p.Blocks) == 0 {
			return "", nil // e.g. the Node SDK's "payload":{}
		}
		if len(p.Blocks) > 0 {
			if code, detail := validateMessageBlocks(p.Blocks); code != "" {
				return code + ": " + detail, nil
			}
		}
		kind, rt := KindEphemeral, "ephemeral" // Slack's default for replies [SC]
		if p.ResponseType == "in_channel" {
			kind, rt = KindPost, "in_channel"
		}
		m := Message{Kind: kind, Channel: env.channel, TS: s.nextTSLocked(), User: env.user, At: s.now(),
			DM: strings.HasPrefix(env.channel, "D"), Text: p.Text, Blocks: p.Blocks, ResponseType: rt}
		s.current[m.Channel+"/"+m.TS] = m
		return "", s.addMessageLocked(m)
	case "interactive":
		if env.view == nil || p.ResponseAction == "" {
			return "", nil
		}
		return s.applyResponseActionLocked(env, p)
	}
	return "", nil
}

// applyResponseActionLocked models a view_submission's response_action.
// "errors" keys must be input block_ids, or Slack shows a generic error
// (https://github.com/slack-go/slack/issues/1013).
func (s *Server) applyResponseActionLocked(env *envelope, p replyPayload) (string, func()) {
	switch p.ResponseAction {
	case "clear":
		return "", nil
	case "errors":
		inputs := inputBlockIDs(env.view.JSON)
		for k := range p.Errors {
			if !inputs[k] {
				return fmt.Sprintf("errors key %q is not an input block_id", k), nil
			}
		}
		return "", nil
	case "update", "push":
		if detail := validateView(p.View, "modal"); detail != "" {
			return "invalid_arguments: " + detail, nil
		}
		lv := s.live[env.view.ID]
		if p.ResponseAction == "push" || lv == nil {
			root := env.view.ID
			lv = &liveView{id: s.nextIDLocked("V"), userID: env.user, rootID: root}
			s.live[lv.id] = lv
		}
		lv.json, lv.hash = p.View, s.newHashLocked()
		cb, pm, _ := viewFields(p.View)
		return "", s.addViewLocked(View{Kind: p.ResponseAction, ID: lv.id, UserID: env.user, Hash: lv.hash,
			CallbackID: cb, PrivateMetadata: pm, JSON: p.View})
	}
	return fmt.Sprintf("unknown response_action %q", p.ResponseAction), nil
}

func inputBlockIDs(view json.RawMessage) map[string]bool {
	var v viewObj
	_ = json.Unmarshal(view, &v)
	ids := map[string]bool{}
	for _, b := range v.Blocks {
		if b.Type == "input" && b.BlockID != "" {
			ids[b.BlockID] = true
		}
	}
	return ids
}
