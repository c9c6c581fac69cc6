package slacktest

import (
	"context"
	"encoding/json"
	"fmt"
)

// button is a button element found in blocks.
type button struct {
	blockID string
	el      map[string]any
}

// findButton looks for a button with actionID in section accessories and
// actions blocks. Blocks without a block_id get the id Slack would have
// assigned at post time; here a stable one derived from the position.
func findButton(blocks json.RawMessage, actionID string) (button, error) {
	var bs []struct {
		Type      string           `json:"type"`
		BlockID   string           `json:"block_id"`
		Accessory map[string]any   `json:"accessory"`
		Elements  []map[string]any `json:"elements"`
	}
	if len(blocks) == 0 {
		return button{}, fmt.Errorf("slacktest: no blocks, so no button %q", actionID)
	}
	if err := json.Unmarshal(blocks, &bs); err != nil {
		return button{}, fmt.Errorf("slacktest: blocks: %w", err)
	}
	for i, b := range bs {
		id := b.BlockID
		if id == "" {
			id = fmt.Sprintf("blk%d", i)
		}
		els := b.Elements
		if b.Type != "actions" {
			els = nil
		}
		if b.Accessory != nil {
			els = append(els, b.Accessory)
		}
		for _, el := range els {
			if el["type"] == "button" && el["action_id"] == actionID {
				return button{blockID: id, el: el}, nil
			}
		}
	}
	return button{}, fmt.Errorf("slacktest: no button with action_id %q", actionID)
}

func (b button) action(ts string) map[string]any {
	a := map[string]any{
		"type": "button", "action_id": b.el["action_id"], "block_id": b.blockID,
		"text": b.el["text"], "action_ts": ts,
	}
	if v, ok := b.el["value"]; ok {
		a["value"] = v
	}
	if v, ok := b.el["style"]; ok {
		a["style"] = v
	}
	return a
}

func (s *Server) userObjLocked(userID string) map[string]any {
	name := s.userNameLocked(userID)
	return map[string]any{"id": userID, "username": name, "name": name, "team_id": s.teamID()}
}

func (s *Server) teamObj() map[string]any {
	return map[string]any{"id": s.teamID(), "domain": s.teamDomain()}
}

// ClickButton clicks the button with actionID in msg (a channel message,
// ephemeral or response_url message) as userID: a block_actions payload
// with user, team, channel, container, message (not for ephemerals, as
// Slack omits it), actions, trigger_id and a response_url bound to msg, so
// replace_original and delete_original act on it.
func (s *Server) ClickButton(ctx context.Context, userID string, msg Message, actionID string) (*Delivery, error) {
	s.mu.Lock()
	s.initLocked()
	if cur, ok := s.current[msg.Channel+"/"+msg.TS]; ok {
		msg = cur // Slack sends the message as it is now
	}
	b, err := findButton(msg.Blocks, actionID)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	ephemeral := !msg.visibleToAll()
	ts := s.nextTSLocked()
	trig := s.newTriggerLocked(userID)
	hook := s.newHookLocked(msg.Channel, userID, msg.TS)
	p := map[string]any{
		"type": "block_actions", "token": verificationToken, "api_app_id": s.appID(),
		"user": s.userObjLocked(userID), "team": s.teamObj(), "is_enterprise_install": false,
		"container": map[string]any{"type": "message", "message_ts": msg.TS, "channel_id": msg.Channel,
			"is_ephemeral": ephemeral},
		"channel":      map[string]any{"id": msg.Channel, "name": s.channelNameLocked(msg.Channel)},
		"trigger_id":   trig,
		"response_url": hook,
		"state":        map[string]any{"values": map[string]any{}},
		"actions":      []any{b.action(ts)},
	}
	if !ephemeral {
		p["message"] = s.wireMessage(msg)
	}
	env, err := s.newEnvelopeLocked("interactive", p, false)
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	env.d.TriggerID, env.d.ResponseURL, env.user, env.channel = trig, hook, userID, msg.Channel
	return s.deliver(ctx, env)
}

// viewPayloadLocked is a view as interaction payloads carry it.
func (s *Server) viewPayloadLocked(v View, values map[string]map[string]any) map[string]any {
	out := map[string]any{}
	_ = json.Unmarshal(v.JSON, &out)
	if values == nil {
		values = map[string]map[string]any{}
	}
	out["id"], out["hash"], out["team_id"] = v.ID, v.Hash, s.teamID()
	out["callback_id"], out["private_metadata"] = v.CallbackID, v.PrivateMetadata
	out["app_id"], out["bot_id"] = s.appID(), "B0ZOOMBOT"
	out["root_view_id"], out["previous_view_id"] = v.ID, nil
	if lv := s.live[v.ID]; lv != nil {
		out["root_view_id"] = lv.rootID
		out["external_id"] = lv.externalID
	}
	out["state"] = map[string]any{"values": values}
	return out
}

// ClickViewButton clicks a button in a view (App Home or modal). Slack gives
// such clicks no response_url.
func (s *Server) ClickViewButton(ctx context.Context, userID string, view View, actionID string) (*Delivery, error) {
	s.mu.Lock()
	s.initLocked()
	var v struct {
		Type   string          `json:"type"`
		Blocks json.RawMessage `json:"blocks"`
	}
	_ = json.Unmarshal(view.JSON, &v)
	b, err := findButton(v.Blocks, actionID)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	trig := s.newTriggerLocked(userID)
	p := map[string]any{
		"type": "block_actions", "token": verificationToken, "api_app_id": s.appID(),
		"user": s.userObjLocked(userID), "team": s.teamObj(), "is_enterprise_install": false,
		"container":  map[string]any{"type": "view", "view_id": view.ID},
		"trigger_id": trig,
		"view":       s.viewPayloadLocked(view, nil),
		"actions":    []any{b.action(s.nextTSLocked())},
	}
	env, err := s.newEnvelopeLocked("interactive", p, false)
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	env.d.TriggerID, env.user = trig, userID
	return s.deliver(ctx, env)
}

// SubmitView submits a modal as userID. values becomes
// view.state.values[block_id][action_id], e.g.
// {"when_block": {"when": {"type": "plain_text_input", "value": "x"}}}.
// The ack may carry a response_action; Ack records what Slack made of it.
func (s *Server) SubmitView(ctx context.Context, userID string, view View, values map[string]map[string]any) (*Delivery, error) {
	s.mu.Lock()
	s.initLocked()
	trig := s.newTriggerLocked(userID)
	p := map[string]any{
		"type": "view_submission", "token": verificationToken, "api_app_id": s.appID(),
		"user": s.userObjLocked(userID), "team": s.teamObj(), "is_enterprise_install": false,
		"trigger_id": trig, "view": s.viewPayloadLocked(view, values), "response_urls": []any{},
	}
	env, err := s.newEnvelopeLocked("interactive", p, true)
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	v := view
	env.d.TriggerID, env.user, env.view = trig, userID, &v
	return s.deliver(ctx, env)
}

// OpenHome sends app_home_opened for userID's Home tab, with the published
// view when there is one.
func (s *Server) OpenHome(ctx context.Context, userID string) (*Delivery, error) {
	home, hasHome := s.HomeView(userID)
	s.mu.Lock()
	s.initLocked()
	ev := map[string]any{
		"type": "app_home_opened", "user": userID, "channel": s.dmLocked(userID),
		"tab": "home", "event_ts": s.nextTSLocked(),
	}
	if hasHome {
		ev["view"] = s.viewPayloadLocked(home, nil)
	}
	env, err := s.newEnvelopeLocked("events_api", s.eventCallbackLocked(ev), false)
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	env.user = userID
	return s.deliver(ctx, env)
}
